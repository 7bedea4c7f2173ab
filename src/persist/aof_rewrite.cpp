#include "persist/aof_rewrite.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "db/hash_value.hpp"
#include "db/list_value.hpp"
#include "db/set_value.hpp"
#include "db/stream_value.hpp"
#include "db/zset_value.hpp"
#include "persist/rdb_output.hpp"
#include "util/strings.hpp"

namespace cairn::persist {

namespace {

constexpr size_t kItemsPerCommand = 64;  // AOF_REWRITE_ITEMS_PER_CMD

void bulk(RdbOutput& out, std::string_view s) {
    out.raw("$");
    out.raw(util::ll_to_string(static_cast<long long>(s.size())));
    out.raw("\r\n");
    out.raw(s);
    out.raw("\r\n");
}

void array_header(RdbOutput& out, size_t n) {
    out.raw("*");
    out.raw(util::ll_to_string(static_cast<long long>(n)));
    out.raw("\r\n");
}

// Emits `cmd key item...` commands of at most kItemsPerCommand items (an item is one or
// more words) as rewriteListObject and friends do.
class Batcher {
public:
    Batcher(RdbOutput& out, std::string_view cmd, std::string_view key, size_t total,
            size_t words_per_item)
        : out_(out), cmd_(cmd), key_(key), left_(total), words_(words_per_item) {}

    void item_start() {
        if (in_batch_ == 0) {
            const size_t n = std::min(left_, kItemsPerCommand);
            array_header(out_, 2 + n * words_);
            bulk(out_, cmd_);
            bulk(out_, key_);
        }
        if (++in_batch_ == kItemsPerCommand) in_batch_ = 0;
        left_--;
    }
    void word(std::string_view w) { bulk(out_, w); }

private:
    RdbOutput& out_;
    std::string_view cmd_;
    std::string_view key_;
    size_t left_;
    size_t words_;
    size_t in_batch_ = 0;
};

std::string score_word(double d) {
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buf[32];
    int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
    return std::string(buf, static_cast<size_t>(n));
}

void command(RdbOutput& out, std::initializer_list<std::string_view> words) {
    array_header(out, words.size());
    for (std::string_view w : words) bulk(out, w);
}

// rewriteStreamObject: XADD per entry (or the XADD MAXLEN 0 trick for an empty stream),
// XSETID, then per group XGROUP CREATE ... ENTRIESREAD, an XCLAIM per pending entry of each
// consumer and XGROUP CREATECONSUMER for a consumer without pending entries.
void write_stream_commands(RdbOutput& out, std::string_view key, const db::StreamValue& s) {
    if (s.length()) {
        s.range(db::StreamID::min(), db::StreamID::max(), false,
                [&](const db::StreamID& id, const std::vector<std::string_view>& fv) {
                    array_header(out, 3 + fv.size());
                    bulk(out, "XADD");
                    bulk(out, key);
                    bulk(out, id.str());
                    for (std::string_view e : fv) bulk(out, e);
                    return true;
                });
    } else {
        command(out, {"XADD", key, "MAXLEN", "0", "0-1", "x", "y"});
    }
    command(out, {"XSETID", key, s.last_id().str(), "ENTRIESADDED",
                  util::ll_to_string(static_cast<long long>(s.entries_added())), "MAXDELETEDID",
                  s.max_deleted_id().str()});
    for (const auto& [name, g] : s.groups()) {
        command(out, {"XGROUP", "CREATE", key, name, g.last_id.str(), "ENTRIESREAD",
                      util::ll_to_string(g.entries_read)});
        for (const auto& [cname, c] : g.consumers) {
            if (c.pel.empty()) {
                command(out, {"XGROUP", "CREATECONSUMER", key, name, cname});
                continue;
            }
            for (const db::StreamID& id : c.pel) {
                const db::StreamNack& nack = g.pel.at(id);
                command(out, {"XCLAIM", key, name, cname, "0", id.str(), "TIME",
                              util::ll_to_string(nack.delivery_time), "RETRYCOUNT",
                              util::ll_to_string(static_cast<long long>(nack.delivery_count)),
                              "JUSTID", "FORCE"});
            }
        }
    }
}

}  // namespace

void write_aof_function(RdbOutput& out, std::string_view code) {
    array_header(out, 3);
    bulk(out, "FUNCTION");
    bulk(out, "LOAD");
    bulk(out, code);
}

void write_aof_select(RdbOutput& out, int db) {
    array_header(out, 2);
    bulk(out, "SELECT");
    bulk(out, util::ll_to_string(db));
}

void write_aof_key(RdbOutput& out, std::string_view key, const db::Object& o, int64_t expire_ms) {
    switch (o.type) {
        case db::ObjType::String:
            array_header(out, 3);
            bulk(out, "SET");
            bulk(out, key);
            bulk(out, o.str);
            break;
        case db::ObjType::List: {
            const auto& l = static_cast<const db::ListValue&>(*o.payload);
            Batcher b(out, "RPUSH", key, l.size(), 1);
            l.for_range(0, l.size(), false, [&](std::string_view e) {
                b.item_start();
                b.word(e);
            });
            break;
        }
        case db::ObjType::Set: {
            const auto& s = static_cast<const db::SetValue&>(*o.payload);
            Batcher b(out, "SADD", key, s.size(), 1);
            s.for_each([&](std::string_view m) {
                b.item_start();
                b.word(m);
            });
            break;
        }
        case db::ObjType::ZSet: {
            const auto& z = static_cast<const db::ZSetValue&>(*o.payload);
            Batcher b(out, "ZADD", key, z.size(), 2);
            z.for_each([&](std::string_view m, double score) {
                b.item_start();
                b.word(score_word(score));
                b.word(m);
            });
            break;
        }
        case db::ObjType::Hash: {
            const auto& h = static_cast<const db::HashValue&>(*o.payload);
            Batcher b(out, "HMSET", key, h.size(), 2);
            h.for_each([&](std::string_view f, std::string_view v) {
                b.item_start();
                b.word(f);
                b.word(v);
            });
            break;
        }
        case db::ObjType::Stream:
            write_stream_commands(out, key, static_cast<const db::StreamValue&>(*o.payload));
            break;
    }
    if (expire_ms != -1) {
        array_header(out, 3);
        bulk(out, "PEXPIREAT");
        bulk(out, key);
        bulk(out, util::ll_to_string(expire_ms));
    }
}

}  // namespace cairn::persist
