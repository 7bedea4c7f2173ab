// The rows of the generated command table (command_metadata.generated.cpp, written by
// scripts/gen-command-table from redis-server 7.0.15): every Redis command and subcommand as
// COMMAND INFO and COMMAND DOCS describe it. Lists of names are space separated, in the order
// Redis prints them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace cairn::meta {

struct KeySpecMetadata {
    std::string_view notes;  // empty: Redis prints no "notes"
    std::string_view flags;  // "RW access update variable_flags"
    char begin;              // 'i' index, 'k' keyword, 'u' unknown
    int begin_arg;           // 'i': index; 'k': startfrom
    std::string_view keyword;
    char find;  // 'r' range (a = lastkey, b = keystep, c = limit),
                // 'n' keynum (a = keynumidx, b = firstkey, c = keystep), 'u' unknown
    int a, b, c;
};

struct HistoryMetadata {
    std::string_view version;
    std::string_view text;
};

enum class ArgType : uint8_t {
    String,
    Integer,
    Double,
    Key,
    Pattern,
    UnixTime,
    PureToken,
    OneOf,
    Block
};

// One COMMAND DOCS argument; empty strings are fields Redis does not print.
struct ArgMetadata {
    std::string_view name;
    ArgType type;
    int key_spec_index;  // -1: none
    bool has_token;      // the token may be empty (MIGRATE's "")
    std::string_view token;
    std::string_view summary;
    std::string_view since;
    std::string_view deprecated_since;
    std::string_view flags;  // "optional multiple multiple_token"
    uint16_t first_arg;      // children (OneOf, Block): all_args()[first_arg, +num_args)
    uint16_t num_args;
};

struct CommandMetadata {
    std::string_view name;  // "get", "config|get"
    int arity;
    std::string_view flags;           // as COMMAND INFO prints them ("write denyoom movablekeys")
    int first_key, last_key, step;    // COMMAND INFO's legacy key range
    std::string_view hidden_flags;    // flags COMMAND INFO does not print ("may_replicate")
    std::string_view acl_categories;  // "@write @string @slow"
    std::string_view tips;            // "nondeterministic_output request_policy:all_shards"
    uint16_t first_key_spec, num_key_specs;  // all_key_specs()[first, +num)

    std::string_view summary;
    std::string_view since;
    std::string_view group;
    std::string_view complexity;
    std::string_view doc_flags;  // "deprecated syscmd"
    std::string_view deprecated_since;
    std::string_view replaced_by;
    uint16_t first_history, num_history;  // all_history()[first, +num)
    uint16_t first_arg, num_args;         // all_args()[first, +num)
};

// The generated arrays; all_commands() is sorted by name.
std::span<const CommandMetadata> all_commands();
std::span<const KeySpecMetadata> all_key_specs();
std::span<const HistoryMetadata> all_history();
std::span<const ArgMetadata> all_args();

// The row of "get" or "config|get" (exact, lower case), or nullptr.
const CommandMetadata* find_command(std::string_view name);

std::span<const KeySpecMetadata> key_specs(const CommandMetadata& cmd);
std::span<const HistoryMetadata> history(const CommandMetadata& cmd);
std::span<const ArgMetadata> arguments(const CommandMetadata& cmd);
std::span<const ArgMetadata> arguments(const ArgMetadata& arg);

// Calls f(word) for each word of a space-separated list.
template <typename F>
void for_each_word(std::string_view list, F&& f) {
    while (!list.empty()) {
        size_t sp = list.find(' ');
        if (sp != 0) f(list.substr(0, sp));
        if (sp == std::string_view::npos) break;
        list.remove_prefix(sp + 1);
    }
}

}  // namespace cairn::meta
