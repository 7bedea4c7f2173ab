// Runs a background snapshot (BGSAVE, an AOF rewrite) in slices between the clients' events
// until its file is written, then calls done. One pacer per kind of background job.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace cairn {

namespace persist {
class Snapshot;
}
class Server;

class SnapshotPacer {
public:
    explicit SnapshotPacer(Server& server);
    ~SnapshotPacer();
    SnapshotPacer(const SnapshotPacer&) = delete;
    SnapshotPacer& operator=(const SnapshotPacer&) = delete;

    // Starts walking snap (which must outlive the pacer's run or stop()); done runs on the
    // event loop once the walk ended and the writer thread finished, well or not.
    void start(persist::Snapshot& snap, std::function<void()> done);
    // No more slices (the snapshot was finished or aborted by its owner).
    void stop();

private:
    struct Timer;
    Server& server_;
    std::unique_ptr<Timer> timer_;
    persist::Snapshot* snap_ = nullptr;
    std::function<void()> done_;
    uint64_t generation_ = 0;  // a slice posted for an earlier run does nothing
    uint64_t commands_seen_ = 0;
    int64_t last_command_ms_ = 0;

    void slice(uint64_t generation);
    void schedule(uint64_t generation);
};

}  // namespace cairn
