// INFO [section ...]: the server's state as Redis 7.0 reports it, section by section.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "config/special_directives.hpp"
#include "db/database.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/commands/server_commands.hpp"
#include "server/migrate_sockets.hpp"
#include "server/persistence.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// Redis's bytesToHuman: "1.00K", "12.34M", ...
std::string human_bytes(uint64_t n) {
    char buf[64];
    double d = static_cast<double>(n);
    if (n < 1024) {
        std::snprintf(buf, sizeof(buf), "%lluB", static_cast<unsigned long long>(n));
    } else if (n < 1024ULL * 1024) {
        std::snprintf(buf, sizeof(buf), "%.2fK", d / 1024);
    } else if (n < 1024ULL * 1024 * 1024) {
        std::snprintf(buf, sizeof(buf), "%.2fM", d / (1024 * 1024));
    } else if (n < 1024ULL * 1024 * 1024 * 1024) {
        std::snprintf(buf, sizeof(buf), "%.2fG", d / (1024.0 * 1024 * 1024));
    } else {
        std::snprintf(buf, sizeof(buf), "%.2fT", d / (1024.0 * 1024 * 1024 * 1024));
    }
    return buf;
}

class InfoWriter {
public:
    void section(const char* title) {
        if (!text_.empty()) text_ += "\r\n";
        text_ += "# ";
        text_ += title;
        text_ += "\r\n";
    }
    void field(std::string_view name, std::string_view value) {
        text_.append(name);
        text_ += ':';
        text_.append(value);
        text_ += "\r\n";
    }
    void field(std::string_view name, long long value) { field(name, util::ll_to_string(value)); }
    void field(std::string_view name, uint64_t value) {
        field(name, static_cast<long long>(value));
    }
    void field(std::string_view name, int value) { field(name, static_cast<long long>(value)); }
    void line(std::string_view text) {
        text_.append(text);
        text_ += "\r\n";
    }
    std::string& text() { return text_; }

private:
    std::string text_;
};

void server_section(Server& s, InfoWriter& w) {
    int64_t uptime = (s.now_ms() - s.start_time_ms()) / 1000;
    w.section("Server");
    w.field("redis_version", CAIRN_REDIS_COMPAT_VERSION);
    w.field("cairn_version", CAIRN_VERSION);
    w.field("redis_git_sha1", "00000000");
    w.field("redis_git_dirty", 0);
    w.field("redis_build_id", "0");
    w.field("redis_mode", "standalone");
    w.field("os", platform::os_description());
    w.field("arch_bits", platform::arch_bits());
    w.field("monotonic_clock", "std::chrono::steady_clock");
    w.field("multiplexing_api", s.multiplexing_api());
    w.field("atomicvar_api", "c11-builtin");
    w.field("gcc_version", "0.0.0");
    w.field("process_id", platform::process_id());
    w.field("process_supervised", s.config().supervised);
    w.field("run_id", s.run_id());
    w.field("tcp_port", s.config().port);
    w.field("server_time_usec", static_cast<long long>(s.now_us()));
    w.field("uptime_in_seconds", static_cast<long long>(uptime));
    w.field("uptime_in_days", static_cast<long long>(uptime / 86400));
    w.field("hz", s.config().hz);
    w.field("configured_hz", s.config().hz);
    w.field("lru_clock", static_cast<long long>((s.now_ms() / 1000) & ((1 << 24) - 1)));
    w.field("executable", s.executable());
    w.field("config_file", s.config_file());
    w.field("io_threads_active", 0);
}

void clients_section(Server& s, InfoWriter& w) {
    w.section("Clients");
    w.field("connected_clients", static_cast<long long>(s.clients().size()));
    w.field("cluster_connections", 0);
    w.field("maxclients", s.config().maxclients);
    w.field("client_recent_max_input_buffer", static_cast<uint64_t>(s.recent_max_input_buffer()));
    w.field("client_recent_max_output_buffer", static_cast<uint64_t>(s.recent_max_output_buffer()));
    w.field("blocked_clients", static_cast<uint64_t>(s.blocking().blocked_count()));
    w.field("tracking_clients", static_cast<uint64_t>(s.tracking().client_count()));
    w.field("clients_in_timeout_table", static_cast<uint64_t>(s.blocking().with_timeout_count()));
}

