// Number <-> string conversions with Redis's exact rules, and small string helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::util {

// Strict integer parse as Redis's string2ll: optional '-', digits, no spaces, no '+',
// no leading zeros (except "0"), must fit in long long.
bool string_to_ll(std::string_view s, long long& out);

// Redis's string2ld/strtold rules for INCRBYFLOAT and friends: whole string must parse,
// no leading/trailing spaces, not NaN. Accepts "inf"/"-inf".
bool string_to_ld(std::string_view s, long double& out);

// Redis's string2d rules (getDoubleFromObject): whole string, no spaces, not NaN.
bool string_to_d(std::string_view s, double& out);

std::string ll_to_string(long long v);
// Append the decimal form of v to out without allocating a temporary.
void append_ll(std::string& out, long long v);

// Redis 7.0 addReplyDouble text: "inf", "-inf", else "%.17g".
std::string double_to_string(double d);
// Redis ld2string in "human" mode (INCRBYFLOAT): "%.17Lf" with trailing zeros removed.
std::string long_double_to_human(long double v);

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

// Redis's stringmatchlen: glob with * ? [abc] [^a] [a-z] and backslash escapes.
bool glob_match(std::string_view pattern, std::string_view str, bool nocase = false);

// Redis's sdssplitargs: splits a line into arguments honouring "double quotes" with
// \n \r \t \b \a \\ \" \xHH escapes and 'single quotes' with only \' escaped.
// Returns false on unbalanced quotes (or a closing quote not followed by a space).
bool split_args(std::string_view line, std::vector<std::string>& out);

// Redis's sdscatrepr: "quoted" with escapes, for logs and MONITOR.
std::string repr(std::string_view s);

}  // namespace cairn::util
