// The server's configuration values (typed fields read on hot paths) and the one table of
// directives that the config-file parser, CONFIG GET/SET and cairn-config all read.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::config {

// One "save <seconds> <changes>" point.
struct SaveParam {
    long long seconds = 0;
    int changes = 0;
    bool operator==(const SaveParam&) const = default;
};

// client-output-buffer-limit classes, in the order CONFIG GET prints them.
enum class ClientClass { Normal = 0, Replica = 1, Pubsub = 2 };

struct ClientBufferLimit {
    unsigned long long hard_bytes = 0;  // 0 = no limit
    unsigned long long soft_bytes = 0;
    long long soft_seconds = 0;
    bool operator==(const ClientBufferLimit&) const = default;
};

// notify-keyspace-events flag bits (Redis's NOTIFY_* values).
namespace notify {
constexpr int Keyspace = 1 << 0;  // K
constexpr int Keyevent = 1 << 1;  // E
constexpr int Generic = 1 << 2;   // g
constexpr int String = 1 << 3;    // $
constexpr int List = 1 << 4;      // l
constexpr int Set = 1 << 5;       // s
constexpr int Hash = 1 << 6;      // h
constexpr int Zset = 1 << 7;      // z
constexpr int Expired = 1 << 8;   // x
constexpr int Evicted = 1 << 9;   // e
constexpr int Stream = 1 << 10;   // t
constexpr int KeyMiss = 1 << 11;  // m
constexpr int Loaded = 1 << 12;   // (module only, no letter)
constexpr int Module = 1 << 13;   // d
constexpr int New = 1 << 14;      // n
// 'A': every class except m and n.
constexpr int All =
    Generic | String | List | Set | Hash | Zset | Expired | Evicted | Stream | Module;
}  // namespace notify

struct Config {
    // Network
    // Loopback only unless configured otherwise (Redis compiles in "* -::*" but ships
    // redis.conf with this line; Cairn takes the safe one as its default).
    std::vector<std::string> bind{"127.0.0.1", "-::1"};  // '-' prefix: optional address
    int port = 6379;
    int tcp_backlog = 511;
    std::string unixsocket;  // empty: none
    int unixsocketperm = 0;  // octal in the file and in CONFIG GET
    int timeout = 0;         // idle seconds, 0 = never
    int tcp_keepalive = 300;
    bool protected_mode = true;
    std::string enable_protected_configs = "no";  // no | yes | local (dir, dbfilename)
    std::string enable_debug_command = "no";      // no | yes | local
    std::string enable_module_command = "no";     // no | yes | local (MODULE LOAD/UNLOAD)

    // General
    bool daemonize = false;
    std::string supervised = "no";  // upstart | systemd | auto | no
    std::string pidfile;
    std::string loglevel = "notice";  // debug | verbose | notice | warning
    std::string logfile;              // empty: stdout
    int databases = 16;
    // As written in the file / CONFIG SET. The host chdir()s on Apply::Dir and should store the
    // absolute cwd back here (CONFIG GET dir prints this field; Redis prints getcwd()).
    std::string dir = "./";
    std::string dbfilename = "dump.rdb";
    // CONFIG GET form of save_params; both are written together by the save directive.
    std::string save = "3600 1 300 100 60 10000";
    std::vector<SaveParam> save_params{{3600, 1}, {300, 100}, {60, 10000}};
    bool rdbcompression = true;
    bool rdbchecksum = true;
    bool stop_writes_on_bgsave_error = true;
    // Deletes RDB files made only for a replica's full sync when persistence is off; Cairn
    // has no replication yet, so no such file is ever made.
    bool rdb_del_sync_files = false;
    bool rdb_save_incremental_fsync = true;  // fsync every 4 MB while saving
    bool appendonly = false;
    std::string appendfilename = "appendonly.aof";
    std::string appendfsync = "everysec";  // everysec | always | no
    std::string appenddirname = "appendonlydir";
    bool no_appendfsync_on_rewrite = false;
    long long auto_aof_rewrite_percentage = 100;
    long long auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
    bool aof_load_truncated = true;
    bool aof_use_rdb_preamble = true;
    bool aof_timestamp_enabled = false;
    bool aof_rewrite_incremental_fsync = true;

