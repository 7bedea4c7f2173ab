// Linux: accepted connections driven by one epoll set of the net layer (see native_accept.hpp
// for why), which is also the event loop's blocking wait: Asio's own epoll set (timers,
// signals, listeners) is nested in it (event_loop.hpp). A readiness event of a client socket
// is delivered from that one wait, in a batch, as Redis's event loop does. Where Asio's set
// cannot be found, the nesting is the other way round: this set is waited on through Asio.
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <string>
#include <vector>

#include "net/native_loop.hpp"
#include "net/reactor_nesting.hpp"
#include "net/socket_io.hpp"

namespace cairn::net {

namespace asio = boost::asio;

namespace {

class EpollConnection;

// One epoll set per io_context (an Asio service, so it lives and dies with the io_context).
// Sockets are added edge-triggered for reads and writes once, and leave the set when closed.
class EpollSet final : public asio::execution_context::service, public NativeLoop {
public:
    static asio::execution_context::id id;

    explicit EpollSet(asio::io_context& io)
        : asio::execution_context::service(io), NativeLoop(io), watcher_(io) {
        epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
        if (epfd_ >= 0) {
            boost::system::error_code ec;
            watcher_.assign(epfd_, ec);
            if (ec) {
                ::close(epfd_);
                epfd_ = -1;
            } else {
                nest_reactor();
            }
        }
    }

    // Runs the event loop (event_loop.hpp): one wait on this set, which wakes for Asio's set
    // too, and a poll of Asio when its set had something ready or a handler was posted (a
    // post from a client's command, outside Asio's run, does not interrupt any wait).
    void run() override {
        if (reactor_fd_ < 0) {
            io_.run();
            return;
        }
        for (;;) {
            if (asio_due_) poll_asio();
            if (io_.stopped() || shut_down_) return;
            fetch(asio_due_ ? 0 : -1);
            deliver();
        }
    }

    // poll_events: what is ready now, without blocking.
    void poll_now() override {
        poll_asio();
        if (reactor_fd_ < 0 || shut_down_) return;  // Asio's poll ran this set's wait
        fetch(0);
        deliver();
    }

    int accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path, size_t max,
               const AcceptCallback& cb) override;

    std::string_view api() const override { return "epoll"; }

    bool add(int fd, EpollConnection* c) {
        if (epfd_ < 0 || shut_down_) return false;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        ev.data.fd = fd;
        if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) != 0) return false;
        if (static_cast<size_t>(fd) >= by_fd_.size()) by_fd_.resize(static_cast<size_t>(fd) + 1);
        by_fd_[static_cast<size_t>(fd)] = c;
        if (reactor_fd_ < 0 && !watching_) arm();
        return true;
    }

    // The socket is about to be closed (which takes it out of the epoll set): events already
    // fetched for it in the current batch are dropped.
    void forget(int fd) {
        if (static_cast<size_t>(fd) < by_fd_.size()) by_fd_[static_cast<size_t>(fd)] = nullptr;
    }

