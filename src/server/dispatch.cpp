// Server::execute: Redis's processCommand + call for one parsed command.
#include <chrono>
#include <optional>

#include "clients/client.hpp"
#include "clients/output_limits.hpp"
#include "commands/context.hpp"
#include "net/connection.hpp"
#include "server/log.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// "'a' 'b' " as Redis lists the first arguments of an unknown command (at most ~128 chars).
std::string args_preview(const std::vector<std::string_view>& argv, size_t from) {
    std::string args;
    for (size_t i = from; i < argv.size() && args.size() < 128; i++) {
        size_t room = 128 - args.size();
        args += "'";
        args.append(argv[i].substr(0, room));
        args += "' ";
    }
    return args;
}

std::string upper(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

// CLIENT REPLY OFF / SKIP: the command's replies go to a buffer that is thrown away. Inside
// EXEC (nested) only OFF applies: SKIP counts whole commands as the client sent them.
class ReplyMute {
public:
    explicit ReplyMute(Client& c, bool nested = false) : client_(c), nested_(nested) {
        if (nested) {
            if (c.flags & kReplyOff) {
                muted_ = true;
                c.reply().redirect(discarded());
            }
            return;
        }
        if (c.flags & (kReplyOff | kReplySkip)) {
            muted_ = true;
            c.reply().redirect(discarded());
        }
    }
    ~ReplyMute() {
        if (muted_) {
            client_.reply().redirect(client_.output());
            discarded().clear();
        }
        if (nested_) return;
        // Redis's commandProcessed: SKIP covers one command; SKIP given now covers the next.
        client_.flags &= ~static_cast<uint32_t>(kReplySkip);
        if (client_.flags & kReplySkipNext) {
            client_.flags |= kReplySkip;
            client_.flags &= ~static_cast<uint32_t>(kReplySkipNext);
        }
    }

private:
    static resp::OutputBuffer& discarded() {
        thread_local resp::OutputBuffer sink;
        return sink;
    }
    Client& client_;
    bool nested_;
    bool muted_ = false;
};

}  // namespace

// Commands that run at once inside MULTI instead of being queued (Redis's processCommand).
static bool runs_inside_multi(const Command& cmd) {
    std::string_view n = cmd.name();
    return n == "exec" || n == "discard" || n == "multi" || n == "watch" || n == "quit" ||
           n == "reset";
}

// MULTI: the command is kept for EXEC and answered +QUEUED.
static void queue_command(Client& c, const Command& cmd,
                          const std::vector<std::string_view>& argv) {
    TxState& tx = c.tx_state();
    QueuedCommand q{&cmd, {}};
    q.argv.reserve(argv.size());
    for (std::string_view a : argv) {
        q.argv.emplace_back(a);
        tx.argv_len_sums += a.size();
    }
    tx.argv_len_sums += argv.size() * sizeof(void*);
    tx.cmd_flags |= cmd.spec().flags;
    tx.queue.push_back(std::move(q));
    c.reply().simple("QUEUED");
}

