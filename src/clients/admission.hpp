// Whether a new connection may become a client: maxclients and protected mode, as Redis 7.0's
// acceptCommonHandler / clientAcceptHandler decide. Pure logic.
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn {

enum class Admission { Accept, TooManyClients, ProtectedMode };

struct AdmissionInput {
    size_t connected_clients = 0;  // before this one
    long long maxclients = 10000;
    bool protected_mode = true;
    bool password_set = false;  // the default user has a password (requirepass)
    bool peer_is_local = true;  // loopback address or Unix socket
};

Admission admit(const AdmissionInput& in);

// The exact bytes Redis writes before closing a refused connection.
std::string_view refusal_reply(Admission a);

}  // namespace cairn
