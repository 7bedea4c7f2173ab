// The command table: Cairn's handlers joined by name with the command metadata generated from
// Redis (commands/command_metadata.hpp), and per-command statistics for INFO commandstats.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "commands/key_specs.hpp"
#include "util/latency_histogram.hpp"

namespace cairn {

namespace meta {
struct CommandMetadata;
}

class CommandContext;
using Handler = void (*)(CommandContext&);

// The command flags Cairn acts on, set from the generated flag names (command_table.cpp).
enum CommandFlag : uint32_t {
    kWrite = 1u << 0,             // write
    kReadOnly = 1u << 1,          // readonly
    kDenyOom = 1u << 2,           // denyoom
    kAdmin = 1u << 3,             // admin
    kPubSub = 1u << 4,            // pubsub
    kNoScript = 1u << 5,          // noscript
    kBlocking = 1u << 6,          // blocking
    kLoading = 1u << 7,           // loading
    kStale = 1u << 8,             // stale
    kSkipMonitor = 1u << 9,       // skip_monitor
    kSkipSlowlog = 1u << 10,      // skip_slowlog
    kFast = 1u << 11,             // fast
    kNoAuth = 1u << 12,           // no_auth
    kMayReplicate = 1u << 13,     // may_replicate
    kNoMandatoryKeys = 1u << 14,  // no_mandatory_keys
    kNoMulti = 1u << 15,          // no_multi
    kAllowBusy = 1u << 16,        // allow_busy
};

// Cairn's own flags for what the pipeline (server/dispatch.cpp) treats specially; never shown
// by COMMAND. Set from one table (commands/pipeline_flags.cpp).
enum PipelineFlag : uint8_t {
    kRunsInMulti = 1u << 0,             // runs at once inside MULTI instead of being queued
    kRunsQueue = 1u << 1,               // EXEC: propagates what it ran, never itself
    kAllowedWhileSubscribed = 1u << 2,  // allowed for a RESP2 client with subscriptions
    kKeepsCachingFlag = 1u << 3,        // its subcommands leave CLIENT CACHING's choice alone
    kDebugProtected = 1u << 4,          // refused unless enable-debug-command allows it
    kModuleProtected = 1u << 5,         // refused unless enable-module-command allows it
};

// The run-time view of one command: its generated metadata joined with Cairn's handler.
struct CommandSpec {
    std::string_view name;  // lower case; subcommands use their own word ("get")
    int arity = 0;          // Redis convention: N exact, -N at least N (name included)
    uint32_t flags = 0;     // CommandFlag bits of the generated flags
    Handler handler = nullptr;
    const meta::CommandMetadata* meta = nullptr;  // never null in a table
};

struct CommandStats {
    uint64_t calls = 0;
    uint64_t usec = 0;
    uint64_t rejected_calls = 0;
    uint64_t failed_calls = 0;
    // latency-tracking: allocated at the command's first call (INFO latencystats).
    std::unique_ptr<util::LatencyHistogram> latency;
};

class Command {
public:
    Command(const meta::CommandMetadata& meta, Handler handler, const Command* parent);

    const CommandSpec& spec() const { return spec_; }
    const meta::CommandMetadata& meta() const { return *spec_.meta; }
    // Parsed once from the metadata (COMMAND INFO, GETKEYS, tracking).
    const std::vector<KeySpec>& key_specs() const { return key_specs_; }
    std::string_view name() const { return spec_.name; }
    // "get", or "config|get" for a subcommand.
    const std::string& full_name() const { return full_name_; }
    const Command* parent() const { return parent_; }
    bool has_subcommands() const { return !subcommands_.empty(); }
    const Command* find_subcommand(std::string_view name) const;  // case-insensitive
    const std::vector<std::unique_ptr<Command>>& subcommands() const { return subcommands_; }

    // True when argc satisfies the arity.
    bool arity_ok(size_t argc) const {
        int a = spec_.arity;
        return a > 0 ? argc == static_cast<size_t>(a) : argc >= static_cast<size_t>(-a);
    }

    CommandStats& stats() const { return stats_; }

    uint8_t pipeline_flags() const { return pipeline_flags_; }
    void set_pipeline_flags(uint8_t flags) { pipeline_flags_ = flags; }

private:
    friend class CommandTable;