    // Clients and limits
    long long maxclients = 10000;  // 1..4294967295 as Redis (unsigned int)
    long long client_query_buffer_limit = 1024LL * 1024 * 1024;
    long long proto_max_bulk_len = 512LL * 1024 * 1024;
    // CONFIG GET form of client_obuf_limits; both are written together by the directive.
    std::string client_output_buffer_limit =
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    // Indexed by ClientClass.
    std::array<ClientBufferLimit, 3> client_obuf_limits{{
        {0, 0, 0},
        {256ULL * 1024 * 1024, 64ULL * 1024 * 1024, 60},
        {32ULL * 1024 * 1024, 8ULL * 1024 * 1024, 60},
    }};
    std::string requirepass;  // empty: no password
    int hz = 10;              // clamped to 1..500 like Redis
    bool dynamic_hz = true;
    bool activerehashing = true;         // the cron rehashes the keyspace tables incrementally
    bool disable_thp = true;             // transparent huge pages off for the process (Linux)
    bool crash_log_enabled = true;       // a crash writes a bug report to the log
    bool crash_memcheck_enabled = true;  // ... followed by a fast test of the process's memory
    bool always_show_logo = false;       // the ASCII logo even when not logging to a terminal
    bool set_proc_title = true;          // the process title from proc_title_template
    std::string proc_title_template = "{title} {listen-addr} {server-mode}";
    bool syslog_enabled = false;  // log lines also go to syslog (the Event Log on Windows)
    std::string syslog_ident = "redis";
    std::string syslog_facility = "local0";  // user | local0..local7
    // oom-score-adj: no | yes (= relative) | relative | absolute; the values are for a
    // master, a replica and a background child (Cairn saves in a thread: only the first is
    // used until replication lands).
    std::string oom_score_adj = "no";
    std::array<int, 3> oom_score_adj_values{0, 200, 800};
    // Thread affinity (taskset's list syntax, "" = any CPU): the event loop, the fsync
    // thread, the AOF rewrite's writer thread and BGSAVE's writer thread.
    std::string server_cpulist;
    std::string bio_cpulist;
    std::string aof_rewrite_cpulist;
    std::string bgsave_cpulist;
    // Seconds SHUTDOWN waits for lagging replicas; with no replication there is none to wait for.
    int shutdown_timeout = 10;
    // Redis's jemalloc background purging; Cairn's allocator is the C library's, and this
    // switches the equivalent: the cron giving free heap memory back (server/memory_report).
    bool jemalloc_bg_thread = true;
    // Test-only (Redis's hidden configs): exit(1) instead of abort() after a panic's report;
    // per-key delays in microseconds (negative: sleep 1 us once in -n keys) while saving and
    // loading; bytes a load reads between serving events; the software watchdog's period.
    bool use_exit_on_panic = false;
    int rdb_key_save_delay = 0;
    int key_load_delay = 0;
    long long loading_process_events_interval_bytes = 2 * 1024 * 1024;
    int watchdog_period = 0;
    // What SIGINT / SIGTERM's shutdown does: ShutdownOnSignal bits, 0 as a plain SHUTDOWN.
    int shutdown_on_sigint = 0;
    int shutdown_on_sigterm = 0;
    int active_expire_effort = 1;
    long long maxmemory = 0;  // Redis takes up to ULLONG_MAX; larger than LLONG_MAX saturates
    std::string maxmemory_policy = "noeviction";
    int maxmemory_samples = 5;
    int lfu_log_factor = 10;  // LFU counter growth (OBJECT FREQ) under an LFU policy
    int lfu_decay_time = 1;   // minutes for the LFU counter to decay by one
    long long tracking_table_max_keys = 1000000;  // client-side caching: keys remembered
    int io_threads = 1;
    // Propagated deletions: expired keys (lazily, actively, EXPIRE/GETEX with a past time) go
    // out as UNLINK instead of DEL with lazyfree-lazy-expire, GETDEL with lazyfree-lazy-user-del,
    // as in Redis 7.0. Values are freed synchronously either way.
    bool lazyfree_lazy_expire = false;
    bool lazyfree_lazy_user_del = false;
    bool lazyfree_lazy_user_flush = false;
    long long slowlog_log_slower_than = 10000;
    long long slowlog_max_len = 128;
    long long latency_monitor_threshold = 0;
    // busy-reply-threshold (alias lua-time-limit): ms a script runs before other clients get -BUSY.
    long long busy_reply_threshold = 5000;
    // Per-command latency histograms (INFO latencystats) and the percentiles it prints.
    bool latency_tracking = true;
    std::vector<double> latency_tracking_info_percentiles{50.0, 99.0, 99.9};
    // Test-only (hidden): every propagated command is appended to this file as Redis writes
    // its AOF (server/propagation_log.hpp). Empty: off.
    std::string propagation_log;
    // CONFIG GET form (canonical, e.g. "AKE") of notify_keyspace_flags (notify::* bits).
    std::string notify_keyspace_events;
    int notify_keyspace_flags = 0;

