// Value parsers shared by the directive setters, with Redis 7.0's rules and error texts.
#pragma once

#include <string>
#include <string_view>

namespace cairn::config::detail {

// Redis's memtoull: digits with an optional unit b k kb m mb g gb (case-insensitive).
// Like Redis, "" and a bare unit are 0 and an over-long digit run saturates at ULLONG_MAX.
bool parse_memory_ull(std::string_view s, unsigned long long& out);

// "yes" / "no", case-insensitive (Redis's yesnotoi).
bool parse_yes_no(std::string_view s, bool& out);

// C strtoll(s, &end, base) that must consume the whole string: leading spaces and '+' are
// accepted, "" is 0 and overflow saturates, as Redis's callers of strtoll see it.
bool parse_strtoll_whole(const std::string& s, int base, long long& out);

// Redis's reason texts.
inline constexpr std::string_view kErrYesNo = "argument must be 'yes' or 'no'";
inline constexpr std::string_view kErrInteger = "argument couldn't be parsed into an integer";
inline constexpr std::string_view kErrMemory = "argument must be a memory value";
inline constexpr std::string_view kErrOctal = "argument couldn't be parsed as an octal number";
inline constexpr std::string_view kErrArgCount = "wrong number of arguments";

// "argument must be between <min> and <max> inclusive" (bounds in decimal or octal).
std::string bounds_error(long long min, long long max, bool octal = false);
// "argument(s) must be one of the following: a, b, c"
std::string enum_error(const std::string_view* values, std::size_t count);

}  // namespace cairn::config::detail