private:
    void shutdown() override {
        shut_down_ = true;
        boost::system::error_code ec;
        watcher_.close(ec);                                  // closes epfd_ when Asio waits on it
        if (reactor_fd_ >= 0 && epfd_ >= 0) ::close(epfd_);  // else it is this set's own
        epfd_ = -1;
    }

    // Puts Asio's epoll set inside this one: the watcher has just registered this set in
    // Asio's, which tells Asio's descriptor (Asio does not expose it); the watcher lets go of
    // it (EPOLL_CTL_DEL there, no close) and Asio's set joins this one, level-triggered, so a
    // wait here wakes while Asio has anything ready. Without /proc, the watcher stays.
    void nest_reactor() {
        const int reactor = find_watching_epoll_set(epfd_);
        if (reactor < 0) return;
        watcher_.release();
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = reactor;  // never a client's descriptor while open: deliver skips it
        if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, reactor, &ev) == 0) {
            reactor_fd_ = reactor;
            return;
        }
        boost::system::error_code ec;
        watcher_.assign(epfd_, ec);  // back to waiting on this set through Asio
    }

    // Appends the events ready within timeout_ms (-1: until there are some) to the queue.
    void fetch(int timeout_ms) {
        std::array<epoll_event, kBatch> events;
        int n = ::epoll_wait(epfd_, events.data(), static_cast<int>(events.size()), timeout_ms);
        if (n > 0) pending_.insert(pending_.end(), events.begin(), events.begin() + n);
    }

    // How the set is waited on where Asio's set could not be nested in it (reactor_fd_ < 0:
    // run() is Asio's). Idle, through Asio's reactor (arm: one EPOLL_CTL_MOD on Asio's
    // epoll set per wait). Busy (a batch of more than one event), by a posted continuation that
    // polls the set again on the next turn of the loop, as long as it finds events: under load
    // a turn costs one epoll_wait of this set (and Asio's non-blocking one) instead of Asio's
    // wait, the re-arm and this set's epoll_wait. Either way the next wait is in place before a
    // batch is delivered: a handler may run the io_context itself (a busy script serves other
    // clients from its hook), and those clients' events must come in then.
    void arm() {
        watching_ = true;
        watcher_.async_wait(asio::posix::stream_descriptor::wait_read,
                            [this](const boost::system::error_code& ec) {
                                watching_ = false;
                                if (!ec && !shut_down_) poll(true);
                            });
    }

    void poll(bool woken) {
        const size_t queued = pending_.size();
        fetch(0);
        const size_t n = pending_.size() - queued;
        if (n > 1 || (n == 1 && !woken)) {
            watching_ = true;
            asio::post(io_, [this] {
                watching_ = false;
                if (!shut_down_) poll(false);
            });
        } else {
            arm();  // nothing more now (or a lone event, as a probe's request): wait
        }
        deliver();
    }

    // Delivers the fetched events in order. One queue for nested polls too: a handler that
    // runs the io_context (a busy script) must also see the events fetched before it ran,
    // which an edge-triggered set does not report again.
    void deliver();

    asio::posix::stream_descriptor watcher_;  // the epoll set's own descriptor, in Asio's reactor
    int epfd_ = -1;
    int reactor_fd_ = -1;    // Asio's epoll set, when nested in this one
    bool watching_ = false;  // an Asio wait or a continuation is pending
    bool shut_down_ = false;
    std::vector<EpollConnection*> by_fd_;
    std::vector<epoll_event> pending_;  // fetched, delivered up to next_
    size_t next_ = 0;
    static constexpr size_t kBatch = 256;  // events per poll; more wait for the next turn
};

asio::execution_context::id EpollSet::id;

class EpollConnection final : public Connection {
public:
    EpollConnection(EpollSet& set, int fd, bool unix_socket, std::string unix_addr, bool peer_local)
        : set_(set), fd_(fd), unix_(unix_socket), unix_addr_(std::move(unix_addr)) {
        peer_local_ = peer_local;
    }
    ~EpollConnection() override {
        if (fd_ >= 0) {
            set_.forget(fd_);
            ::close(fd_);
        }
    }

    void start_read(std::shared_ptr<ConnectionHandler> h, char* buf, size_t len) override {
        if (buf == nullptr) {
            buf = peek_;
            len = kPeekSize;
        }
        if (fd_ < 0) {
            set_.post([h = std::move(h), buf] { h->on_read(error_result(EBADF), buf); });
            return;
        }
        reader_ = std::move(h);
        read_buf_ = buf;
        read_len_ = len;
        read_seq_++;
        // Bytes may already be waiting (their edge came while no read was asked for): read on
        // the next turn of the loop, never from inside the caller.
        if (readable_) {
            set_.post([this, keep = reader_, seq = read_seq_] {
                if (reader_ && seq == read_seq_) perform_read();
            });
        }
    }

    void cancel() override {
        if (reader_) {
            set_.post(
                [h = std::move(reader_), buf = read_buf_] { h->on_read(cancelled_result(), buf); });
        }
        if (writer_) {
            set_.post([h = std::move(writer_)] { h->on_writable(false); });
        }
    }

    IoResult read_some(char* buf, size_t len) override {
        IoResult r = socket_read(fd_, buf, len);
        // Drained (a short read, or none): the next bytes bring a new edge.
        if (r.status == IoStatus::WouldBlock || (r.status == IoStatus::Ok && r.bytes < len)) {
            readable_ = false;
        }
        return r;
    }

