// Password checks shared by AUTH and HELLO ... AUTH.
#pragma once

#include <string_view>

namespace cairn {

class Server;

// The default user is the only user until ACLs exist: it has no password when requirepass
// is empty (any password then works, as for Redis's "nopass"), else requirepass.
bool credentials_ok(const Server& server, std::string_view user, std::string_view password);

}  // namespace cairn
