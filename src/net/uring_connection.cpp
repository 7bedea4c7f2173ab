// Linux with io_uring (liburing): the event loop's one blocking wait is io_uring_enter, a
// connection's pending read is a receive in the ring, and a small reply is copied and sent
// through the ring (native_loop.hpp says when this loop is used). Why: on this kind of machine
// (a paravirtualised VM) a system call costs about 1 us, a tenth of a small command. The epoll
// loop makes, per request, a recv(), a send() and a share of an epoll_wait(); here a turn of
// the loop is one io_uring_enter() for every client that had a request, which submits the
// replies of the last turn and the next receives, and reaps what came in. Output too large
// to copy is written synchronously (write_some), so output buffers and their limits work as
// everywhere else.
//
// Lifetimes: the kernel writes into a receive's buffer until its completion is reaped, so a
// connection's I/O state (a Slot) lives until every operation it submitted has completed,
// even when the Connection object goes first; the pending handler (a shared_ptr to the
// client's session) keeps the buffer it gave to start_read alive as long.
// Asio's epoll set (timers, signals, listeners) is watched by a multishot poll in the ring.
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <liburing.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "net/native_loop.hpp"
#include "net/reactor_nesting.hpp"
#include "net/socket_io.hpp"

namespace cairn::net {

namespace asio = boost::asio;

namespace {

// A completion's user_data: the Slot's address with the kind of operation in the low bits.
enum OpKind : uint64_t {
    kOpRead = 0,      // a receive into the buffer of start_read
    kOpWritable = 1,  // a POLLOUT poll for wait_writable
    kOpSend = 2,      // a send of staged output (write_some)
    kOpReactor = 3,   // Asio's epoll set is readable (no Slot)
    kOpCancel = 4,    // a cancellation's own completion (no Slot)
};
constexpr uint64_t kOpMask = 7;

// Output of up to this many bytes is copied and sent through the ring (write_some).
constexpr size_t kStageSize = 4096;

// One connection's I/O state, owned by the ring while the kernel may still use it.
struct alignas(8) Slot {
    int fd = -1;
    bool connection_gone = false;  // the Connection was destroyed: free when inflight is 0
    bool polling_out = false;      // a POLLOUT poll is in the ring
    bool read_cancelled = false;   // the receive's cancellation was asked for
    bool write_cancelled = false;  // the poll's
    unsigned inflight = 0;         // operations submitted and not yet reaped
    int send_error = 0;            // errno of a staged send that failed: the next write_some's
    std::shared_ptr<ConnectionHandler> reader;  // set while a receive is in the ring
    std::shared_ptr<ConnectionHandler> writer;  // wait_writable: a poll, or the staged send
    char* read_buf = nullptr;
    size_t read_len = 0;
    char* stage = nullptr;  // staged output in the ring (kStageSize bytes), or nullptr
    size_t stage_len = 0;
    size_t stage_sent = 0;
    char peek[Connection::kPeekSize];

    ~Slot() { delete[] stage; }
};

constexpr unsigned kSqEntries = 1024;
constexpr unsigned kCqEntries = 16384;

// Sets up the loop's ring, unless CAIRN_EVENT_API=epoll says not to. Room for a completion per
// connection that can have one at a time in a burst (the kernel keeps any overflow rather than
// drop it: IORING_FEAT_NODROP). Deferred task work: completions are made only when the loop
// asks for them, with one wake-up for all. Those flags need Linux 6.1 or later, which also has
// every operation and flag used here (receive with IORING_RECVSEND_POLL_FIRST, send with
// MSG_WAITALL, IORING_ASYNC_CANCEL_ANY): an older kernel refuses them and the server runs on
// epoll, as it does where io_uring is disabled (sysctl kernel.io_uring_disabled, seccomp).
bool init_ring(io_uring& ring) {
    if (const char* api = std::getenv("CAIRN_EVENT_API"); api && std::string(api) == "epoll") {
        return false;
    }
    io_uring_params params{};
    params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    params.cq_entries = kCqEntries;
    return io_uring_queue_init_params(kSqEntries, &ring, &params) == 0;
}

class UringSet final : public asio::execution_context::service, public NativeLoop {
public:
    static asio::execution_context::id id;

