// Whole RDB files as Redis 7.0.15 writes and reads them (rdbSaveRio / rdbLoadRioWithLoadingCtx):
// the "REDIS0010" header, aux fields, SELECTDB + RESIZEDB per database, key records with their
// expire time, LRU idle time or LFU counter, EOF and the CRC-64 trailer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "db/object.hpp"

namespace cairn::persist {

class ByteSource;
class RdbOutput;

struct RdbAux {
    std::string redis_ver;
    int redis_bits = 64;
    int64_t ctime = 0;  // unix seconds
    uint64_t used_mem = 0;
    bool aof_base = false;  // the file is an AOF's base (aof-use-rdb-preamble)
    // The function libraries' codes, written after the aux fields as RDB_OPCODE_FUNCTION2
    // records (rdbSaveFunctions), and as FUNCTION LOAD commands at the start of an AOF base.
    std::vector<std::string> functions;
};

struct KeyMeta {
    int64_t expire_ms = -1;  // absolute unix ms, -1: none
    int64_t idle_s = -1;     // RDB_OPCODE_IDLE (LRU policies), -1: not written
    int freq = -1;           // RDB_OPCODE_FREQ (LFU policies), -1: not written
};

void write_rdb_header(RdbOutput& out, const RdbAux& aux);
void write_select_db(RdbOutput& out, int db, uint64_t keys, uint64_t expires);
void write_select_only(RdbOutput& out, int db);  // SELECTDB without RESIZEDB
void write_key(RdbOutput& out, std::string_view key, const db::Object& o, const KeyMeta& meta);
void write_rdb_eof(RdbOutput& out);  // the opcode; the file writer appends the checksum

// Where a loader puts what it reads (the server's databases, or a test's).
class RdbLoadTarget {
public:
    virtual ~RdbLoadTarget() = default;
    virtual int db_count() const = 0;
    virtual void resize_db(int db, uint64_t keys, uint64_t expires) = 0;
    virtual void aux(std::string_view key, std::string_view value) = 0;
    // A function library (RDB_OPCODE_FUNCTION2): false with err when it does not load.
    virtual bool function(std::string code, std::string& err) {
        (void)code;
        err = "this target takes no functions";
        return false;
    }
    // False when the key is already there ("RDB has duplicated key"). A target may hold
    // keys back to add them in batches; then a false return can be about a key given
    // earlier, and flush (called at the end of each step and of the file) adds the rest.
    virtual bool add_key(int db, std::string key, db::Object value, const KeyMeta& meta) = 0;
    virtual bool flush() { return true; }
};

// Loads a file in steps, so the server can answer -LOADING between them.
class RdbLoader {
public:
    enum class Status { More, Done, Failed };
    RdbLoader(ByteSource& source, const config::Config& cfg, RdbLoadTarget& target);
    ~RdbLoader();
    // Reads up to max_keys key records; Failed with error() set on the first problem.
    Status step(size_t max_keys);
    // With expect_eof false, stops after the trailer without checking that the source ends
    // (an AOF's RDB preamble is followed by commands).
    const std::string& error() const { return error_; }
    // The library that did not load (Redis logs it before the short-read error), or "".
    const std::string& function_error() const { return function_error_; }
    int version() const { return version_; }
    uint64_t keys_loaded() const { return keys_loaded_; }
    uint64_t bytes_read() const;
    // What the reader holds beyond the RDB's end (an AOF preamble's commands start there).
    std::string take_buffered();

private:
    struct State;
    State* state_;
    const config::Config& cfg_;
    RdbLoadTarget& target_;
    std::string error_;
    std::string function_error_;
    int version_ = 0;
    uint64_t keys_loaded_ = 0;
    int db_ = 0;
    bool header_done_ = false;
    Status fail(std::string why);
    bool read_header();
};

}  // namespace cairn::persist
