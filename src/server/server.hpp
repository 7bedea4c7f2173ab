// The Server object: owns the config, the databases, the client registry, the command table,
// the listeners and the cron; runs the single command-executing io_context thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clients/client_registry.hpp"
#include "commands/command.hpp"
#include "commands/command_host.hpp"
#include "commands/propagation.hpp"
#include "commands/stats.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "server/blocking.hpp"
#include "server/keyspace_events.hpp"
#include "server/latency_monitor.hpp"
#include "server/memory_report.hpp"
#include "server/monitor.hpp"
#include "server/pubsub.hpp"
#include "server/slowlog.hpp"
#include "server/tracking.hpp"
#include "server/watched_keys.hpp"

namespace cairn {

class Client;
class ClientSession;
class MigrateSockets;
class Persistence;
class PropagationLog;
class ScriptEngine;
class ServerRuntime;  // Asio-facing parts (listeners, timers, signals), kept out of this header

enum class ShutdownMode { Default, NoSave, Save };

// What a call of the pipeline does besides running the handler (Redis's CMD_CALL_* flags).
enum CallFlag : uint8_t {
    kCallStats = 1u << 0,      // commandstats, errorstats, the running client, tracking reads
    kCallMonitor = 1u << 1,    // MONITOR's feed
    kCallPropagate = 1u << 2,  // the effect goes to the propagation sinks
    kCallFull = kCallStats | kCallMonitor | kCallPropagate,
};
enum class PauseMode { None, Write, All };

class Server final : public config::ConfigHost, public CommandHost {
public:
    explicit Server(config::Config cfg);
    ~Server() override;

    // Binds listeners, logs "Ready to accept connections", runs until shutdown.
    // Returns the process exit code.
    int run();

    config::Config& config() { return config_; }
    const config::Config& config() const override { return config_; }
    const CommandTable& commands() const override { return commands_; }
    CommandTable& commands() { return commands_; }
    Stats& stats() override { return stats_; }

    int db_count() const override { return static_cast<int>(dbs_.size()); }
    db::Database& db(int index) override { return *dbs_[static_cast<size_t>(index)]; }

    // Cached wall clock, refreshed before every command and every cron tick (unix ms / µs).
    int64_t now_ms() const { return now_us_ / 1000; }
    int64_t now_us() const { return now_us_; }
    void update_time();

    // The pipeline (server/dispatch.cpp). execute runs one parsed command of a client: admit,
    // call, after. Returns false when CLIENT PAUSE postpones it: nothing ran and the caller
    // keeps the command.
    bool execute(Client& c, const std::vector<std::string_view>& argv);
    // Runs an admitted command (Redis's call()): the handler, and per flags its statistics,
    // MONITOR's feed and propagation. EXEC runs each queued command through it, and a served
    // blocked client its command; the outermost call flushes the propagated ops.
    void call(Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
              uint8_t flags = kCallFull);
    // A command running inside another (EXEC's queued commands): Redis's in_exec.
    bool in_exec() const { return call_depth_ > 1; }
    // Where write effects go (the AOF and replicas attach their sinks here).
    Propagator& propagator() { return propagator_; }
    // Targets the commands called from now on may propagate to (a script's redis.set_repl).
    void set_propagation_mask(uint8_t targets) { propagation_mask_ = targets; }
    // The running command's error reply repeats an error already counted (a script failing
    // on a redis.call error): it counts as a failed call but not again in errorstats (Redis's
    // ERR_REPLY_FLAG_NO_STATS_UPDATE).
    void skip_error_stats() { skip_error_stats_ = true; }
    // A key was deleted by expiry: propagated as DEL (UNLINK with lazyfree-lazy-expire).
    void propagate_expiry(int db, std::string_view key);
    // MULTI state ends (EXEC, DISCARD, RESET, disconnect): queue dropped, keys unwatched.
    void discard_transaction(Client& c);

    // CLIENT PAUSE / UNPAUSE. Postponed sessions are resumed when the pause ends.
    void pause_clients(int64_t until_ms, PauseMode mode);
    void unpause_clients();
    void pause_expired();  // the pause timer fired
    PauseMode pause_mode() const { return pause_mode_; }
    void postpone(std::shared_ptr<ClientSession> session);

    // A key was changed by a write (WATCH / tracking hook point) and the dirty counter.
    void key_modified(db::Database& d, std::string_view key) override;
    // FLUSHDB / FLUSHALL (replaced_with null) and SWAPDB, before the change: watchers of
    // keys that change lose their transaction.
    void db_replaced(db::Database& emptied, db::Database* replaced_with);
    WatchedKeys& watched_keys() { return watched_; }
    // Keyspace notifications (notify-keyspace-events): publishes `event` for `key` of database
    // dbid when the class bit `type` (config::notify::*) is enabled (server/keyspace_events.cpp).
    // Every write asks and the answer is almost always no: the check is inline for the server's
    // own callers (expiry hooks); commands reach it through one virtual call of CommandHost.
    void notify_keyspace_event(int type, std::string_view event, std::string_view key,
                               int dbid) override {
        if (keyspace_event_enabled(config_.notify_keyspace_flags, type)) {
            publish_keyspace_event(event, key, dbid);
        }
    }
    Tracking& tracking() { return tracking_; }
    // BCAST invalidations go out once the current batch of events is done.
    void schedule_tracking_broadcast();
    // The client whose command is running (null in the cron and timers).
    Client* current_client() const { return current_client_; }
    Monitors& monitors() { return monitors_; }
    SlowLog& slowlog() { return slowlog_; }
    MemoryTracker& memory() { return memory_; }
    LatencyMonitor& latency_monitor() { return latency_monitor_; }

