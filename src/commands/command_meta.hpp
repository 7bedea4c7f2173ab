// Redis 7.0.15's per-command metadata that CommandSpec does not carry, keyed by full command
// name ("set", "config|get"): key specs, command tips, doc history, deprecation, the "since"
// versions of individual arguments and the command flags CommandFlag lacks. COMMAND INFO / COMMAND
// DOCS use it for commands Redis knows; other commands fall back to what their CommandSpec gives.
#pragma once

#include <span>
#include <string_view>

namespace cairn::meta {

struct KeySpecDef {
    std::string_view command;
    std::string_view flags;  // space separated: "RW access update variable_flags"
    char begin;              // 'i' index, 'k' keyword, 'u' unknown
    int begin_arg;           // 'i': index; 'k': startfrom
    std::string_view keyword;
    char find;  // 'r' range (a=lastkey b=keystep c=limit), 'n' keynum (a=keynumidx
                // b=firstkey c=keystep), 'u' unknown
    int a, b, c;
    std::string_view notes;
};

struct Tip {
    std::string_view command;
    std::string_view tip;  // "nondeterministic_output", "request_policy:all_shards", ...
};

struct HistoryEntry {
    std::string_view command;
    std::string_view version;
    std::string_view text;
};

struct Deprecation {
    std::string_view command;
    std::string_view doc_flags;  // space separated: "deprecated", "syscmd"
    std::string_view deprecated_since;
    std::string_view replaced_by;
};

struct ArgInfo {
    std::string_view command;
    // Path of argument names from the top, each "name" or "name(TOKEN)", joined by '/':
    // "expiration/unix-time-seconds(EXAT)".
    std::string_view path;
    std::string_view since;
    std::string_view deprecated_since;
};

// Command flags Cairn's CommandFlag does not have ("asking", "no_async_loading").
struct ExtraFlags {
    std::string_view command;
    std::string_view flags;  // space separated
};

// All rows of one command (empty when none). Each table is sorted by command.
std::span<const KeySpecDef> key_specs(std::string_view command);
std::span<const Tip> tips(std::string_view command);
std::span<const HistoryEntry> history(std::string_view command);
const Deprecation* deprecation(std::string_view command);
std::span<const ArgInfo> arg_info(std::string_view command);
std::string_view extra_flags(std::string_view command);

}  // namespace cairn::meta
