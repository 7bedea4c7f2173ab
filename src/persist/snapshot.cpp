#include "persist/snapshot.hpp"

#include <chrono>
#include <utility>

#include "db/lfu.hpp"
#include "persist/aof_rewrite.hpp"

namespace cairn::persist {

namespace {
constexpr size_t kChunkBytes = 1 << 20;        // handed to the writer at this size
constexpr size_t kMaxQueuedBytes = 64u << 20;  // the walk waits while the writer is behind
}  // namespace

Snapshot::Snapshot(std::vector<db::Database*> dbs, SnapshotOptions options)
    : dbs_(std::move(dbs)), options_(std::move(options)), out_(options_.compress, true) {}

Snapshot::~Snapshot() {
    detach();
}

bool Snapshot::begin(uint8_t epoch, int64_t now_ms, std::string& err) {
    options_.file.trailer = rdb();
    writer_ = std::make_unique<SnapshotWriter>(options_.file);
    if (!writer_->start(err)) return false;
    now_ms_ = now_ms;
    for (db::Database* d : dbs_) {
        sizes_.push_back(d->size());
        expires_.push_back(d->expires_size());
        keys_total_ += d->size();
        d->begin_snapshot(epoch, this);
    }
    attached_ = true;
    if (rdb()) {
        write_rdb_header(out_, options_.aux);
    } else {
        // rewriteFunctions: the libraries first, as FUNCTION LOAD commands.
        for (const std::string& code : options_.aux.functions) write_aof_function(out_, code);
    }
    return true;
}

void Snapshot::detach() {
    if (!attached_) return;
    for (db::Database* d : dbs_) d->end_snapshot();
    attached_ = false;
}

void Snapshot::abort() {
    detach();
    done_ = true;
    if (writer_) {
        writer_->abort();
        writer_->wait();
    }
}

void Snapshot::write_record(db::Database& d, std::string_view key, const db::Object& value) {
    if (selected_ != d.id()) {
        // The walk opens each database with SELECTDB + RESIZEDB; a key written ahead of the
        // walk, or the walk resuming after one, only needs SELECTDB.
        if (rdb()) {
            write_select_only(out_, d.id());
        } else {
            write_aof_select(out_, d.id());
        }
        selected_ = d.id();
    }
    KeyMeta meta;
    meta.expire_ms = d.expire_of(key);
    if (!rdb()) {
        // rewriteAppendOnlyFileRio leaves out keys that are already expired.
        if (meta.expire_ms == -1 || meta.expire_ms >= now_ms_) {
            write_aof_key(out_, key, value, meta.expire_ms);
        }
        out_.count_key();
        keys_written_++;
        return;
    }
    if (options_.save_lru) {
        const uint32_t now_s = static_cast<uint32_t>(now_ms_ / 1000);
        meta.idle_s = static_cast<uint32_t>(now_s - value.access_time);
    }
    if (options_.save_lfu) meta.freq = db::lfu_decayed_counter(value, now_ms_);
    write_key(out_, key, value, meta);
    out_.count_key();
    keys_written_++;
}

void Snapshot::flush_if_big() {
    if (out_.size() >= kChunkBytes) {
        writer_->push(std::move(out_));
        out_ = RdbOutput(options_.compress, true);
    }
}

void Snapshot::before_change(db::Database& d, std::string_view key, const db::Object& value) {
    const size_t before = out_.size();
    write_record(d, key, value);
    early_bytes_ += out_.size() - before;
    flush_if_big();
}

bool Snapshot::run_to_end(int64_t now_ms, std::string& err) {
    while (!step(4096, now_ms)) writer_->wait_for_room(kMaxQueuedBytes);
    writer_->wait();
    if (writer_->state() != SnapshotWriter::State::Succeeded) {
        err = writer_->error();
        return false;
    }
    return true;
}

bool Snapshot::step(size_t max_keys, int64_t now_ms, int64_t budget_us) {
    if (done_) return true;
    now_ms_ = now_ms;
    if (writer_->queued_bytes() > kMaxQueuedBytes) return false;
    size_t budget = max_keys;
    const auto start = std::chrono::steady_clock::now();
    unsigned calls = 0;
    while (walk_db_ < dbs_.size() && budget > 0) {
        // The time budget keeps a slice short next to the clients' commands.
        if (budget_us > 0 && ++calls % 16 == 0 &&
            std::chrono::steady_clock::now() - start > std::chrono::microseconds(budget_us)) {
            break;
        }
        db::Database& d = *dbs_[walk_db_];
        if (sizes_[walk_db_] == 0) {  // empty when the snapshot began: not in the file
            walk_db_++;
            continue;
        }
        if (!walk_db_open_) {
            if (rdb()) {
                write_select_db(out_, d.id(), sizes_[walk_db_], expires_[walk_db_]);
            } else {
                write_aof_select(out_, d.id());
            }
            selected_ = d.id();
            walk_db_open_ = true;
        }
        cursor_ = d.scan(cursor_, [&](std::string_view key, db::Object& o) {
            if (d.snapshotted(o)) return;
            write_record(d, key, o);
            d.mark_snapshotted(o);
            if (budget > 0) budget--;
        });
        flush_if_big();
        if (cursor_ == 0) {
            walk_db_++;
            walk_db_open_ = false;
        }
    }
    if (walk_db_ < dbs_.size()) return false;
    detach();
    if (rdb()) write_rdb_eof(out_);
    writer_->push(std::move(out_));
    out_ = RdbOutput(options_.compress, true);
    writer_->finish();
    done_ = true;
    return true;
}

}  // namespace cairn::persist
