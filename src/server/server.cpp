#include "server/server.hpp"
#include "server/script_engine.hpp"

#include <algorithm>
#include <chrono>
#include <random>

#include "clients/client.hpp"
#include "db/lfu.hpp"
#include "net/connection.hpp"
#include "net/event_loop.hpp"
#include "platform/crash_report.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/commands/server_commands.hpp"
#include "server/log.hpp"
#include "server/migrate_sockets.hpp"
#include "server/persistence.hpp"
#include "server/process_setup.hpp"
#include "server/propagation_log.hpp"
#include "server/runtime.hpp"
#include "service/readiness.hpp"
#include "service/supervision.hpp"

namespace cairn {

namespace {

std::string random_hex(size_t len) {
    std::random_device rd;
    std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
    static const char kHex[] = "0123456789abcdef";
    std::string s(len, '0');
    for (char& c : s) c = kHex[gen() & 15];
    return s;
}

// Extra descriptors kept aside for listeners, log and config files (Redis's
// CONFIG_MIN_RESERVED_FDS).
constexpr uint64_t kReservedFds = 32;

// A client idle this long gives back its query buffer (Redis: 2 s).
constexpr int64_t kIdleBufferReleaseMs = 2000;

}  // namespace

Server::Server(config::Config cfg)
    : config_(std::move(cfg)), runtime_(std::make_unique<ServerRuntime>(*this)) {
    register_all_commands(commands_);
    for (int i = 0; i < config_.databases; i++) {
        dbs_.push_back(std::make_unique<db::Database>(i));
        // An expired key is a change for WATCH (Redis's deleteExpiredKeyAndPropagate signals
        // it) and for client-side caching, but not a write: no dirty count.
        dbs_.back()->set_expired_hook([this](int db, std::string_view key) {
            notify_keyspace_event(config::notify::Expired, "expired", key, db);
            watched_.touch(*dbs_[static_cast<size_t>(db)], key);
            tracking_.invalidate_key(nullptr, key);
            propagate_expiry(db, key);
        });
        // Redis's dbAdd: every key created is a "new" event (class 'n').
        dbs_.back()->set_new_key_hook([this](int db, std::string_view key) {
            notify_keyspace_event(config::notify::New, "new", key, db);
        });
    }
    multiplexing_api_ = net::multiplexing_api(runtime_->io());
    run_id_ = random_hex(40);
    replid_ = random_hex(40);
    refresh_access_policy();
    update_time();
    start_time_ms_ = now_ms();
    persistence_ = std::make_unique<Persistence>(*this);
    migrate_sockets_ = std::make_unique<MigrateSockets>();
    scripts_ = std::make_unique<ScriptEngine>(*this);
}

Server::~Server() {
    // Close every connection before the io_context that owns their sockets goes away.
    clients_.for_each([](Client& c) {
        c.closed = true;
        if (c.connection()) c.connection()->close();
    });
    clients_ = ClientRegistry();
    persistence_.reset();  // its timers belong to the io_context
    runtime_.reset();
}

std::unique_ptr<Client> Server::create_pseudo_client() {
    auto c = std::make_unique<Client>(next_client_id(), nullptr, now_ms());
    c->authenticated = true;
    return c;
}

void Server::refresh_access_policy() {
    db::LfuPolicy p;
    p.enabled = config_.maxmemory_policy.find("lfu") != std::string::npos;
    p.log_factor = config_.lfu_log_factor;
    p.decay_time = config_.lfu_decay_time;
    db::set_lfu_policy(p);
}

void Server::update_time() {
    using namespace std::chrono;
    now_us_ = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// Raises the open-file limit to fit maxclients, or lowers maxclients to what fits, with
// Redis's log messages (adjustOpenFilesLimit).
static void adjust_open_files_limit(config::Config& cfg) {
    if (!platform::has_fd_limit()) return;
    uint64_t wanted = static_cast<uint64_t>(cfg.maxclients) + kReservedFds;
    uint64_t before = platform::fd_limit();
    if (before >= wanted) return;
    uint64_t got = platform::raise_fd_limit(wanted);
    if (got >= wanted) {
        log(LogLevel::Notice,
            "Increased maximum number of open files to %llu (it was originally set to %llu).",
            static_cast<unsigned long long>(got), static_cast<unsigned long long>(before));
        return;
    }
    long long old_max = cfg.maxclients;
    long long fit = got > kReservedFds ? static_cast<long long>(got - kReservedFds) : 1;
    cfg.maxclients = std::max(fit, 1LL);
    log(LogLevel::Warning,
        "You requested maxclients of %lld requiring at least %llu max file descriptors.", old_max,
        static_cast<unsigned long long>(wanted));
    log(LogLevel::Warning,
        "Server can't set maximum open files to %llu because of OS error: Operation not permitted.",
        static_cast<unsigned long long>(wanted));
    log(LogLevel::Warning,
        "Current maximum open files is %llu. maxclients has been reduced to %lld to compensate "
        "for low ulimit. If you need higher maxclients increase 'ulimit -n'.",
        static_cast<unsigned long long>(got), cfg.maxclients);
}

int Server::run() {
    adjust_open_files_limit(config_);
    std::string err;
    if (!config_.propagation_log.empty()) {
        propagation_log_ = std::make_unique<PropagationLog>();
        if (!propagation_log_->open(config_.propagation_log, err)) {
            log(LogLevel::Warning, "Can't open the propagation log %s: %s",
                config_.propagation_log.c_str(), err.c_str());
            return 1;
        }
        propagator_.add_sink(propagation_log_.get());
    }
    if (!runtime_->listen(err)) {
        log(LogLevel::Warning, "%s", err.c_str());
        return 1;
    }
    update_process_title(config_, title_name_, config_file_);
    bind_thread_to_cpus(config_.server_cpulist, "server_cpulist");
    std::string oom_err;
    apply_oom_score_adj(config_, oom_err);  // a failure is logged; the server still starts
    apply_watchdog_period(config_);
    memory_.set_startup(platform::heap_used_bytes());
    log(LogLevel::Notice, "Server initialized");
    // Clients that connect while the data loads get -LOADING (server/dispatch.cpp); the
    // service manager hears of readiness once it is in.
    service::notify_status("Loading the dataset");
    persistence_->start_loading([this](bool ok) {
        if (!ok) {
            exit_code_ = 1;
            runtime_->shutdown();
            return;
        }
        log(LogLevel::Notice, "Ready to accept connections");
        service::notify_ready();
    });
    runtime_->run();
    return exit_code_;
}

void Server::key_modified(db::Database& d, std::string_view key) {
    stats_.dirty++;
    // Blocked clients wait for a list or a sorted set: only a write that leaves one there
    // wakes them (Redis's signalKeyAsReady ignores other types, so a SET never re-runs a
    // BLPOP, whose lookup could expire the key ahead of Redis).
    // Streams wake XREAD / XREADGROUP readers; a stream key deleted or overwritten wakes its
    // XREADGROUP readers too (Redis's signalDeletedKeyAsReady: they get an error).
    if (blocking_.blocked_count() > 0) {
        const db::Object* o = d.peek(key);
        if (o && (o->type == db::ObjType::List || o->type == db::ObjType::ZSet ||
                  o->type == db::ObjType::Stream)) {
            blocking_.key_touched(d.id(), key);
        } else if (blocking_.has_group_readers(d.id(), key)) {
            blocking_.key_touched(d.id(), key);
        }
    }
    watched_.touch(d, key);
    tracking_.invalidate_key(current_client_, key);
}

void Server::schedule_tracking_broadcast() {
    runtime_->post([this] { tracking_.broadcast(); });
}

void Server::db_replaced(db::Database& emptied, db::Database* replaced_with) {
    watched_.touch_all_in_db(emptied, replaced_with, now_ms());
    // Redis's scanDatabaseForDeletedStreams: XREADGROUP readers of a stream that went away get
    // their error (the others stay blocked when their commands run again).
    if (blocking_.blocked_count() > 0) blocking_.db_touched(emptied.id());
}

void Server::discard_transaction(Client& c) {
    watched_.unwatch_all(c);
    c.clear_tx();
    c.flags &= ~static_cast<uint32_t>(kMulti | kDirtyCas | kDirtyExec);
}

void Server::schedule_block_timeout(int64_t deadline_ms) {
    runtime_->schedule_block_timeout(deadline_ms - now_ms());
}

void Server::block_timeout_fired() {
    update_time();
    blocking_.expire(now_ms());
    if (int64_t next = blocking_.next_deadline()) schedule_block_timeout(next);
}

bool Server::prepare_shutdown(ShutdownMode mode, bool force) {
    log(LogLevel::Warning, "User requested shutdown...");
    if (persistence_->bgsave_in_progress()) {
        log(LogLevel::Warning, "There is a child saving an .rdb. Killing it!");
        persistence_->kill_bgsave();
    }
    persistence_->aof().on_shutdown();
    const bool save = mode == ShutdownMode::Save ||
                      (mode == ShutdownMode::Default && !config_.save_params.empty());
    if (save && !persistence_->loading()) {
        log(LogLevel::Notice, "Saving the final RDB snapshot before exiting.");
        if (!persistence_->save()) {
            if (!force) {
                log(LogLevel::Warning, "Error trying to save the DB, can't exit.");
                return false;
            }
            log(LogLevel::Warning, "Error trying to save the DB. Exit anyway.");
        }
    }
    return true;
}

void Server::request_shutdown(ShutdownMode mode, bool prepared, bool force) {
    if (shutdown_requested_) return;
    shutdown_requested_ = true;
    shutdown_mode_ = mode;
    shutdown_force_ = force;
    // Finish the current command first; then stop from the event loop.
    runtime_->post([this, prepared] {
        if (!prepared && !prepare_shutdown(shutdown_mode_, shutdown_force_)) {
            // Windows's SCM asks in its own terms (service/readiness.hpp), not with a signal.
            const std::string_view request = service::stop_request();
            const std::string what =
                request.empty() ? "SIGTERM received" : "Windows " + std::string(request);
            log(LogLevel::Warning,
                "%s but errors trying to shut down the server, check the logs for more "
                "information",
                what.c_str());
            shutdown_requested_ = false;
            return;
        }
        service::notify_stopping();
        if (!config_.pidfile.empty()) {
            log(LogLevel::Notice, "Removing the pid file.");
            std::remove(config_.pidfile.c_str());
        }
        if (!config_.unixsocket.empty()) log(LogLevel::Notice, "Removing the unix socket file.");
        runtime_->shutdown();
        log(LogLevel::Warning, "Cairn is now ready to exit, bye bye...");
    });
}

void Server::before_reply_write() {
    Aof& aof = persistence_->aof();
    if (aof.state() != Aof::State::Off) aof.flush(false);
}

uint64_t Server::empty_data() {
    uint64_t removed = 0;
    for (auto& d : dbs_) {
        db_replaced(*d, nullptr);
        removed += d->size();
        d->clear();
    }
    tracking_.invalidate_all();
    return removed;
}

void Server::leave_registries(Client& c) {
    blocking_.unblock(c);
    discard_transaction(c);    // MULTI queue dropped, WATCHed keys unwatched
    pubsub_.remove_client(c);  // Pub/Sub: leave every channel, pattern and shard channel
    tracking_.disable(c);
    monitors_.remove(c);
}

void Server::free_client(Client& c, const char* reason) {
    if (c.closed) return;
    c.closed = true;
    // The one teardown path (connection closed, CLIENT KILL, output or query buffer limits,
    // idle timeout, close after reply, write errors), in a fixed order: the client leaves every
    // cross-client registry before its connection closes and it leaves the client registry.
    leave_registries(c);
    if (c.connection()) {
        if (logger().enabled(LogLevel::Verbose)) {  // the address costs a system call
            log(LogLevel::Verbose, "%s: id=%llu addr=%s", reason,
                static_cast<unsigned long long>(c.id()), c.connection()->peer_address().c_str());
        }
        c.connection()->close();
    }
    // The query buffer may be the target of a pending read: it is freed with the client, after
    // that read's completion has run.
    c.output().clear();
    // Last: unlinking may drop the registry's reference (the connection closed first).
    clients_.remove(c);  // may drop the last reference only after the caller's callback ends
}

void Server::change_replication_id() {
    replid_ = random_hex(40);
}

void Server::cron() {
    update_time();
    service::watchdog_tick();
    // watchdog-period: the stack trace is logged if the next tick is that late.
    if (config_.watchdog_period > 0) platform::arm_watchdog(config_.watchdog_period);
    if (cron_paused_) return;  // DEBUG PAUSE-CRON 1, as serverCron's pause_cron
    // A busy script serves clients from its hook (file events only, as Redis's
    // processEventsWhileBlocked): no expiry or other timed work runs under it.
    if (scripts_->running()) return;
    memory_.cron(now_ms(), config_.jemalloc_bg_thread);
    clients_cron();
    persistence_->cron();
    migrate_sockets_->cron(now_ms() / 1000);
    if (persistence_->loading()) return;
    if (now_ms() - last_metrics_ms_ >= 100) {
        last_metrics_ms_ = now_ms();
        stats_.ops_per_sec.track(stats_.total_commands_processed, now_ms());
        stats_.input_bytes_per_sec.track(stats_.net_input_bytes, now_ms());
        stats_.output_bytes_per_sec.track(stats_.net_output_bytes, now_ms());
    }
    // While clients are paused the dataset must not change under them: no active expiry
    // (Redis pauses expiry the same way). DEBUG SET-ACTIVE-EXPIRE 0 turns it off.
    if (pause_mode_ == PauseMode::None && active_expire_enabled_) {
        const int64_t start_us = now_us();
        active_expire_cycle();
        update_time();
        latency_monitor_.add_if_needed("expire-cycle", (now_us() - start_us) / 1000,
                                       config_.latency_monitor_threshold, now_ms() / 1000);
    }
    // Incremental rehashing: about 1 ms per tick across the databases that need it.
    if (config_.activerehashing) {
        int64_t rehash_deadline = now_ms() + 1;
        for (auto& d : dbs_) {
            if (d->rehash_step(rehash_deadline)) break;
        }
    }
}

void Server::active_expire_cycle() {
    // Active expiry gets 25% of a cron period (Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC),
    // scaled by active-expire-effort.
    int hz = std::max(config_.hz, 1);
    int effort = std::clamp(config_.active_expire_effort, 1, 10) - 1;
    int64_t budget_us = (1000000 / hz) * (25 + 2 * effort) / 100;
    int64_t deadline_ms = now_ms() + std::max<int64_t>(budget_us / 1000, 1);
    size_t samples = 20 + 5 * static_cast<size_t>(effort);
    int n = db_count();
    for (int i = 0; i < n; i++) {
        int index = (cron_db_ + i) % n;
        dbs_[static_cast<size_t>(index)]->active_expire(now_ms(), samples, deadline_ms,
                                                        static_cast<size_t>(10 - effort));
        update_time();
        if (now_ms() >= deadline_ms) {
            stats_.expired_time_cap_reached_count++;
            cron_db_ = (index + 1) % n;
            break;
        }
    }
}

void Server::clients_cron() {
    // Like Redis's clientsCron, every client that has something to do is visited about once
    // per second, at least kMinIterations per tick; clients that have nothing to do are not
    // visited at all (see ClientRegistry), so idle connections cost no cron time.
    constexpr size_t kMinIterations = 5;
    size_t n = std::max(clients_.active_count() / static_cast<size_t>(std::max(config_.hz, 1)),
                        kMinIterations);
    int64_t timeout_ms = static_cast<int64_t>(config_.timeout) * 1000;
    auto timeout_exempt = [](const Client& c) {
        // Pub/Sub and blocked clients are never closed for being idle, as in Redis.
        return (c.flags & (kSubscribed | kBlocked | kMonitor)) != 0;
    };
    clients_.for_some_active(n, [&](Client& c) {
        using Verdict = ClientRegistry::Verdict;
        track_buffer_peaks(c.query().capacity(), c.output().list_memory());
        int64_t idle_ms = now_ms() - c.last_interaction_ms;
        // A client that reads nothing more is still held to its soft limit's seconds
        // (clientsCron's closeClientOnOutputBufferLimitReached).
        check_output_limits(c);
        if (c.flags & kCloseAsap) {
            free_client(c, "Closing client over its output buffer limit");
            return Verdict::Stay;
        }
        if (reply_buffer_resizing_) {
            switch (c.output().resize_reply_buffer(now_ms(), reply_buffer_peak_reset_ms_)) {
                case resp::OutputBuffer::Resize::Shrunk:
                    stats_.reply_buffer_shrinks++;
                    break;
                case resp::OutputBuffer::Resize::Expanded:
                    stats_.reply_buffer_expands++;
                    break;
                case resp::OutputBuffer::Resize::None:
                    break;
            }
        }
        if (timeout_ms > 0 && idle_ms > timeout_ms && !timeout_exempt(c)) {
            free_client(c, "Closing idle client");
            return Verdict::Stay;
        }
        // Like Redis's clientsCronResizeQueryBuffer: an idle client gives its buffer back.
        if (idle_ms > kIdleBufferReleaseMs && c.query().empty() && c.output().empty() && c.waker) {
            c.waker->release_idle_read_buffer();
        }
        // Nothing left for the cron until the client does something again.
        if (c.query().capacity() == 0 && c.output().empty() && c.obuf_soft_limit_since_s == 0 &&
            (!reply_buffer_resizing_ || c.output().reply_buffer_settled())) {
            return timeout_exempt(c) ? Verdict::Parked : Verdict::Quiet;
        }
        return Verdict::Stay;
    });
    // The idle timeout of quiet clients: only those past it are looked at.
    if (timeout_ms > 0) {
        clients_.for_quiet_before(now_ms() - timeout_ms, [&](Client& c) {
            if (!timeout_exempt(c)) free_client(c, "Closing idle client");
        });
    }
}

void Server::track_buffer_peaks(size_t input, size_t output) {
    int64_t second = now_ms() / 1000;
    if (second != peak_second_) {
        // Clear the slots of the seconds that passed since the last call (all, after a gap).
        for (int64_t s = peak_second_ + 1; s <= second && s <= peak_second_ + kPeakSlots; s++) {
            peak_in_[s % kPeakSlots] = 0;
            peak_out_[s % kPeakSlots] = 0;
        }
        peak_second_ = second;
    }
    size_t slot = static_cast<size_t>(second % kPeakSlots);
    peak_in_[slot] = std::max(peak_in_[slot], input);
    peak_out_[slot] = std::max(peak_out_[slot], output);
}

size_t Server::recent_max_input_buffer() const {
    return *std::max_element(std::begin(peak_in_), std::end(peak_in_));
}

size_t Server::recent_max_output_buffer() const {
    return *std::max_element(std::begin(peak_out_), std::end(peak_out_));
}

bool Server::apply(config::Apply what, std::string& err) {
    switch (what) {
        case config::Apply::None:
            return true;
        case config::Apply::Listeners:
            if (!runtime_->rebind(err)) return false;
            update_process_title(config_, title_name_, config_file_);  // {listen-addr} changed
            return true;
        case config::Apply::ProcTitle:
            if (!update_process_title(config_, title_name_, config_file_)) {
                err = "failed to set process title";
                return false;
            }
            return true;
        case config::Apply::OomScore:
            if (!apply_oom_score_adj(config_, err)) {
                err = "Failed to set current oom_score_adj. Check server logs.";
                return false;
            }
            return true;
        case config::Apply::Watchdog:
            apply_watchdog_period(config_);
            return true;
        case config::Apply::Logging: {
            LogLevel level;
            if (parse_log_level(config_.loglevel, level)) logger().set_level(level);
            return true;
        }
        case config::Apply::Dir:
            if (!platform::change_directory(config_.dir, err)) return false;
            config_.dir = platform::current_directory();
            return true;
        case config::Apply::MaxClients: {
            if (!platform::has_fd_limit()) return true;
            uint64_t wanted = static_cast<uint64_t>(config_.maxclients) + kReservedFds;
            uint64_t got = platform::raise_fd_limit(wanted);
            if (got < wanted) {
                err =
                    "The operating system is not able to handle the specified number of "
                    "clients, try with " +
                    std::to_string(got > kReservedFds ? got - kReservedFds : 0);
                return false;
            }
            return true;
        }
        case config::Apply::Appendonly:
            if (!config_.appendonly) {
                persistence_->aof().stop();
                return true;
            }
            return persistence_->aof().start(err);
        case config::Apply::TcpKeepalive:
            return runtime_->apply_tcp_keepalive(err);
        case config::Apply::CrashLog:
            install_crash_report(config_);
            return true;
        case config::Apply::Hz:          // the cron reads hz on every tick
        case config::Apply::Maxmemory:   // eviction is not implemented yet; the limit is kept
        case config::Apply::UnixSocket:  // immutable at runtime
        case config::Apply::Databases:   // immutable at runtime
            return true;
    }
    return true;
}

}  // namespace cairn
