// Redis 7.0's multi-part append-only file as the server runs it (aof.c): the propagated
// write stream appended to the current INCR file, fsync per appendfsync (everysec on a
// background thread), BGREWRITEAOF as a fork-free snapshot into a new BASE (RDB preamble or
// commands) while writes go to a new INCR file, the manifest, history files removed, loading
// base + incr files through a pseudo-client and the command pipeline, CONFIG SET appendonly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "commands/propagation.hpp"
#include "persist/aof_manifest.hpp"
#include "server/snapshot_pacer.hpp"

namespace cairn {

namespace persist {
class Snapshot;
}
namespace platform {
class DurableFile;
}
class Client;
class Server;

class Aof final : public PropagationSink {
public:
    enum class State { Off, On, WaitRewrite };

    explicit Aof(Server& server);
    ~Aof() override;

    uint8_t targets() const override { return kPropagateAof; }
    void feed(int db, const std::vector<std::string>& argv) override;

    // Startup with appendonly yes: loads the BASE and INCR files of the manifest (an old
    // single appendonly.aof is taken as the base), in steps between events; done(ok).
    void start_loading(std::function<void(bool)> done);
    bool loading() const { return static_cast<bool>(load_); }
    // After loading: a BASE is written when there is none, the last INCR file opened, the
    // manifest saved, and the stream starts. False: the server cannot start.
    bool open_on_start();
    // DEBUG LOADAOF: empties the data and loads the files again, synchronously.
    bool load_now();

    // CONFIG SET appendonly yes (a rewrite first; writes are kept meanwhile) / no.
    bool start(std::string& err);
    void stop();
    State state() const { return state_; }

    // BGREWRITEAOF. False with err (Redis's reply) when it cannot start.
    bool start_rewrite(std::string& err);
    bool rewrite_in_progress() const { return static_cast<bool>(rewrite_); }
    void schedule_rewrite() { rewrite_scheduled_ = true; }
    bool rewrite_scheduled() const { return rewrite_scheduled_; }
    void kill_rewrite();
    // Completes a running rewrite synchronously (SAVE, FLUSHALL and DEBUG RELOAD need the
    // databases to themselves).
    void finish_rewrite_now();

    // Writes the buffered stream to the INCR file (Redis's flushAppendOnlyFile, run before
    // replies go out) and fsyncs per appendfsync.
    void flush(bool force);
    void cron();
    void on_shutdown();  // flush and fsync; a running rewrite is stopped

    // -MISCONF Errors writing to the AOF file: ... (empty when writes are fine).
    const std::string& write_error() const { return write_error_; }
    const std::string& write_refusal() const { return write_refusal_; }

    // INFO persistence.
    bool last_rewrite_ok() const { return last_rewrite_ok_; }
    int64_t last_rewrite_time_sec() const { return last_rewrite_time_sec_; }
    int64_t current_rewrite_time_sec() const;
    uint64_t rewrites() const { return rewrites_; }
    uint64_t consecutive_failures() const { return consecutive_failures_; }
    uint64_t last_cow_size() const { return last_cow_size_; }
    uint64_t current_size() const { return base_size_ + prev_incr_size_ + cur_incr_size_; }
    uint64_t base_size() const { return base_size_; }
    uint64_t buffer_length() const { return buf_.size(); }
    bool fsync_pending() const;
    uint64_t rewrite_keys_written() const;
    uint64_t rewrite_keys_total() const;
    uint64_t rewrite_early_bytes() const;

private:
    struct Fsyncer;
    struct Loading;
    Server& server_;
    State state_ = State::Off;
    persist::AofManifest manifest_;
    std::unique_ptr<platform::DurableFile> incr_;
    std::unique_ptr<Fsyncer> fsyncer_;
    std::string buf_;
    int selected_db_ = -1;
    int64_t last_ts_ = 0;  // aof-timestamp-enabled: the last #TS annotation
    int64_t last_fsync_ms_ = 0;
    std::string write_error_;
    std::string write_refusal_;  // the -MISCONF text of write_error_
    std::unique_ptr<Loading> load_;
    // Rewrite.
    std::unique_ptr<persist::Snapshot> rewrite_;
    SnapshotPacer pacer_;
    bool rewrite_scheduled_ = false;
    int64_t rewrite_start_ms_ = 0;
    int64_t last_rewrite_try_ = 0;
    bool last_rewrite_ok_ = true;
    int64_t last_rewrite_time_sec_ = -1;
    uint64_t rewrites_ = 0;
    uint64_t consecutive_failures_ = 0;
    uint64_t last_cow_size_ = 0;
    uint64_t base_size_ = 0;
    uint64_t prev_incr_size_ = 0;     // the INCR files before the current one
    uint64_t cur_incr_size_ = 0;      // the INCR file written now
    uint64_t rewrite_base_size_ = 0;  // current_size() after the last rewrite (auto rewrite)

    std::string dir() const;
    std::string path_of(const std::string& name) const;
    bool persist_manifest(std::string& err);
    bool load_manifest(std::string& err, bool& exists);
    bool open_incr(const std::string& name, bool truncate, std::string& err);
    void close_incr();
    void rewrite_done();
    void delete_history();
    enum class LoadStatus { More, Done, Failed };
    int begin_load();  // -1 failed, 0 nothing to load, 1 ready
    LoadStatus load_some(size_t budget);
    void end_load(bool ok);
    void load_step(const std::function<void(bool)>& done);
    bool load_file_now(const persist::AofInfo& info, bool last, Client& client);
};

}  // namespace cairn
