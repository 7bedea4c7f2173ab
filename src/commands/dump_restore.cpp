// DUMP and RESTORE: a value in RDB serialization, followed by the RDB version (2 bytes) and
// the CRC-64 of everything before (8 bytes), byte for byte as Redis 7.0 (cluster.c).
#include <cstdint>
#include <string>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "db/database.hpp"
#include "db/lfu.hpp"
#include "persist/dump_payload.hpp"
#include "persist/rdb_primitives.hpp"
#include "persist/rdb_value.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

constexpr std::string_view kBadPayload = "ERR DUMP payload version or checksum are wrong";

void dump(CommandContext& ctx) {
    const db::Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        ctx.reply.null();
        return;
    }
    ctx.reply.bulk(persist::dump_payload(*o, ctx.config().rdbcompression));
}

struct RestoreOptions {
    bool replace = false;
    bool absttl = false;
    long long idle = -1;
    long long freq = -1;
};

bool parse_restore_options(CommandContext& ctx, RestoreOptions& opt) {
    for (size_t j = 4; j < ctx.argc(); j++) {
        const size_t more = ctx.argc() - j - 1;
        std::string_view a = ctx.argv[j];
        if (util::iequals(a, "replace")) {
            opt.replace = true;
        } else if (util::iequals(a, "absttl")) {
            opt.absttl = true;
        } else if (util::iequals(a, "idletime") && more >= 1 && opt.freq == -1) {
            if (!ctx.parse_ll(ctx.argv[++j], opt.idle)) return false;
            if (opt.idle < 0) {
                ctx.reply.error("ERR Invalid IDLETIME value, must be >= 0");
                return false;
            }
        } else if (util::iequals(a, "freq") && more >= 1 && opt.idle == -1) {
            if (!ctx.parse_ll(ctx.argv[++j], opt.freq)) return false;
            if (opt.freq < 0 || opt.freq > 255) {
                ctx.reply.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                return false;
            }
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

// objectSetLRUOrLFU: the access data RESTORE was given, under the policy that uses it.
void set_access(db::Object& o, const RestoreOptions& opt, int64_t now_ms,
                const std::string& policy) {
    if (db::lfu_policy().enabled) {
        if (opt.freq >= 0) o.lfu_counter = static_cast<uint8_t>(opt.freq);
    } else if (policy.find("lru") != std::string::npos && opt.idle >= 0) {
        o.access_time = static_cast<uint32_t>(now_ms / 1000 - opt.idle);
    }
}

void restore(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    RestoreOptions opt;
    if (!parse_restore_options(ctx, opt)) return;
    db::Database& d = ctx.db();
    if (!opt.replace && ctx.lookup_write(key)) {
        ctx.reply.error("BUSYKEY Target key name already exists.");
        return;
    }
    long long ttl;
    if (!ctx.parse_ll(ctx.argv[2], ttl)) return;
    if (ttl < 0) {
        ctx.reply.error("ERR Invalid TTL value, must be >= 0");
        return;
    }
    std::string_view payload = ctx.argv[3];
    if (!persist::dump_payload_ok(payload)) {
        ctx.reply.error(kBadPayload);
        return;
    }
    persist::MemorySource source(payload.substr(0, payload.size() - 10));
    persist::RdbReader in(source);
    db::Object value;
    std::string why;
    const uint8_t type = in.u8();
    if (in.failed() || !persist::is_value_type(type) ||
        persist::read_value(in, type, ctx.config(), value, why) != persist::ValueLoad::Ok) {
        ctx.reply.error("ERR Bad data format");
        return;
    }
    bool deleted = opt.replace && d.remove(key);
    if (ttl && !opt.absttl) ttl += ctx.now_ms;
    if (ttl && ttl <= ctx.now_ms) {  // already expired: nothing is stored
        if (deleted) {
            if (ctx.propagating()) ctx.propagate_as({"DEL", std::string(key)});
            ctx.key_modified(key);
            ctx.notify(config::notify::Generic, "del", key);
        }
        ctx.reply.ok();
        return;
    }
    db::Object* stored = d.add(key, std::move(value), ctx.now_ms);
    if (ttl) {
        d.set_expire(key, ttl);
        if (!opt.absttl && ctx.propagating()) {
            std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
            argv[2] = util::ll_to_string(ttl);
            argv.push_back("ABSTTL");
            ctx.propagate_as(std::move(argv));
        }
    }
    set_access(*stored, opt, ctx.now_ms, ctx.config().maxmemory_policy);
    ctx.key_modified(key);
    ctx.notify(config::notify::Generic, "restore", key);
    ctx.reply.ok();
}

}  // namespace

void register_dump_commands(CommandTable& t) {
    t.add_handlers({
        {"dump", dump},
        {"restore", restore},
    });
}

}  // namespace cairn
