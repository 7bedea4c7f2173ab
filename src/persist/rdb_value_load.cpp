// rdbLoadObject: every value type Cairn has, in the encodings of RDB 1 to 10.
#include <cmath>
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
#include "persist/rdb_primitives.hpp"
#include "persist/rdb_value.hpp"
#include "persist/stream_rdb.hpp"
#include "util/strings.hpp"

namespace cairn::persist {

using db::Encoding;
using db::Object;
using db::ObjType;

namespace {

// Redis refuses lengths it could never hold; so does Cairn, before allocating anything.
constexpr uint64_t kMaxElements = uint64_t{1} << 40;

struct Loader {
    RdbReader& in;
    const config::Config& cfg;
    std::string& err;

    ValueLoad corrupt(std::string what) {
        err = std::move(what);
        return ValueLoad::Corrupt;
    }
    bool count(uint64_t& n) {
        n = in.length();
        return !in.failed() && n < kMaxElements;
    }

    db::HashLimits hash_limits() const {
        return {static_cast<size_t>(cfg.hash_max_listpack_entries),
                static_cast<size_t>(cfg.hash_max_listpack_value)};
    }
    db::ZSetLimits zset_limits() const {
        return {static_cast<size_t>(cfg.zset_max_listpack_entries),
                static_cast<size_t>(cfg.zset_max_listpack_value)};
    }

    static Object list_object(std::unique_ptr<db::ListValue> list) {
        Object o;
        o.type = ObjType::List;
        o.encoding = Encoding::QuickList;
        o.payload = std::move(list);
        return o;
    }
    std::unique_ptr<db::ListValue> new_list() const {
        return std::make_unique<db::ListValue>(cfg.list_max_listpack_size, cfg.list_compress_depth);
    }

    ValueLoad string(Object& out) {
        std::string s = in.string();
        if (in.failed()) return corrupt("bad string value");
        out = Object::make_string(std::move(s));
        return ValueLoad::Ok;
    }

    ValueLoad list_of_strings(Object& out) {
        uint64_t n;
        if (!count(n)) return corrupt("bad list length");
        auto list = new_list();
        for (uint64_t i = 0; i < n; i++) {
            std::string e = in.string();
            if (in.failed()) return corrupt("bad list element");
            list->push_back(e);
        }
        if (list->empty()) return ValueLoad::Empty;
        out = list_object(std::move(list));
        return ValueLoad::Ok;
    }

    // Lists made of ziplist (RDB 7 to 9) or listpack (RDB 10) nodes, or one ziplist (RDB < 7).
    ValueLoad list_of_nodes(Object& out, uint8_t type) {
        uint64_t nodes = 1;
        if (type != rdb::kTypeListZiplist && !count(nodes)) return corrupt("bad quicklist length");
        auto list = new_list();
        auto push = [&](std::string_view e) {
            list->push_back(e);
            return true;
        };
        for (uint64_t i = 0; i < nodes; i++) {
            uint64_t container = rdb::kQuicklistPacked;
            if (type == rdb::kTypeListQuicklist2) {
                container = in.length();
                if (in.failed() ||
                    (container != rdb::kQuicklistPacked && container != rdb::kQuicklistPlain)) {
                    return corrupt("bad quicklist container");
                }
            }
            std::string blob = in.string();
            if (in.failed()) return corrupt("bad quicklist node");
            if (container == rdb::kQuicklistPlain) {
                list->push_back(blob);
                continue;
            }
            bool ok = type == rdb::kTypeListQuicklist2 ? db::listpack_for_each(blob, push)
                                                       : ziplist_for_each(blob, push);
            if (!ok) return corrupt("bad quicklist node encoding");
        }
        if (list->empty()) return ValueLoad::Empty;
        out = list_object(std::move(list));
        return ValueLoad::Ok;
    }

    static Object set_object(std::unique_ptr<db::SetValue> set) {
        Object o;
        o.type = ObjType::Set;
        o.encoding = set->encoding();
        o.payload = std::move(set);
        return o;
    }

    ValueLoad set(Object& out) {
        uint64_t n;
        if (!count(n)) return corrupt("bad set length");
        const size_t max = static_cast<size_t>(cfg.set_max_intset_entries);
        auto set = n > max ? db::SetValue::make_hashtable() : db::SetValue::make_intset();
        for (uint64_t i = 0; i < n; i++) {
            std::string m = in.string();
            if (in.failed()) return corrupt("bad set member");
            if (!set->add(m, max)) return corrupt("duplicate set member");
        }
        if (set->empty()) return ValueLoad::Empty;
        out = set_object(std::move(set));
        return ValueLoad::Ok;
    }

    ValueLoad intset(Object& out) {
        std::string blob = in.string();
        std::vector<int64_t> values;
        if (in.failed() || !intset_values(blob, values)) return corrupt("bad intset");
        const size_t max = static_cast<size_t>(cfg.set_max_intset_entries);
        auto set = db::SetValue::make_intset();
        for (int64_t v : values) set->add(util::ll_to_string(v), max);
        if (set->empty()) return ValueLoad::Empty;
        out = set_object(std::move(set));
        return ValueLoad::Ok;
    }

    static Object zset_object(std::unique_ptr<db::ZSetValue> z) {
        Object o;
        o.type = ObjType::ZSet;
        o.encoding = z->encoding();
        o.payload = std::move(z);
        return o;
    }

    bool zset_add(db::ZSetValue& z, std::string_view member, double score) {
        if (std::isnan(score) || z.score(member)) return false;
        z.insert(member, score, zset_limits());
        return true;
    }