    explicit UringSet(asio::io_context& io)
        : asio::execution_context::service(io), NativeLoop(io), watcher_(io) {
        if (!start()) stop_ring();
    }

    ~UringSet() override {
        for (char* b : free_stages_) delete[] b;
    }

    bool ok() const { return ring_ok_; }

    void run() override {
        for (;;) {
            if (asio_due_) poll_asio();
            if (io_.stopped() || shut_down_) return;
            fetch(!asio_due_);
            deliver();
        }
    }

    void poll_now() override {
        poll_asio();
        if (shut_down_) return;
        fetch(false);
        deliver();
    }

    int accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path, size_t max,
               const AcceptCallback& cb) override;

    std::string_view api() const override { return "io_uring"; }

    bool shut_down() const { return shut_down_; }

    void submit_read(Slot* s) {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_recv(sqe, s->fd, s->read_buf, s->read_len, 0);
        // Usually nothing has come yet (the reply was just written): wait for data first
        // instead of trying a receive that fails.
        sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
        track(s, sqe, kOpRead);
        s->read_cancelled = false;
    }

    void submit_poll_out(Slot* s) {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_poll_add(sqe, s->fd, POLLOUT);
        track(s, sqe, kOpWritable);
        s->polling_out = true;
        s->write_cancelled = false;
    }

    // Sends the output copied into s->stage (stage_buffer), from s->stage_sent on.
    // MSG_WAITALL: the ring sends all of it, waiting for room as needed.
    void submit_send(Slot* s) {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_send(sqe, s->fd, s->stage + s->stage_sent, s->stage_len - s->stage_sent,
                           MSG_NOSIGNAL | MSG_WAITALL);
        track(s, sqe, kOpSend);
    }

    char* stage_buffer() {
        if (free_stages_.empty()) return new char[kStageSize];
        char* b = free_stages_.back();
        free_stages_.pop_back();
        return b;
    }

    void return_stage(Slot* s) {
        if (free_stages_.size() < kFreeStages) {
            free_stages_.push_back(s->stage);
        } else {
            delete[] s->stage;
        }
        s->stage = nullptr;
    }

    // Hands what is queued to the kernel now: a connection about to close its descriptor
    // must have its staged send resolve the descriptor first.
    void submit_now() { io_uring_submit(&ring_); }

    // The operation completes with -ECANCELED (or with its result, if that came first).
    void submit_cancel(Slot* s, OpKind kind) {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(s) | kind, 0);
        io_uring_sqe_set_data64(sqe, kOpCancel);
    }

    // The Connection is gone: the Slot goes now, or when its last operation completes.
    void release(Slot* s) {
        s->connection_gone = true;
        if (s->inflight == 0) delete s;
    }

private:
    struct Completion {
        uint64_t user_data;
        int res;
        unsigned flags;
    };

    bool start() {
        if (!init_ring(ring_)) return false;
        ring_ok_ = true;
        // Asio's epoll set: registered through the watcher, found, and watched by the ring.
        boost::system::error_code ec;
        watcher_.assign(ring_.ring_fd, ec);
        if (ec) return false;
        const int reactor = find_watching_epoll_set(ring_.ring_fd);
        watcher_.release();
        if (reactor < 0) return false;
        reactor_fd_ = reactor;
        watch_reactor();
        return io_uring_submit(&ring_) >= 0;
    }

    void stop_ring() {
        if (ring_ok_) io_uring_queue_exit(&ring_);
        ring_ok_ = false;
    }

    // Asio's set has something ready: one completion per wake-up of its descriptor, for as
    // long as the poll stays armed (a completion without IORING_CQE_F_MORE ends it).
    void watch_reactor() {
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_poll_multishot(sqe, reactor_fd_, POLLIN);
        io_uring_sqe_set_data64(sqe, kOpReactor);
    }

