// The server's configuration values (typed fields read on hot paths) and the one table of
// directives that the config-file parser, CONFIG GET/SET and cairn-config all read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::config {

struct Config {
    // Network
    std::vector<std::string> bind{"127.0.0.1", "-::1"};  // '-' prefix: optional address
    int port = 6379;
    int tcp_backlog = 511;
    std::string unixsocket;  // empty: none
    int unixsocketperm = 0;  // octal in the file and in CONFIG GET
    int timeout = 0;         // idle seconds, 0 = never
    int tcp_keepalive = 300;
    bool protected_mode = true;

    // General
    bool daemonize = false;
    std::string supervised = "no";  // no | upstart | systemd | auto
    std::string pidfile;
    std::string loglevel = "notice";  // debug | verbose | notice | warning
    std::string logfile;              // empty: stdout
    int databases = 16;
    std::string dir = "./";  // absolute path after load (CONFIG GET dir shows the cwd)
    std::string dbfilename = "dump.rdb";
    std::string save = "3600 1 300 100 60 10000";
    bool appendonly = false;
    std::string appendfilename = "appendonly.aof";
    std::string appendfsync = "everysec";  // always | everysec | no

    // Clients and limits
    long long maxclients = 10000;
    long long client_query_buffer_limit = 1024LL * 1024 * 1024;
    long long proto_max_bulk_len = 512LL * 1024 * 1024;
    std::string client_output_buffer_limit =
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";
    std::string requirepass;
    int hz = 10;
    bool dynamic_hz = true;
    int active_expire_effort = 1;
    long long maxmemory = 0;
    std::string maxmemory_policy = "noeviction";
    int maxmemory_samples = 5;
    int io_threads = 1;
    bool lazyfree_lazy_user_del = false;
    bool lazyfree_lazy_user_flush = false;
    long long slowlog_log_slower_than = 10000;
    long long slowlog_max_len = 128;
    long long latency_monitor_threshold = 0;
    std::string notify_keyspace_events;  // flags string, as Redis prints it
    std::string locale_collate;
};

enum class Kind { Bool, Int, Memory, String, Enum, Special };

// What the server must do after a directive changed at runtime (see ConfigHost).
enum class Apply { None, Listeners, UnixSocket, MaxClients, Logging, Hz, Dir, Databases };

// The running server implements this so CONFIG SET can apply a change (rebind, raise fd
// limit, reopen the log...). Returning false with err makes CONFIG SET roll back.
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
    std::vector<std::string_view> enum_values;  // for Enum
    Apply apply = Apply::None;
    // Current value as CONFIG GET prints it.
    std::string (*get)(const Config&) = nullptr;
    // Validates args (the words after the name) and stores them; on failure returns false
    // with Redis's reason text (e.g. "argument must be 'yes' or 'no'") and leaves cfg as it was.
    bool (*set)(Config&, const std::vector<std::string>& args, std::string& err) = nullptr;
    // Number of args the directive takes in a config file: -1 = one or more.
    int arity = 1;
};

const std::vector<Directive>& directives();
const Directive* find_directive(std::string_view name);  // case-insensitive, aliases too

// Redis memtoull: "1k" 1000, "1kb" 1024, "1m", "1mb", "1g", "1gb" (case-insensitive).
bool parse_memory(std::string_view s, long long& out);

struct LoadError {
    std::string file;  // "" for command-line overrides
    int line = 0;
    std::string line_text;
    std::string reason;
};

// Reads a redis.conf-style file (quotes, escapes, include, memory units, yes/no) and then
// command-line overrides ("--port 7000 --bind a b" already split into argv form) into cfg.
bool load(Config& cfg, const std::string& path, const std::vector<std::string>& overrides,
          LoadError& err);
// Parses config text directly (used for files, includes and tests).
bool load_string(Config& cfg, std::string_view text, const std::string& file, LoadError& err);

// The text redis-server prints before exiting 1:
// "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nFile: <file>\nReading the configuration
// file, at line N\n>>> '<line>'\n<reason>\n"
std::string format_fatal(const LoadError& err);

// CONFIG GET: name/value pairs for every directive whose name (or alias) matches one of the
// glob patterns, each directive once, in table order.
std::vector<std::pair<std::string, std::string>> get_matching(
    const Config& cfg, const std::vector<std::string>& patterns);

// CONFIG SET name value [name value ...]: atomic, Redis 7.0 error texts
// ("Unknown option or number of arguments for CONFIG SET - 'x'",
//  "CONFIG SET failed (possibly related to argument 'x') - <reason>").
// Applies changed directives through host; on any failure everything is rolled back.
bool set_runtime(Config& cfg, const std::vector<std::string>& name_value_pairs, ConfigHost* host,
                 std::string& err);

}  // namespace cairn::config