    CommandSpec spec_;
    std::vector<KeySpec> key_specs_;
    std::string full_name_;
    const Command* parent_;
    std::vector<std::unique_ptr<Command>> subcommands_;
    mutable CommandStats stats_;
    uint8_t pipeline_flags_ = 0;
};

struct HandlerEntry {
    std::string_view name;  // "get", or "config|get" for a subcommand
    Handler handler;
};

class CommandTable {
public:
    // Joins a handler with the generated metadata of `name`; a subcommand's container is added
    // (without a handler unless it registers one) on first use. A name without metadata, or
    // registered twice, is left out and recorded in rejected_names(); returns false then.
    bool add_handler(std::string_view name, Handler handler);
    void add_handlers(std::initializer_list<HandlerEntry> entries);
    // Handler names add_handler rejected (check_all_joined asserts there are none).
    const std::vector<std::string>& rejected_names() const { return rejected_; }

    const Command* find(std::string_view name) const;  // case-insensitive, no allocation
    // "get" or "config|get" (case-insensitive), as Redis's lookupCommandBySds.
    const Command* find_full_name(std::string_view name) const;
    Command* find_mutable(std::string_view name) {
        return const_cast<Command*>(static_cast<const CommandTable*>(this)->find(name));
    }
    const std::vector<std::unique_ptr<Command>>& all() const { return commands_; }
    size_t size() const { return commands_.size(); }
    void reset_stats();

private:
    void index(const Command* cmd);

    std::vector<std::unique_ptr<Command>> commands_;
    // Open addressing over a case-folding hash: the per-command lookup allocates nothing and
    // folds case while hashing (Redis does the same with a case-insensitive dict).
    std::vector<const Command*> slots_;
    std::vector<std::string> rejected_;
};

// Marks the commands the pipeline treats specially (commands/pipeline_flags.cpp).
void apply_pipeline_flags(CommandTable& table);

// Logs every rejected handler name and asserts (debug builds) there is none.
void check_all_joined(const CommandTable& table);

// Family registration functions, one per file under commands/ (the server commands are
// declared in server/commands/server_commands.hpp, with register_all_commands).
void register_introspection_commands(CommandTable& table);  // COMMAND
void register_string_commands(CommandTable& table);
void register_key_commands(CommandTable& table);
void register_expire_commands(CommandTable& table);         // EXPIRE PEXPIRE ... TTL PERSIST
void register_dump_commands(CommandTable& table);           // DUMP RESTORE
void register_list_commands(CommandTable& table);           // LPUSH LPOP LRANGE LMOVE ...
void register_blocking_list_commands(CommandTable& table);  // BLPOP BRPOP BLMOVE ...
void register_sort_commands(CommandTable& table);           // SORT SORT_RO
void register_wait_command(CommandTable& table);            // WAIT
void register_standalone_commands(CommandTable& table);     // CLUSTER ROLE READONLY ...
void register_hash_commands(CommandTable& table);           // HSET HGET HSCAN ...
void register_set_commands(CommandTable& table);            // SADD SINTER SSCAN ...
void register_bitmap_commands(CommandTable& table);         // SETBIT BITCOUNT BITFIELD ...
void register_hyperloglog_commands(CommandTable& table);    // PFADD PFCOUNT PFMERGE
void register_zset_commands(CommandTable& table);           // ZADD ZREM ZSCORE ZPOPMIN ZSCAN ...
void register_zset_range_commands(CommandTable& table);     // ZRANGE* ZCOUNT ZREMRANGEBY* ...
void register_zset_store_commands(CommandTable& table);     // ZUNION ZINTER ZDIFF (+STORE)
void register_blocking_zset_commands(CommandTable& table);  // BZPOPMIN BZPOPMAX BZMPOP
void register_geo_commands(CommandTable& table);            // GEOADD GEOPOS GEODIST GEOHASH
void register_geo_search_commands(CommandTable& table);     // GEORADIUS* GEOSEARCH*
void register_stream_commands(CommandTable& table);         // XADD XRANGE XDEL XTRIM XSETID ...
void register_stream_read_commands(CommandTable& table);    // XREAD XREADGROUP
void register_stream_group_commands(CommandTable& table);   // XGROUP XACK XPENDING XCLAIM ...
void register_stream_info_commands(CommandTable& table);    // XINFO

}  // namespace cairn