    io_uring_sqe* next_sqe() {
        io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
        while (sqe == nullptr) {  // the submission queue is full: hand it to the kernel
            io_uring_submit(&ring_);
            sqe = io_uring_get_sqe(&ring_);
        }
        return sqe;
    }

    // Submits what was queued and moves the completions to pending_; waits for at least one
    // when `wait` (an interrupted wait returns with none).
    void fetch(bool wait) {
        const int rc =
            wait ? io_uring_submit_and_wait(&ring_, 1) : io_uring_submit_and_get_events(&ring_);
        // EINTR: a signal (Asio's handler has noted it); EBUSY/EAGAIN: completions to reap
        // first. Anything else means the ring cannot serve this thread (EEXIST: a thread
        // other than the one that made it, which IORING_SETUP_SINGLE_ISSUER forbids), and
        // carrying on would spin without serving anyone.
        if (rc < 0 && rc != -EINTR && rc != -EBUSY && rc != -EAGAIN && rc != -ETIME) {
            std::fprintf(stderr, "io_uring_enter failed: %s\n", std::strerror(-rc));
            std::abort();
        }
        io_uring_cqe* cqe;
        unsigned head;
        unsigned n = 0;
        io_uring_for_each_cqe(&ring_, head, cqe) {
            pending_.push_back({cqe->user_data, cqe->res, cqe->flags});
            n++;
        }
        io_uring_cq_advance(&ring_, n);
    }

    void deliver();
    void complete(Slot* s, OpKind kind, int res);
    void sent(Slot* s, int res);

    void shutdown() override {
        shut_down_ = true;
        if (!ring_ok_) return;
        // Every operation still in the ring is cancelled and reaped; their handlers are dropped
        // without running (the io_context is going away), and the Slots of gone connections are
        // freed.
        io_uring_sqe* sqe = next_sqe();
        io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY);
        io_uring_sqe_set_data64(sqe, kOpCancel);
        std::vector<std::shared_ptr<ConnectionHandler>> dropped;
        for (int waits = 0;; waits++) {
            for (; next_ < pending_.size(); next_++) drop(pending_[next_], dropped);
            pending_.clear();
            next_ = 0;
            if (inflight_ == 0 || waits == 1000) break;
            io_uring_submit(&ring_);
            __kernel_timespec ts{0, 1000000};  // 1 ms (a bound, not a pause: it ends early)
            io_uring_cqe* cqe = nullptr;
            io_uring_wait_cqe_timeout(&ring_, &cqe, &ts);
            fetch(false);
        }
        stop_ring();
        dropped.clear();  // may destroy sessions and their connections (which see shut_down_)
    }

    void drop(const Completion& c, std::vector<std::shared_ptr<ConnectionHandler>>& out) {
        const auto kind = static_cast<OpKind>(c.user_data & kOpMask);
        if (kind == kOpReactor || kind == kOpCancel) return;
        auto* s = reinterpret_cast<Slot*>(c.user_data & ~kOpMask);
        out.push_back(kind == kOpRead ? std::move(s->reader) : std::move(s->writer));
        if (kind == kOpSend) return_stage(s);
        finish(s, kind);
    }

    // The operation is the Slot's until its completion is reaped (finish).
    void track(Slot* s, io_uring_sqe* sqe, OpKind kind) {
        io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(s) | kind);
        s->inflight++;
        inflight_++;
    }

    // The operation's completion was reaped: the Slot may go.
    void finish(Slot* s, OpKind kind) {
        if (kind == kOpWritable) s->polling_out = false;
        inflight_--;
        if (--s->inflight == 0 && s->connection_gone) delete s;
    }

    asio::posix::stream_descriptor watcher_;  // finds Asio's epoll set (start)
    io_uring ring_{};
    bool ring_ok_ = false;
    int reactor_fd_ = -1;
    bool shut_down_ = false;
    size_t inflight_ = 0;              // operations of connections submitted and not yet reaped
    std::vector<Completion> pending_;  // reaped, delivered up to next_ (as the epoll loop's)
    size_t next_ = 0;
    std::vector<char*> free_stages_;  // kStageSize buffers for staged output, kept for reuse
    static constexpr size_t kFreeStages = 64;
};

