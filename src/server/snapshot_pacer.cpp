#include "server/snapshot_pacer.hpp"

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <utility>

#include "persist/snapshot.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"

namespace cairn {

namespace {

// A slice holds the event loop for at most this long. While clients send commands the
// slices are short, so a command waits at most about one slice (p99 of GET during a save);
// with no command for a while they are longer, for less overhead per key.
constexpr int64_t kBusySliceMicros = 10;
constexpr int64_t kIdleSliceMicros = 500;
constexpr int64_t kQuietMs = 100;  // no command for this long: the clients are idle
constexpr size_t kKeysPerSlice = 4096;
// Above this many bytes waiting for the writer thread, the walk waits for it.
constexpr size_t kWriterBacklog = 32u << 20;

}  // namespace

struct SnapshotPacer::Timer {
    explicit Timer(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
};

SnapshotPacer::SnapshotPacer(Server& server) : server_(server) {}

SnapshotPacer::~SnapshotPacer() = default;

void SnapshotPacer::start(persist::Snapshot& snap, std::function<void()> done) {
    if (!timer_) timer_ = std::make_unique<Timer>(server_.runtime().io());
    snap_ = &snap;
    done_ = std::move(done);
    commands_seen_ = server_.stats().total_commands_processed;
    last_command_ms_ = server_.now_ms();
    const uint64_t generation = ++generation_;
    server_.runtime().post([this, generation] { slice(generation); });
}

void SnapshotPacer::stop() {
    snap_ = nullptr;
    done_ = nullptr;
    generation_++;
    if (timer_) timer_->timer.cancel();
}

void SnapshotPacer::slice(uint64_t generation) {
    if (generation != generation_ || !snap_) return;
    server_.update_time();
    const uint64_t commands = server_.stats().total_commands_processed;
    if (commands != commands_seen_) {
        commands_seen_ = commands;
        last_command_ms_ = server_.now_ms();
    }
    const bool busy = server_.now_ms() - last_command_ms_ < kQuietMs;
    const bool walked =
        snap_->step(kKeysPerSlice, server_.now_ms(), busy ? kBusySliceMicros : kIdleSliceMicros);
    if (walked && snap_->writer().state() != persist::SnapshotWriter::State::Running) {
        auto done = std::move(done_);
        stop();
        done();
        return;
    }
    if (!walked && snap_->writer().queued_bytes() <= kWriterBacklog) {
        server_.runtime().post([this, generation] { slice(generation); });
        return;
    }
    schedule(generation);
}

// Waits for the writer thread (behind, or finishing the file): looks again shortly.
void SnapshotPacer::schedule(uint64_t generation) {
    timer_->timer.expires_after(std::chrono::milliseconds(1));
    timer_->timer.async_wait([this, generation](const boost::system::error_code& ec) {
        if (!ec) slice(generation);
    });
}

}  // namespace cairn
