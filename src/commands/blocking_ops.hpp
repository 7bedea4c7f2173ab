// What every blocking command shares (blocking_lists.cpp, blocking_zsets.cpp): the timeout
// argument, and the block / re-run / serve steps around server/blocking.hpp.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn {

class CommandContext;

namespace blocking {

// Redis's getTimeoutFromObjectOrReply in seconds: a float, 0 = forever. Sets the absolute
// deadline in ms (0 for forever); on a bad value replies Redis's error and returns false.
bool parse_timeout(CommandContext& ctx, std::string_view arg, int64_t& deadline_ms);

// True while the command runs again for a client already blocked on its keys.
bool retrying(const CommandContext& ctx);

// The client is served: it leaves the blocked state before the reply is written.
void served(CommandContext& ctx);

// Nothing to serve: block on keys (a re-run leaves the client blocked where it was). Inside
// EXEC (kDenyBlocking) the client is not blocked: it gets a null array, or a null bulk for
// the moving commands (BLMOVE, BRPOPLPUSH).
void block_on(CommandContext& ctx, const std::vector<std::string_view>& keys, int64_t deadline,
              bool null_bulk = false);

}  // namespace blocking
}  // namespace cairn
