#include "server/aof.hpp"
#include "server/aof_internal.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include "clients/client.hpp"
#include "db/database.hpp"
#include "persist/aof_commands.hpp"
#include "persist/file_source.hpp"
#include "persist/rdb_file.hpp"
#include "persist/snapshot.hpp"
#include "platform/durable_file.hpp"
#include "platform/files.hpp"
#include "platform/platform.hpp"
#include "resp/command_encoding.hpp"
#include "server/log.hpp"
#include "server/persistence.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"
#include "util/cpu_list.hpp"

namespace cairn {

namespace {}  // namespace

Aof::Aof(Server& server) : server_(server), pacer_(server) {}

Aof::~Aof() {
    if (rewrite_) rewrite_->abort();
    fsyncer_.reset();
}

std::string Aof::dir() const {
    return server_.config().appenddirname;  // relative to `dir`, where the server runs
}

std::string Aof::path_of(const std::string& name) const {
    return dir() + "/" + name;
}

bool Aof::persist_manifest(std::string& err) {
    const std::string name = persist::aof_manifest_file_name(server_.config().appendfilename);
    platform::AtomicWriteError e;
    if (!platform::write_file_atomically(path_of(name), manifest_.to_string(), e)) {
        err = e.reason;
        return false;
    }
    manifest_.dirty = false;
    return true;
}

bool Aof::load_manifest(std::string& err, bool& exists) {
    const std::string name = persist::aof_manifest_file_name(server_.config().appendfilename);
    persist::FileSource f;
    exists = f.open(path_of(name), err);
    manifest_ = persist::AofManifest{};
    if (!exists) return f.missing();
    std::string text;
    char chunk[4096];
    for (size_t n; (n = f.read(chunk, sizeof(chunk))) > 0;) text.append(chunk, n);
    persist::AofManifestError e;
    if (!persist::parse_aof_manifest(text, manifest_, e)) {
        err = e.message;
        if (e.line) err += " at line " + std::to_string(e.line) + " >>> '" + e.line_text + "'";
        return false;
    }
    return true;
}

bool Aof::open_incr(const std::string& name, bool truncate, std::string& err) {
    auto f = std::make_unique<platform::DurableFile>();
    if (!f->open(path_of(name), !truncate, err)) return false;
    close_incr();
    incr_ = std::move(f);
    return true;
}

void Aof::close_incr() {
    if (!incr_) return;
    if (fsyncer_) fsyncer_->drain();
    std::string err;
    incr_->sync(err);
    incr_->close(err);
    incr_.reset();
}

void Aof::feed(int db, const std::vector<std::string>& argv) {
    // While the AOF is being switched on, writes before its rewrite starts are in the BASE.
    if (state_ == State::Off || (state_ == State::WaitRewrite && !rewrite_)) return;
    if (server_.config().aof_timestamp_enabled) {
        const int64_t now_s = server_.now_ms() / 1000;
        if (now_s != last_ts_) {
            buf_ += "#TS:" + std::to_string(now_s) + "\r\n";
            last_ts_ = now_s;
        }
    }
    if (db != selected_db_) {
        resp::append_command(buf_, {"SELECT", std::to_string(db)});
        selected_db_ = db;
    }
    resp::append_command(buf_, argv);
}

void Aof::flush(bool force) {
    if (buf_.empty() || !incr_) {
        if (!force) return;
    }
    const config::Config& cfg = server_.config();
    if (!buf_.empty() && incr_) {
        std::string err;
        if (!incr_->write(buf_, err)) {
            if (cfg.appendfsync == "always") {
                log(LogLevel::Warning,
                    "Can't recover from AOF write error when the AOF fsync policy is "
                    "'always'. Exiting...");
                std::_Exit(1);
            }
            if (write_error_.empty()) {
                log(LogLevel::Warning, "Error writing to the AOF file: %s", err.c_str());
            }
            write_error_ = err;
            write_refusal_ = "MISCONF Errors writing to the AOF file: " + err;
            return;  // kept; retried by the cron
        }
        if (!write_error_.empty()) {
            log(LogLevel::Warning, "AOF write error looks solved, Redis can write again.");
            write_error_.clear();
            write_refusal_.clear();
        }
        cur_incr_size_ += buf_.size();
        buf_.clear();
    }
    if (!incr_) return;
    if (cfg.no_appendfsync_on_rewrite && rewrite_) return;
    if (cfg.appendfsync == "always") {
        std::string err;
        if (!incr_->sync(err)) {
            log(LogLevel::Warning,
                "Can't persist AOF for fsync error when the AOF fsync policy is 'always': %s. "
                "Exiting...",
                err.c_str());
            std::_Exit(1);
        }
        last_fsync_ms_ = server_.now_ms();
    } else if (cfg.appendfsync == "everysec" &&
               (force || server_.now_ms() - last_fsync_ms_ >= 1000)) {
        if (!fsyncer_) {
            std::vector<int> cpus;
            if (!cfg.bio_cpulist.empty()) util::parse_cpu_list(cfg.bio_cpulist, cpus);
            fsyncer_ = std::make_unique<Fsyncer>(std::move(cpus));
        }
        fsyncer_->request(incr_.get());
        last_fsync_ms_ = server_.now_ms();
    }
}

bool Aof::fsync_pending() const {
    return fsyncer_ && fsyncer_->busy();
}

}  // namespace cairn
