// The command pipeline, Redis's processCommand + call(): every command, whoever sends it (a
// connection, a pseudo-client, EXEC's queue, a served blocked client), goes through
//   admit  -> lookup, arity, auth, MULTI rules, subscribed mode, CLIENT PAUSE;
//   call   -> the handler, its statistics, MONITOR's feed, and propagation of its effect;
//   after  -> clients unblocked by this command, tracking invalidations, output limits.
// A command run from inside another one (EXEC's queue) goes through call only; the ops it
// propagates join the outer command's execution unit, flushed when the outermost call ends.
#include <algorithm>
#include <cstring>
#include <optional>

#include "clients/client.hpp"
#include "clients/output_limits.hpp"
#include "commands/context.hpp"
#include "net/connection.hpp"
#include "platform/command_clock.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/redaction.hpp"
#include "server/reply_mute.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// "'a' 'b' " as Redis lists the first arguments of an unknown command (at most ~128 chars).
// What printf's "%.<max>s" prints of s: Redis formats these errors from C strings, so a
// name or argument ends at its first NUL byte.
std::string_view c_text(std::string_view s, size_t max) {
    return s.substr(0, std::min(s.find('\0'), max));
}

std::string args_preview(const std::vector<std::string_view>& argv, size_t from) {
    std::string args;
    for (size_t i = from; i < argv.size() && args.size() < 128; i++) {
        size_t room = 128 - args.size();
        args += "'";
        args.append(c_text(argv[i], room));
        args += "' ";
    }
    return args;
}

