#include "persist/rdb_value.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "db/hash_value.hpp"
#include "db/list_value.hpp"
#include "db/listpack.hpp"
#include "db/set_value.hpp"
#include "db/zset_value.hpp"
#include "persist/intset_blob.hpp"
#include "persist/legacy_encodings.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_output.hpp"
#include "persist/rdb_primitives.hpp"
#include "persist/stream_rdb.hpp"
#include "util/strings.hpp"

namespace cairn::persist {

using db::Encoding;
using db::Object;
using db::ObjType;

std::string score_text(double score) {
    if (std::isnan(score)) return "nan";
    if (std::isinf(score)) return score < 0 ? "-inf" : "inf";
    if (score == 0) return std::signbit(score) ? "-0" : "0";
    // Integral values within 2^52 print as integers (Redis's d2string fast path).
    constexpr double kMin = -4503599627370495.0;
    constexpr double kMax = 4503599627370496.0;
    if (score > kMin && score < kMax &&
        score == static_cast<double>(static_cast<long long>(score))) {
        return util::ll_to_string(static_cast<long long>(score));
    }
    char buf[32];
    int n = std::snprintf(buf, sizeof(buf), "%.17g", score);
    return std::string(buf, static_cast<size_t>(n));
}

uint8_t rdb_type_of(const Object& o) {
    switch (o.type) {
        case ObjType::String:
            return rdb::kTypeString;
        case ObjType::List:
            return rdb::kTypeListQuicklist2;
        case ObjType::Set:
            return o.encoding == Encoding::IntSet ? rdb::kTypeSetIntset : rdb::kTypeSet;
        case ObjType::ZSet:
            return o.encoding == Encoding::ListPack ? rdb::kTypeZSetListpack : rdb::kTypeZSet2;
        case ObjType::Hash:
            return o.encoding == Encoding::ListPack ? rdb::kTypeHashListpack : rdb::kTypeHash;
        case ObjType::Stream:
            return rdb::kTypeStreamListpacks2;
    }
    return rdb::kTypeString;
}

namespace {

void write_string(RdbOutput& out, const Object& o) {
    long long v;
    if (o.encoding == Encoding::Int && util::string_to_ll(o.str, v)) {
        out.integer_string(v);
    } else {
        out.string(o.str);
    }
}

void write_list(RdbOutput& out, const db::ListValue& list) {
    out.length(list.node_count());
    for (size_t i = 0; i < list.node_count(); i++) {
        db::ListpackWriter lp;
        list.for_each_in_node(i, [&](std::string_view e) { lp.add(e); });
        out.length(rdb::kQuicklistPacked);
        out.string(lp.finish());
    }
}

void write_set(RdbOutput& out, const db::SetValue& set) {
    if (set.is_intset()) {
        out.string(intset_blob(set.intset().values()));
        return;
    }
    out.length(set.size());
    set.for_each([&](std::string_view m) { out.string(m); });
}

void write_zset(RdbOutput& out, const db::ZSetValue& z) {
    if (z.encoding() == Encoding::ListPack) {
        db::ListpackWriter lp;
        z.for_each([&](std::string_view m, double score) {
            lp.add(m);
            lp.add(score_text(score));
        });
        out.string(lp.finish());
        return;
    }
    // From the tail, so that loading inserts each element at the head (rdbSaveObject).
    out.length(z.size());
    z.for_range(z.size() - 1, z.size(), true, [&](std::string_view m, double score) {
        out.string(m);
        out.binary_double(score);
    });
}

void write_hash(RdbOutput& out, const db::HashValue& h) {
    if (h.is_listpack()) {
        db::ListpackWriter lp;
        h.for_each([&](std::string_view f, std::string_view v) {
            lp.add(f);
            lp.add(v);
        });
        out.string(lp.finish());
        return;
    }
    out.length(h.size());
    h.for_each([&](std::string_view f, std::string_view v) {
        out.string(f);
        out.string(v);
    });
}

}  // namespace

void write_value(RdbOutput& out, const Object& o) {
    switch (o.type) {
        case ObjType::String:
            write_string(out, o);
            return;
        case ObjType::List:
            write_list(out, static_cast<const db::ListValue&>(*o.payload));
            return;
        case ObjType::Set:
            write_set(out, static_cast<const db::SetValue&>(*o.payload));
            return;
        case ObjType::ZSet:
            write_zset(out, static_cast<const db::ZSetValue&>(*o.payload));
            return;
        case ObjType::Hash:
            write_hash(out, static_cast<const db::HashValue&>(*o.payload));
            return;
        case ObjType::Stream:
            write_stream(out, static_cast<const db::StreamValue&>(*o.payload));
            return;
    }
}

void write_typed_value(RdbOutput& out, const Object& o) {
    out.u8(rdb_type_of(o));
    write_value(out, o);
}

bool is_value_type(uint8_t type) {
    return type <= rdb::kTypeZSet2 || type == rdb::kTypeModule2 ||
           (type >= rdb::kTypeHashZipmap && type <= rdb::kTypeStreamListpacks2) ||
           type == rdb::kTypeStreamListpacks3;
}

}  // namespace cairn::persist