    // SHUTDOWN / SIGTERM / service stop: Redis's prepareForShutdown (a running BGSAVE
    // stopped, the final save per mode and save points), then stop accepting, flush pending
    // replies and exit 0. prepare_shutdown alone is SHUTDOWN's synchronous part: false when
    // the save failed and force is not set (the server keeps running). request_shutdown
    // without prepared runs it first and keeps running if it fails.
    bool prepare_shutdown(ShutdownMode mode, bool force);
    void request_shutdown(ShutdownMode mode, bool prepared = false, bool force = false);
    bool shutting_down() const { return shutdown_requested_; }

    // RDB: loading, SAVE / BGSAVE, save points, INFO persistence (server/persistence.hpp).
    Persistence& persistence() { return *persistence_; }
    MigrateSockets& migrate_sockets() { return *migrate_sockets_; }
    // EVAL / FUNCTION: the Lua states, the script cache, the function libraries, the running
    // script (server/script_engine.hpp).
    ScriptEngine& scripts() { return *scripts_; }
    // Replies are about to go out: the AOF's buffered writes reach the file first (and the
    // disk with appendfsync always), as Redis's beforeSleep does.
    void before_reply_write();
    // Empties every database (FLUSHALL, DEBUG RELOAD); returns the keys removed.
    uint64_t empty_data();

    ClientRegistry& clients() { return clients_; }
    PubSub& pubsub() { return pubsub_; }  // channel / pattern / shard channel registries
    // A client with no connection (fd -1) that runs commands for the server itself (AOF
    // loading, scripts). It is not in the registry, so CLIENT LIST does not show it.
    std::unique_ptr<Client> create_pseudo_client();
    // Records buffer sizes for INFO client_recent_max_input/output_buffer. Called where
    // buffers are at their largest (after reads, when output must wait) and by the cron.
    void track_buffer_peaks(size_t input, size_t output);
    size_t recent_max_input_buffer() const;
    size_t recent_max_output_buffer() const;
    uint64_t next_client_id() { return ++last_client_id_; }
    // Unlinks the client and closes its connection. Safe to call from the client's own
    // command: the object lives until its pending I/O callbacks have run.
    void free_client(Client& c, const char* reason);
    // The client leaves every cross-client registry, in this order: unblocked, transaction
    // discarded (keys unwatched), unsubscribed from all, untracked, out of MONITOR. Freeing a
    // client and RESET both start with it.
    void leave_registries(Client& c);
    // Output-buffer limits (client-output-buffer-limit, by the client's class): a client over
    // them is closed asynchronously. Checked after a command, and by the registries that append
    // to other clients' output (Pub/Sub messages, MONITOR lines, tracking invalidations).
    void check_output_limits(Client& c);

    Blocking& blocking() { return blocking_; }
    // CommandHost: the blocking commands' way in (Blocking::block / unblock).
    void block_client(Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
                      int db, const std::vector<std::string_view>& keys, int64_t deadline_ms,
                      TimeoutReply on_timeout) override {
        blocking_.block(c, cmd, argv, db, keys, deadline_ms, on_timeout);
    }
    void unblock_client(Client& c) override { blocking_.unblock(c); }
    void signal_key_ready(int db, std::string_view key) override { blocking_.key_touched(db, key); }
    // Arms the timer that times out blocked clients at deadline_ms (if earlier than armed).
    void schedule_block_timeout(int64_t deadline_ms);
    void block_timeout_fired();

    // Mirrors maxmemory-policy / lfu-* into the keyspace's access bookkeeping (OBJECT FREQ).
    void refresh_access_policy();

    // Periodic work (hz times per second): active expiry, incremental rehash.
    void cron();

    // ConfigHost: apply a runtime CONFIG SET change.
    bool apply(config::Apply what, std::string& err) override;

