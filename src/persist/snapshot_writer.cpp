#include "persist/snapshot_writer.hpp"

#include <chrono>
#include <utility>

#include "persist/crc64.hpp"
#include "persist/rdb_primitives.hpp"
#include "platform/durable_file.hpp"
#include "platform/platform.hpp"
#include "platform/process_tuning.hpp"
#include "util/debug_delay.hpp"

namespace cairn::persist {

namespace {
constexpr uint64_t kAutosyncBytes = 4 * 1024 * 1024;  // REDIS_AUTOSYNC_BYTES
}

SnapshotWriter::SnapshotWriter(Options options) : options_(std::move(options)) {}

SnapshotWriter::~SnapshotWriter() {
    if (thread_.joinable()) {
        abort();
        wait();
    }
}

bool SnapshotWriter::start(std::string& err) {
    auto file = std::make_shared<platform::DurableFile>();
    if (!file->open(options_.temp_path, false, err)) {
        state_ = State::Failed;
        error_ = err;
        return false;
    }
    thread_ = std::thread([this, file] {
        // Compression and I/O give way to the event loop serving clients during the save.
        platform::lower_thread_priority();
        // A CPU the list names but the machine lacks leaves the thread unbound, as in Redis.
        std::string affinity_err;
        if (!options_.cpus.empty()) platform::set_thread_cpu_affinity(options_.cpus, affinity_err);
        std::string err;
        uint64_t crc = 0, unsynced = 0;
        bool ok = true;
        for (;;) {
            RdbOutput chunk(false);
            bool last = false;
            {
                std::unique_lock lock(mu_);
                cv_.wait(lock, [&] { return aborting_ || finishing_ || !chunks_.empty(); });
                if (aborting_) {
                    ok = false;
                    err = "aborted";
                    break;
                }
                if (!chunks_.empty()) {
                    chunk = std::move(chunks_.front());
                    chunks_.pop_front();
                } else {
                    last = true;
                }
            }
            if (last) break;
            if (options_.key_delay != 0 && !delay_keys(chunk.keys())) {
                ok = false;
                err = "aborted";
                break;
            }
            const size_t raw = chunk.size();
            std::string bytes = chunk.finish();
            if (options_.checksum) crc = crc64(crc, bytes.data(), bytes.size());
            ok = file->write(bytes, err);
            {
                std::lock_guard lock(mu_);
                queued_ -= raw;
            }
            room_cv_.notify_all();
            if (!ok) break;
            written_ += bytes.size();
            unsynced += bytes.size();
            if (options_.incremental_fsync && unsynced >= kAutosyncBytes) {
                if (!file->sync(err)) {
                    ok = false;
                    break;
                }
                unsynced = 0;
            }
        }
        if (ok) {
            std::string trailer;
            if (options_.trailer) put_u64_le(trailer, options_.checksum ? crc : 0);
            ok = file->write(trailer, err) && file->sync(err) && file->close(err);
            if (ok) written_ += trailer.size();
        }
        if (ok && !options_.final_path.empty()) {
            ok = platform::replace_file(options_.temp_path, options_.final_path, err);
        }
        if (!ok) {
            std::string ignored;
            if (file->is_open()) file->close(ignored);
            platform::remove_file(options_.temp_path, ignored);
            std::lock_guard lock(mu_);
            error_ = err;
        }
        {
            std::lock_guard lock(mu_);
            state_ = ok ? State::Succeeded : State::Failed;
        }
        room_cv_.notify_all();
    });
    return true;
}

void SnapshotWriter::push(RdbOutput&& chunk) {
    if (chunk.empty()) return;
    queued_ += chunk.size();
    {
        std::lock_guard lock(mu_);
        chunks_.push_back(std::move(chunk));
    }
    cv_.notify_one();
}

void SnapshotWriter::wait_for_room(size_t max) {
    std::unique_lock lock(mu_);
    room_cv_.wait(lock, [&] { return queued_.load() <= max || state_.load() != State::Running; });
}

void SnapshotWriter::finish() {
    {
        std::lock_guard lock(mu_);
        finishing_ = true;
    }
    cv_.notify_one();
}

bool SnapshotWriter::delay_keys(size_t keys) {
    long long us = 0;
    for (size_t i = 0; i < keys; i++) us += util::debug_delay_micros(options_.key_delay);
    std::unique_lock lock(mu_);
    return !cv_.wait_for(lock, std::chrono::microseconds(us), [&] { return aborting_; });
}

void SnapshotWriter::abort() {
    {
        std::lock_guard lock(mu_);
        aborting_ = true;
        chunks_.clear();
    }
    queued_ = 0;
    cv_.notify_one();
}

void SnapshotWriter::wait() {
    if (thread_.joinable()) thread_.join();
}

std::string SnapshotWriter::error() const {
    std::lock_guard lock(mu_);
    return error_;
}

}  // namespace cairn::persist