std::string upper(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

// MULTI: the command is kept for EXEC and answered +QUEUED.
void queue_command(Client& c, const Command& cmd, const std::vector<std::string_view>& argv) {
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

// Redis's is_write_command: a write, or EXEC of a transaction holding one.
bool writes(const Client& c, const Command& cmd) {
    if (cmd.spec().flags & kWrite) return true;
    const TxState* tx = c.tx();
    return (cmd.pipeline_flags() & kRunsQueue) && tx && (tx->cmd_flags & kWrite);
}

}  // namespace

// enable-debug-command: yes, or local for loopback and Unix-socket clients.
// Redis's allowProtectedAction for enable-debug-command / enable-module-command.
bool Server::protected_action_allowed(const std::string& v, const Client& c) const {
    if (v == "yes") return true;
    if (v != "local") return false;
    const net::Connection* conn = c.connection();
    return !conn || conn->peer_is_local();
}

// MODULE LOAD, LOADEX and UNLOAD (LIST and HELP are always allowed).
// Rejections in Redis 7.0's processCommand order. The refusals of later features go here in
// that order: -LOADING, -BUSY, -MISCONF, -READONLY, -NOREPLICAS and -OOM.
const Command* Server::find_command(std::string_view name) {
    LastLookup& last = last_lookup_;
    if (name.size() == last.len && std::equal(name.begin(), name.end(), last.name)) {
        return last.cmd;
    }
    const Command* cmd = commands_.find(name);
    if (cmd && !name.empty() && name.size() <= sizeof(last.name)) {
        std::memcpy(last.name, name.data(), name.size());
        last.len = static_cast<uint8_t>(name.size());
        last.cmd = cmd;
    }
    return cmd;
}

Server::Admission Server::admit(const Client& c, const std::vector<std::string_view>& argv) {
    Admission a;
    a.cmd = find_command(argv[0]);
    if (!a.cmd) {
        a.rejection = "ERR unknown command '" + std::string(c_text(argv[0], 128)) +
                      "', with args beginning with: " + args_preview(argv, 1);
        return a;
    }
    if (a.cmd->has_subcommands() && argv.size() >= 2) {
        const Command* sub = a.cmd->find_subcommand(argv[1]);
        if (!sub) {
            a.rejection = "ERR unknown subcommand '" + std::string(c_text(argv[1], 128)) +
                          "'. Try " + upper(a.cmd->name()) + " HELP.";
            a.cmd = nullptr;
            return a;
        }
        a.cmd = sub;
    }
    const Command& cmd = *a.cmd;
    if (!cmd.arity_ok(argv.size())) {
        a.rejection = "ERR wrong number of arguments for '" + cmd.full_name() + "' command";
    } else if ((cmd.pipeline_flags() & kDebugProtected) &&
               !protected_action_allowed(config_.enable_debug_command, c)) {
        a.rejection =
            "ERR DEBUG command not allowed. If the enable-debug-command option is set to "
            "\"local\", you can run it from a local connection, otherwise you need to set this "
            "option in the configuration file, and then restart the server.";
    } else if ((cmd.pipeline_flags() & kModuleProtected) &&
               !protected_action_allowed(config_.enable_module_command, c)) {
        a.rejection =
            "ERR MODULE command not allowed. If the enable-module-command option is set to "
            "\"local\", you can run it from a local connection, otherwise you need to set this "
            "option in the configuration file, and then restart the server.";
    } else if (!c.authenticated && !(cmd.spec().flags & kNoAuth)) {
        a.rejection = "NOAUTH Authentication required.";
    } else if ((c.flags & kMulti) && (cmd.spec().flags & kNoMulti)) {
        a.rejection = "ERR Command not allowed inside a transaction";
    } else if (!(c.flags & kPseudo) && !persistence_->write_refusal().empty() &&
               (writes(c, cmd) || cmd.name() == "ping")) {
        a.rejection = std::string(persistence_->write_refusal());
    } else if ((c.flags & kSubscribed) && c.resp_version() == 2 &&
               !(cmd.pipeline_flags() & kAllowedWhileSubscribed)) {
        // Pub/Sub: a RESP2 client with subscriptions may only run (P|S)SUBSCRIBE,
        // (P|S)UNSUBSCRIBE, PING, QUIT and RESET. RESP3 has no such limit.
        a.rejection = "ERR Can't execute '" + cmd.full_name() +
                      "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                      "allowed in this context";
    } else if (persistence_->loading() && !(cmd.spec().flags & kLoading) && !(c.flags & kPseudo)) {
        a.rejection = "LOADING Redis is loading the dataset in memory";
    } else if (scripts_->timed_out() && !(cmd.spec().flags & kAllowBusy)) {
        a.rejection = scripts_->running_eval()
                          ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL "
                            "or SHUTDOWN NOSAVE."
                          : "BUSY Redis is busy running a script. You can only call FUNCTION "
                            "KILL or SHUTDOWN NOSAVE.";
    } else {
        a.postpone = must_postpone(c, cmd);
    }
    return a;
}

// The cached time is refreshed once per batch of input (see ClientSession::on_read) and by
// the cron, not per command: a pipeline of commands shares one clock reading.
bool Server::execute(Client& c, const std::vector<std::string_view>& argv) {
    // Client-side caching metadata stays within tracking-table-max-keys (Redis checks here).
    if (tracking_.client_count() > 0) {
        tracking_.enforce_limit(static_cast<size_t>(config_.tracking_table_max_keys));
    }
    if (c.connection() && is_cross_protocol_attack(argv[0])) {
        security_warning(c);
        return true;
    }
    Admission a = admit(c, argv);
    if (a.postpone) return false;  // a rejected command is answered even while paused
    // CLIENT LIST cmd=: what was asked for, known or not (Redis sets lastcmd on lookup).
    c.last_command_name = a.cmd ? &a.cmd->full_name() : nullptr;
    {
        ReplyMute mute(c);
        if (!a.rejection.empty()) {
            reject(c, a);
        } else if ((c.flags & kMulti) && !(a.cmd->pipeline_flags() & kRunsInMulti)) {
            queue_command(c, *a.cmd, argv);
        } else {
            call(c, *a.cmd, argv, kCallFull);
        }
    }
    after_command(c, a.cmd);
    return true;
}

// "POST" or "Host:" as a command: an HTTP request (a browser, or a page making one through
// the victim's browser: cross-protocol scripting) reached the port.
bool Server::is_cross_protocol_attack(std::string_view name) {
    if (name.size() != 4 && name.size() != 5) return false;  // most commands: no compare
    return util::iequals(name, "post") || util::iequals(name, "host:");
}

// Redis's securityWarningCommand: no reply at all (what earlier commands of the request
// produced is dropped too), the connection is closed, and the log says so once a minute.
void Server::security_warning(Client& c) {
    if (last_security_warning_s_ == 0 || now_ms() / 1000 - last_security_warning_s_ > 60) {
        log(LogLevel::Warning,
            "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: "
            "commands to Redis. This is likely due to an attacker attempting to use Cross "
            "Protocol Scripting to compromise your Redis instance. Connection aborted.");
        last_security_warning_s_ = now_ms() / 1000;
    }
    c.output().clear();
    c.output().stop_growing();
    c.flags |= kCloseAsap;
}

void Server::reject(Client& c, const Admission& a) {
    c.reply().error(a.rejection);
    if (a.cmd) a.cmd->stats().rejected_calls++;
    stats_.record_error(c.reply().last_error_code());
    // A rejected command inside MULTI dooms the transaction (Redis's flagTransaction).
    if (c.flags & kMulti) c.flags |= kDirtyExec;
}

void Server::after_command(Client& c, const Command* cmd) {
    // CLIENT CACHING covers the next command (or transaction) only (Redis's resetClient).
    const Command* family = cmd ? cmd->parent() : nullptr;
    if (!(c.flags & kMulti) && !(family && (family->pipeline_flags() & kKeepsCachingFlag))) {
        c.flags &= ~static_cast<uint32_t>(kTrackingCaching);
    }
    tracking_.send_pending(c);  // invalidations for keys the command itself changed
    check_output_limits(c);
    blocking_.serve_ready();  // writes may have made keys ready for blocked clients
}

void Server::call(Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
                  uint8_t flags) {
    resp::Reply& reply = c.reply();
    const bool stats = flags & kCallStats;
    // EXEC calls this for each queued command: the outer command's error flag is kept.
    bool outer_error = reply.error_written();
    Client* outer_client = current_client_;
    if (stats) {
        reply.reset_error_flag();
        current_client_ = &c;
    }
    uint64_t dirty_before = stats_.dirty;
    std::optional<PropagationRequest> propagation;
    if ((flags & kCallPropagate) && propagator_.active()) propagation.emplace(propagator_);
    const uint64_t start = platform::command_clock_now();
    call_depth_++;
    {
        // Inside EXEC a queued CLIENT REPLY OFF silences the commands after it.
        std::optional<ReplyMute> nested_mute;
        if (c.flags & kDenyBlocking) nested_mute.emplace(c, true);
        CommandContext ctx(*this, c, cmd, argv, now_ms(), propagation ? &*propagation : nullptr);
        cmd.spec().handler(ctx);
    }
    call_depth_--;
    if (propagation) propagate_effect(c, cmd, argv, stats_.dirty != dirty_before, *propagation);
    if (stats) {
        const int64_t usec = record_call_stats(c, cmd, argv, start);
        log_if_slow(c, cmd, argv, usec);
        latency_monitor_.add_if_needed((cmd.spec().flags & kFast) ? "fast-command" : "command",
                                       usec / 1000, config_.latency_monitor_threshold,
                                       now_ms() / 1000);
        current_client_ = outer_client;
        if (outer_error)
            reply.set_error_flag();
        else
            reply.reset_error_flag();
    }
    // Admin commands are not shown, as in Redis (they may carry secrets).
    if ((flags & kCallMonitor) && !monitors_.empty() &&
        !(cmd.spec().flags & (kAdmin | kSkipMonitor)) && !c.closed) {
        monitors_.feed(c, c.db_index, argv);
    }
    // The outermost call ends the execution unit: its ops go to the sinks together.
    if (call_depth_ == 0 && propagator_.pending() > 0) propagator_.flush();
}

// commandstats, errorstats and the tracked reads of one call; returns its duration (us).
int64_t Server::record_call_stats(Client& c, const Command& cmd,
                                  const std::vector<std::string_view>& argv, uint64_t start) {
    const int64_t usec = platform::command_clock_us(start, platform::command_clock_now());
    CommandStats& st = cmd.stats();
    st.calls++;
    st.usec += static_cast<uint64_t>(usec);
    if (config_.latency_tracking) {
        // Microseconds recorded as nanoseconds, as Redis's updateCommandLatencyHistogram.
        if (!st.latency) st.latency = std::make_unique<util::LatencyHistogram>();
        st.latency->record(usec * 1000);
    }
    if (c.reply().error_written()) {
        st.failed_calls++;
        if (!skip_error_stats_) stats_.record_error(c.reply().last_error_code());
    }
    skip_error_stats_ = false;
    stats_.total_commands_processed++;
    // Client-side caching: remember what a tracking client read.
    if ((cmd.spec().flags & kReadOnly) && (c.flags & kTracking) && !(c.flags & kTrackingBcast)) {
        tracking_.remember_keys(c, cmd, argv);
    }
    return usec;
}

// Redis's slowlogPushCurrentCommand: what the client sent (secrets redacted), not what it was
// rewritten to; EXEC and the like (skip_slowlog) are left out, the commands they ran are not.
void Server::log_if_slow(const Client& c, const Command& cmd,
                         const std::vector<std::string_view>& argv, int64_t usec) {
    const long long threshold = config_.slowlog_log_slower_than;
    if (threshold < 0 || usec < threshold || (cmd.spec().flags & kSkipSlowlog)) return;
    // AOF loading is not logged; the commands of scripts are, besides their EVAL (Redis 7.0
    // calls them with CMD_CALL_SLOWLOG), with no address ("?:0").
    if ((c.flags & kPseudo) && !scripts_->is_script_client(c)) return;
    SlowLog::Entry e;
    e.time_s = now_ms() / 1000;
    e.duration_us = usec;
    e.args = SlowLog::entry_args(argv, redacted_arguments(argv));
    e.peer = c.connection() ? c.connection()->peer_address() : "?:0";
    e.name = c.name();
    slowlog_.push(std::move(e), static_cast<size_t>(config_.slowlog_max_len));
}

// Redis's call(): a command that changed the dataset is propagated (as the client sent it,
// or as it rewrote itself), unless it prevented that; a forced one is propagated anyway.
// EXEC is never propagated itself: what it ran was.
void Server::propagate_effect(const Client& c, const Command& cmd,
                              const std::vector<std::string_view>& argv, bool changed,
                              PropagationRequest& request) {
    if (cmd.pipeline_flags() & kRunsQueue) return;
    uint8_t targets = changed ? kPropagateAll : kPropagateNone;
    targets =
        static_cast<uint8_t>((targets | request.forced) & ~request.prevented & propagation_mask_);
    if (targets == kPropagateNone) return;
    std::vector<std::string> words;
    if (!request.rewritten.empty()) {
        words = std::move(request.rewritten);
    } else {
        words.assign(argv.begin(), argv.end());
    }
    propagator_.also_propagate(c.db_index, std::move(words), targets);
}

// A key deleted by expiry, lazily or by the active cycle, is propagated as a deletion (Redis's
// propagateDeletion); outside a command it is an execution unit of its own.
void Server::propagate_expiry(int db, std::string_view key) {
    if (!propagator_.active()) return;
    std::string name = CommandContext::deletion_command(config_.lazyfree_lazy_expire);
    propagator_.also_propagate(db, {std::move(name), std::string(key)});
    if (call_depth_ == 0) propagator_.flush();
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
    // Closed asynchronously, without sending what is still buffered (Redis's CLOSE_ASAP);
    // the reply being built stops growing.
    c.flags |= kCloseAsap;
    c.output().stop_growing();
    clients_.touch(c);  // the cron frees it if nothing else does first
    stats_.client_output_buffer_limit_disconnections++;
    log(LogLevel::Warning,
        "Client id=%llu addr=%s scheduled to be closed ASAP for overcoming of output buffer "
        "limits.",
        static_cast<unsigned long long>(c.id()), c.connection()->peer_address().c_str());
}

}  // namespace cairn
