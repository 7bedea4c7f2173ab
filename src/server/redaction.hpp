// Which arguments of a command are secrets that MONITOR and SLOWLOG show as "(redacted)"
// (the callers of Redis's redactClientCommandArgument: AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2).
#pragma once

#include <string_view>
#include <vector>

namespace cairn {

std::vector<bool> redacted_arguments(const std::vector<std::string_view>& argv);

}  // namespace cairn
