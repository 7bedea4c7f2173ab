// A point-in-time snapshot of the keyspace written as an RDB file without fork() (DESIGN.md,
// "Persistence without fork"). The main thread walks the databases in slices (step) between
// commands; a key about to change before the walk reached it is written first, as it is then
// (db::SnapshotObserver); so the file holds every key as it was when begin() ran, and each
// key once. Encoded chunks go to a SnapshotWriter thread for compression and I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "persist/rdb_file.hpp"
#include "persist/rdb_output.hpp"
#include "persist/snapshot_writer.hpp"

namespace cairn::persist {

struct SnapshotOptions {
    enum class Format {
        Rdb,  // an RDB file (BGSAVE, SAVE, an AOF base with aof-use-rdb-preamble yes)
        Aof,  // commands (an AOF base with aof-use-rdb-preamble no)
    };
    Format format = Format::Rdb;
    SnapshotWriter::Options file;
    bool compress = true;
    bool save_lru = false;  // RDB_OPCODE_IDLE per key (LRU maxmemory policies)
    bool save_lfu = false;  // RDB_OPCODE_FREQ per key (LFU policies)
    RdbAux aux;
};

class Snapshot final : public db::SnapshotObserver {
public:
    Snapshot(std::vector<db::Database*> dbs, SnapshotOptions options);
    ~Snapshot() override;

    // Registers with the databases (epoch 1..255, a new one per snapshot), writes the
    // header, starts the writer thread.
    bool begin(uint8_t epoch, int64_t now_ms, std::string& err);
    // Walks up to max_keys more keys, for at most budget_us microseconds of work when that is
    // not 0. True once every key is written and the writer was told to finish (the databases
    // are then released). Does nothing while the writer is behind.
    bool step(size_t max_keys, int64_t now_ms, int64_t budget_us = 0);
    // The whole walk at once (SAVE, SHUTDOWN, DEBUG RELOAD), waiting for the writer when it
    // is behind; then waits for the file. True when the file is in place.
    bool run_to_end(int64_t now_ms, std::string& err);
    // Stops: the databases are released, the temp file removed.
    void abort();
    SnapshotWriter& writer() { return *writer_; }
    bool walk_done() const { return done_; }

    uint64_t keys_total() const { return keys_total_; }
    uint64_t keys_written() const { return keys_written_; }
    // Bytes of values written ahead of the walk because they were about to change: what
    // Redis reports as copy-on-write memory (rdb_last_cow_size).
    uint64_t early_bytes() const { return early_bytes_; }

    void before_change(db::Database& d, std::string_view key, const db::Object& value) override;

private:
    std::vector<db::Database*> dbs_;
    SnapshotOptions options_;
    std::unique_ptr<SnapshotWriter> writer_;
    RdbOutput out_;
    std::vector<uint64_t> sizes_;    // keys per database at begin()
    std::vector<uint64_t> expires_;  // keys with a TTL per database at begin()
    size_t walk_db_ = 0;
    bool walk_db_open_ = false;
    uint64_t cursor_ = 0;
    int selected_ = -1;  // the database of the last record written
    bool done_ = false;
    bool attached_ = false;
    int64_t now_ms_ = 0;
    uint64_t keys_total_ = 0;
    uint64_t keys_written_ = 0;
    uint64_t early_bytes_ = 0;

    bool rdb() const { return options_.format == SnapshotOptions::Format::Rdb; }
    void write_record(db::Database& d, std::string_view key, const db::Object& value);
    void flush_if_big();
    void detach();
};

}  // namespace cairn::persist
