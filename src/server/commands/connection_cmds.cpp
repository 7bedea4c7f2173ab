// Connection commands: PING ECHO QUIT SELECT HELLO RESET.
#include "clients/client.hpp"
#include "clients/client_info.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/auth.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

void ping(CommandContext& ctx) {
    if (ctx.argc() > 2) {
        ctx.reply.error("ERR wrong number of arguments for 'ping' command");
        return;
    }
    if ((ctx.client.flags & kSubscribed) && ctx.client.resp_version() == 2) {
        // Pub/Sub: a subscribed RESP2 client gets ["pong", message or ""], as in Redis.
        ctx.reply.array(2);
        ctx.reply.bulk("pong");
        ctx.reply.bulk(ctx.argc() == 1 ? std::string_view() : ctx.argv[1]);
        return;
    }
    if (ctx.argc() == 1) {
        ctx.reply.simple("PONG");
    } else {
        ctx.reply.bulk(ctx.argv[1]);
    }
}

void echo(CommandContext& ctx) {
    ctx.reply.bulk(ctx.argv[1]);
}

void quit(CommandContext& ctx) {
    ctx.reply.ok();
    ctx.client.flags |= kCloseAfterReply;
}

void select_db(CommandContext& ctx) {
    long long id;
    if (!ctx.parse_ll(ctx.argv[1], id)) return;
    if (id < 0 || id >= server_of(ctx).db_count()) {
        ctx.reply.error("ERR DB index is out of range");
        return;
    }
    ctx.client.db_index = static_cast<int>(id);
    ctx.reply.ok();
}

void hello(CommandContext& ctx) {
    long long ver = 0;
    size_t next = 1;
    if (ctx.argc() >= 2) {
        if (!util::string_to_ll(ctx.argv[next++], ver)) {
            ctx.reply.error("ERR Protocol version is not an integer or out of range");
            return;
        }
        if (ver < 2 || ver > 3) {
            ctx.reply.error("NOPROTO unsupported protocol version");
            return;
        }
    }
    std::string_view new_name;
    bool set_name = false;
    for (size_t j = next; j < ctx.argc(); j++) {
        size_t more = ctx.argc() - 1 - j;
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "AUTH") && more >= 2) {
            if (!credentials_ok(server_of(ctx), ctx.argv[j + 1], ctx.argv[j + 2])) {
                ctx.reply.error("WRONGPASS invalid username-password pair or user is disabled.");
                return;
            }
            ctx.client.authenticated = true;
            ctx.client.user = "default";  // the only user credentials_ok accepts
            j += 2;
        } else if (util::iequals(opt, "SETNAME") && more >= 1) {
            if (!valid_client_name(ctx.argv[j + 1])) {
                ctx.reply.error(
                    "ERR Client names cannot contain spaces, newlines or special characters.");
                return;
            }
            new_name = ctx.argv[j + 1];
            set_name = true;
            j++;
        } else {
            ctx.reply.error("ERR Syntax error in HELLO option '" + std::string(opt) + "'");
            return;
        }
    }
    if (!ctx.client.authenticated) {
        ctx.reply.error(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the "
            "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
            "the RESP protocol version at the same time");
        return;
    }
    if (set_name) ctx.client.set_name(new_name);
    if (ver != 0) ctx.client.set_resp_version(static_cast<int>(ver));

    resp::Reply& r = ctx.reply;
    r.map(7);
    r.bulk("server");
    r.bulk("redis");
    r.bulk("version");
    r.bulk(CAIRN_REDIS_COMPAT_VERSION);
    r.bulk("proto");
    r.integer(ctx.client.resp_version());
    r.bulk("id");
    r.integer(static_cast<long long>(ctx.client.id()));
    r.bulk("mode");
    r.bulk("standalone");
    r.bulk("role");
    r.bulk("master");
    r.bulk("modules");
    r.array(0);
}

void reset(CommandContext& ctx) {
    // Redis's clearClientConnectionState (and resetCommand's removal from the monitors):
    // Pub/Sub subscriptions are left without replies.
    Client& c = ctx.client;
    server_of(ctx).leave_registries(c);
    c.db_index = 0;
    c.set_resp_version(2);
    c.set_name("");
    c.authenticated = server_of(ctx).config().requirepass.empty();
    c.flags &= ~static_cast<uint32_t>(kCloseAfterReply | kReplyOff | kReplySkipNext);
    ctx.reply.simple("RESET");
}

}  // namespace

void register_connection_commands(CommandTable& t) {
    t.add_handlers({
        {"ping", ping},
        {"echo", echo},
        {"quit", quit},
        {"select", select_db},
        {"hello", hello},
        {"reset", reset},
    });
}

}  // namespace cairn
