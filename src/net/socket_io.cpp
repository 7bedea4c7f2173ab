#include "net/socket_io.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <cerrno>
#include <cstring>

#include "net/connection_impl.hpp"  // format_endpoint

namespace cairn::net {

namespace {

// A peer on this machine: what protected mode treats as local.
bool is_loopback(const sockaddr_storage& ss) {
    if (ss.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
        return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
        if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr)) return true;
        // ::ffff:127.x.x.x
        return IN6_IS_ADDR_V4MAPPED(&a->sin6_addr) && a->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

IoResult would_block() {
    IoResult r;
    r.status = IoStatus::WouldBlock;
    return r;
}

}  // namespace

IoResult error_result(int err) {
    IoResult r;
    r.status = IoStatus::Error;
    r.error = std::strerror(err);
    return r;
}

IoResult cancelled_result() {
    IoResult r = error_result(ECANCELED);
    r.cancelled = true;
    return r;
}

IoResult socket_read(int fd, char* buf, size_t len) {
    if (fd < 0) return error_result(EBADF);
    for (;;) {
        ssize_t n = ::recv(fd, buf, len, MSG_DONTWAIT);
        if (n > 0) {
            IoResult r;
            r.bytes = static_cast<size_t>(n);
            return r;
        }
        if (n == 0) {
            IoResult r;
            r.status = IoStatus::Eof;
            return r;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return would_block();
        return error_result(errno);
    }
}

IoResult socket_write(int fd, const ConstSpan* spans, size_t count) {
    if (fd < 0) return error_result(EBADF);
    std::array<iovec, kMaxWriteSpans> iov;
    count = std::min(count, kMaxWriteSpans);
    for (size_t i = 0; i < count; i++) {
        iov[i].iov_base = const_cast<char*>(spans[i].data);
        iov[i].iov_len = spans[i].len;
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    constexpr int kFlags = MSG_NOSIGNAL | MSG_DONTWAIT;
    for (;;) {
        // One span (a reply to one request): send() spares the kernel the msghdr and iovec.
        ssize_t n = count == 1 ? ::send(fd, spans[0].data, spans[0].len, kFlags)
                               : ::sendmsg(fd, &msg, kFlags);
        if (n >= 0) {
            IoResult r;
            r.bytes = static_cast<size_t>(n);
            return r;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return would_block();
        return error_result(errno);
    }
}

std::string socket_address(int fd, bool peer) {
    boost::asio::ip::tcp::endpoint ep;
    socklen_t len = static_cast<socklen_t>(ep.capacity());
    if (fd < 0) return "?:0";
    const int rc = peer ? ::getpeername(fd, ep.data(), &len) : ::getsockname(fd, ep.data(), &len);
    if (rc != 0) return "?:0";
    ep.resize(len);
    return format_endpoint(ep);
}

int accept_connections(int listen_fd, bool unix_socket, size_t max, const MakeConnection& make,
                       const AcceptCallback& cb) {
    for (size_t i = 0; i < max; i++) {
        sockaddr_storage ss{};
        socklen_t len = sizeof(ss);
        int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len,
                           SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            return errno;
        }
        std::unique_ptr<Connection> conn = make(fd, unix_socket || is_loopback(ss));
        if (conn) cb(std::move(conn));
    }
    return 0;
}

}  // namespace cairn::net
