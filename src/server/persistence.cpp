#include "server/persistence.hpp"
#include "server/script_engine.hpp"

#include <chrono>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/lfu.hpp"
#include "persist/file_source.hpp"
#include "persist/rdb_file.hpp"
#include "persist/snapshot.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/database_target.hpp"
#include "server/log.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"
#include "service/readiness.hpp"
#include "util/cpu_list.hpp"

namespace cairn {

namespace {

constexpr size_t kKeysPerSlice = 1000;       // keys a load handles between events
constexpr int64_t kBgsaveRetryDelay = 5;     // CONFIG_BGSAVE_RETRY_DELAY (seconds)
constexpr int64_t kStatusIntervalMs = 1000;  // loading progress to the service manager

}  // namespace

struct Persistence::Loading {
    Loading(Server& s, bool merge) : target(s, merge) {}
    persist::FileSource file;
    DatabasesTarget target;
    std::unique_ptr<persist::RdbLoader> loader;
    int64_t start_ms = 0;
};

Persistence::Persistence(Server& server)
    : server_(server), pacer_(server), aof_(std::make_unique<Aof>(server)) {
    lastsave_ = server_.now_ms() / 1000;
}

Persistence::~Persistence() {
    if (bgsave_) bgsave_->abort();
}

bool Persistence::background_job() const {
    return bgsave_ || aof_->rewrite_in_progress();
}

std::string Persistence::rdb_path() const {
    return server_.config().dbfilename;  // the server runs in `dir`
}

std::string Persistence::temp_path() const {
    return "temp-" + std::to_string(platform::process_id()) + ".rdb";
}

uint8_t Persistence::next_epoch() {
    epoch_ = static_cast<uint8_t>(epoch_ == 255 ? 1 : epoch_ + 1);
    return epoch_;
}

std::unique_ptr<persist::Snapshot> Persistence::make_snapshot(const std::string& temp,
                                                              const std::string& final_path,
                                                              bool aof_commands,
                                                              const std::string& cpulist) {
    const config::Config& cfg = server_.config();
    persist::SnapshotOptions o;
    if (aof_commands) o.format = persist::SnapshotOptions::Format::Aof;
    o.file.temp_path = temp;
    o.file.final_path = final_path;
    o.file.checksum = cfg.rdbchecksum;
    o.file.incremental_fsync = cfg.rdb_save_incremental_fsync;
    o.file.key_delay = cfg.rdb_key_save_delay;
    if (!cpulist.empty()) util::parse_cpu_list(cpulist, o.file.cpus);  // validated by config
    o.compress = cfg.rdbcompression;
    o.save_lru = DatabasesTarget::policy_is_lru(cfg);
    o.save_lfu = db::lfu_policy().enabled;
    o.aux.redis_ver = CAIRN_REDIS_COMPAT_VERSION;
    o.aux.redis_bits = platform::arch_bits();
    o.aux.ctime = server_.now_ms() / 1000;
    o.aux.used_mem = platform::heap_used_bytes();
    o.aux.functions = server_.scripts().library_codes();
    std::vector<db::Database*> dbs;
    for (int i = 0; i < server_.db_count(); i++) dbs.push_back(&server_.db(i));
    return std::make_unique<persist::Snapshot>(std::move(dbs), std::move(o));
}

bool Persistence::save(bool counted) {
    // One snapshot at a time walks the databases: a background one is finished (an AOF
    // rewrite) or stopped (a BGSAVE: this save supersedes it) before this one starts.
    if (aof_->rewrite_in_progress()) aof_->finish_rewrite_now();
    kill_bgsave();
    server_.update_time();
    auto snap = make_snapshot(temp_path(), rdb_path());
    std::string err;
    if (!snap->begin(next_epoch(), server_.now_ms(), err)) {
        log(LogLevel::Warning,
            "Failed opening the temp RDB file %s (in server root dir %s) for saving: %s",
            temp_path().c_str(), platform::current_directory().c_str(), err.c_str());
        return false;
    }
    if (!snap->run_to_end(server_.now_ms(), err)) {
        log(LogLevel::Warning, "Write error saving DB on disk: %s", err.c_str());
        return false;
    }
    log(LogLevel::Notice, "DB saved on disk");
    server_.update_time();
    server_.stats().dirty = 0;
    lastsave_ = server_.now_ms() / 1000;
    last_bgsave_ok_ = true;
    if (counted) rdb_saves_++;
    return true;
}

bool Persistence::start_bgsave(std::string& err) {
    if (bgsave_) {
        err = "ERR Background save already in progress";
        return false;
    }
    if (aof_->rewrite_in_progress()) {
        err =
            "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
            "SCHEDULE in order to schedule a BGSAVE whenever possible.";
        return false;
    }
    server_.update_time();
    background_saves_++;
    const auto started = std::chrono::steady_clock::now();
    dirty_before_bgsave_ = server_.stats().dirty;
    last_bgsave_try_ = server_.now_ms() / 1000;
    bgsave_start_ms_ = server_.now_ms();
    auto snap = make_snapshot(temp_path(), rdb_path(), false, server_.config().bgsave_cpulist);
    std::string why;
    if (!snap->begin(next_epoch(), server_.now_ms(), why)) {
        // Redis's child would fail the same way after the reply: the save is reported as
        // started and then as failed.
        log(LogLevel::Warning,
            "Failed opening the temp RDB file %s (in server root dir %s) for saving: %s",
            temp_path().c_str(), platform::current_directory().c_str(), why.c_str());
        log(LogLevel::Warning, "Background saving error");
        last_bgsave_ok_ = false;
        last_bgsave_time_sec_ = 0;
        return true;
    }
    latest_start_usec_ =
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started)
                                  .count());
    log(LogLevel::Notice, "Background saving started");
    bgsave_ = std::move(snap);
    pacer_.start(*bgsave_, [this] { bgsave_done(); });
    return true;
}

