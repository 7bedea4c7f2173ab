// CLIENT and its subcommands, as Redis 7.0.15's clientCommand: LIST INFO ID GETNAME SETNAME
// KILL PAUSE UNPAUSE REPLY NO-EVICT UNBLOCK GETREDIR TRACKINGINFO HELP, plus Redis 7.2's
// SETINFO and NO-TOUCH.
#include <cctype>
#include <string>
#include <vector>

#include "clients/client.hpp"
#include "clients/client_info.hpp"
#include "clients/client_registry.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "net/connection.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

constexpr std::string_view kBadName =
    "ERR Client names cannot contain spaces, newlines or special characters.";

// Redis's addReplySubcommandSyntaxError, for subcommands whose argument count the table's
// arity allows but the handler does not ("CLIENT PAUSE 10 WRITE x").
void subcommand_syntax_error(CommandContext& ctx) {
    std::string name(ctx.argv[0]);
    for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" +
                    std::string(ctx.argv[1].substr(0, 128)) + "'. Try " + name + " HELP.");
}

void client_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

void client_id(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(ctx.client.id()));
}

void client_info(CommandContext& ctx) {
    std::string line = client_info_string(ctx.client, server_of(ctx).now_ms(), &ctx.client);
    line += '\n';
    ctx.reply.verbatim(line, "txt");
}

void client_list(CommandContext& ctx) {
    bool by_type = false;
    ClientType type = ClientType::Normal;
    std::string out;
    if (ctx.argc() == 4 && util::iequals(ctx.argv[2], "type")) {
        if (!parse_client_type(ctx.argv[3], type)) {
            ctx.reply.error("ERR Unknown client type '" + std::string(ctx.argv[3]) + "'");
            return;
        }
        by_type = true;
    } else if (ctx.argc() > 3 && util::iequals(ctx.argv[2], "id")) {
        for (size_t j = 3; j < ctx.argc(); j++) {
            long long id;
            if (!util::string_to_ll(ctx.argv[j], id)) {
                ctx.reply.error("ERR Invalid client ID");
                return;
            }
            Client* c = id > 0 ? server_of(ctx).clients().find(static_cast<uint64_t>(id)) : nullptr;
            if (c) {
                append_client_info(out, *c, server_of(ctx).now_ms(), &ctx.client);
                out += '\n';
            }
        }
        ctx.reply.verbatim(out, "txt");
        return;
    } else if (ctx.argc() != 2) {
        ctx.syntax_error();
        return;
    }
    out.reserve(320 * server_of(ctx).clients().size());
    server_of(ctx).clients().for_each([&](Client& c) {
        if (by_type && client_type(c) != type) return;
        append_client_info(out, c, server_of(ctx).now_ms(), &ctx.client);
        out += '\n';
    });
    ctx.reply.verbatim(out, "txt");
}

void client_getname(CommandContext& ctx) {
    if (ctx.client.name().empty()) {
        ctx.reply.null();
    } else {
        ctx.reply.bulk(ctx.client.name());
    }
}

void client_setname(CommandContext& ctx) {
    std::string_view name = ctx.argv[2];
    if (!valid_client_name(name)) {
        ctx.reply.error(kBadName);
        return;
    }
    ctx.client.set_name(name);  // the empty name clears it
    ctx.reply.ok();
}

// Redis 7.2's clientSetinfoCommand.
void client_setinfo(CommandContext& ctx) {
    std::string_view attr = ctx.argv[2];
    std::string_view value = ctx.argv[3];
    bool is_name = util::iequals(attr, "lib-name");
    if (!is_name && !util::iequals(attr, "lib-ver")) {
        ctx.reply.error("ERR Unrecognized option '" + std::string(attr) + "'");
        return;
    }
    if (!valid_client_name(value)) {
        ctx.reply.error("ERR " + std::string(attr) +
                        " cannot contain spaces, newlines or special characters.");
        return;
    }
    if (is_name) {
        ctx.client.set_lib_name(value);
    } else {
        ctx.client.set_lib_ver(value);
    }
    ctx.reply.ok();
}

// CLIENT KILL's filters (Redis's clientKillCommand).
struct KillFilter {
    std::string_view addr, laddr, user;
    bool by_addr = false, by_laddr = false, by_user = false, by_type = false;
    ClientType type = ClientType::Normal;
    uint64_t id = 0;
    bool skipme = true;

