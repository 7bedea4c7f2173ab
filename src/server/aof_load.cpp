// Loading an AOF (loadAppendOnlyFiles / loadSingleAppendOnlyFile of Redis 7.0.15): the BASE
// (an RDB preamble, or commands) and every INCR file, replayed through a pseudo-client and the
// command pipeline, with Redis's rules and log lines for truncated and broken files.
#include <string_view>
#include <utility>

#include "clients/client.hpp"
#include "persist/aof_commands.hpp"
#include "persist/file_source.hpp"
#include "persist/rdb_file.hpp"
#include "platform/durable_file.hpp"
#include "platform/platform.hpp"
#include "server/aof.hpp"
#include "server/aof_internal.hpp"
#include "server/database_target.hpp"
#include "server/log.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"
#include "service/readiness.hpp"
#include "util/debug_delay.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {
constexpr size_t kCommandsPerSlice = 1000;  // loaded between events
const char* const kFixHint =
    "make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>";
}  // namespace

int Aof::begin_load() {
    std::string err;
    bool exists = false;
    if (!platform::make_directory(dir(), err)) {
        log(LogLevel::Warning, "Can't open or create append-only dir %s: %s", dir().c_str(),
            err.c_str());
        return -1;
    }
    if (!load_manifest(err, exists)) {
        log(LogLevel::Warning, "%s", err.c_str());
        return -1;
    }
    const std::string& old = server_.config().appendfilename;
    if (!exists && platform::file_exists(old)) {
        // aofUpgradePrepare: a Redis < 7 appendonly.aof becomes the base of the new layout.
        log(LogLevel::Notice, "Creating AOF base file %s on server start", old.c_str());
        if (!platform::replace_file(old, path_of(old), err)) {
            log(LogLevel::Warning, "Error moving %s into %s: %s", old.c_str(), dir().c_str(),
                err.c_str());
            return -1;
        }
        manifest_.set_upgraded_base(old);
        if (!persist_manifest(err)) {
            log(LogLevel::Warning, "Can't persist the AOF manifest: %s", err.c_str());
            return -1;
        }
    }
    load_ = std::make_unique<Loading>();
    if (manifest_.base) load_->files.push_back(*manifest_.base);
    for (const persist::AofInfo& i : manifest_.incr) load_->files.push_back(i);
    if (load_->files.empty()) {
        load_.reset();
        return 0;
    }
    load_->client = server_.create_pseudo_client();
    load_->client->flags |= kMustObey;
    load_->start_ms = server_.now_ms();
    server_.propagator().suspend(true);
    return 1;
}

void Aof::start_loading(std::function<void(bool)> done) {
    const int r = begin_load();
    if (r <= 0) {
        done(r == 0);
        return;
    }
    server_.runtime().post([this, done] { load_step(done); });
}

// Runs up to `budget` commands; true when every file is loaded (load_ then finished).
Aof::LoadStatus Aof::load_some(size_t budget) {
    while (budget-- > 0) {
        Loading& l = *load_;
        const bool last = l.index + 1 == l.files.size();
        if (!load_file_now(l.files[l.index], last, *l.client)) return LoadStatus::Failed;
        if (!l.reader && ++l.index == l.files.size()) return LoadStatus::Done;
    }
    return LoadStatus::More;
}

void Aof::end_load(bool ok) {
    if (ok) {
        server_.update_time();
        log(LogLevel::Notice, "DB loaded from append only file: %.3f seconds",
            static_cast<double>(server_.now_ms() - load_->start_ms) / 1000);
    }
    server_.propagator().suspend(false);
    load_.reset();
}

void Aof::load_step(const std::function<void(bool)>& done) {
    const LoadStatus st = load_some(kCommandsPerSlice);
    if (st == LoadStatus::More && server_.now_ms() - load_->status_ms >= 1000) {
        load_->status_ms = server_.now_ms();
        service::notify_status("Loading the append only file " + std::to_string(load_->index + 1) +
                               " of " + std::to_string(load_->files.size()));
    }
    if (st == LoadStatus::More) {
        server_.runtime().post([this, done] { load_step(done); });
        return;
    }
    end_load(st == LoadStatus::Done);
    done(st == LoadStatus::Done);
}

