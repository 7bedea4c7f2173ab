// One accepted socket (TCP or Unix). Asio stays in the .cpp: this header is what the server
// sees. The connection never touches client state or the keyspace: it only moves bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace cairn::net {

struct ConstSpan {
    const char* data;
    size_t len;
};

enum class IoStatus { Ok, WouldBlock, Eof, Error };

struct IoResult {
    IoStatus status = IoStatus::Ok;
    size_t bytes = 0;
    bool cancelled = false;  // the operation was cancelled by cancel() or close()
    std::string error;       // set for Error
};

// Receives a connection's completions. Held by shared_ptr while an operation is pending,
// so the receiver outlives every callback.
class ConnectionHandler {
public:
    virtual ~ConnectionHandler() = default;
    // A read finished: `data` holds the r.bytes bytes read (in the connection's peek buffer or
    // in the caller's buffer given to start_read), or r reports EOF / error / cancellation.
    virtual void on_read(const IoResult& r, const char* data) = 0;
    virtual void on_writable(bool ok) = 0;
};

class Connection {
public:
    // Small enough to keep per connection, big enough for a typical single command, so that
    // an idle connection waits without a real buffer (see DESIGN.md, data path step 2).
    static constexpr size_t kPeekSize = 64;

    virtual ~Connection() = default;

    // Waits until data arrives and reads it, then calls h->on_read. With buf == nullptr it reads
    // up to kPeekSize bytes into the connection's own small buffer (an idle client then holds
    // no buffer); otherwise into buf, which must stay valid until on_read runs.
    virtual void start_read(std::shared_ptr<ConnectionHandler> h, char* buf = nullptr,
                            size_t len = 0) = 0;
    // Cancels a pending start_read / wait_writable: their handlers run with r.cancelled.
    virtual void cancel() = 0;
    // Non-blocking read / gather write.
    virtual IoResult read_some(char* buf, size_t len) = 0;
    virtual IoResult write_some(const ConstSpan* spans, size_t count) = 0;
    // Calls h->on_writable once the socket can take more output.
    virtual void wait_writable(std::shared_ptr<ConnectionHandler> h) = 0;
    // Closes the socket; pending operations complete with an error.
    virtual void close() = 0;

    virtual bool is_unix() const = 0;
    virtual std::intptr_t native_handle() const = 0;
    // "127.0.0.1:51234", "[::1]:51234", or "/tmp/cairn.sock:0" as Redis prints them. The
    // local address is asked from the socket when needed (CLIENT LIST): not kept per client.
    // Both are asked from the socket when needed rather than kept per connection.
    virtual std::string peer_address() const = 0;
    virtual std::string local_address() const = 0;
    // Loopback peer or Unix socket: what protected mode treats as local.
    bool peer_is_local() const { return peer_local_; }

protected:
    bool peer_local_ = false;
};

}  // namespace cairn::net
