// LCS (Redis 7.0's lcsCommand): the longest common subsequence of two strings, its length, or
// the matching index ranges.
#pragma once

namespace cairn {

class CommandContext;

namespace strings {
void lcs_command(CommandContext& ctx);
}

}  // namespace cairn