    IoResult write_some(const ConstSpan* spans, size_t count) override {
        IoResult r = socket_write(fd_, spans, count);
        // EPOLLOUT's edge comes when the peer has taken some.
        if (r.status == IoStatus::WouldBlock) writable_ = false;
        return r;
    }

    void wait_writable(std::shared_ptr<ConnectionHandler> h) override {
        if (fd_ < 0) {
            set_.post([h = std::move(h)] { h->on_writable(false); });
            return;
        }
        writer_ = std::move(h);
        write_seq_++;
        if (writable_) {
            set_.post([this, keep = writer_, seq = write_seq_] {
                if (!writer_ || seq != write_seq_) return;
                std::shared_ptr<ConnectionHandler> h = std::move(writer_);
                h->on_writable(true);
            });
        }
    }

    void close() override {
        if (fd_ < 0) return;
        set_.forget(fd_);
        ::close(fd_);  // also takes it out of the epoll set
        fd_ = -1;
        cancel();  // pending operations complete as aborted, as Asio's close does
    }

    bool is_unix() const override { return unix_; }
    std::intptr_t native_handle() const override { return fd_; }

    std::string peer_address() const override {
        return unix_ ? unix_addr_ : socket_address(fd_, true);
    }
    // Redis prints the socket path for both ends.
    std::string local_address() const override {
        return unix_ ? unix_addr_ : socket_address(fd_, false);
    }

    // From the epoll set's batch.
    void on_events(uint32_t events) {
        // The handlers may drop the last reference to this connection's owner: hold them.
        std::shared_ptr<ConnectionHandler> keep_reader = reader_, keep_writer = writer_;
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            readable_ = true;
            if (reader_) perform_read();
        }
        if (fd_ >= 0 && (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
            writable_ = true;
            if (writer_) {
                std::shared_ptr<ConnectionHandler> h = std::move(writer_);
                h->on_writable(true);
            }
        }
    }

private:
    // The pending read, now that the socket is readable.
    void perform_read() {
        IoResult r = read_some(read_buf_, read_len_);
        if (r.status == IoStatus::WouldBlock) return;  // an old edge: wait for the next one
        std::shared_ptr<ConnectionHandler> h = std::move(reader_);
        h->on_read(r, read_buf_);
    }

    EpollSet& set_;
    int fd_;
    bool unix_;
    bool readable_ = false;
    bool writable_ = true;
    std::shared_ptr<ConnectionHandler> reader_;  // a start_read waiting for bytes
    std::shared_ptr<ConnectionHandler> writer_;  // a wait_writable waiting for room
    char* read_buf_ = nullptr;
    size_t read_len_ = 0;
    uint64_t read_seq_ = 0;
    uint64_t write_seq_ = 0;
    std::string unix_addr_;  // Unix connections: "path:0"
    char peek_[kPeekSize];
};

void EpollSet::deliver() {
    while (next_ < pending_.size() && !shut_down_) {
        const epoll_event ev = pending_[next_++];  // a copy: a nested poll may grow the queue
        if (ev.data.fd == reactor_fd_) {
            asio_due_ = true;
            continue;
        }
        size_t fd = static_cast<size_t>(ev.data.fd);
        EpollConnection* c = fd < by_fd_.size() ? by_fd_[fd] : nullptr;
        if (c) c->on_events(ev.events);
    }
    if (next_ >= pending_.size()) {
        pending_.clear();
        next_ = 0;
    }
}

int EpollSet::accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path,
                     size_t max, const AcceptCallback& cb) {
    auto make = [&](int fd, bool peer_local) -> std::unique_ptr<Connection> {
        auto conn = std::make_unique<EpollConnection>(
            *this, fd, unix_socket, unix_socket ? unix_path + ":0" : std::string(), peer_local);
        if (!add(fd, conn.get())) return nullptr;  // the connection's destructor closes it
        return conn;
    };
    return accept_connections(static_cast<int>(listen_fd), unix_socket, max, make, cb);
}

}  // namespace

NativeLoop& epoll_loop(asio::io_context& io) {
    return asio::use_service<EpollSet>(io);
}

}  // namespace cairn::net