void Persistence::bgsave_done() {
    pacer_.stop();  // the cron may end the save before the pacer's next look
    server_.update_time();
    bgsave_->writer().wait();
    const bool ok = bgsave_->writer().state() == persist::SnapshotWriter::State::Succeeded;
    if (ok) {
        log(LogLevel::Notice, "Background saving terminated with success");
        uint64_t& dirty = server_.stats().dirty;
        dirty = dirty > dirty_before_bgsave_ ? dirty - dirty_before_bgsave_ : 0;
        lastsave_ = server_.now_ms() / 1000;
        rdb_saves_++;
    } else {
        log(LogLevel::Warning, "Write error saving DB on disk: %s",
            bgsave_->writer().error().c_str());
        log(LogLevel::Warning, "Background saving error");
    }
    last_bgsave_ok_ = ok;
    last_bgsave_time_sec_ = (server_.now_ms() - bgsave_start_ms_) / 1000;
    last_cow_size_ = bgsave_->early_bytes();
    bgsave_.reset();
}

void Persistence::kill_bgsave() {
    if (!bgsave_) return;
    log(LogLevel::Warning, "Background saving stopped: its temp file is removed");
    bgsave_->abort();
    bgsave_.reset();
    pacer_.stop();
}

void Persistence::cron() {
    if (loading_) return;
    aof_->cron();
    if (bgsave_) {
        if (bgsave_->walk_done() &&
            bgsave_->writer().state() != persist::SnapshotWriter::State::Running) {
            bgsave_done();
        }
        return;
    }
    if (aof_->rewrite_in_progress()) return;
    const int64_t now_s = server_.now_ms() / 1000;
    if (bgsave_scheduled_ && (now_s - last_bgsave_try_ > kBgsaveRetryDelay || last_bgsave_ok_)) {
        bgsave_scheduled_ = false;
        std::string err;
        start_bgsave(err);
        return;
    }
    const uint64_t dirty = server_.stats().dirty;
    for (const config::SaveParam& sp : server_.config().save_params) {
        if (dirty >= static_cast<uint64_t>(sp.changes) && now_s - lastsave_ > sp.seconds &&
            (now_s - last_bgsave_try_ > kBgsaveRetryDelay || last_bgsave_ok_)) {
            log(LogLevel::Notice, "%d changes in %d seconds. Saving...", sp.changes,
                static_cast<int>(sp.seconds));
            std::string err;
            start_bgsave(err);
            break;
        }
    }
}

std::string_view Persistence::write_refusal() const {
    const config::Config& cfg = server_.config();
    if (cfg.stop_writes_on_bgsave_error && !cfg.save_params.empty() && !last_bgsave_ok_) {
        return "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
               "persist to disk. Commands that may modify the data set are disabled, because "
               "this instance is configured to report errors during writes if RDB snapshotting "
               "fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
               "details about the RDB error.";
    }
    if (aof_ && aof_->state() != Aof::State::Off && !aof_->write_error().empty()) {
        return aof_->write_refusal();
    }
    return {};
}

int64_t Persistence::current_bgsave_time_sec() const {
    return bgsave_ ? (server_.now_ms() - bgsave_start_ms_) / 1000 : -1;
}

uint64_t Persistence::current_cow_size() const {
    return bgsave_ ? bgsave_->early_bytes() : 0;
}

