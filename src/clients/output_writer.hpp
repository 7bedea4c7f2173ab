// Writes a client's pending replies to its connection without blocking: shared by the normal
// write path and the last flush at shutdown.
#pragma once

#include <cstddef>

#include "net/connection.hpp"
#include "resp/output_buffer.hpp"

namespace cairn {

struct WriteOutcome {
    net::IoResult last;  // Ok once everything was sent; else WouldBlock or the error
    size_t written = 0;  // bytes sent (and dropped from the buffer)
};

// Gather-writes until the buffer is empty or the socket stops taking bytes.
WriteOutcome write_pending(net::Connection& conn, resp::OutputBuffer& out);

}  // namespace cairn
