// RDB persistence as the server runs it (Redis's rdb.c/server.c parts that are not the file
// format): loading at startup while clients get -LOADING, SAVE, BGSAVE as a fork-free
// snapshot walked in slices between commands, save points, the state INFO persistence shows,
// and the disk-error state behind -MISCONF.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/snapshot_pacer.hpp"

namespace cairn {

namespace persist {
class Snapshot;
}
class Aof;
class Server;

class Persistence {
public:
    explicit Persistence(Server& server);
    ~Persistence();

    // Startup: loads the RDB file in steps between events; calls done(true) when the data
    // is in (or there was no file) and done(false) after logging why it cannot start.
    void start_loading(std::function<void(bool)> done);
    bool loading() const { return loading_; }

    // SAVE (and SHUTDOWN, DEBUG RELOAD): the whole file now. Logs and returns false on failure.
    // counted: rdb_saves goes up (not for FLUSHALL's save, as in Redis).
    bool save(bool counted = true);
    // BGSAVE: false with err (Redis's reply text) when it cannot start.
    bool start_bgsave(std::string& err);
    bool bgsave_in_progress() const { return static_cast<bool>(bgsave_); }
    // BGSAVE inside EXEC: started by the cron (rdb_bgsave_scheduled).
    void schedule_bgsave() { bgsave_scheduled_ = true; }
    bool bgsave_scheduled() const { return bgsave_scheduled_; }
    // Stops a running BGSAVE and removes its temp file (FLUSHALL, SHUTDOWN).
    void kill_bgsave();
    // Loads the RDB file synchronously into the databases (DEBUG RELOAD). merge: keys in the
    // file replace those in memory instead of being an error.
    bool load_now(bool merge);

    // serverCron's part: a finished BGSAVE is accounted for, a due save point starts one.
    void cron();

    // Why writes get -MISCONF now (empty: they do not): stop-writes-on-bgsave-error with save
    // points and a failed last BGSAVE, or an AOF that cannot be written.
    std::string_view write_refusal() const;

    std::string rdb_path() const;

    // INFO persistence.
    int64_t lastsave() const { return lastsave_; }
    bool last_bgsave_ok() const { return last_bgsave_ok_; }
    int64_t last_bgsave_time_sec() const { return last_bgsave_time_sec_; }
    int64_t current_bgsave_time_sec() const;
    uint64_t rdb_saves() const { return rdb_saves_; }
    uint64_t last_cow_size() const { return last_cow_size_; }
    uint64_t current_cow_size() const;
    uint64_t save_keys_processed() const;
    uint64_t save_keys_total() const;
    uint64_t last_load_keys_loaded() const { return last_load_keys_loaded_; }
    uint64_t last_load_keys_expired() const { return last_load_keys_expired_; }
    uint64_t background_saves() const { return background_saves_; }
    uint64_t latest_start_usec() const { return latest_start_usec_; }
    struct LoadProgress {
        int64_t start_time = 0;  // unix seconds
        uint64_t total_bytes = 0;
        uint64_t loaded_bytes = 0;
        uint64_t rdb_used_mem = 0;
    };
    LoadProgress load_progress() const;

    // The AOF (server/aof.hpp).
    Aof& aof() { return *aof_; }
    // A background job (BGSAVE or AOF rewrite) runs: Redis's hasActiveChildProcess.
    bool background_job() const;
    // A snapshot of every database into temp (renamed to final when final is not empty), as
    // an RDB file or, with aof_commands, as AOF commands; a fresh epoch each time. cpulist:
    // where its writer thread runs (bgsave_cpulist / aof_rewrite_cpulist), "" for anywhere.
    std::unique_ptr<persist::Snapshot> make_snapshot(const std::string& temp,
                                                     const std::string& final_path,
                                                     bool aof_commands = false,
                                                     const std::string& cpulist = "");
    uint8_t next_epoch();

private:
    struct Loading;
    Server& server_;
    std::unique_ptr<persist::Snapshot> bgsave_;
    std::unique_ptr<Loading> loading_state_;
    SnapshotPacer pacer_;
    bool loading_ = false;
    int64_t last_status_ms_ = 0;
    bool bgsave_scheduled_ = false;
    uint8_t epoch_ = 0;
    int64_t lastsave_ = 0;         // unix seconds of the last successful save
    int64_t last_bgsave_try_ = 0;  // unix seconds
    bool last_bgsave_ok_ = true;
    int64_t last_bgsave_time_sec_ = -1;
    int64_t bgsave_start_ms_ = 0;
    uint64_t dirty_before_bgsave_ = 0;
    uint64_t rdb_saves_ = 0;
    uint64_t background_saves_ = 0;
    uint64_t latest_start_usec_ = 0;
    uint64_t last_cow_size_ = 0;
    uint64_t last_load_keys_loaded_ = 0;
    uint64_t last_load_keys_expired_ = 0;

    std::unique_ptr<Aof> aof_;
    std::string temp_path() const;
    void bgsave_done();
    void load_step(const std::function<void(bool)>& done);
};

}  // namespace cairn