std::string two_decimals(double v, const char* suffix = "") {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.2f%s", v, suffix);
    return buf;
}

// Redis 7.0's memory section, field for field; what Cairn has none of (replication buffers, lazy
// freeing, defragmentation) is reported as zero, which it is.
void memory_section(Server& s, InfoWriter& w) {
    const MemoryOverhead mh = memory_overhead(s);
    const uint64_t total_system = platform::total_system_memory();
    const long long maxmemory = s.config().maxmemory;
    w.section("Memory");
    w.field("used_memory", mh.total_allocated);
    w.field("used_memory_human", human_bytes(mh.total_allocated));
    w.field("used_memory_rss", mh.process_rss);
    w.field("used_memory_rss_human", human_bytes(mh.process_rss));
    w.field("used_memory_peak", mh.peak_allocated);
    w.field("used_memory_peak_human", human_bytes(mh.peak_allocated));
    w.field("used_memory_peak_perc", two_decimals(mh.peak_perc, "%"));
    w.field("used_memory_overhead", mh.overhead_total);
    w.field("used_memory_startup", mh.startup_allocated);
    w.field("used_memory_dataset", mh.dataset);
    w.field("used_memory_dataset_perc", two_decimals(mh.dataset_perc, "%"));
    w.field("allocator_allocated", mh.allocator_allocated);
    w.field("allocator_active", mh.allocator_active);
    w.field("allocator_resident", mh.allocator_resident);
    w.field("total_system_memory", total_system);
    w.field("total_system_memory_human", human_bytes(total_system));
    ScriptEngine& se = s.scripts();
    const uint64_t vm_eval = se.eval_vm_memory();
    const uint64_t vm_functions = se.functions_vm_memory();
    const uint64_t scripts_eval = se.scripts_memory();
    const uint64_t functions_mem = se.functions_memory();
    w.field("used_memory_lua", vm_eval);
    w.field("used_memory_vm_eval", vm_eval);
    w.field("used_memory_lua_human", human_bytes(vm_eval));
    w.field("used_memory_scripts_eval", scripts_eval);
    w.field("number_of_cached_scripts", static_cast<uint64_t>(se.script_count()));
    w.field("number_of_functions", static_cast<uint64_t>(se.function_count()));
    w.field("number_of_libraries", static_cast<uint64_t>(se.libraries().size()));
    w.field("used_memory_vm_functions", vm_functions);
    w.field("used_memory_vm_total", vm_eval + vm_functions);
    w.field("used_memory_vm_total_human", human_bytes(vm_eval + vm_functions));
    w.field("used_memory_functions", functions_mem);
    w.field("used_memory_scripts", scripts_eval + functions_mem);
    w.field("used_memory_scripts_human", human_bytes(scripts_eval + functions_mem));
    w.field("maxmemory", maxmemory);
    w.field("maxmemory_human", human_bytes(static_cast<uint64_t>(maxmemory)));
    w.field("maxmemory_policy", s.config().maxmemory_policy);
    w.field("allocator_frag_ratio", two_decimals(mh.allocator_frag));
    w.field("allocator_frag_bytes", static_cast<long long>(mh.allocator_frag_bytes));
    w.field("allocator_rss_ratio", two_decimals(mh.allocator_rss));
    w.field("allocator_rss_bytes", static_cast<long long>(mh.allocator_rss_bytes));
    w.field("rss_overhead_ratio", two_decimals(mh.rss_extra));
    w.field("rss_overhead_bytes", static_cast<long long>(mh.rss_extra_bytes));
    w.field("mem_fragmentation_ratio", two_decimals(mh.total_frag));
    w.field("mem_fragmentation_bytes", static_cast<long long>(mh.total_frag_bytes));
    w.field("mem_not_counted_for_evict", mh.aof_buffer);
    w.field("mem_replication_backlog", 0);
    w.field("mem_total_replication_buffers", 0);
    w.field("mem_clients_slaves", 0);
    w.field("mem_clients_normal", mh.clients_normal);
    w.field("mem_cluster_links", 0);
    w.field("mem_aof_buffer", mh.aof_buffer);
    w.field("mem_allocator", platform::allocator_name());
    w.field("active_defrag_running", 0);
    w.field("lazyfree_pending_objects", 0);
    w.field("lazyfreed_objects", 0);
}

