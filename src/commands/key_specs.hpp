// Key specs (Redis 7.0): where a command's keys are and how it uses them. COMMAND INFO prints
// them, COMMAND GETKEYS / GETKEYSANDFLAGS and tracking evaluate them. They come from the
// generated command metadata (commands/command_metadata.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cairn {

class Command;

namespace meta {
struct KeySpecMetadata;
}

// Key spec flags, in the order Redis prints them.
enum KeySpecFlag : uint32_t {
    kKeyRO = 1u << 0,              // RO
    kKeyRW = 1u << 1,              // RW
    kKeyOW = 1u << 2,              // OW
    kKeyRM = 1u << 3,              // RM
    kKeyAccess = 1u << 4,          // access
    kKeyUpdate = 1u << 5,          // update
    kKeyInsert = 1u << 6,          // insert
    kKeyDelete = 1u << 7,          // delete
    kKeyNotKey = 1u << 8,          // not_key
    kKeyIncomplete = 1u << 9,      // incomplete
    kKeyVariableFlags = 1u << 10,  // variable_flags
};

struct KeySpec {
    std::string_view notes;
    uint32_t flags = 0;

    enum class Begin : uint8_t { Index, Keyword, Unknown };
    Begin begin = Begin::Index;
    int index = 0;             // Begin::Index: argv position of the first key
    std::string_view keyword;  // Begin::Keyword: keys follow this (case-insensitive) word,
    int startfrom = 0;         // searched from here (negative: from the end, backwards)

    enum class Find : uint8_t { Range, Keynum, Unknown };
    Find find = Find::Range;
    int lastkey = 0;    // Range: last key relative to the first (negative: from the end)
    int keystep = 1;    // Range and Keynum
    int limit = 0;      // Range with lastkey -1: only 1/limit of the remaining arguments
    int keynumidx = 0;  // Keynum: position of the key count, relative to the begin position
    int firstkey = 0;   // Keynum: first key, relative to the begin position
};

// Flag names in Redis's order ("RW", "access", "update", ...).
std::vector<std::string_view> key_spec_flag_names(uint32_t flags);
uint32_t parse_key_spec_flags(std::string_view names);  // space-separated names

// The generated rows as key specs.
std::vector<KeySpec> parse_key_specs(std::span<const meta::KeySpecMetadata> rows);

// The key specs of a command (Command::key_specs()).
const std::vector<KeySpec>& command_key_specs(const Command& cmd);

// COMMAND GETKEYS's "does the command have keys": a spec that is not not_key.
bool has_key_arguments(std::span<const KeySpec> specs);

struct KeyRef {
    size_t pos;  // index into argv (argv[0] is the command name)
    uint32_t flags;
};

// Keys of a concrete invocation (argv[0] is the command name, the arity already checked),
// as Redis's getKeysFromCommandWithSpecs: the specs when they are reliable, else the
// command's own key extraction (SET, BITFIELD, SORT, MIGRATE, GEORADIUS*). Returns false when
// the arguments are not valid for the specs (Redis then replies with no keys).
bool command_get_keys(const Command& cmd, std::span<const KeySpec> specs,
                      std::span<const std::string_view> argv, std::vector<KeyRef>& out);

}  // namespace cairn
