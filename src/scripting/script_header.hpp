// The first line of a script or library: EVAL's optional "#!lua flags=..." shebang and a
// FUNCTION LOAD library's "#!lua name=..." metadata, parsed as Redis 7.0 does (eval.c
// evalExtractShebangFlags, functions.c functionExtractLibMetaData), with Redis's error texts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::scripting {

enum ScriptFlag : uint32_t {
    kScriptNoWrites = 1u << 0,        // no-writes
    kScriptAllowOom = 1u << 1,        // allow-oom
    kScriptAllowStale = 1u << 2,      // allow-stale
    kScriptNoCluster = 1u << 3,       // no-cluster
    kScriptEvalCompat = 1u << 4,      // EVAL without shebang (not a user flag)
    kScriptAllowCrossSlot = 1u << 5,  // allow-cross-slot-keys
};

// "no-writes" -> kScriptNoWrites ...; 0 when unknown.
uint32_t script_flag(std::string_view name);
// The user flags in Redis's order (FUNCTION LIST's flags array).
std::vector<std::string_view> script_flag_names(uint32_t flags);

struct Shebang {
    uint32_t flags = kScriptEvalCompat;
    size_t length = 0;  // bytes of the shebang line (without its '\n'); 0 when none
};
// false with err ("Unexpected engine in script shebang: #!x", ...) for a bad shebang.
bool parse_eval_shebang(std::string_view body, Shebang& out, std::string& err);

struct LibraryMeta {
    std::string engine;  // "LUA" as typed ("lua")
    std::string name;
    std::string code;  // the payload from the end of the first line (its '\n' included)
};
bool parse_library_meta(std::string_view payload, LibraryMeta& out, std::string& err);

// Library and function names: letters, digits and '_', at least one.
bool valid_name(std::string_view name);

}  // namespace cairn::scripting