void loading_fields(Persistence& p, InfoWriter& w, int64_t now_ms) {
    const Persistence::LoadProgress lp = p.load_progress();
    const double elapsed = static_cast<double>(now_ms / 1000 - lp.start_time);
    const double perc = lp.total_bytes ? static_cast<double>(lp.loaded_bytes) * 100 /
                                             static_cast<double>(lp.total_bytes)
                                       : 0;
    // ETA from the rate so far, as Redis (1 second when nothing was read yet).
    long long eta = 1;
    if (lp.loaded_bytes && elapsed > 0) {
        eta = static_cast<long long>(static_cast<double>(lp.total_bytes - lp.loaded_bytes) /
                                     (static_cast<double>(lp.loaded_bytes) / elapsed));
    }
    char buf[32];
    w.field("loading_start_time", static_cast<long long>(lp.start_time));
    w.field("loading_total_bytes", lp.total_bytes);
    w.field("loading_rdb_used_mem", lp.rdb_used_mem);
    w.field("loading_loaded_bytes", lp.loaded_bytes);
    std::snprintf(buf, sizeof(buf), "%.2f", perc);
    w.field("loading_loaded_perc", buf);
    w.field("loading_eta_seconds", eta);
}

void persistence_section(Server& s, InfoWriter& w) {
    Persistence& p = s.persistence();
    w.section("Persistence");
    w.field("loading", p.loading() ? 1 : 0);
    w.field("async_loading", 0);
    // Redis's copy-on-write figures; Cairn's equivalent is the bytes of values written ahead
    // of the walk because they were about to change (nothing is copied by a kernel).
    w.field("current_cow_peak", p.current_cow_size());
    w.field("current_cow_size", p.current_cow_size());
    w.field("current_cow_size_age", 0);
    char perc[32];
    const uint64_t total = p.save_keys_total();
    std::snprintf(
        perc, sizeof(perc), "%.2f",
        total ? static_cast<double>(p.save_keys_processed()) * 100 / static_cast<double>(total)
              : 0.0);
    w.field("current_fork_perc", perc);
    w.field("current_save_keys_processed", p.save_keys_processed());
    w.field("current_save_keys_total", total);
    if (p.loading()) loading_fields(p, w, s.now_ms());
    w.field("rdb_changes_since_last_save", s.stats().dirty);
    w.field("rdb_bgsave_in_progress", p.bgsave_in_progress() ? 1 : 0);
    w.field("rdb_last_save_time", static_cast<long long>(p.lastsave()));
    w.field("rdb_last_bgsave_status", p.last_bgsave_ok() ? "ok" : "err");
    w.field("rdb_last_bgsave_time_sec", static_cast<long long>(p.last_bgsave_time_sec()));
    w.field("rdb_current_bgsave_time_sec", static_cast<long long>(p.current_bgsave_time_sec()));
    w.field("rdb_saves", p.rdb_saves());
    w.field("rdb_last_cow_size", p.last_cow_size());
    w.field("rdb_last_load_keys_expired", p.last_load_keys_expired());
    w.field("rdb_last_load_keys_loaded", p.last_load_keys_loaded());
    Aof& aof = p.aof();
    w.field("aof_enabled", aof.state() != Aof::State::Off ? 1 : 0);
    w.field("aof_rewrite_in_progress", aof.rewrite_in_progress() ? 1 : 0);
    w.field("aof_rewrite_scheduled", aof.rewrite_scheduled() ? 1 : 0);
    w.field("aof_last_rewrite_time_sec", static_cast<long long>(aof.last_rewrite_time_sec()));
    w.field("aof_current_rewrite_time_sec", static_cast<long long>(aof.current_rewrite_time_sec()));
    w.field("aof_last_bgrewrite_status", aof.last_rewrite_ok() ? "ok" : "err");
    w.field("aof_rewrites", aof.rewrites());
    w.field("aof_rewrites_consecutive_failures", aof.consecutive_failures());
    w.field("aof_last_write_status", aof.write_error().empty() ? "ok" : "err");
    w.field("aof_last_cow_size", aof.last_cow_size());
    w.field("module_fork_in_progress", 0);
    w.field("module_fork_last_cow_size", 0);
    if (aof.state() != Aof::State::Off) {
        w.field("aof_current_size", aof.current_size());
        w.field("aof_base_size", aof.base_size());
        w.field("aof_pending_rewrite", aof.rewrite_scheduled() ? 1 : 0);
        w.field("aof_buffer_length", aof.buffer_length());
        w.field("aof_pending_bio_fsync", aof.fsync_pending() ? 1 : 0);
        w.field("aof_delayed_fsync", 0);
    }
}