// The cached time is refreshed once per batch of input (see ClientSession::on_read) and by
// the cron, not per command: a pipeline of commands shares one clock reading.
bool Server::execute(Client& c, const std::vector<std::string_view>& argv) {
    resp::Reply& reply = c.reply();
    // Client-side caching metadata stays within tracking-table-max-keys (Redis checks here).
    if (tracking_.client_count() > 0) {
        tracking_.enforce_limit(static_cast<size_t>(config_.tracking_table_max_keys));
    }
    const Command* cmd = commands_.find(argv[0]);
    // Rejections come first, in Redis 7.0's processCommand order; a rejected command is
    // answered at once even while clients are paused.
    std::string rejection;
    bool counted = false;  // whether the rejection counts against the command's stats
    const Command* sub = nullptr;
    if (cmd && cmd->has_subcommands() && argv.size() >= 2) sub = cmd->find_subcommand(argv[1]);
    if (!cmd) {
        rejection = "ERR unknown command '" + std::string(argv[0].substr(0, 128)) +
                    "', with args beginning with: " + args_preview(argv, 1);
    } else if (cmd->has_subcommands() && argv.size() >= 2 && !sub) {
        rejection = "ERR unknown subcommand '" + std::string(argv[1].substr(0, 128)) + "'. Try " +
                    upper(cmd->name()) + " HELP.";
    } else {
        if (sub) cmd = sub;
        counted = true;
        if (!cmd->arity_ok(argv.size())) {
            rejection = "ERR wrong number of arguments for '" + cmd->full_name() + "' command";
        } else if (!c.authenticated && !(cmd->spec().flags & kNoAuth)) {
            rejection = "NOAUTH Authentication required.";
        } else if ((c.flags & kMulti) && (cmd->spec().flags & kNoMulti)) {
            rejection = "ERR Command not allowed inside a transaction";
        } else if ((c.flags & kSubscribed) && c.resp_version() == 2 &&
                   !allowed_while_subscribed(*cmd)) {
            // Pub/Sub: a RESP2 client with subscriptions may only run (P|S)SUBSCRIBE,
            // (P|S)UNSUBSCRIBE, PING, QUIT and RESET. RESP3 has no such limit.
            rejection = "ERR Can't execute '" + cmd->full_name() +
                        "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                        "allowed in this context";
        }
    }
    if (rejection.empty() && must_postpone(c, *cmd)) return false;
    // CLIENT LIST cmd=: what was asked for, known or not (Redis sets lastcmd on lookup).
    c.last_command_name = counted ? &cmd->full_name() : nullptr;

    {
        ReplyMute mute(c);
        if (!rejection.empty()) {
            reply.error(rejection);
            if (counted) cmd->stats().rejected_calls++;
            stats_.record_error(reply.last_error_code());
            // A rejected command inside MULTI dooms the transaction (Redis's flagTransaction).
            if (c.flags & kMulti) c.flags |= kDirtyExec;
        } else if ((c.flags & kMulti) && !runs_inside_multi(*cmd)) {
            queue_command(c, *cmd, argv);
        } else {
            call(c, *cmd, argv);
        }
    }
    // CLIENT CACHING covers the next command (or transaction) only (Redis's resetClient).
    if (!(c.flags & kMulti) && !(counted && cmd->parent() && cmd->parent()->name() == "client")) {
        c.flags &= ~static_cast<uint32_t>(kTrackingCaching);
    }
    tracking_.send_pending(c);  // invalidations for keys the command itself changed
    check_output_limits(c);
    blocking_.serve_ready();  // writes may have made keys ready for blocked clients
    return true;
}

void Server::call(Client& c, const Command& cmd, const std::vector<std::string_view>& argv) {
    resp::Reply& reply = c.reply();
    // EXEC calls this for each queued command: the outer command's error flag is kept.
    bool outer_error = reply.error_written();
    reply.reset_error_flag();
    Client* outer_client = current_client_;
    current_client_ = &c;
    auto start = std::chrono::steady_clock::now();
    {
        // Inside EXEC a queued CLIENT REPLY OFF silences the commands after it.
        std::optional<ReplyMute> nested_mute;
        if (c.flags & kDenyBlocking) nested_mute.emplace(c, true);
        CommandContext ctx(*this, c, cmd, argv, now_ms());
        cmd.spec().handler(ctx);
    }
    auto usec = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();

    CommandStats& st = cmd.stats();
    st.calls++;
    st.usec += static_cast<uint64_t>(usec);
    if (reply.error_written()) {
        st.failed_calls++;
        stats_.record_error(reply.last_error_code());
    }
    stats_.total_commands_processed++;
    // Client-side caching: remember what a tracking client read.
    if ((cmd.spec().flags & kReadOnly) && (c.flags & kTracking) && !(c.flags & kTrackingBcast)) {
        tracking_.remember_keys(c, cmd, argv);
    }
    current_client_ = outer_client;
    if (outer_error)
        reply.set_error_flag();
    else
        reply.reset_error_flag();
    // Admin commands are not shown, as in Redis (they may carry secrets).
    if (!monitors_.empty() && !(cmd.spec().flags & (kAdmin | kSkipMonitor)) && !c.closed) {
        monitors_.feed(c, c.db_index, argv);
    }
}

void Server::check_output_limits(Client& c) {
    if ((c.flags & kCloseAsap) || !c.connection()) return;
    // Subscribed clients (flag P) are checked against the pubsub class, as Redis's
    // getClientType does.
    config::ClientClass cls =
        (c.flags & kSubscribed) ? config::ClientClass::Pubsub : config::ClientClass::Normal;
    const config::ClientBufferLimit& cfg = config_.client_obuf_limits[static_cast<size_t>(cls)];
    OutputLimit limit{cfg.hard_bytes, cfg.soft_bytes, cfg.soft_seconds};
    if (!output_limit_reached(limit, c.output().list_memory(), now_ms() / 1000,
                              c.obuf_soft_limit_since_s)) {
        return;
    }
    // Closed asynchronously, without sending what is still buffered (Redis's CLOSE_ASAP).
    c.flags |= kCloseAsap;
    stats_.client_output_buffer_limit_disconnections++;
    log(LogLevel::Warning,
        "Client id=%llu addr=%s scheduled to be closed ASAP for overcoming of output buffer "
        "limits.",
        static_cast<unsigned long long>(c.id()), c.connection()->peer_address().c_str());
}

}  // namespace cairn