uint64_t Persistence::save_keys_processed() const {
    return bgsave_ ? bgsave_->keys_written() : 0;
}

uint64_t Persistence::save_keys_total() const {
    return bgsave_ ? bgsave_->keys_total() : 0;
}

Persistence::LoadProgress Persistence::load_progress() const {
    LoadProgress p;
    if (!loading_state_) return p;
    p.start_time = loading_state_->start_ms / 1000;
    p.total_bytes = loading_state_->file.size();
    p.loaded_bytes = loading_state_->loader ? loading_state_->loader->bytes_read() : 0;
    p.rdb_used_mem = loading_state_->target.used_mem;
    return p;
}

void Persistence::start_loading(std::function<void(bool)> done) {
    if (server_.config().appendonly) {
        // With the AOF on, the RDB file is not read (Redis's loadDataFromDisk).
        loading_ = true;
        aof_->start_loading([this, done](bool ok) {
            loading_ = false;
            done(ok && aof_->open_on_start());
        });
        if (!aof_->loading()) loading_ = false;
        return;
    }
    loading_state_ = std::make_unique<Loading>(server_, false);
    std::string err;
    if (!loading_state_->file.open(rdb_path(), err)) {
        const bool missing = loading_state_->file.missing();
        loading_state_.reset();
        if (!missing)
            log(LogLevel::Warning, "Fatal error loading the DB: %s. Exiting.", err.c_str());
        done(missing);
        return;
    }
    loading_ = true;
    server_.update_time();
    loading_state_->start_ms = server_.now_ms();
    loading_state_->loader = std::make_unique<persist::RdbLoader>(
        loading_state_->file, server_.config(), loading_state_->target);
    server_.runtime().post([this, done] { load_step(done); });
}

void Persistence::load_step(const std::function<void(bool)>& done) {
    server_.update_time();
    Loading& l = *loading_state_;
    auto status = l.loader->step(kKeysPerSlice);
    if (status == persist::RdbLoader::Status::More &&
        server_.now_ms() - last_status_ms_ >= kStatusIntervalMs) {
        // The service manager hears of progress (STATUS= / START_PENDING checkpoints).
        last_status_ms_ = server_.now_ms();
        const LoadProgress p = load_progress();
        char line[128];
        std::snprintf(line, sizeof(line), "Loading the dataset: %.0f%%",
                      p.total_bytes ? static_cast<double>(p.loaded_bytes) * 100 /
                                          static_cast<double>(p.total_bytes)
                                    : 0.0);
        service::notify_status(line);
    }
    if (status == persist::RdbLoader::Status::More) {
        server_.runtime().post([this, done] { load_step(done); });
        return;
    }
    loading_ = false;
    const bool ok = status == persist::RdbLoader::Status::Done;
    if (ok) {
        last_load_keys_loaded_ = l.loader->keys_loaded();
        last_load_keys_expired_ = l.target.expired;
        log(LogLevel::Notice, "Done loading RDB, keys loaded: %llu, keys expired: %llu.",
            static_cast<unsigned long long>(last_load_keys_loaded_),
            static_cast<unsigned long long>(last_load_keys_expired_));
        log(LogLevel::Notice, "DB loaded from disk: %.3f seconds",
            static_cast<double>(server_.now_ms() - l.start_ms) / 1000);
    } else {
        if (!l.loader->function_error().empty()) {
            log(LogLevel::Warning, "%s", l.loader->function_error().c_str());
        }
        log(LogLevel::Warning, "%s", l.loader->error().c_str());
        log(LogLevel::Warning, "Terminating server after rdb file reading failure.");
    }
    loading_state_.reset();
    done(ok);
}

bool Persistence::load_now(bool merge) {
    Loading l(server_, merge);
    std::string err;
    if (!l.file.open(rdb_path(), err)) {
        log(LogLevel::Warning, "Fatal error loading the DB: %s. Exiting.", err.c_str());
        return false;
    }
    persist::RdbLoader loader(l.file, server_.config(), l.target);
    persist::RdbLoader::Status status;
    do {
        server_.update_time();
        status = loader.step(SIZE_MAX);
    } while (status == persist::RdbLoader::Status::More);
    if (status != persist::RdbLoader::Status::Done) {
        if (!loader.function_error().empty()) {
            log(LogLevel::Warning, "%s", loader.function_error().c_str());
        }
        log(LogLevel::Warning, "%s", loader.error().c_str());
        return false;
    }
    last_load_keys_loaded_ = loader.keys_loaded();
    last_load_keys_expired_ = l.target.expired;
    return true;
}

}  // namespace cairn
