// The Server behind a command's context, for the server commands (CLIENT, CONFIG, INFO, Pub/Sub,
// MULTI/EXEC, ...) that need more of the engine than commands/command_host.hpp offers. The
// Server is the only CommandHost, so the conversion is exact.
#pragma once

#include "commands/context.hpp"
#include "server/server.hpp"

namespace cairn {

inline Server& server_of(CommandContext& ctx) {
    return static_cast<Server&>(ctx.host);
}

}  // namespace cairn
