#include "clients/client.hpp"

#include "net/connection.hpp"

namespace cairn {

Client::Client(uint64_t id, std::unique_ptr<net::Connection> conn, int64_t now_ms)
    : created_ms(now_ms), last_interaction_ms(now_ms), id_(id), conn_(std::move(conn)) {
    if (!conn_)
        flags |= kPseudo;
    else if (conn_->is_unix())
        flags |= kUnixSocket;
}

Client::~Client() = default;

long long Client::fd() const {
    return conn_ ? static_cast<long long>(conn_->native_handle()) : -1;
}

}  // namespace cairn
