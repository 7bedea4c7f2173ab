// COMMAND DOCS argument trees: turns a Redis docs syntax line (CommandDoc::syntax, e.g.
// "key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]") into the nested
// argument description Redis 7.0 returns from COMMAND DOCS (name, type, key_spec_index,
// token, flags, sub-arguments).
//
// Accepted syntax (redis.io and redis-cli help styles):
//   word            an argument; lower-case words are arguments, words without lower-case
//                   letters are literal tokens ("NX", "*", "=", "" for the empty string)
//   TOKEN arg       an argument introduced by a token (the token attaches to the argument, or
//                   to a block when several arguments follow it)
//   [ ... ]         optional;  < ... >, ( ... ), { ... } required groups
//   a | b           alternatives (a oneof); at top level "LEFT|RIGHT" binds the two words
//   x [x ...]       repetition (multiple); "TOKEN x [TOKEN x ...]" sets multiple_token
//   name:type       type hint (key, string, integer, double, pattern, unix-time), e.g.
//                   "increment:double"
// Types, and the names of oneof/block groups, come from Redis's naming conventions with
// per-command refinements matching Redis 7.0's command docs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::docs {

enum class ArgType : uint8_t {
    Key,
    String,
    Integer,
    Double,
    Pattern,
    UnixTime,
    PureToken,
    OneOf,
    Block
};

enum ArgFlag : uint8_t {
    kArgOptional = 1u << 0,       // optional
    kArgMultiple = 1u << 1,       // multiple
    kArgMultipleToken = 1u << 2,  // multiple_token
};

struct Arg {
    std::string name;
    ArgType type = ArgType::String;
    int key_spec_index = -1;  // key arguments: index into the command's key specs
    bool has_token = false;   // token may be the empty string (MIGRATE's "")
    std::string token;
    std::string since;             // when known (Redis's own commands)
    std::string deprecated_since;  // when known
    uint8_t flags = 0;
    std::vector<Arg> args;  // OneOf / Block children
};

// "key", "string", "integer", "double", "pattern", "unix-time", "pure-token", "oneof", "block".
std::string_view arg_type_name(ArgType type);

// Parses a syntax line. `command` is the full command name ("set", "config|get"): it selects
// Redis's per-command names and types where the generic conventions differ. Never fails: a
// malformed line gives a best-effort tree. Key arguments get key_spec_index 0, 1, ... in order.
std::vector<Arg> parse_syntax(std::string_view syntax, std::string_view command = {});

// Renumbers key_spec_index for a command with `num_key_specs` key specs: key arguments are
// numbered in order, capped at the last spec; with no key specs the index is dropped (-1).
void assign_key_spec_indexes(std::vector<Arg>& args, size_t num_key_specs,
                             std::string_view command = {});

}  // namespace cairn::docs
