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
    std::string error;  // set for Error
};

// Receives a connection's completions. Held by shared_ptr while an operation is pending,
// so the receiver outlives every callback.
class ConnectionHandler {
public:
    virtual ~ConnectionHandler() = default;
    // Readability wait finished: `first` holds the first bytes read (r.bytes of them), or r
    // reports EOF / error. Call read_some() for more.
    virtual void on_read(const IoResult& r, const char* first) = 0;
    virtual void on_writable(bool ok) = 0;
};

class Connection {
public:
    // Small enough to keep per connection, big enough for a typical single command, so that
    // an idle connection waits without a real buffer (see DESIGN.md, data path step 2).
    static constexpr size_t kPeekSize = 96;

    virtual ~Connection() = default;

    // Waits until data arrives and reads up to kPeekSize bytes, then calls h->on_read.
    virtual void start_read(std::shared_ptr<ConnectionHandler> h) = 0;
    // Non-blocking read / gather write.
    virtual IoResult read_some(char* buf, size_t len) = 0;
    virtual IoResult write_some(const ConstSpan* spans, size_t count) = 0;
    // Calls h->on_writable once the socket can take more output.
    virtual void wait_writable(std::shared_ptr<ConnectionHandler> h) = 0;
    // Closes the socket; pending operations complete with an error.
    virtual void close() = 0;

    virtual bool is_unix() const = 0;
    virtual std::intptr_t native_handle() const = 0;
    // "127.0.0.1:51234", "[::1]:51234", or "/tmp/cairn.sock:0" as Redis prints them.
    const std::string& peer_address() const { return peer_; }
    const std::string& local_address() const { return local_; }

protected:
    std::string peer_;
    std::string local_;
};

}  // namespace cairn::net
