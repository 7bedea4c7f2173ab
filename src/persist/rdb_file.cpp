#include "persist/rdb_file.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "persist/dump_payload.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_output.hpp"
#include "persist/rdb_primitives.hpp"
#include "persist/rdb_value.hpp"
#include "util/debug_delay.hpp"
#include "util/strings.hpp"

namespace cairn::persist {

namespace {

void aux_field(RdbOutput& out, std::string_view key, std::string_view value) {
    out.u8(rdb::kOpAux);
    out.string(key);
    out.string(value);
}

void aux_field(RdbOutput& out, std::string_view key, long long value) {
    aux_field(out, key, util::ll_to_string(value));
}

}  // namespace

void write_rdb_header(RdbOutput& out, const RdbAux& aux) {
    char magic[16];
    std::snprintf(magic, sizeof(magic), "REDIS%04d", rdb::kVersion);
    out.raw(magic);
    aux_field(out, "redis-ver", aux.redis_ver);
    aux_field(out, "redis-bits", aux.redis_bits);
    aux_field(out, "ctime", aux.ctime);
    aux_field(out, "used-mem", static_cast<long long>(aux.used_mem));
    aux_field(out, "aof-base", aux.aof_base ? 1 : 0);
    for (const std::string& code : aux.functions) {
        out.u8(rdb::kOpFunction2);
        out.string(code);
    }
}

void write_select_only(RdbOutput& out, int db) {
    out.u8(rdb::kOpSelectDb);
    out.length(static_cast<uint64_t>(db));
}

void write_select_db(RdbOutput& out, int db, uint64_t keys, uint64_t expires) {
    write_select_only(out, db);
    out.u8(rdb::kOpResizeDb);
    out.length(keys);
    out.length(expires);
}

void write_key(RdbOutput& out, std::string_view key, const db::Object& o, const KeyMeta& meta) {
    if (meta.expire_ms != -1) {
        out.u8(rdb::kOpExpireTimeMs);
        out.u64_le(static_cast<uint64_t>(meta.expire_ms));
    }
    if (meta.idle_s >= 0) {
        out.u8(rdb::kOpIdle);
        out.length(static_cast<uint64_t>(meta.idle_s));
    }
    if (meta.freq >= 0) {
        out.u8(rdb::kOpFreq);
        out.u8(static_cast<uint8_t>(meta.freq));
    }
    out.u8(rdb_type_of(o));
    out.string(key);
    write_value(out, o);
}

void write_rdb_eof(RdbOutput& out) {
    out.u8(rdb::kOpEof);
}

struct RdbLoader::State {
    explicit State(ByteSource& s) : in(s) {}
    RdbReader in;
};

RdbLoader::RdbLoader(ByteSource& source, const config::Config& cfg, RdbLoadTarget& target)
    : state_(new State(source)), cfg_(cfg), target_(target) {}

RdbLoader::~RdbLoader() {
    delete state_;
}

uint64_t RdbLoader::bytes_read() const {
    return state_->in.bytes_read();
}

std::string RdbLoader::take_buffered() {
    return state_->in.take_buffered();
}

RdbLoader::Status RdbLoader::fail(std::string why) {
    error_ = std::move(why);
    return Status::Failed;
}

bool RdbLoader::read_header() {
    char magic[9];
    state_->in.read_exact(magic, sizeof(magic));
    if (state_->in.failed() || std::memcmp(magic, "REDIS", 5) != 0) {
        error_ = "Wrong signature trying to load DB from file";
        return false;
    }
    version_ = 0;
    for (int i = 5; i < 9; i++) {
        if (magic[i] < '0' || magic[i] > '9') {
            error_ = "Wrong signature trying to load DB from file";
            return false;
        }
        version_ = version_ * 10 + (magic[i] - '0');
    }
    if (version_ < 1 || version_ > rdb::kVersion) {
        error_ = "Can't handle RDB format version " + std::to_string(version_);
        return false;
    }
    header_done_ = true;
    return true;
}

RdbLoader::Status RdbLoader::step(size_t max_keys) {
    RdbReader& in = state_->in;
    if (!header_done_ && !read_header()) return Status::Failed;
    const std::string short_read =
        "Short read or OOM loading DB. Unrecoverable error, aborting now.";
    KeyMeta meta;
    // loading-process-events-interval-bytes: the slice also ends after that many bytes.
    const uint64_t slice_start = in.bytes_read();
    for (size_t done = 0; done < max_keys;) {
        uint8_t type = in.u8();
        if (in.failed()) return fail(short_read);
        switch (type) {
            case rdb::kOpExpireTime:  // rdbLoadTime: a signed 32-bit count of seconds
                meta.expire_ms = int64_t{static_cast<int32_t>(in.u32_le())} * 1000;
                continue;
            case rdb::kOpExpireTimeMs:
                meta.expire_ms = static_cast<int64_t>(in.u64_le());
                continue;
            case rdb::kOpFreq:
                meta.freq = in.u8();
                continue;
            case rdb::kOpIdle:
                meta.idle_s = static_cast<int64_t>(in.length());
                continue;
            case rdb::kOpSelectDb: {
                uint64_t id = in.length();
                if (in.failed()) return fail(short_read);
                if (id >= static_cast<uint64_t>(target_.db_count())) {
                    return fail(
                        "FATAL: Data file was created with a Redis server configured to "
                        "handle more than " +
                        std::to_string(target_.db_count()) + " databases. Exiting\n");
                }
                db_ = static_cast<int>(id);
                continue;
            }
            case rdb::kOpResizeDb: {
                uint64_t keys = in.length();
                uint64_t expires = in.length();
                if (in.failed()) return fail(short_read);
                target_.resize_db(db_, keys, expires);
                continue;
            }
            case rdb::kOpAux: {
                std::string key = in.string();
                std::string value = in.string();
                if (in.failed()) return fail(short_read);
                target_.aux(key, value);
                continue;
            }
            case rdb::kOpModuleAux:
                return fail(
                    "The RDB file contains AUX module data I can't load: no matching module");
            case rdb::kOpFunction:
                return fail("Pre-release function format not supported.");
            case rdb::kOpFunction2: {
                std::string code = in.string();
                if (in.failed()) return fail(short_read);
                std::string err;
                if (!target_.function(std::move(code), err)) {
                    function_error_ = "Failed loading library, " + err;
                    return fail(short_read);
                }
                continue;
            }
            case rdb::kOpEof: {
                if (version_ >= 5) {
                    const uint64_t expected = in.checksum();
                    const uint64_t got = in.u64_le();
                    if (in.failed()) return fail(short_read);
                    if (cfg_.rdbchecksum && !skip_checksum_validation() && got != 0 &&
                        got != expected) {
                        char buf[128];
                        std::snprintf(buf, sizeof(buf),
                                      "Wrong RDB checksum expected: (%" PRIx64 ") got: (%" PRIx64
                                      "). Aborting now.",
                                      got, expected);
                        return fail(buf);
                    }
                }
                if (!target_.flush()) return fail("Duplicated key found in RDB file");
                return Status::Done;
            }
            default:
                break;
        }
        if (!is_value_type(type)) {
            return fail(
                "Internal error in RDB reading offset 0, function at rdb.c:0 -> Unknown RDB "
                "encoding type " +
                std::to_string(type));
        }
        std::string key = in.string();
        if (in.failed()) return fail(short_read);
        db::Object value;
        std::string why;
        ValueLoad r = read_value(in, type, cfg_, value, why);
        if (r == ValueLoad::Corrupt) {
            if (in.failed()) return fail(short_read);
            return fail("Internal error in RDB reading offset " + std::to_string(in.bytes_read()) +
                        ", function at rdb.c:0 -> " + why);
        }
        if (r == ValueLoad::Ok) {
            if (!target_.add_key(db_, std::move(key), std::move(value), meta)) {
                return fail("Duplicated key found in RDB file");
            }
            keys_loaded_++;
        }
        meta = KeyMeta{};
        done++;
        if (cfg_.key_load_delay != 0) util::debug_delay(cfg_.key_load_delay);
        if (in.bytes_read() - slice_start >=
            static_cast<uint64_t>(cfg_.loading_process_events_interval_bytes)) {
            break;
        }
    }
    if (!target_.flush()) return fail("Duplicated key found in RDB file");
    return Status::More;
}

}  // namespace cairn::persist
