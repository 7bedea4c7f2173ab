// The directive table: every Config field with Redis 7.0's name, default, bounds, mutability
// and enum values, in redis.conf order.
#include <array>
#include <climits>
#include <string_view>

#include "config/config.hpp"
#include "config/field_directives.hpp"
#include "config/proc_title.hpp"
#include "config/process_directives.hpp"
#include "config/special_directives.hpp"
#include "config/unavailable_directives.hpp"
#include "util/strings.hpp"

namespace cairn::config {

namespace {

using detail::Flags;

// Enum values in Redis's order (the order its error text lists them).
constexpr std::array<std::string_view, 3> kProtectedAction{"no", "yes", "local"};
constexpr std::array<std::string_view, 4> kSupervised{"upstart", "systemd", "auto", "no"};
constexpr std::array<std::string_view, 4> kLoglevel{"debug", "verbose", "notice", "warning"};
constexpr std::array<std::string_view, 3> kAppendfsync{"everysec", "always", "no"};
constexpr std::array<std::string_view, 8> kMaxmemoryPolicy{
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction"};

constexpr long long kIntMax = INT_MAX;
constexpr long long kUintMax = UINT_MAX;
// Redis's LONG_MAX on the 64-bit Unix systems it targets; long has 32 bits on Windows.
constexpr long long kLongMax = LLONG_MAX;
constexpr long long kLlongMax = LLONG_MAX;
constexpr long long kOneMb = 1024 * 1024;

constexpr Flags kImmutable{.runtime_mutable = false};

// Redis's isValidDBfilename / isValidAOFfilename (pathIsBaseName).
bool is_base_name(const std::string& v) {
    return v.find('/') == std::string::npos && v.find('\\') == std::string::npos;
}

bool valid_dbfilename(const std::string& v, std::string& err) {
    if (!is_base_name(v)) {
        err = "dbfilename can't be a path, just a filename";
        return false;
    }
    return true;
}

bool valid_appenddirname(const std::string& v, std::string& err) {
    if (v.empty()) {
        err = "appenddirname can't be empty";
        return false;
    }
    if (v.find_first_of("/\\") != std::string::npos) {
        err = "appenddirname can't be a path, just a dirname";
        return false;
    }
    return true;
}

bool valid_appendfilename(const std::string& v, std::string& err) {
    if (v.empty()) {
        err = "appendfilename can't be empty";
        return false;
    }
    if (!is_base_name(v)) {
        err = "appendfilename can't be a path, just a filename";
        return false;
    }
    return true;
}

std::vector<Directive> build_table() {
    using detail::boolean;
    using detail::enumeration;
    using detail::integer;
    using detail::memory;
    using detail::string;
    std::vector<Directive> t;

    // Network
    t.push_back(detail::bind_directive());
    t.push_back(integer<&Config::port, 0, 65535>("port", "6379", {.apply = Apply::Listeners}));
    t.push_back(integer<&Config::tcp_backlog, 0, kIntMax>("tcp-backlog", "511", kImmutable));
    t.push_back(string<&Config::unixsocket>(
        "unixsocket", "", {.runtime_mutable = false, .apply = Apply::UnixSocket}));
    t.push_back(detail::unixsocketperm_directive());
    t.push_back(integer<&Config::timeout, 0, kIntMax>("timeout", "0"));
    t.push_back(integer<&Config::tcp_keepalive, 0, kIntMax>("tcp-keepalive", "300",
                                                            {.apply = Apply::TcpKeepalive}));
    t.push_back(boolean<&Config::protected_mode>("protected-mode", "yes"));
    t.push_back(enumeration<&Config::enable_protected_configs, kProtectedAction>(
        "enable-protected-configs", "no", kImmutable));
    t.push_back(enumeration<&Config::enable_debug_command, kProtectedAction>("enable-debug-command",
                                                                             "no", kImmutable));
    t.push_back(enumeration<&Config::enable_module_command, kProtectedAction>(
        "enable-module-command", "no", kImmutable));

    // General
    t.push_back(boolean<&Config::daemonize>("daemonize", "no", kImmutable));
    t.push_back(boolean<&Config::disable_thp>("disable-thp", "yes", kImmutable));
    t.push_back(boolean<&Config::crash_log_enabled>("crash-log-enabled", "yes",
                                                    {.apply = Apply::CrashLog}));
    t.push_back(boolean<&Config::crash_memcheck_enabled>("crash-memcheck-enabled", "yes",
                                                         {.apply = Apply::CrashLog}));
    t.push_back(boolean<&Config::always_show_logo>("always-show-logo", "no", kImmutable));
    t.push_back(boolean<&Config::set_proc_title>("set-proc-title", "yes", kImmutable));
    t.push_back(string<&Config::proc_title_template, valid_proc_title_template>(
        "proc-title-template", "{title} {listen-addr} {server-mode}", {.apply = Apply::ProcTitle}));
    t.push_back(boolean<&Config::syslog_enabled>("syslog-enabled", "no", kImmutable));
    t.push_back(string<&Config::syslog_ident>("syslog-ident", "redis", kImmutable));
    t.push_back(detail::syslog_facility_directive());
    t.push_back(detail::oom_score_adj_directive());
    t.push_back(detail::oom_score_adj_values_directive());
    t.push_back(
        string<&Config::server_cpulist, detail::valid_cpulist>("server_cpulist", "", kImmutable));
    t.push_back(string<&Config::bio_cpulist, detail::valid_cpulist>("bio_cpulist", "", kImmutable));
    t.push_back(string<&Config::aof_rewrite_cpulist, detail::valid_cpulist>("aof_rewrite_cpulist",
                                                                            "", kImmutable));
    t.push_back(
        string<&Config::bgsave_cpulist, detail::valid_cpulist>("bgsave_cpulist", "", kImmutable));
    t.push_back(integer<&Config::shutdown_timeout, 0, kIntMax>("shutdown-timeout", "10"));
    t.push_back(
        detail::shutdown_on_signal_directive("shutdown-on-sigint", &Config::shutdown_on_sigint));
    t.push_back(
        detail::shutdown_on_signal_directive("shutdown-on-sigterm", &Config::shutdown_on_sigterm));
    t.push_back(enumeration<&Config::supervised, kSupervised>("supervised", "no", kImmutable));
    t.push_back(string<&Config::pidfile>("pidfile", "", kImmutable));
    t.push_back(
        enumeration<&Config::loglevel, kLoglevel>("loglevel", "notice", {.apply = Apply::Logging}));
    t.push_back(string<&Config::logfile>("logfile", "",
                                         {.runtime_mutable = false, .apply = Apply::Logging}));
    t.push_back(integer<&Config::databases, 1, kIntMax>(
        "databases", "16", {.runtime_mutable = false, .apply = Apply::Databases}));

    // Snapshotting and append only file
    t.push_back(detail::save_directive());
    t.push_back(string<&Config::dbfilename, valid_dbfilename>("dbfilename", "dump.rdb",
                                                              {.protected_config = true}));
    t.push_back(detail::dir_directive());
    t.push_back(boolean<&Config::rdbcompression>("rdbcompression", "yes"));
    t.push_back(boolean<&Config::rdbchecksum>("rdbchecksum", "yes", kImmutable));
    t.push_back(
        boolean<&Config::stop_writes_on_bgsave_error>("stop-writes-on-bgsave-error", "yes"));
    t.push_back(boolean<&Config::rdb_del_sync_files>("rdb-del-sync-files", "no"));
    t.push_back(boolean<&Config::rdb_save_incremental_fsync>("rdb-save-incremental-fsync", "yes"));
    t.push_back(boolean<&Config::appendonly>("appendonly", "no", {.apply = Apply::Appendonly}));
    t.push_back(string<&Config::appendfilename, valid_appendfilename>(
        "appendfilename", "appendonly.aof", kImmutable));
    t.push_back(enumeration<&Config::appendfsync, kAppendfsync>("appendfsync", "everysec"));
    t.push_back(string<&Config::appenddirname, valid_appenddirname>("appenddirname",
                                                                    "appendonlydir", kImmutable));
    t.push_back(boolean<&Config::no_appendfsync_on_rewrite>("no-appendfsync-on-rewrite", "no"));
    t.push_back(integer<&Config::auto_aof_rewrite_percentage, 0, kIntMax>(
        "auto-aof-rewrite-percentage", "100"));
    t.push_back(memory<&Config::auto_aof_rewrite_min_size, 0, kLlongMax>(
        "auto-aof-rewrite-min-size", "67108864"));
    t.push_back(boolean<&Config::aof_load_truncated>("aof-load-truncated", "yes"));
    t.push_back(boolean<&Config::aof_use_rdb_preamble>("aof-use-rdb-preamble", "yes"));
    t.push_back(boolean<&Config::aof_timestamp_enabled>("aof-timestamp-enabled", "no"));
    t.push_back(
        boolean<&Config::aof_rewrite_incremental_fsync>("aof-rewrite-incremental-fsync", "yes"));

    // Security
    t.push_back(string<&Config::requirepass>("requirepass", "", {.sensitive = true}));

    // Clients and memory
    t.push_back(integer<&Config::maxclients, 1, kUintMax>("maxclients", "10000",
                                                          {.apply = Apply::MaxClients}));
    t.push_back(detail::maxmemory_directive());
    t.push_back(
        enumeration<&Config::maxmemory_policy, kMaxmemoryPolicy>("maxmemory-policy", "noeviction"));
    t.push_back(integer<&Config::maxmemory_samples, 1, kIntMax>("maxmemory-samples", "5"));
    t.push_back(integer<&Config::lfu_log_factor, 0, kIntMax>("lfu-log-factor", "10"));
    t.push_back(integer<&Config::lfu_decay_time, 0, kIntMax>("lfu-decay-time", "1"));
    t.push_back(integer<&Config::tracking_table_max_keys, 0, kLongMax>("tracking-table-max-keys",
                                                                       "1000000"));
    t.push_back(memory<&Config::client_query_buffer_limit, kOneMb, kLongMax>(
        "client-query-buffer-limit", "1073741824"));
    t.push_back(
        memory<&Config::proto_max_bulk_len, kOneMb, kLongMax>("proto-max-bulk-len", "536870912"));
    t.push_back(detail::client_output_buffer_limit_directive());

    // Lazy freeing and threads
    t.push_back(boolean<&Config::lazyfree_lazy_expire>("lazyfree-lazy-expire", "no"));
    t.push_back(boolean<&Config::lazyfree_lazy_user_del>("lazyfree-lazy-user-del", "no"));
    t.push_back(boolean<&Config::lazyfree_lazy_user_flush>("lazyfree-lazy-user-flush", "no"));
    t.push_back(integer<&Config::io_threads, 1, 128>("io-threads", "1", kImmutable));
    t.push_back(boolean<&Config::jemalloc_bg_thread>("jemalloc-bg-thread", "yes"));

    // Server cron, monitoring and notifications
    t.push_back(detail::hz_directive());
    t.push_back(boolean<&Config::dynamic_hz>("dynamic-hz", "yes"));
    t.push_back(boolean<&Config::activerehashing>("activerehashing", "yes"));
    t.push_back(integer<&Config::active_expire_effort, 1, 10>("active-expire-effort", "1"));
    t.push_back(integer<&Config::slowlog_log_slower_than, -1, kLlongMax>("slowlog-log-slower-than",
                                                                         "10000"));
    t.push_back(integer<&Config::slowlog_max_len, 0, kLongMax>("slowlog-max-len", "128"));
    t.push_back(integer<&Config::latency_monitor_threshold, 0, kLlongMax>(
        "latency-monitor-threshold", "0"));
    t.push_back(boolean<&Config::latency_tracking>("latency-tracking", "yes"));
    auto busy = integer<&Config::busy_reply_threshold, 0, kLongMax>("busy-reply-threshold", "5000");
    busy.alias = "lua-time-limit";
    t.push_back(std::move(busy));
    t.push_back(detail::latency_tracking_info_percentiles_directive());
    t.push_back(detail::notify_keyspace_events_directive());

    // Lists
    Directive list_size =
        integer<&Config::list_max_listpack_size, INT_MIN, kIntMax>("list-max-listpack-size", "-2");
    list_size.alias = "list-max-ziplist-size";
    t.push_back(std::move(list_size));
    t.push_back(integer<&Config::list_compress_depth, 0, kIntMax>("list-compress-depth", "0"));

    // Hashes, sets, HyperLogLogs
    Directive hash_entries = integer<&Config::hash_max_listpack_entries, 0, kLongMax>(
        "hash-max-listpack-entries", "512");
    hash_entries.alias = "hash-max-ziplist-entries";
    t.push_back(std::move(hash_entries));
    Directive hash_value =
        memory<&Config::hash_max_listpack_value, 0, kLongMax>("hash-max-listpack-value", "64");
    hash_value.alias = "hash-max-ziplist-value";
    t.push_back(std::move(hash_value));
    t.push_back(
        integer<&Config::set_max_intset_entries, 0, kLongMax>("set-max-intset-entries", "512"));
    t.push_back(memory<&Config::hll_sparse_max_bytes, 0, kLongMax>("hll-sparse-max-bytes", "3000"));
    // Sorted sets
    Directive zset_entries = integer<&Config::zset_max_listpack_entries, 0, kLlongMax>(
        "zset-max-listpack-entries", "128");
    zset_entries.alias = "zset-max-ziplist-entries";
    t.push_back(std::move(zset_entries));
    Directive zset_value =
        memory<&Config::zset_max_listpack_value, 0, kLlongMax>("zset-max-listpack-value", "64");
    zset_value.alias = "zset-max-ziplist-value";
    t.push_back(std::move(zset_value));
    // Streams
    t.push_back(
        memory<&Config::stream_node_max_bytes, 0, kLlongMax>("stream-node-max-bytes", "4096"));
    t.push_back(
        integer<&Config::stream_node_max_entries, 0, kLlongMax>("stream-node-max-entries", "100"));

    // Test-only (Cairn's own, hidden): the stream of propagated commands, written as an AOF.
    t.push_back(string<&Config::propagation_log>("propagation-log", "",
                                                 {.runtime_mutable = false, .hidden = true}));

    // Redis's test-only parameters (hidden).
    constexpr Flags kHidden{.hidden = true};
    t.push_back(boolean<&Config::use_exit_on_panic>("use-exit-on-panic", "no",
                                                    {.apply = Apply::CrashLog, .hidden = true}));
    t.push_back(
        integer<&Config::rdb_key_save_delay, INT_MIN, kIntMax>("rdb-key-save-delay", "0", kHidden));
    t.push_back(integer<&Config::key_load_delay, INT_MIN, kIntMax>("key-load-delay", "0", kHidden));
    t.push_back(integer<&Config::loading_process_events_interval_bytes, 1024, kIntMax>(
        "loading-process-events-interval-bytes", "2097152", kHidden));
    t.push_back(detail::watchdog_period_directive());

    // Every other parameter of Redis 7.0: known, default value only.
    detail::add_unavailable_directives(t);
    return t;
}

}  // namespace

const std::vector<Directive>& directives() {
    static const std::vector<Directive> table = build_table();
    return table;
}

const Directive* detail::find_directive_in(const std::vector<Directive>& table,
                                           std::string_view name) {
    for (const Directive& d : table) {
        if (util::iequals(d.name, name)) return &d;
        if (!d.alias.empty() && util::iequals(d.alias, name)) return &d;
    }
    return nullptr;
}

const Directive* find_directive(std::string_view name) {
    return detail::find_directive_in(directives(), name);
}

}  // namespace cairn::config