asio::execution_context::id UringSet::id;

class UringConnection final : public Connection {
public:
    UringConnection(UringSet& set, int fd, bool unix_socket, std::string unix_addr, bool peer_local)
        : set_(set), slot_(new Slot), unix_(unix_socket), unix_addr_(std::move(unix_addr)) {
        slot_->fd = fd;
        peer_local_ = peer_local;
    }
    ~UringConnection() override {
        close();
        if (set_.shut_down()) {
            // The ring has reaped or dropped everything: nothing refers to the Slot any more.
            delete slot_;
        } else {
            set_.release(slot_);
        }
    }

    void start_read(std::shared_ptr<ConnectionHandler> h, char* buf, size_t len) override {
        if (buf == nullptr) {
            buf = slot_->peek;
            len = kPeekSize;
        }
        if (slot_->fd < 0 || set_.shut_down()) {
            set_.post([h = std::move(h), buf] { h->on_read(error_result(EBADF), buf); });
            return;
        }
        slot_->reader = std::move(h);
        slot_->read_buf = buf;
        slot_->read_len = len;
        set_.submit_read(slot_);
    }

    void cancel() override {
        if (set_.shut_down()) return;
        if (slot_->reader && !slot_->read_cancelled) {  // a receive is in the ring
            slot_->read_cancelled = true;
            set_.submit_cancel(slot_, kOpRead);
        }
        if (slot_->polling_out && !slot_->write_cancelled) {
            slot_->write_cancelled = true;
            set_.submit_cancel(slot_, kOpWritable);
        } else if (slot_->writer && !slot_->polling_out) {
            // Waiting for the staged send, not in the ring: aborted here.
            set_.post([h = std::move(slot_->writer)] { h->on_writable(false); });
        }
    }

    IoResult read_some(char* buf, size_t len) override { return socket_read(slot_->fd, buf, len); }

    // Small output (a reply or a pipeline's replies, up to kStageSize bytes) is copied and
    // sent through the ring, with the next turn's enter: it reports all bytes written. Output
    // that comes while that send is in the ring waits for it (WouldBlock; wait_writable
    // runs when it is through), so the bytes keep their order. Bigger output is sent here.
    IoResult write_some(const ConstSpan* spans, size_t count) override {
        if (slot_->fd < 0) return error_result(EBADF);
        if (slot_->send_error != 0) return error_result(slot_->send_error);
        if (slot_->stage != nullptr) {
            IoResult r;
            r.status = IoStatus::WouldBlock;
            return r;
        }
        count = std::min(count, kMaxWriteSpans);
        size_t total = 0;
        for (size_t i = 0; i < count; i++) total += spans[i].len;
        if (total <= kStageSize && !set_.shut_down()) {
            char* b = set_.stage_buffer();
            size_t at = 0;
            for (size_t i = 0; i < count; i++) {
                std::memcpy(b + at, spans[i].data, spans[i].len);
                at += spans[i].len;
            }
            slot_->stage = b;
            slot_->stage_len = total;
            slot_->stage_sent = 0;
            set_.submit_send(slot_);
            IoResult r;
            r.bytes = total;
            return r;
        }
        return socket_write(slot_->fd, spans, count);
    }

    void wait_writable(std::shared_ptr<ConnectionHandler> h) override {
        if (slot_->fd < 0 || set_.shut_down()) {
            set_.post([h = std::move(h)] { h->on_writable(false); });
            return;
        }
        slot_->writer = std::move(h);
        if (slot_->stage == nullptr) set_.submit_poll_out(slot_);  // else sent() runs it
    }

    // The descriptor is closed now; the socket itself when the ring lets go of it, once the
    // cancellations below are through (on the next turn of the loop). Pending operations
    // complete as aborted, as Asio's close does. A staged send is handed to the kernel
    // first (it names the descriptor), so a last reply (QUIT's +OK) still goes out; what it
    // cannot send at once (a client that does not read) is dropped, as Redis drops the
    // output of a client it frees.
    void close() override {
        if (slot_->fd < 0) return;
        cancel();
        if (slot_->stage != nullptr && !set_.shut_down()) {
            set_.submit_now();
            set_.submit_cancel(slot_, kOpSend);
        }
        ::close(slot_->fd);
        slot_->fd = -1;
    }