    ServerRuntime& runtime() { return *runtime_; }
    int64_t start_time_ms() const { return start_time_ms_; }
    const std::string& executable() const { return executable_; }
    void set_executable(std::string path) { executable_ = std::move(path); }
    const std::string& config_file() const { return config_file_; }
    void set_config_file(std::string path) { config_file_ = std::move(path); }
    // argv[0] as typed: the {title} of proc-title-template.
    void set_title_name(std::string name) { title_name_ = std::move(name); }
    std::string run_id() const { return run_id_; }
    // INFO multiplexing_api: the event loop's wait (net::multiplexing_api).
    std::string_view multiplexing_api() const { return multiplexing_api_; }
    // INFO master_replid; DEBUG CHANGE-REPL-ID draws a new one.
    const std::string& replid() const { return replid_; }
    void change_replication_id();
    // DEBUG SET-ACTIVE-EXPIRE and DEBUG PAUSE-CRON (test switches, off / running by default).
    void set_active_expire(bool on) { active_expire_enabled_ = on; }
    void set_cron_paused(bool paused) { cron_paused_ = paused; }
    // DEBUG REPLYBUFFER: how often reply buffer peaks restart (ms, negative: never) and
    // whether the clients cron resizes reply buffers at all.
    static constexpr int64_t kReplyBufferPeakResetMs = 5000;
    void set_reply_buffer_peak_reset_ms(int64_t ms) { reply_buffer_peak_reset_ms_ = ms; }
    void set_reply_buffer_resizing(bool on) { reply_buffer_resizing_ = on; }

private:
    friend class ServerRuntime;
    config::Config config_;
    CommandTable commands_;
    Stats stats_;
    std::vector<std::unique_ptr<db::Database>> dbs_;
    ClientRegistry clients_;
    Blocking blocking_{*this};
    PubSub pubsub_{*this};
    WatchedKeys watched_;
    Monitors monitors_{*this};
    SlowLog slowlog_;
    MemoryTracker memory_;
    LatencyMonitor latency_monitor_;
    Tracking tracking_{*this};
    Client* current_client_ = nullptr;
    Propagator propagator_;
    std::unique_ptr<PropagationLog> propagation_log_;  // the test-only sink, when configured
    int call_depth_ = 0;  // calls running now (Redis's execution_nesting)
    uint8_t propagation_mask_ = kPropagateAll;
    bool skip_error_stats_ = false;
    uint64_t last_client_id_ = 0;
    std::unique_ptr<ServerRuntime> runtime_;
    std::unique_ptr<Persistence> persistence_;
    std::unique_ptr<MigrateSockets> migrate_sockets_;
    std::unique_ptr<ScriptEngine> scripts_;
    int exit_code_ = 0;
    int64_t now_us_ = 0;
    int64_t start_time_ms_ = 0;
    bool shutdown_requested_ = false;
    ShutdownMode shutdown_mode_ = ShutdownMode::Default;
    bool shutdown_force_ = false;
    int cron_db_ = 0;
    int64_t last_metrics_ms_ = 0;
    // INFO client_recent_max_input/output_buffer: per-second maxima over the last
    // kPeakSlots seconds, as Redis's clientsCronTrackExpansiveClients.
    static constexpr int kPeakSlots = 8;
    size_t peak_in_[kPeakSlots] = {};
    size_t peak_out_[kPeakSlots] = {};
    int64_t peak_second_ = 0;
    PauseMode pause_mode_ = PauseMode::None;
    int64_t pause_end_ms_ = 0;
    std::vector<std::weak_ptr<ClientSession>> postponed_;

    // The admit stage's verdict: the command found (null when unknown), the error to answer
    // instead of running it, or that CLIENT PAUSE postpones it.
    struct Admission {
        const Command* cmd = nullptr;
        std::string rejection;
        bool postpone = false;
    };
    Admission admit(const Client& c, const std::vector<std::string_view>& argv);
    // admit's lookup of a command name. The last name found is remembered byte for byte: a
    // pipeline repeats its command, and comparing a few bytes is cheaper than hashing the
    // name and matching it without case (CommandTable::find and its iequals were 3.6% of
    // PING -P 64's CPU). The table does not change once the server runs.
    const Command* find_command(std::string_view name);
    struct LastLookup {
        char name[16];
        uint8_t len = 0;  // 0: nothing remembered
        const Command* cmd = nullptr;
    } last_lookup_;
    void reject(Client& c, const Admission& a);
    static bool is_cross_protocol_attack(std::string_view name);
    void security_warning(Client& c);
    int64_t last_security_warning_s_ = 0;
    void after_command(Client& c, const Command* cmd);
    int64_t record_call_stats(Client& c, const Command& cmd,
                              const std::vector<std::string_view>& argv, uint64_t start);
    void log_if_slow(const Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
                     int64_t usec);
    void propagate_effect(const Client& c, const Command& cmd,
                          const std::vector<std::string_view>& argv, bool changed,
                          PropagationRequest& request);
    bool must_postpone(const Client& c, const Command& cmd) const;
    bool protected_action_allowed(const std::string& setting, const Client& c) const;
    void publish_keyspace_event(std::string_view event, std::string_view key, int dbid);

    void active_expire_cycle();  // the cron's slow expiry pass over the databases
    void clients_cron();         // where the next active-expiry pass starts (round robin)
    std::string executable_;
    std::string config_file_;
    std::string title_name_ = "cairn-server";
    std::string run_id_;
    std::string_view multiplexing_api_;
    std::string replid_;
    bool active_expire_enabled_ = true;
    bool cron_paused_ = false;
    int64_t reply_buffer_peak_reset_ms_ = kReplyBufferPeakResetMs;
    bool reply_buffer_resizing_ = true;
};

}  // namespace cairn