    // Lists (read when a list is created, as Redis's quicklistSetOptions). Negative sizes are
    // per-node byte limits (-1 4 KB .. -5 64 KB), positive ones entries per node. Nodes are
    // never compressed: list-compress-depth is stored and reported only.
    int list_max_listpack_size = -2;
    int list_compress_depth = 0;

    // Hashes, sets and HyperLogLogs: the compact encodings' limits (Redis's compiled-in
    // defaults; redis.conf ships hash-max-listpack-entries 128).
    long long hash_max_listpack_entries = 512;
    long long hash_max_listpack_value = 64;
    long long set_max_intset_entries = 512;
    long long hll_sparse_max_bytes = 3000;
    // Sorted sets: the listpack encoding holds at most this many members, each at most this
    // many bytes (read at every insert, as Redis's zsetAdd).
    long long zset_max_listpack_entries = 128;
    long long zset_max_listpack_value = 64;
    // Streams: a node (listpack) takes at most this many bytes / entries (0: no limit).
    long long stream_node_max_bytes = 4096;
    long long stream_node_max_entries = 100;
};

// shutdown-on-sigint / shutdown-on-sigterm flags (Redis's SHUTDOWN_SAVE, _NOSAVE, _NOW,
// _FORCE). NOW skips waiting for lagging replicas: Cairn has none to wait for.
enum ShutdownOnSignal : int {
    kShutdownSave = 1,
    kShutdownNoSave = 2,
    kShutdownNow = 4,
    kShutdownForce = 8,
};

// Unavailable: a Redis parameter of a feature Cairn does not have yet; only its default value
// is accepted (see unavailable_directives.cpp).
enum class Kind { Bool, Int, Memory, String, Enum, Special, Unavailable };

// What the server must do after a directive changed at runtime (see ConfigHost).
enum class Apply {
    None,
    Listeners,
    UnixSocket,
    MaxClients,
    Logging,
    Hz,
    Dir,
    Databases,
    Appendonly,    // appendonly turned on/off: start or stop the AOF
    Maxmemory,     // maxmemory lowered: evict now (Redis's updateMaxmemory)
    CrashLog,      // crash-log-enabled / crash-memcheck-enabled / use-exit-on-panic changed
    ProcTitle,     // proc-title-template changed: set the process title again
    OomScore,      // oom-score-adj / oom-score-adj-values changed: write the process's score
    Watchdog,      // watchdog-period changed: arm or disarm the software watchdog
    TcpKeepalive,  // tcp-keepalive changed: new connections get it (listeners' options)
};

// The running server implements this so CONFIG SET can apply a change (rebind, raise fd
// limit, reopen the log...). Returning false with err makes CONFIG SET roll back.
// apply() reads the new values from the same Config object that set_runtime() changed.
class ConfigHost {
public:
    virtual ~ConfigHost() = default;
    virtual bool apply(Apply what, std::string& err) = 0;
};

struct Directive {
    std::string_view name;
    std::string_view alias;  // older name still accepted (e.g. "slave-..."), or empty
    Kind kind;
    std::string_view default_value;  // as written in a config file
    long long min = 0;               // bounds for Int / Memory
    long long max = 0;
    bool runtime_mutable = true;
    std::vector<std::string_view> enum_values;  // for Enum, in Redis's order
    Apply apply = Apply::None;
    // Current value as CONFIG GET prints it. (std::function: an unavailable directive's row
    // carries its default and feature in the closure.)
    std::function<std::string(const Config&)> get;
    // Validates args (the words after the name) and stores them; on failure returns false
    // with Redis's reason text (e.g. "argument must be 'yes' or 'no'") and leaves cfg as it was.
    std::function<bool(Config&, const std::vector<std::string>& args, std::string& err)> set;
    // Number of args the directive takes in a config file: 1, or -1 = any number (Redis's
    // MULTI_ARG_CONFIG: bind, save, client-output-buffer-limit).
    int arity = 1;
    // Redis's PROTECTED_CONFIG: CONFIG SET refused unless enable-protected-configs allows it.
    bool protected_config = false;
    // Redis's SENSITIVE_CONFIG: redact the value in SLOWLOG / MONITOR / logs.
    bool sensitive = false;
    // Redis's HIDDEN_CONFIG (test-only settings): CONFIG GET answers it by its exact name only;
    // glob patterns, CONFIG REWRITE and cairn-config's listings leave it out.
    bool hidden = false;
};