    bool matches(Client& c) const {
        net::Connection* conn = c.connection();
        if (by_addr && (!conn || conn->peer_address() != addr)) return false;
        if (by_laddr && (!conn || conn->local_address() != laddr)) return false;
        if (by_type && client_type(c) != type) return false;
        if (id != 0 && c.id() != id) return false;
        return !(by_user && c.user != user);
    }
};

// The new form's filter pairs, from argv[2] on; replies the error itself.
bool parse_kill_filters(CommandContext& ctx, KillFilter& f) {
    for (size_t i = 2; i < ctx.argc(); i += 2) {
        std::string_view opt = ctx.argv[i];
        if (i + 1 >= ctx.argc()) {
            ctx.syntax_error();
            return false;
        }
        std::string_view val = ctx.argv[i + 1];
        if (util::iequals(opt, "id")) {
            long long v;
            if (!util::string_to_ll(val, v) || v < 1) {
                ctx.reply.error("ERR client-id should be greater than 0");
                return false;
            }
            f.id = static_cast<uint64_t>(v);
        } else if (util::iequals(opt, "type")) {
            if (!parse_client_type(val, f.type)) {
                ctx.reply.error("ERR Unknown client type '" + std::string(val) + "'");
                return false;
            }
            f.by_type = true;
        } else if (util::iequals(opt, "addr")) {
            f.addr = val;
            f.by_addr = true;
        } else if (util::iequals(opt, "laddr")) {
            f.laddr = val;
            f.by_laddr = true;
        } else if (util::iequals(opt, "user")) {
            // "default" is the only user until ACLs exist.
            if (val != "default") {
                ctx.reply.error("ERR No such user '" + std::string(val) + "'");
                return false;
            }
            f.user = val;
            f.by_user = true;
        } else if (util::iequals(opt, "skipme")) {
            if (util::iequals(val, "yes")) {
                f.skipme = true;
            } else if (util::iequals(val, "no")) {
                f.skipme = false;
            } else {
                ctx.syntax_error();
                return false;
            }
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

void client_kill(CommandContext& ctx) {
    KillFilter f;
    const bool old_form = ctx.argc() == 3;
    if (old_form) {
        // CLIENT KILL ip:port; the old form may kill the caller.
        f.addr = ctx.argv[2];
        f.by_addr = true;
        f.skipme = false;
    } else if (!parse_kill_filters(ctx, f)) {
        return;
    }

    // Match first, kill afterwards: freeing unlinks clients from the registry being walked.
    std::vector<uint64_t> victims;
    bool close_self = false;
    server_of(ctx).clients().for_each([&](Client& c) {
        if (c.closed || !f.matches(c)) return;
        if (&c == &ctx.client) {
            if (!f.skipme) close_self = true;
            return;
        }
        victims.push_back(c.id());
    });
    long long killed = static_cast<long long>(victims.size()) + (close_self ? 1 : 0);
    for (uint64_t victim : victims) {
        if (Client* c = server_of(ctx).clients().find(victim)) {
            server_of(ctx).free_client(*c, "killed by CLIENT KILL");
        }
    }

    if (old_form) {
        if (killed == 0) {
            ctx.reply.error("ERR No such client");
        } else {
            ctx.reply.ok();
        }
    } else {
        ctx.reply.integer(killed);
    }
    // The caller goes last, after its reply was queued.
    if (close_self) ctx.client.flags |= kCloseAfterReply;
}

void client_pause(CommandContext& ctx) {
    if (ctx.argc() != 3 && ctx.argc() != 4) {
        subcommand_syntax_error(ctx);
        return;
    }
    PauseMode mode = PauseMode::All;
    if (ctx.argc() == 4) {
        if (util::iequals(ctx.argv[3], "write")) {
            mode = PauseMode::Write;
        } else if (util::iequals(ctx.argv[3], "all")) {
            mode = PauseMode::All;
        } else {
            ctx.reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    }
    long long timeout;
    if (!util::string_to_ll(ctx.argv[2], timeout)) {
        ctx.reply.error("ERR timeout is not an integer or out of range");
        return;
    }
    if (timeout < 0) {
        ctx.reply.error("ERR timeout is negative");
        return;
    }
    // Redis's getTimeoutFromObjectOrReply: 0 stays 0 (an end already past), otherwise
    // now + timeout, wrapping like Redis's signed add for absurd values.
    int64_t end = 0;
    if (timeout > 0) {
        end = static_cast<int64_t>(static_cast<uint64_t>(server_of(ctx).now_ms()) +
                                   static_cast<uint64_t>(timeout));
    }
    server_of(ctx).pause_clients(end, mode);
    ctx.reply.ok();
}

void client_unpause(CommandContext& ctx) {
    server_of(ctx).unpause_clients();
    ctx.reply.ok();
}

void client_reply(CommandContext& ctx) {
    Client& c = ctx.client;
    std::string_view mode = ctx.argv[2];
    if (util::iequals(mode, "on")) {
        c.flags &= ~static_cast<uint32_t>(kReplyOff | kReplySkip);
        // The dispatcher muted this command's reply when OFF/SKIP was on: unmute it so the
        // +OK goes out (Redis checks the flags when the reply is added).
        c.reply().redirect(c.output());
        ctx.reply.ok();
    } else if (util::iequals(mode, "off")) {
        c.flags |= kReplyOff;
    } else if (util::iequals(mode, "skip")) {
        if (!(c.flags & kReplyOff)) c.flags |= kReplySkipNext;
    } else {
        ctx.syntax_error();
    }
}

// CLIENT NO-EVICT / NO-TOUCH ON|OFF.
void set_flag_on_off(CommandContext& ctx, uint32_t flag) {
    std::string_view v = ctx.argv[2];
    if (util::iequals(v, "on")) {
        ctx.client.flags |= flag;
    } else if (util::iequals(v, "off")) {
        ctx.client.flags &= ~flag;
    } else {
        ctx.syntax_error();
        return;
    }
    ctx.reply.ok();
}

void client_no_evict(CommandContext& ctx) {
    set_flag_on_off(ctx, kNoEvict);
}

void client_no_touch(CommandContext& ctx) {
    set_flag_on_off(ctx, kNoTouch);
}

void client_unblock(CommandContext& ctx) {
    if (ctx.argc() != 3 && ctx.argc() != 4) {
        subcommand_syntax_error(ctx);
        return;
    }
    if (ctx.argc() == 4 && !util::iequals(ctx.argv[3], "timeout") &&
        !util::iequals(ctx.argv[3], "error")) {
        ctx.reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
        return;
    }
    long long id;
    if (!ctx.parse_ll(ctx.argv[2], id)) return;
    Client* target = id > 0 ? server_of(ctx).clients().find(static_cast<uint64_t>(id)) : nullptr;
    bool with_error = ctx.argc() == 4 && util::iequals(ctx.argv[3], "error");
    bool done = target && server_of(ctx).blocking().unblock_by_request(*target, with_error);
    ctx.reply.integer(done ? 1 : 0);
}

void client_getredir(CommandContext& ctx) {
    const TrackingState* st = ctx.client.tracking();
    bool on = ctx.client.flags & kTracking;
    ctx.reply.integer(on ? static_cast<long long>(st ? st->redirect : 0) : -1);
}

void client_trackinginfo(CommandContext& ctx) {
    const Client& c = ctx.client;
    std::vector<std::string_view> flags{(c.flags & kTracking) ? "on" : "off"};
    if (c.flags & kTrackingBcast) flags.push_back("bcast");
    if (c.flags & kTrackingOptin) {
        flags.push_back("optin");
        if (c.flags & kTrackingCaching) flags.push_back("caching-yes");
    }
    if (c.flags & kTrackingOptout) {
        flags.push_back("optout");
        if (c.flags & kTrackingCaching) flags.push_back("caching-no");
    }
    if (c.flags & kTrackingNoloop) flags.push_back("noloop");
    if (c.flags & kTrackingBrokenRedir) flags.push_back("broken_redirect");
    resp::Reply& r = ctx.reply;
    r.map(3);
    r.bulk("flags");
    r.set(flags.size());
    for (std::string_view f : flags) r.bulk(f);
    r.bulk("redirect");
    const TrackingState* st = c.tracking();
    r.integer((c.flags & kTracking) ? static_cast<long long>(st ? st->redirect : 0) : -1);
    r.bulk("prefixes");
    r.array(st ? st->prefixes.size() : 0);
    if (st) {
        for (const std::string& p : st->prefixes) r.bulk(p);
    }
}

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP], with
// Redis 7.0's checks in its order.
void client_tracking(CommandContext& ctx) {
    Client& c = ctx.client;
    long long redirect = 0;
    uint32_t options = 0;
    std::vector<std::string> prefixes;
    for (size_t j = 3; j < ctx.argc(); j++) {
        bool more = j + 1 < ctx.argc();
        std::string_view opt = ctx.argv[j];
        if (util::iequals(opt, "redirect") && more) {
            j++;
            if (redirect != 0) {
                ctx.reply.error("ERR A client can only redirect to a single other client");
                return;
            }
            if (!ctx.parse_ll(ctx.argv[j], redirect)) return;
            if (redirect <= 0 || !server_of(ctx).clients().find(static_cast<uint64_t>(redirect))) {
                ctx.reply.error("ERR The client ID you want redirect to does not exist");
                return;
            }
        } else if (util::iequals(opt, "bcast")) {
            options |= kTrackingBcast;
        } else if (util::iequals(opt, "optin")) {
            options |= kTrackingOptin;
        } else if (util::iequals(opt, "optout")) {
            options |= kTrackingOptout;
        } else if (util::iequals(opt, "noloop")) {
            options |= kTrackingNoloop;
        } else if (util::iequals(opt, "prefix") && more) {
            prefixes.emplace_back(ctx.argv[++j]);
        } else {
            ctx.syntax_error();
            return;
        }
    }
    if (util::iequals(ctx.argv[2], "on")) {
        if (!(options & kTrackingBcast) && !prefixes.empty()) {
            ctx.reply.error("ERR PREFIX option requires BCAST mode to be enabled");
            return;
        }
        if ((c.flags & kTracking) &&
            ((c.flags & kTrackingBcast) != 0) != ((options & kTrackingBcast) != 0)) {
            ctx.reply.error(
                "ERR You can't switch BCAST mode on/off before disabling tracking for this "
                "client, and then re-enabling it with a different mode.");
            return;
        }
        if ((options & kTrackingBcast) && (options & (kTrackingOptin | kTrackingOptout))) {
            ctx.reply.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
            return;
        }
        if ((options & kTrackingOptin) && (options & kTrackingOptout)) {
            ctx.reply.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
            return;
        }
        if (((options & kTrackingOptin) && (c.flags & kTrackingOptout)) ||
            ((options & kTrackingOptout) && (c.flags & kTrackingOptin))) {
            ctx.reply.error(
                "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this "
                "client, and then re-enabling it with a different mode.");
            return;
        }
        if (options & kTrackingBcast) {
            std::string err = server_of(ctx).tracking().check_prefix_collisions(c, prefixes);
            if (!err.empty()) {
                ctx.reply.error(err);
                return;
            }
        }
        server_of(ctx).tracking().enable(c, static_cast<uint64_t>(redirect), options, prefixes);
    } else if (util::iequals(ctx.argv[2], "off")) {
        server_of(ctx).tracking().disable(c);
    } else {
        ctx.syntax_error();
        return;
    }
    ctx.reply.ok();
}

void client_caching(CommandContext& ctx) {
    Client& c = ctx.client;
    if (!(c.flags & kTracking)) {
        ctx.reply.error(
            "ERR CLIENT CACHING can be called only when the client is in tracking mode with "
            "OPTIN or OPTOUT mode enabled");
        return;
    }
    std::string_view opt = ctx.argv[2];
    if (util::iequals(opt, "yes")) {
        if (!(c.flags & kTrackingOptin)) {
            ctx.reply.error(
                "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            return;
        }
    } else if (util::iequals(opt, "no")) {
        if (!(c.flags & kTrackingOptout)) {
            ctx.reply.error(
                "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            return;
        }
    } else {
        ctx.syntax_error();
        return;
    }
    c.flags |= kTrackingCaching;
    ctx.reply.ok();
}

}  // namespace

void register_client_commands(CommandTable& t) {
    t.add_handlers({
        {"client|tracking", client_tracking},
        {"client|caching", client_caching},
        {"client|unpause", client_unpause},
        {"client|id", client_id},
        {"client|help", client_help},
        {"client|setname", client_setname},
        {"client|no-evict", client_no_evict},
        {"client|trackinginfo", client_trackinginfo},
        {"client|info", client_info},
        {"client|reply", client_reply},
        {"client|getname", client_getname},
        {"client|getredir", client_getredir},
        {"client|list", client_list},
        {"client|unblock", client_unblock},
        {"client|pause", client_pause},
        {"client|kill", client_kill},
        // Redis 7.2's, not in 7.0.15 (scripts/command-metadata-supplement.json).
        {"client|setinfo", client_setinfo},
        {"client|no-touch", client_no_touch},
    });
}

}  // namespace cairn
