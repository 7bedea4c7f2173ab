// The AOF's life beyond appending: opening it at startup, CONFIG SET appendonly yes / no,
// BGREWRITEAOF as a fork-free snapshot into a new BASE while writes go to a new INCR file,
// the manifest switch when it is done, history files removed, and the cron's part
// (automatic rewrites, retries, everysec fsync).
#include <utility>  // Boost 1.74 + GCC 12 in C++20 needs it before Asio headers

#include <chrono>

#include "persist/snapshot.hpp"
#include "platform/durable_file.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/aof_internal.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"

namespace cairn {

namespace {

constexpr int64_t kRewriteRetryDelay = 5;  // seconds before a failed rewrite is retried

std::string rewrite_temp_name() {
    return "temp-rewriteaof-bg-" + std::to_string(platform::process_id()) + ".aof";
}

uint64_t size_of(const std::string& path) {
    const int64_t n = platform::file_size(path);
    return n > 0 ? static_cast<uint64_t>(n) : 0;
}

}  // namespace

bool Aof::open_on_start() {
    if (!server_.config().appendonly) return true;
    const config::Config& cfg = server_.config();
    std::string err;
    if (!platform::make_directory(dir(), err)) {
        log(LogLevel::Warning, "Can't open or create append-only dir %s: %s", dir().c_str(),
            err.c_str());
        return false;
    }
    state_ = State::On;
    if (!manifest_.base && manifest_.incr.empty()) {
        // An empty dataset still gets a BASE (aofOpenIfNeededOnServerStart).
        const std::string name =
            manifest_.new_base_file(cfg.appendfilename, cfg.aof_use_rdb_preamble);
        auto snap = server_.persistence().make_snapshot(
            rewrite_temp_name(), path_of(name), !cfg.aof_use_rdb_preamble, cfg.aof_rewrite_cpulist);
        if (!snap->begin(server_.persistence().next_epoch(), server_.now_ms(), err) ||
            !snap->run_to_end(server_.now_ms(), err)) {
            log(LogLevel::Warning, "Can't write the AOF base file %s: %s", name.c_str(),
                err.c_str());
            return false;
        }
        log(LogLevel::Notice, "Creating AOF base file %s on server start", name.c_str());
    }
    const bool had_incr = !manifest_.incr.empty();
    const std::string incr = manifest_.last_incr_file(cfg.appendfilename);
    if (!open_incr(incr, false, err)) {
        log(LogLevel::Warning, "Can't open the append-only file %s: %s", incr.c_str(), err.c_str());
        return false;
    }
    if (!persist_manifest(err)) {
        log(LogLevel::Warning, "Can't persist the AOF manifest: %s", err.c_str());
        return false;
    }
    log(LogLevel::Notice, "%s AOF incr file %s on server start", had_incr ? "Opening" : "Creating",
        incr.c_str());
    base_size_ = manifest_.base ? size_of(path_of(manifest_.base->name)) : 0;
    prev_incr_size_ = 0;
    for (size_t i = 0; i + 1 < manifest_.incr.size(); i++) {
        prev_incr_size_ += size_of(path_of(manifest_.incr[i].name));
    }
    cur_incr_size_ = size_of(path_of(incr));
    rewrite_base_size_ = current_size();
    last_fsync_ms_ = server_.now_ms();
    selected_db_ = -1;
    server_.propagator().add_sink(this);
    delete_history();
    return true;
}

bool Aof::start(std::string& err) {
    if (state_ != State::Off) return true;
    bool exists = false;
    if (!load_manifest(err, exists) || !platform::make_directory(dir(), err)) {
        log(LogLevel::Warning, "Can't enable the AOF: %s", err.c_str());
        err = "ERR " + err;
        return false;
    }
    state_ = State::WaitRewrite;
    server_.propagator().add_sink(this);
    if (server_.persistence().bgsave_in_progress()) {
        rewrite_scheduled_ = true;
        log(LogLevel::Notice,
            "AOF was enabled but there is already another background operation. An AOF "
            "background was scheduled to start when possible.");
    } else if (server_.in_exec()) {
        rewrite_scheduled_ = true;
        log(LogLevel::Notice,
            "AOF was enabled during a transaction. An AOF background was scheduled to start "
            "when possible.");
    } else {
        if (rewrite_) {
            log(LogLevel::Notice,
                "AOF was enabled but there is already an AOF rewriting in background. Stopping "
                "background AOF and starting a rewrite now.");
            kill_rewrite();
        }
        std::string why;
        if (!start_rewrite(why)) {
            state_ = State::Off;
            server_.propagator().remove_sink(this);
            log(LogLevel::Warning,
                "Redis needs to enable the AOF but can't trigger a background AOF rewrite "
                "operation. Check the above logs for more info about the error.");
            err = "ERR " + why;
            return false;
        }
    }
    last_fsync_ms_ = server_.now_ms();
    return true;
}

void Aof::stop() {
    if (state_ == State::Off) return;
    flush(true);
    close_incr();
    server_.propagator().remove_sink(this);
    state_ = State::Off;
    selected_db_ = -1;
    rewrite_scheduled_ = false;
    cur_incr_size_ = 0;
    kill_rewrite();
    buf_.clear();
}

bool Aof::start_rewrite(std::string& err) {
    if (rewrite_ || server_.persistence().bgsave_in_progress()) {
        err = "a background job is running";
        return false;
    }
    const config::Config& cfg = server_.config();
    if (!platform::make_directory(dir(), err)) {
        log(LogLevel::Warning, "Can't open or create append-only dir %s: %s", dir().c_str(),
            err.c_str());
        last_rewrite_ok_ = false;
        return false;
    }
    selected_db_ = -1;  // the new INCR file starts with a SELECT
    flush(true);
    // openNewIncrAofForAppend: from now on writes go to a new INCR file (a temporary one while
    // the AOF is being switched on), so BASE + the new INCR is the dataset.
    if (state_ != State::Off) {
        persist::AofManifest next = manifest_;
        const bool waiting = state_ == State::WaitRewrite;
        const std::string name = waiting ? persist::temp_incr_aof_file_name(cfg.appendfilename)
                                         : next.new_incr_file(cfg.appendfilename);
        auto file = std::make_unique<platform::DurableFile>();
        if (!file->open(path_of(name), false, err)) {
            log(LogLevel::Warning, "Can't open the append-only file %s: %s", name.c_str(),
                err.c_str());
            last_rewrite_ok_ = false;
            return false;
        }
        if (!waiting) {
            // The manifest lists the new INCR file before any write goes there.
            std::swap(manifest_, next);
            if (!persist_manifest(err)) {
                std::swap(manifest_, next);
                std::string ignored;
                file->close(ignored);
                platform::remove_file(path_of(name), ignored);
                log(LogLevel::Warning, "Can't persist the AOF manifest: %s", err.c_str());
                last_rewrite_ok_ = false;
                return false;
            }
            log(LogLevel::Notice, "Creating AOF incr file %s on background rewrite", name.c_str());
        }
        close_incr();
        incr_ = std::move(file);
        prev_incr_size_ += cur_incr_size_;
        cur_incr_size_ = 0;
    }
    server_.update_time();
    auto snap = server_.persistence().make_snapshot(
        rewrite_temp_name(), "", !cfg.aof_use_rdb_preamble, cfg.aof_rewrite_cpulist);
    if (!snap->begin(server_.persistence().next_epoch(), server_.now_ms(), err)) {
        log(LogLevel::Warning, "Can't create the AOF rewrite file: %s", err.c_str());
        last_rewrite_ok_ = false;
        consecutive_failures_++;
        return false;
    }
    rewrites_++;
    rewrite_ = std::move(snap);
    rewrite_scheduled_ = false;
    rewrite_start_ms_ = server_.now_ms();
    last_rewrite_try_ = server_.now_ms() / 1000;
    log(LogLevel::Notice, "Background append only file rewriting started");
    pacer_.start(*rewrite_, [this] { rewrite_done(); });
    return true;
}

void Aof::rewrite_done() {
    pacer_.stop();
    server_.update_time();
    rewrite_->writer().wait();
    last_rewrite_time_sec_ = (server_.now_ms() - rewrite_start_ms_) / 1000;
    last_cow_size_ = rewrite_->early_bytes();
    const bool written = rewrite_->writer().state() == persist::SnapshotWriter::State::Succeeded;
    const std::string writer_error = rewrite_->writer().error();
    rewrite_.reset();
    const config::Config& cfg = server_.config();
    std::string err;
    auto failed = [&](const std::string& why) {
        log(LogLevel::Warning, "%s", why.c_str());
        log(LogLevel::Warning, "Background AOF rewrite terminated with error");
        std::string ignored;
        platform::remove_file(rewrite_temp_name(), ignored);
        last_rewrite_ok_ = false;
        consecutive_failures_++;
        if (state_ == State::WaitRewrite) rewrite_scheduled_ = true;
    };
    if (!written) return failed("Write error writing the AOF rewrite file: " + writer_error);
    flush(true);
    persist::AofManifest next = manifest_;
    const std::string base = next.new_base_file(cfg.appendfilename, cfg.aof_use_rdb_preamble);
    if (!platform::replace_file(rewrite_temp_name(), path_of(base), err)) {
        return failed("Error trying to rename the temporary AOF base file " + rewrite_temp_name() +
                      " into " + base + ": " + err);
    }
    log(LogLevel::Notice, "Successfully renamed the temporary AOF base file %s into %s",
        rewrite_temp_name().c_str(), base.c_str());
    if (state_ == State::WaitRewrite) {
        const std::string temp_incr = persist::temp_incr_aof_file_name(cfg.appendfilename);
        const std::string incr = next.new_incr_file(cfg.appendfilename);
        if (!platform::replace_file(path_of(temp_incr), path_of(incr), err)) {
            return failed("Error trying to rename the temporary AOF incr file " + temp_incr +
                          " into " + incr + ": " + err);
        }
        log(LogLevel::Notice, "Successfully renamed the temporary AOF incr file %s into %s",
            temp_incr.c_str(), incr.c_str());
    }
    next.mark_rewritten_incr_as_history(state_ != State::Off);
    std::swap(manifest_, next);
    if (!persist_manifest(err)) {
        std::swap(manifest_, next);
        return failed("Can't persist the AOF manifest: " + err);
    }
    base_size_ = size_of(path_of(base));
    prev_incr_size_ = 0;
    rewrite_base_size_ = current_size();
    delete_history();
    last_rewrite_ok_ = true;
    consecutive_failures_ = 0;
    log(LogLevel::Notice, "Background AOF rewrite finished successfully");
    if (state_ == State::WaitRewrite) state_ = State::On;
}

void Aof::finish_rewrite_now() {
    if (!rewrite_) return;
    pacer_.stop();
    std::string err;
    server_.update_time();
    rewrite_->run_to_end(server_.now_ms(), err);  // rewrite_done reads the writer's outcome
    rewrite_done();
}

void Aof::kill_rewrite() {
    if (!rewrite_) return;
    log(LogLevel::Notice, "Killing running AOF rewrite");
    rewrite_->abort();
    rewrite_.reset();
    std::string ignored;
    platform::remove_file(rewrite_temp_name(), ignored);
    pacer_.stop();
}

void Aof::delete_history() {
    for (const std::string& name : manifest_.take_history_for_deletion(false)) {
        std::string err;
        if (platform::remove_file(path_of(name), err)) {
            log(LogLevel::Notice, "Removing the history file %s in the background", name.c_str());
        }
    }
    if (manifest_.dirty) {
        std::string err;
        persist_manifest(err);
    }
}

void Aof::cron() {
    if (state_ != State::Off) flush(false);
    if (rewrite_ || server_.persistence().bgsave_in_progress()) return;
    const config::Config& cfg = server_.config();
    const int64_t now_s = server_.now_ms() / 1000;
    const bool may_retry = last_rewrite_ok_ || now_s - last_rewrite_try_ > kRewriteRetryDelay;
    std::string err;
    if (rewrite_scheduled_ && may_retry) {
        start_rewrite(err);
        return;
    }
    if (state_ == State::On && cfg.auto_aof_rewrite_percentage > 0 &&
        current_size() > static_cast<uint64_t>(cfg.auto_aof_rewrite_min_size) && may_retry) {
        const uint64_t base = rewrite_base_size_ ? rewrite_base_size_ : 1;
        const long long growth = static_cast<long long>(current_size() * 100 / base) - 100;
        if (growth >= cfg.auto_aof_rewrite_percentage) {
            log(LogLevel::Notice, "Starting automatic rewriting of AOF on %lld%% growth", growth);
            start_rewrite(err);
        }
    }
}

void Aof::on_shutdown() {
    if (rewrite_) {
        log(LogLevel::Warning, "There is a child rewriting the AOF. Killing it!");
        kill_rewrite();
    }
    if (state_ == State::Off) return;
    log(LogLevel::Notice, "Calling fsync() on the AOF file.");
    flush(true);
    close_incr();
}

int64_t Aof::current_rewrite_time_sec() const {
    return rewrite_ ? (server_.now_ms() - rewrite_start_ms_) / 1000 : -1;
}

uint64_t Aof::rewrite_keys_written() const {
    return rewrite_ ? rewrite_->keys_written() : 0;
}

uint64_t Aof::rewrite_keys_total() const {
    return rewrite_ ? rewrite_->keys_total() : 0;
}

uint64_t Aof::rewrite_early_bytes() const {
    return rewrite_ ? rewrite_->early_bytes() : 0;
}

}  // namespace cairn
