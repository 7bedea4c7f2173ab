// The parts of Aof that its three source files share (aof.cpp: writing, aof_load.cpp:
// loading, aof_rewrite.cpp: rewrites and the rest). Only those include it.
#pragma once

#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "clients/client.hpp"
#include "persist/aof_commands.hpp"
#include "persist/aof_manifest.hpp"
#include "persist/file_source.hpp"
#include "platform/durable_file.hpp"
#include "platform/process_tuning.hpp"
#include "server/aof.hpp"

namespace cairn {

// One load of the manifest's files, resumable between events.
struct Aof::Loading {
    std::vector<persist::AofInfo> files;
    size_t index = 0;
    std::unique_ptr<persist::FileSource> source;
    std::unique_ptr<persist::AofCommandReader> reader;
    std::unique_ptr<Client> client;
    std::vector<std::string> argv;
    uint64_t before_multi = 0;  // valid offset before an open MULTI
    int64_t start_ms = 0;
    int64_t file_start_ms = 0;
    int64_t status_ms = 0;  // the last progress report to the service manager
};

// everysec: one fsync at a time on its own thread (Redis's bio AOF fsync job).
struct Aof::Fsyncer {
    std::thread thread;
    std::mutex mu;
    std::condition_variable cv;
    platform::DurableFile* file = nullptr;
    bool requested = false;
    bool running = false;
    bool quit = false;
    std::string error;  // the last fsync's failure, taken by the main thread

    // cpus: bio_cpulist (Redis's background I/O threads), empty for any CPU.
    explicit Fsyncer(std::vector<int> cpus) {
        thread = std::thread([this, cpus] {
            std::string affinity_err;
            if (!cpus.empty()) platform::set_thread_cpu_affinity(cpus, affinity_err);
            std::unique_lock lock(mu);
            for (;;) {
                cv.wait(lock, [&] { return quit || requested; });
                if (quit) return;
                requested = false;
                running = true;
                platform::DurableFile* f = file;
                lock.unlock();
                std::string err;
                const bool ok = f->sync(err);
                lock.lock();
                running = false;
                if (!ok) error = err;
                cv.notify_all();
            }
        });
    }
    ~Fsyncer() {
        {
            std::lock_guard lock(mu);
            quit = true;
        }
        cv.notify_all();
        thread.join();
    }
    void request(platform::DurableFile* f) {
        std::lock_guard lock(mu);
        if (running || requested) return;  // one in flight is enough
        file = f;
        requested = true;
        cv.notify_all();
    }
    bool busy() {
        std::lock_guard lock(mu);
        return running || requested;
    }
    // Before the file is closed or replaced.
    void drain() {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return !running && !requested; });
    }
};

}  // namespace cairn