void stats_section(Server& s, InfoWriter& w) {
    const Stats& st = s.stats();
    // Expiry stats are kept per database; Redis reports one figure for the whole server.
    uint64_t expired = 0, expire_cpu_us = 0;
    double stale = 0;
    for (int i = 0; i < s.db_count(); i++) {
        const db::ExpireStats& es = s.db(i).expire_stats();
        expired += es.expired_keys;
        expire_cpu_us += es.expire_cycle_cpu_microseconds;
        stale = std::max(stale, es.expired_stale_ratio);
    }
    char kbps[32];
    w.section("Stats");
    w.field("total_connections_received", st.total_connections_received);
    w.field("total_commands_processed", st.total_commands_processed);
    w.field("instantaneous_ops_per_sec", st.ops_per_sec.average());
    w.field("total_net_input_bytes", st.net_input_bytes);
    w.field("total_net_output_bytes", st.net_output_bytes);
    // Replication, eviction and defragmentation do not exist yet: their counters are 0, which
    // is what happened.
    w.field("total_net_repl_input_bytes", 0);
    w.field("total_net_repl_output_bytes", 0);
    std::snprintf(kbps, sizeof(kbps), "%.2f",
                  static_cast<double>(st.input_bytes_per_sec.average()) / 1024);
    w.field("instantaneous_input_kbps", kbps);
    std::snprintf(kbps, sizeof(kbps), "%.2f",
                  static_cast<double>(st.output_bytes_per_sec.average()) / 1024);
    w.field("instantaneous_output_kbps", kbps);
    w.field("instantaneous_input_repl_kbps", "0.00");
    w.field("instantaneous_output_repl_kbps", "0.00");
    w.field("rejected_connections", st.rejected_connections);
    w.field("sync_full", 0);
    w.field("sync_partial_ok", 0);
    w.field("sync_partial_err", 0);
    w.field("expired_keys", expired);
    std::snprintf(kbps, sizeof(kbps), "%.2f", stale * 100);
    w.field("expired_stale_perc", kbps);
    w.field("expired_time_cap_reached_count", st.expired_time_cap_reached_count);
    w.field("expire_cycle_cpu_milliseconds", expire_cpu_us / 1000);
    w.field("evicted_keys", st.evicted_keys);
    w.field("evicted_clients", 0);
    w.field("total_eviction_exceeded_time", 0);
    w.field("current_eviction_exceeded_time", 0);
    w.field("keyspace_hits", st.keyspace_hits);
    w.field("keyspace_misses", st.keyspace_misses);
    w.field("pubsub_channels", s.pubsub().size(PubSubKind::Channel));
    w.field("pubsub_patterns", s.pubsub().size(PubSubKind::Pattern));
    w.field("pubsubshard_channels", s.pubsub().size(PubSubKind::Shard));
    // Redis counts forked children; Cairn's background snapshots run in-process (no fork):
    // total_forks counts them, latest_fork_usec is how long starting the last one held the
    // server (Redis: the fork call).
    w.field("latest_fork_usec", s.persistence().latest_start_usec());
    w.field("total_forks", s.persistence().background_saves());
    w.field("migrate_cached_sockets", static_cast<uint64_t>(s.migrate_sockets().size()));
    w.field("slave_expires_tracked_keys", 0);
    w.field("active_defrag_hits", 0);
    w.field("active_defrag_misses", 0);
    w.field("active_defrag_key_hits", 0);
    w.field("active_defrag_key_misses", 0);
    w.field("total_active_defrag_time", 0);
    w.field("current_active_defrag_time", 0);
    w.field("tracking_total_keys", static_cast<uint64_t>(s.tracking().total_keys()));
    w.field("tracking_total_items", static_cast<uint64_t>(s.tracking().total_items()));
    w.field("tracking_total_prefixes", static_cast<uint64_t>(s.tracking().total_prefixes()));
    w.field("unexpected_error_replies", st.unexpected_error_replies);
    w.field("total_error_replies", st.total_error_replies);
    w.field("dump_payload_sanitizations", 0);  // sanitize-dump-payload is not available yet
    w.field("total_reads_processed", st.total_reads_processed);
    w.field("total_writes_processed", st.total_writes_processed);
    w.field("io_threaded_reads_processed", 0);  // io-threads is 1
    w.field("io_threaded_writes_processed", 0);
    // Redis 7.2's names for the limit disconnections, kept after 7.0's fields.
    w.field("client_query_buffer_limit_disconnections",
            st.client_query_buffer_limit_disconnections);
    w.field("client_output_buffer_limit_disconnections",
            st.client_output_buffer_limit_disconnections);
    w.field("reply_buffer_shrinks", st.reply_buffer_shrinks);
    w.field("reply_buffer_expands", st.reply_buffer_expands);
}