    ValueLoad zset(Object& out, uint8_t type) {
        uint64_t n;
        if (!count(n)) return corrupt("bad zset length");
        auto z = std::make_unique<db::ZSetValue>();
        for (uint64_t i = 0; i < n; i++) {
            std::string m = in.string();
            double score = type == rdb::kTypeZSet2 ? in.binary_double() : in.text_double();
            if (in.failed()) return corrupt("bad zset element");
            if (!zset_add(*z, m, score)) return corrupt("bad or duplicate zset member");
        }
        if (z->empty()) return ValueLoad::Empty;
        out = zset_object(std::move(z));
        return ValueLoad::Ok;
    }

    // Member, score, member, score... in a listpack (RDB 10) or a ziplist (older).
    ValueLoad packed_zset(Object& out, uint8_t type) {
        std::string blob = in.string();
        if (in.failed()) return corrupt("bad zset blob");
        auto z = std::make_unique<db::ZSetValue>();
        std::string member;
        bool have_member = false;
        bool bad = false;
        auto each = [&](std::string_view e) {
            if (!have_member) {
                member.assign(e);
                have_member = true;
                return true;
            }
            have_member = false;
            double score;
            if (!util::string_to_d(e, score) && e != "inf" && e != "-inf") {
                bad = true;
                return false;
            }
            if (e == "inf") score = INFINITY;
            if (e == "-inf") score = -INFINITY;
            if (!zset_add(*z, member, score)) bad = true;
            return !bad;
        };
        bool ok = type == rdb::kTypeZSetListpack ? db::listpack_for_each(blob, each)
                                                 : ziplist_for_each(blob, each);
        if (!ok || bad || have_member) return corrupt("bad zset encoding");
        if (z->empty()) return ValueLoad::Empty;
        out = zset_object(std::move(z));
        return ValueLoad::Ok;
    }

    static Object hash_object(std::unique_ptr<db::HashValue> h) {
        Object o;
        o.type = ObjType::Hash;
        o.encoding = h->encoding();
        o.payload = std::move(h);
        return o;
    }

    ValueLoad hash(Object& out) {
        uint64_t n;
        if (!count(n)) return corrupt("bad hash length");
        auto h = std::make_unique<db::HashValue>();
        const db::HashLimits limits = hash_limits();
        if (n > limits.max_listpack_entries) h->to_hashtable();
        for (uint64_t i = 0; i < n; i++) {
            std::string f = in.string();
            std::string v = in.string();
            if (in.failed()) return corrupt("bad hash field");
            if (!h->set(f, v, limits)) return corrupt("duplicate hash field");
        }
        if (h->empty()) return ValueLoad::Empty;
        out = hash_object(std::move(h));
        return ValueLoad::Ok;
    }

    // Field, value, field, value... in a listpack, a ziplist or a zipmap.
    ValueLoad packed_hash(Object& out, uint8_t type) {
        std::string blob = in.string();
        if (in.failed()) return corrupt("bad hash blob");
        auto h = std::make_unique<db::HashValue>();
        const db::HashLimits limits = hash_limits();
        bool dup = false;
        auto pair = [&](std::string_view f, std::string_view v) {
            if (!h->set(f, v, limits)) dup = true;
            return !dup;
        };
        bool ok;
        if (type == rdb::kTypeHashZipmap) {
            ok = zipmap_for_each(blob, pair);
        } else {
            std::string field;
            bool have_field = false;
            auto each = [&](std::string_view e) {
                if (!have_field) {
                    field.assign(e);
                    have_field = true;
                    return true;
                }
                have_field = false;
                return pair(field, e);
            };
            ok = type == rdb::kTypeHashListpack ? db::listpack_for_each(blob, each)
                                                : ziplist_for_each(blob, each);
            ok = ok && !have_field;
        }
        if (!ok || dup) return corrupt("bad hash encoding");
        if (h->empty()) return ValueLoad::Empty;
        out = hash_object(std::move(h));
        return ValueLoad::Ok;
    }
};

}  // namespace

ValueLoad read_value(RdbReader& in, uint8_t type, const config::Config& cfg, Object& out,
                     std::string& err) {
    Loader l{in, cfg, err};
    switch (type) {
        case rdb::kTypeString:
            return l.string(out);
        case rdb::kTypeList:
            return l.list_of_strings(out);
        case rdb::kTypeListZiplist:
        case rdb::kTypeListQuicklist:
        case rdb::kTypeListQuicklist2:
            return l.list_of_nodes(out, type);
        case rdb::kTypeSet:
            return l.set(out);
        case rdb::kTypeSetIntset:
            return l.intset(out);
        case rdb::kTypeZSet:
        case rdb::kTypeZSet2:
            return l.zset(out, type);
        case rdb::kTypeZSetZiplist:
        case rdb::kTypeZSetListpack:
            return l.packed_zset(out, type);
        case rdb::kTypeHash:
            return l.hash(out);
        case rdb::kTypeHashZipmap:
        case rdb::kTypeHashZiplist:
        case rdb::kTypeHashListpack:
            return l.packed_hash(out, type);
        case rdb::kTypeStreamListpacks:
        case rdb::kTypeStreamListpacks2:
        case rdb::kTypeStreamListpacks3:
            return read_stream(in, type, out, err);
        case rdb::kTypeModule2:
            return l.corrupt("module values are not supported");
        default:
            return l.corrupt("unknown value type " + std::to_string(type));
    }
}

}  // namespace cairn::persist