// Opens the file if needed, then runs at most one command of it (or the whole RDB preamble).
// Returns false on a fatal error; l.reader is null once the file is done.
bool Aof::load_file_now(const persist::AofInfo& info, bool last, Client& c) {
    Loading& l = *load_;
    const std::string path = path_of(info.name);
    const char* kind = info.type == persist::AofFileType::kBase ? "base" : "incr";
    if (!l.reader) {
        l.source = std::make_unique<persist::FileSource>();
        std::string err;
        if (!l.source->open(path, err)) {
            log(LogLevel::Warning, "Fatal error: can't open the append log file %s for reading: %s",
                info.name.c_str(), err.c_str());
            return false;
        }
        l.file_start_ms = server_.now_ms();
        std::string pending;
        uint64_t offset = 0;
        char sig[5];
        const size_t got = l.source->read(sig, sizeof(sig));
        if (got == 5 && std::string_view(sig, 5) == "REDIS") {
            log(LogLevel::Notice, "Reading RDB base file on AOF loading...");
            l.source = std::make_unique<persist::FileSource>();
            if (!l.source->open(path, err)) return false;
            DatabasesTarget target(server_, false, true);
            persist::RdbLoader loader(*l.source, server_.config(), target);
            persist::RdbLoader::Status st;
            do {
                server_.update_time();
                st = loader.step(SIZE_MAX);
            } while (st == persist::RdbLoader::Status::More);
            if (st != persist::RdbLoader::Status::Done) {
                if (!loader.function_error().empty()) {
                    log(LogLevel::Warning, "%s", loader.function_error().c_str());
                }
                log(LogLevel::Warning, "%s", loader.error().c_str());
                log(LogLevel::Warning, "Error reading the RDB base file %s, AOF loading aborted",
                    info.name.c_str());
                return false;
            }
            log(LogLevel::Notice, "Reading the remaining AOF tail...");
            pending = loader.take_buffered();
            offset = loader.bytes_read();
        } else {
            pending.assign(sig, got);
        }
        l.reader =
            std::make_unique<persist::AofCommandReader>(*l.source, std::move(pending), offset);
        l.before_multi = offset;
    }
    server_.update_time();
    const auto r = l.reader->next(l.argv);
    using R = persist::AofCommandReader::Result;
    if (r == R::Command) {
        if (!server_.commands().find(l.argv[0])) {
            log(LogLevel::Warning, "Unknown command '%s' reading the append only file %s",
                l.argv[0].c_str(), info.name.c_str());
            return false;
        }
        const bool multi = util::iequals(l.argv[0], "multi");
        if (multi) l.before_multi = l.reader->valid_offset();
        std::vector<std::string_view> views(l.argv.begin(), l.argv.end());
        server_.execute(c, views);
        c.output().clear();  // a pseudo-client's replies go nowhere
        if (server_.config().key_load_delay != 0)
            util::debug_delay(server_.config().key_load_delay);
        if (!(c.flags & kMulti)) l.before_multi = l.reader->valid_offset();
        return true;
    }
    uint64_t valid = l.reader->valid_offset();
    bool truncated = r == R::Truncated;
    if (r == R::End && (c.flags & kMulti)) {
        log(LogLevel::Warning, "Revert incomplete MULTI/EXEC transaction in AOF file %s",
            info.name.c_str());
        server_.discard_transaction(c);
        valid = l.before_multi;
        truncated = true;
    }
    if (r == R::BadFormat) {
        log(LogLevel::Warning, "Bad file format reading the append only file %s: %s",
            info.name.c_str(), kFixHint);
        return false;
    }
    if (truncated) {
        if (!server_.config().aof_load_truncated || !last) {
            log(LogLevel::Warning,
                "Unexpected end of file reading the append only file %s. You can: 1) Make a "
                "backup of your AOF file, then use ./redis-check-aof --fix "
                "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' "
                "configuration option to yes and restart the server.",
                info.name.c_str());
            return false;
        }
        log(LogLevel::Warning, "!!! Warning: short read while loading the AOF file %s!!!",
            info.name.c_str());
        log(LogLevel::Warning, "!!! Truncating the AOF %s at offset %llu !!!", info.name.c_str(),
            static_cast<unsigned long long>(valid));
        l.reader.reset();
        l.source.reset();
        platform::DurableFile f;
        std::string err;
        if (!f.open(path, true, err) || !f.truncate(valid, err) || !f.sync(err)) {
            log(LogLevel::Warning, "Error truncating the AOF file %s: %s", info.name.c_str(),
                err.c_str());
            return false;
        }
        log(LogLevel::Warning, "AOF %s loaded anyway because aof-load-truncated is enabled",
            info.name.c_str());
    }
    server_.discard_transaction(c);
    l.reader.reset();
    l.source.reset();
    log(LogLevel::Notice, "DB loaded from %s file %s: %.3f seconds", kind, info.name.c_str(),
        static_cast<double>(server_.now_ms() - l.file_start_ms) / 1000);
    return true;
}

bool Aof::load_now() {
    const int r = begin_load();
    if (r <= 0) return r == 0;
    LoadStatus st;
    while ((st = load_some(SIZE_MAX)) == LoadStatus::More) {
    }
    end_load(st == LoadStatus::Done);
    return st == LoadStatus::Done;
}

}  // namespace cairn