void replication_section(Server& s, InfoWriter& w) {
    w.section("Replication");
    w.field("role", "master");
    w.field("connected_slaves", 0);
    w.field("master_failover_state", "no-failover");
    w.field("master_replid", s.replid());
    w.field("master_replid2", "0000000000000000000000000000000000000000");
    w.field("master_repl_offset", 0);
    w.field("second_repl_offset", -1);
    w.field("repl_backlog_active", 0);
    // repl-backlog-size keeps its default until replication exists; no backlog is allocated.
    w.field("repl_backlog_size", config::find_directive("repl-backlog-size")->get(s.config()));
    w.field("repl_backlog_first_byte_offset", 0);
    w.field("repl_backlog_histlen", 0);
}

void cpu_section(InfoWriter& w) {
    double user = 0, sys = 0;
    platform::process_cpu_seconds(user, sys);
    char buf[32];
    w.section("CPU");
    std::snprintf(buf, sizeof(buf), "%.6f", sys);
    w.field("used_cpu_sys", buf);
    std::snprintf(buf, sizeof(buf), "%.6f", user);
    w.field("used_cpu_user", buf);
    // Background saves run in threads, not children: no child CPU time.
    w.field("used_cpu_sys_children", "0.000000");
    w.field("used_cpu_user_children", "0.000000");
    if (platform::thread_cpu_seconds(user, sys)) {  // INFO runs on the event loop's thread
        std::snprintf(buf, sizeof(buf), "%.6f", sys);
        w.field("used_cpu_sys_main_thread", buf);
        std::snprintf(buf, sizeof(buf), "%.6f", user);
        w.field("used_cpu_user_main_thread", buf);
    }
}

void commandstats_line(const Command& cmd, InfoWriter& w) {
    const CommandStats& st = cmd.stats();
    if (st.calls == 0 && st.rejected_calls == 0 && st.failed_calls == 0) return;
    char buf[256];
    double per = st.calls ? static_cast<double>(st.usec) / static_cast<double>(st.calls) : 0.0;
    std::snprintf(buf, sizeof(buf),
                  "cmdstat_%s:calls=%llu,usec=%llu,usec_per_call=%.2f,rejected_calls=%llu,"
                  "failed_calls=%llu",
                  cmd.full_name().c_str(), static_cast<unsigned long long>(st.calls),
                  static_cast<unsigned long long>(st.usec), per,
                  static_cast<unsigned long long>(st.rejected_calls),
                  static_cast<unsigned long long>(st.failed_calls));
    w.line(buf);
}

