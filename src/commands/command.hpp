// The command table: declarative command specs (name, arity, flags, keys, group, handler,
// docs) and per-command statistics for INFO commandstats.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class CommandContext;
using Handler = void (*)(CommandContext&);

// Command flags with Redis 7.0's names (COMMAND INFO prints them).
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
    kSentinel = 1u << 17,         // sentinel
};

struct CommandDoc {
    std::string_view summary;
    std::string_view since;
    std::string_view complexity;
    // Redis's syntax line for the arguments after the name, e.g.
    // "key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]"; COMMAND DOCS turns
    // it into the argument tree.
    std::string_view syntax;
};

struct CommandSpec {
    std::string_view name;  // lower case; subcommands use their own word ("get")
    int arity = 0;          // Redis convention: N exact, -N at least N (name included)
    uint32_t flags = 0;
    int first_key = 0;  // 0 = no keys
    int last_key = 0;   // -1 = last argument
    int key_step = 0;
    std::string_view group;           // "string", "generic", "server", "connection", ...
    std::string_view acl_categories;  // space separated, e.g. "@write @string @slow"
    Handler handler = nullptr;
    CommandDoc doc;
    std::vector<CommandSpec> subcommands;
};

struct CommandStats {
    uint64_t calls = 0;
    uint64_t usec = 0;
    uint64_t rejected_calls = 0;
    uint64_t failed_calls = 0;
};

class Command {
public:
    Command(CommandSpec spec, const Command* parent);

    const CommandSpec& spec() const { return spec_; }
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

private:
    CommandSpec spec_;
    std::string full_name_;
    const Command* parent_;
    std::vector<std::unique_ptr<Command>> subcommands_;
    mutable CommandStats stats_;
};

class CommandTable {
public:
    void add(CommandSpec spec);
    const Command* find(std::string_view name) const;  // case-insensitive, no allocation
    const std::vector<std::unique_ptr<Command>>& all() const { return commands_; }
    size_t size() const { return commands_.size(); }
    void reset_stats();

private:
    void index(const Command* cmd);

    std::vector<std::unique_ptr<Command>> commands_;
    // Open addressing over a case-folding hash: the per-command lookup allocates nothing and
    // folds case while hashing (Redis does the same with a case-insensitive dict).
    std::vector<const Command*> slots_;
};

// A spec from its positional parts: the families' tables are long lists of these.
CommandSpec make_spec(std::string_view group, std::string_view name, int arity, uint32_t flags,
                      int first_key, int last_key, int key_step, std::string_view acl_categories,
                      Handler handler, CommandDoc doc);

// Family registration functions, one per file under commands/ (the server commands are
// declared in server/commands/server_commands.hpp).
void register_introspection_commands(CommandTable& table);  // COMMAND
void register_string_commands(CommandTable& table);
void register_key_commands(CommandTable& table);
void register_list_commands(CommandTable& table);           // LPUSH LPOP LRANGE LMOVE ...
void register_blocking_list_commands(CommandTable& table);  // BLPOP BRPOP BLMOVE ...
void register_sort_commands(CommandTable& table);           // SORT SORT_RO
void register_wait_command(CommandTable& table);            // WAIT
void register_hash_commands(CommandTable& table);           // HSET HGET HSCAN ...
void register_set_commands(CommandTable& table);            // SADD SINTER SSCAN ...
void register_bitmap_commands(CommandTable& table);         // SETBIT BITCOUNT BITFIELD ...
void register_hyperloglog_commands(CommandTable& table);    // PFADD PFCOUNT PFMERGE
void register_zset_commands(CommandTable& table);           // ZADD ZREM ZSCORE ZPOPMIN ZSCAN ...
void register_zset_range_commands(CommandTable& table);     // ZRANGE* ZCOUNT ZREMRANGEBY* ...
void register_zset_store_commands(CommandTable& table);     // ZUNION ZINTER ZDIFF (+STORE)
void register_blocking_zset_commands(CommandTable& table);  // BZPOPMIN BZPOPMAX BZMPOP

}  // namespace cairn
