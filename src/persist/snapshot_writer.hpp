// The writer thread of a snapshot: takes encoded chunks from the main thread, finishes their
// encoding (LZF of long strings), keeps the CRC-64, writes them to a temporary file (fsync
// every 4 MB with rdb-save-incremental-fsync), and at the end appends the checksum, syncs and
// renames the file over its final name. The main thread only queues and polls.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "persist/rdb_output.hpp"

namespace cairn::persist {

class SnapshotWriter {
public:
    struct Options {
        std::string temp_path;
        std::string final_path;  // empty: the caller moves the temp file itself
        bool checksum = true;
        bool trailer = true;  // the RDB checksum (an AOF in command form has none)
        bool incremental_fsync = true;
        int key_delay = 0;      // rdb-key-save-delay: the writer sleeps this long per key
        std::vector<int> cpus;  // bgsave_cpulist / aof_rewrite_cpulist; empty: any CPU
    };
    enum class State { Running, Succeeded, Failed };

    explicit SnapshotWriter(Options options);
    ~SnapshotWriter();  // aborts if still running
    SnapshotWriter(const SnapshotWriter&) = delete;
    SnapshotWriter& operator=(const SnapshotWriter&) = delete;

    bool start(std::string& err);  // creates the temp file and the thread
    void push(RdbOutput&& chunk);
    // Bytes queued and not yet written: the snapshot pauses its walk above a limit.
    size_t queued_bytes() const { return queued_.load(); }
    // Blocks until at most max bytes are queued (a SAVE that may block the server).
    void wait_for_room(size_t max);
    // No more chunks: the thread writes the trailer, syncs and renames.
    void finish();
    // Stops the thread and removes the temp file.
    void abort();
    // Waits for the thread (after finish or abort).
    void wait();

    State state() const { return state_.load(); }
    std::string error() const;
    uint64_t bytes_written() const { return written_.load(); }

private:
    Options options_;
    std::thread thread_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::condition_variable room_cv_;  // signalled after each chunk is written
    std::deque<RdbOutput> chunks_;
    bool finishing_ = false;
    bool aborting_ = false;
    std::string error_;
    std::atomic<size_t> queued_{0};
    std::atomic<uint64_t> written_{0};
    std::atomic<State> state_{State::Running};
    void run();
    // rdb-key-save-delay for a chunk of `keys` keys; false when the save was aborted meanwhile.
    bool delay_keys(size_t keys);
};

}  // namespace cairn::persist