    bool is_unix() const override { return unix_; }
    std::intptr_t native_handle() const override { return slot_->fd; }

    std::string peer_address() const override {
        return unix_ ? unix_addr_ : socket_address(slot_->fd, true);
    }
    // Redis prints the socket path for both ends.
    std::string local_address() const override {
        return unix_ ? unix_addr_ : socket_address(slot_->fd, false);
    }

private:
    UringSet& set_;
    Slot* slot_;
    bool unix_;
    std::string unix_addr_;  // Unix connections: "path:0"
};

void UringSet::deliver() {
    while (next_ < pending_.size() && !shut_down_) {
        const Completion c = pending_[next_++];  // a copy: a nested poll may grow the queue
        const auto kind = static_cast<OpKind>(c.user_data & kOpMask);
        if (kind == kOpCancel) continue;
        if (kind == kOpReactor) {
            asio_due_ = true;
            if (!(c.flags & IORING_CQE_F_MORE)) watch_reactor();  // the poll ended: again
            continue;
        }
        complete(reinterpret_cast<Slot*>(c.user_data & ~kOpMask), kind, c.res);
    }
    if (next_ >= pending_.size()) {
        pending_.clear();
        next_ = 0;
    }
}

void UringSet::complete(Slot* s, OpKind kind, int res) {
    if (kind == kOpSend) {
        sent(s, res);
        return;
    }
    std::shared_ptr<ConnectionHandler> h =
        kind == kOpRead ? std::move(s->reader) : std::move(s->writer);
    char* buf = s->read_buf;
    finish(s, kind);  // s may be gone from here on
    if (!h) return;
    if (kind == kOpWritable) {
        h->on_writable(res > 0);
        return;
    }
    IoResult r;
    if (res > 0) {
        r.bytes = static_cast<size_t>(res);
    } else if (res == 0) {
        r.status = IoStatus::Eof;
    } else if (res == -ECANCELED) {
        r = cancelled_result();
    } else {
        r = error_result(-res);
    }
    h->on_read(r, buf);
}

// A staged send completed: the rest of it goes again (a send cut short by a signal), else the
// buffer is free and a wait_writable made meanwhile runs (write_some then reports an error).
void UringSet::sent(Slot* s, int res) {
    if (res > 0) s->stage_sent += static_cast<size_t>(res);
    if (res > 0 && s->stage_sent < s->stage_len && s->fd >= 0) {
        finish(s, kOpSend);
        submit_send(s);
        return;
    }
    if (res < 0 && res != -ECANCELED) s->send_error = -res;
    if (res == 0 && s->stage_sent < s->stage_len) s->send_error = EPIPE;
    return_stage(s);
    std::shared_ptr<ConnectionHandler> h;
    if (!s->polling_out) h = std::move(s->writer);
    finish(s, kOpSend);  // s may be gone from here on
    if (h) h->on_writable(true);
}

int UringSet::accept(std::intptr_t listen_fd, bool unix_socket, const std::string& unix_path,
                     size_t max, const AcceptCallback& cb) {
    auto make = [&](int fd, bool peer_local) -> std::unique_ptr<Connection> {
        return std::make_unique<UringConnection>(
            *this, fd, unix_socket, unix_socket ? unix_path + ":0" : std::string(), peer_local);
    };
    return accept_connections(static_cast<int>(listen_fd), unix_socket, max, make, cb);
}

}  // namespace

bool uring_usable() {
    io_uring ring{};
    if (!init_ring(ring)) return false;
    io_uring_queue_exit(&ring);
    return true;
}

NativeLoop* uring_loop(asio::io_context& io) {
    UringSet& set = asio::use_service<UringSet>(io);
    return set.ok() ? &set : nullptr;
}

}  // namespace cairn::net
