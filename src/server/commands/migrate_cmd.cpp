// MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw]
// [KEYS key...], as Redis 7.0's migrateCommand: DUMP payloads sent as RESTORE commands over a
// cached connection, the server blocked meanwhile (up to the timeout per operation); a key
// is deleted here only once the target acknowledged it, and the command propagates as DEL of
// those keys.
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "db/database.hpp"
#include "persist/dump_payload.hpp"
#include "resp/command_encoding.hpp"
#include "server/commands/server_commands.hpp"
#include "server/migrate_sockets.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

struct MigrateArgs {
    bool copy = false;
    bool replace = false;
    std::string username;
    std::string password;
    bool auth = false;
    size_t first_key = 3;
    size_t num_keys = 1;
    long long timeout = 0;
    long long dbid = 0;
};

bool parse_migrate(CommandContext& ctx, MigrateArgs& a) {
    for (size_t j = 6; j < ctx.argc(); j++) {
        const size_t more = ctx.argc() - 1 - j;
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "copy")) {
            a.copy = true;
        } else if (util::iequals(opt, "replace")) {
            a.replace = true;
        } else if (util::iequals(opt, "auth")) {
            if (more < 1) {
                ctx.syntax_error();
                return false;
            }
            a.auth = true;
            a.password = ctx.argv[++j];
        } else if (util::iequals(opt, "auth2")) {
            if (more < 2) {
                ctx.syntax_error();
                return false;
            }
            a.auth = true;
            a.username = ctx.argv[++j];
            a.password = ctx.argv[++j];
        } else if (util::iequals(opt, "keys")) {
            if (!ctx.argv[3].empty()) {
                ctx.reply.error(
                    "ERR When using MIGRATE KEYS option, the key argument must be set to the "
                    "empty string");
                return false;
            }
            a.first_key = j + 1;
            a.num_keys = ctx.argc() - j - 1;
            break;
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    if (!ctx.parse_ll(ctx.argv[5], a.timeout) || !ctx.parse_ll(ctx.argv[4], a.dbid)) return false;
    if (a.timeout <= 0) a.timeout = 1000;
    return true;
}

// The commands sent to the target: [AUTH] [SELECT] RESTORE key ttl payload [REPLACE]...
std::string build_request(CommandContext& ctx, const MigrateArgs& a, bool select,
                          std::vector<std::string>& keys) {
    std::string out;
    if (a.auth) {
        if (a.username.empty()) {
            resp::append_command(out, {"AUTH", a.password});
        } else {
            resp::append_command(out, {"AUTH", a.username, a.password});
        }
    }
    if (select) resp::append_command(out, {"SELECT", std::to_string(a.dbid)});
    db::Database& d = ctx.db();
    std::vector<std::string> sent;
    for (const std::string& key : keys) {
        const db::Object* o = d.peek(key);
        if (!o) continue;
        long long ttl = 0;
        const int64_t expireat = d.expire_of(key);
        if (expireat != -1) {
            ttl = expireat - ctx.now_ms;
            if (ttl < 0) continue;  // expired since the lookup
            if (ttl < 1) ttl = 1;
        }
        std::vector<std::string> restore{"RESTORE", key, std::to_string(ttl),
                                         persist::dump_payload(*o, ctx.config().rdbcompression)};
        if (a.replace) restore.emplace_back("REPLACE");
        resp::append_command(out, restore);
        sent.push_back(key);
    }
    keys = std::move(sent);
    return out;
}

void migrate(CommandContext& ctx) {
    MigrateArgs a;
    if (!parse_migrate(ctx, a)) return;
    // The keys that are here; none: +NOKEY (they may just have expired).
    std::vector<std::string> keys;
    for (size_t j = 0; j < a.num_keys; j++) {
        std::string_view k = ctx.argv[a.first_key + j];
        if (ctx.lookup_read(k)) keys.emplace_back(k);
    }
    if (keys.empty()) {
        ctx.reply.simple("NOKEY");
        return;
    }
    Server& s = server_of(ctx);
    const std::string host(ctx.argv[1]);
    const std::string port(ctx.argv[2]);
    for (bool may_retry = true;;) {
        bool connect_timeout = false;
        MigrateSockets::Cached* cs =
            s.migrate_sockets().get(host, port, a.timeout, ctx.now_ms / 1000, connect_timeout);
        if (!cs && connect_timeout) {
            ctx.reply.error("IOERR error or timeout connecting to the client");
            return;
        }
        if (!cs) {
            // A refused connection: Redis's non-blocking connect "succeeds" and the first write
            // fails, so it retries once and then reports the write.
            if (may_retry) {
                may_retry = false;
                continue;
            }
            ctx.reply.error("IOERR error or timeout writing to target instance");
            return;
        }
        const bool select = cs->last_dbid != a.dbid;
        std::vector<std::string> to_send = keys;
        const std::string request = build_request(ctx, a, select, to_send);
        MigrateSockets::Link& link = *cs->link;
        bool write_error = false;
        bool socket_error = false;
        std::string auth_reply, select_reply, line, target_error;
        std::vector<std::string> moved;
        size_t acked = 0;
        if (!MigrateSockets::write_all(link, request, a.timeout)) {
            write_error = socket_error = true;
        } else if ((a.auth && !MigrateSockets::read_line(link, auth_reply, a.timeout)) ||
                   (select && !MigrateSockets::read_line(link, select_reply, a.timeout))) {
            socket_error = true;
        } else {
            for (; acked < to_send.size(); acked++) {
                if (!MigrateSockets::read_line(link, line, a.timeout)) {
                    socket_error = true;
                    break;
                }
                const bool failed = (a.auth && auth_reply.starts_with('-')) ||
                                    (select && select_reply.starts_with('-')) ||
                                    line.starts_with('-');
                if (failed) {
                    if (target_error.empty()) {
                        cs->last_dbid = -1;
                        target_error = (a.auth && auth_reply.starts_with('-'))     ? auth_reply
                                       : (select && select_reply.starts_with('-')) ? select_reply
                                                                                   : line;
                    }
                } else if (!a.copy) {
                    // Acknowledged: the key leaves this server.
                    ctx.db().remove(to_send[acked]);
                    ctx.key_modified(to_send[acked]);
                    ctx.notify(config::notify::Generic, "del", to_send[acked]);
                    moved.push_back(to_send[acked]);
                }
            }
        }
        const bool timed_out = MigrateSockets::timed_out(link);
        if (socket_error) s.migrate_sockets().close(host, port);
        // Nothing was processed and the cached connection may just have gone stale: once more.
        if (socket_error && target_error.empty() && moved.empty() && acked == 0 && may_retry &&
            !timed_out) {
            may_retry = false;
            continue;
        }
        if (!moved.empty() && ctx.propagating()) {
            std::vector<std::string> del{"DEL"};
            del.insert(del.end(), moved.begin(), moved.end());
            ctx.propagate_as(std::move(del));
        }
        if (!target_error.empty()) {
            ctx.reply.error("ERR Target instance replied with error: " + target_error.substr(1));
        } else if (socket_error) {
            ctx.reply.error(std::string("IOERR error or timeout ") +
                            (write_error ? "writing" : "reading") + " to target instance");
        } else {
            cs->last_dbid = a.dbid;
            ctx.reply.ok();
        }
        return;
    }
}

}  // namespace

void register_migrate_command(CommandTable& t) {
    t.add_handlers({{"migrate", migrate}});
}

}  // namespace cairn
