// The EXPIRE family (Redis 7.0 expire.c): EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL
// EXPIRETIME PEXPIRETIME PERSIST.
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/key_lookup.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using keys::lookup_notouch;

enum ExpireFlag : unsigned { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };

void reply_invalid_expire(CommandContext& ctx) {
    std::string msg = "ERR invalid expire time in '";
    msg += ctx.cmd.full_name();
    msg += "' command";
    ctx.reply.error(msg);
}

// NX | XX | GT | LT after the time; replies Redis's error itself.
bool parse_expire_flags(CommandContext& ctx, unsigned& flags) {
    flags = 0;
    for (size_t j = 3; j < ctx.argc(); j++) {
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "nx")) {
            flags |= kNx;
        } else if (util::iequals(opt, "xx")) {
            flags |= kXx;
        } else if (util::iequals(opt, "gt")) {
            flags |= kGt;
        } else if (util::iequals(opt, "lt")) {
            flags |= kLt;
        } else {
            std::string msg = "ERR Unsupported option ";
            msg += opt;
            ctx.reply.error(msg);
            return false;
        }
    }
    if ((flags & kNx) && (flags & (kXx | kGt | kLt))) {
        ctx.reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        return false;
    }
    if ((flags & kGt) && (flags & kLt)) {
        ctx.reply.error("ERR GT and LT options at the same time are not compatible");
        return false;
    }
    return true;
}

// The absolute expire time in ms from the argument, a unit and a base time.
bool parse_expire_time(CommandContext& ctx, int64_t basetime, bool seconds, long long& when) {
    if (!ctx.parse_ll(ctx.argv[2], when)) return false;
    if (seconds) {
        if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
            reply_invalid_expire(ctx);
            return false;
        }
        when *= 1000;
    }
    if (when > LLONG_MAX - basetime) {
        reply_invalid_expire(ctx);
        return false;
    }
    when += basetime;
    return true;
}

// True when NX / XX / GT / LT say no to the new time, given the current one (-1 = none).
bool condition_refuses(unsigned flags, int64_t current, long long when) {
    if ((flags & kNx) && current != -1) return true;
    if ((flags & kXx) && current == -1) return true;
    if ((flags & kGt) && (when <= current || current == -1)) return true;
    return (flags & kLt) && current != -1 && when >= current;
}

void expire_generic(CommandContext& ctx, int64_t basetime, bool seconds) {
    std::string_view key = ctx.argv[1];
    unsigned flags;
    long long when;
    if (!parse_expire_flags(ctx, flags) || !parse_expire_time(ctx, basetime, seconds, when)) {
        return;
    }
    db::Database& d = ctx.db();
    if (!ctx.lookup_write(key) || (flags && condition_refuses(flags, d.expire_of(key), when))) {
        ctx.reply.integer(0);
        return;
    }
    const bool expired = when <= ctx.now_ms;  // checkAlreadyExpired: delete now
    if (expired) {
        d.remove(key);
        ctx.propagate_as({CommandContext::deletion_command(ctx.config().lazyfree_lazy_expire),
                          std::string(key)});
    } else {
        d.set_expire(key, when);
        // Propagated as PEXPIREAT with the absolute time (the options stay); PEXPIREAT as is.
        if ((basetime != 0 || seconds) && ctx.propagating()) {
            std::vector<std::string> words(ctx.argv.begin(), ctx.argv.end());
            words[0] = "PEXPIREAT";
            words[2] = util::ll_to_string(when);
            ctx.propagate_as(std::move(words));
        }
    }
    ctx.key_modified(d, key);
    // As Redis: "del" before the reply, "expire" after it.
    if (expired) ctx.notify(notify::Generic, "del", key);
    ctx.reply.integer(1);
    if (!expired) ctx.notify(notify::Generic, "expire", key);
}

void expire_command(CommandContext& ctx) {
    expire_generic(ctx, ctx.now_ms, true);
}
void pexpire_command(CommandContext& ctx) {
    expire_generic(ctx, ctx.now_ms, false);
}
void expireat_command(CommandContext& ctx) {
    expire_generic(ctx, 0, true);
}
void pexpireat_command(CommandContext& ctx) {
    expire_generic(ctx, 0, false);
}

void ttl_generic(CommandContext& ctx, bool output_ms, bool output_abs) {
    db::Database& d = ctx.db();
    std::string_view key = ctx.argv[1];
    if (!lookup_notouch(ctx, d, key)) {
        ctx.reply.integer(-2);
        return;
    }
    const int64_t expire = d.expire_of(key);
    if (expire == -1) {
        ctx.reply.integer(-1);
        return;
    }
    long long ttl = output_abs ? expire : expire - ctx.now_ms;
    if (ttl < 0) ttl = 0;
    ctx.reply.integer(output_ms ? ttl : (ttl + 500) / 1000);
}

void ttl_command(CommandContext& ctx) {
    ttl_generic(ctx, false, false);
}
void pttl_command(CommandContext& ctx) {
    ttl_generic(ctx, true, false);
}
void expiretime_command(CommandContext& ctx) {
    ttl_generic(ctx, false, true);
}
void pexpiretime_command(CommandContext& ctx) {
    ttl_generic(ctx, true, true);
}

void persist_command(CommandContext& ctx) {
    std::string_view key = ctx.argv[1];
    db::Database& d = ctx.db();
    if (ctx.lookup_write(key) && d.persist(key)) {
        ctx.key_modified(d, key);
        ctx.notify(notify::Generic, "persist", key);
        ctx.reply.integer(1);
    } else {
        ctx.reply.integer(0);
    }
}

}  // namespace

void register_expire_commands(CommandTable& t) {
    t.add_handlers({
        {"expire", expire_command},
        {"pexpire", pexpire_command},
        {"expireat", expireat_command},
        {"pexpireat", pexpireat_command},
        {"ttl", ttl_command},
        {"pttl", pttl_command},
        {"persist", persist_command},
        {"expiretime", expiretime_command},
        {"pexpiretime", pexpiretime_command},
    });
}

}  // namespace cairn