const std::vector<Directive>& directives();
const Directive* find_directive(std::string_view name);  // case-insensitive, aliases too

// Redis memtoull: "1k" 1000, "1kb" 1024, "1m", "1mb", "1g", "1gb", "1b" (case-insensitive).
// Fails on '-', unknown units, and values above LLONG_MAX.
bool parse_memory(std::string_view s, long long& out);

// Canonical CONFIG GET text of notify-keyspace-events flags (Redis's
// keyspaceEventsFlagsToString), and the reverse (-1 on an unknown letter).
std::string notify_flags_to_string(int flags);
int notify_flags_from_string(std::string_view s);

struct LoadError {
    std::string file;  // "" for command-line overrides, "(stdin)" for "-"
    int line = 0;      // 0: not tied to a line
    std::string line_text;
    std::string reason;
    // The file could not be opened. reason is then Redis's log line text
    // ("Fatal error, can't open config file 'x': No such file or directory"), which Redis
    // writes with its normal log prefix rather than the FATAL CONFIG FILE ERROR block.
    bool open_failed = false;
};

// Reads a redis.conf-style file (quotes, escapes, include, memory units, yes/no) and then
// command-line overrides ("--port 7000 --bind a b" already split into argv form) into cfg.
// path "" = no file, "-" = stdin. overrides are redis-server's argv after the config file,
// converted into config lines exactly as redis-server's main() does; a last argument "-"
// appends stdin after the file. As in Redis, the file text and the options are parsed as
// one text, so option errors carry Redis's line numbers (file lines + 1 onwards).
bool load(Config& cfg, const std::string& path, const std::vector<std::string>& overrides,
          LoadError& err);
// Same, and calls host->apply(Apply::Dir) right after each "dir" line, as Redis chdir()s
// while it reads the file (later relative includes then resolve against the new dir).
bool load(Config& cfg, const std::string& path, const std::vector<std::string>& overrides,
          LoadError& err, ConfigHost* host);
// Parses config text directly (used for files, includes and tests).
bool load_string(Config& cfg, std::string_view text, const std::string& file, LoadError& err);

// The text redis-server prints before exiting 1:
// "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nFile: <file>\nReading the configuration
// file, at line N\n>>> '<line>'\n<reason>\n"
// The "File:" line is Cairn's addition and is left out for command-line overrides (file "");
// the "Reading..." and ">>>" lines are left out when line is 0. For open_failed: reason + "\n".
std::string format_fatal(const LoadError& err);

// CONFIG GET: name/value pairs for every directive whose name (or alias) matches one of the
// glob patterns (case-insensitive), as Redis 7.0: a pattern without * ? [ is looked up
// directly and echoed back as the client spelled it; a glob matches names and aliases
// separately (so "slave-x" and "replica-x" both appear); no name appears twice. Order:
// patterns in order, table order within a pattern.
std::vector<std::pair<std::string, std::string>> get_matching(
    const Config& cfg, const std::vector<std::string>& patterns);

// CONFIG SET name value [name value ...]: atomic, Redis 7.0 error texts, returned in err as
// the full error line starting with "ERR " (the server sends "-" + err):
// "ERR Unknown option or number of arguments for CONFIG SET - 'x'",
// "ERR CONFIG SET failed (possibly related to argument 'x') - <reason>",
// "ERR syntax error" for an odd number of words.
// Multi-word values (bind, save, client-output-buffer-limit) are split on single spaces.
// Applies each distinct Apply of the directives whose value changed through host (may be
// nullptr); on any failure the previous Config is restored (and re-applied).
bool set_runtime(Config& cfg, const std::vector<std::string>& name_value_pairs, ConfigHost* host,
                 std::string& err);
// Same; client_is_local says whether "local" in enable-protected-configs lets this client
// change protected directives (Redis's islocalClient: loopback or unix socket).
bool set_runtime(Config& cfg, const std::vector<std::string>& name_value_pairs, ConfigHost* host,
                 bool client_is_local, std::string& err);

}  // namespace cairn::config