void commandstats_section(Server& s, InfoWriter& w) {
    w.section("Commandstats");
    for (const auto& cmd : s.commands().all()) {
        commandstats_line(*cmd, w);
        for (const auto& sub : cmd->subcommands()) commandstats_line(*sub, w);
    }
}

void keyspace_section(Server& s, InfoWriter& w) {
    w.section("Keyspace");
    for (int i = 0; i < s.db_count(); i++) {
        db::Database& d = s.db(i);
        if (d.size() == 0) continue;
        char buf[128];
        std::snprintf(buf, sizeof(buf), "db%d:keys=%zu,expires=%zu,avg_ttl=%lld", i, d.size(),
                      d.expires_size(), static_cast<long long>(d.avg_ttl()));
        w.line(buf);
    }
}

void errorstats_section(Server& s, InfoWriter& w) {
    w.section("Errorstats");
    for (const auto& [code, count] : s.stats().errors_by_code) {
        w.line("errorstat_" + code + ":count=" + util::ll_to_string(static_cast<long long>(count)));
    }
}

// latency-tracking: each command's percentiles (latency-tracking-info-percentiles), in us.
void latencystats_line(const Command& cmd, const config::Config& cfg, InfoWriter& w) {
    const CommandStats& st = cmd.stats();
    if (!st.latency) return;
    std::string line = "latency_percentiles_usec_" + cmd.full_name() + ":";
    const auto& percentiles = cfg.latency_tracking_info_percentiles;
    for (size_t j = 0; j < percentiles.size(); j++) {
        char value[64];
        std::snprintf(
            value, sizeof value, "%.3f",
            static_cast<double>(st.latency->value_at_percentile(percentiles[j])) / 1000.0);
        if (j > 0) line += ',';
        line += 'p';
        line += config::detail::latency_percentile_text(percentiles[j]);
        line += '=';
        line += value;
    }
    w.line(line);
}

void latencystats_section(Server& s, InfoWriter& w) {
    w.section("Latencystats");
    if (!s.config().latency_tracking) return;
    for (const auto& cmd : s.commands().all()) {
        latencystats_line(*cmd, s.config(), w);
        for (const auto& sub : cmd->subcommands()) latencystats_line(*sub, s.config(), w);
    }
}

const std::set<std::string> kDefaultSections = {
    "server", "clients", "memory",     "persistence", "stats",   "replication",
    "cpu",    "modules", "errorstats", "cluster",     "keyspace"};

void info(CommandContext& ctx) {
    std::set<std::string> wanted;
    bool all = false;
    if (ctx.argc() == 1) wanted = kDefaultSections;
    for (size_t i = 1; i < ctx.argc(); i++) {
        std::string name = util::to_lower(ctx.argv[i]);
        if (name == "default") {
            wanted.insert(kDefaultSections.begin(), kDefaultSections.end());
        } else if (name == "all" || name == "everything") {
            all = true;
        } else {
            wanted.insert(name);
        }
    }
    if (all) {
        wanted.insert(kDefaultSections.begin(), kDefaultSections.end());
        wanted.insert("commandstats");
        wanted.insert("latencystats");
    }
    Server& s = server_of(ctx);
    s.update_time();
    InfoWriter w;
    if (wanted.count("server")) server_section(s, w);
    if (wanted.count("clients")) clients_section(s, w);
    if (wanted.count("memory")) memory_section(s, w);
    if (wanted.count("persistence")) persistence_section(s, w);
    if (wanted.count("stats")) stats_section(s, w);
    if (wanted.count("replication")) replication_section(s, w);
    if (wanted.count("cpu")) cpu_section(w);
    if (wanted.count("modules")) w.section("Modules");
    if (wanted.count("commandstats")) commandstats_section(s, w);
    if (wanted.count("errorstats")) errorstats_section(s, w);
    if (wanted.count("latencystats")) latencystats_section(s, w);
    if (wanted.count("cluster")) {
        w.section("Cluster");
        w.field("cluster_enabled", 0);
    }
    if (wanted.count("keyspace")) keyspace_section(s, w);
    ctx.reply.verbatim(w.text());
}

}  // namespace

void register_info_command(CommandTable& t) {
    t.add_handlers({
        {"info", info},
    });
}

}  // namespace cairn
