// Where a loaded RDB file's keys go: the server's databases (startup, DEBUG RELOAD, an AOF's
// RDB preamble). Only server/*.cpp include it.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/lfu.hpp"
#include "persist/rdb_file.hpp"
#include "server/log.hpp"
#include "server/script_engine.hpp"
#include "server/server.hpp"

namespace cairn {

// Where an RDB file's keys go: the server's databases.
class DatabasesTarget final : public persist::RdbLoadTarget {
public:
    // merge: a key already there is replaced (DEBUG RELOAD MERGE) instead of an error.
    // aof_preamble: keys past their TTL are kept, to expire as usual (RDBFLAGS_AOF_PREAMBLE).
    DatabasesTarget(Server& s, bool merge, bool aof_preamble = false)
        : s_(s), merge_(merge), aof_preamble_(aof_preamble) {}

    static bool policy_is_lru(const config::Config& cfg) {
        return cfg.maxmemory_policy.find("lru") != std::string::npos;
    }

    int db_count() const override { return s_.db_count(); }
    void resize_db(int dbid, uint64_t keys, uint64_t expires) override {
        // dictExpand as Redis does, within reason for a damaged file.
        constexpr uint64_t kMax = uint64_t{1} << 32;
        s_.db(dbid).reserve(static_cast<size_t>(std::min(keys, kMax)),
                            static_cast<size_t>(std::min(expires, kMax)));
    }
    void aux(std::string_view key, std::string_view value) override {
        const std::string v(value);
        if (key == "redis-ver") {
            log(LogLevel::Notice, "Loading RDB produced by version %s", v.c_str());
        } else if (key == "ctime") {
            long long age = s_.now_ms() / 1000 - std::atoll(v.c_str());
            if (age < 0) age = 0;
            log(LogLevel::Notice, "RDB age %lld seconds", age);
        } else if (key == "used-mem") {
            used_mem = std::strtoull(v.c_str(), nullptr, 10);
            log(LogLevel::Notice, "RDB memory usage when created %.2f Mb",
                static_cast<double>(used_mem) / (1024 * 1024));
        }
    }
    bool function(std::string code, std::string& err) override {
        // Existing libraries of the same name are replaced (RDBFLAGS_ALLOW_DUP of a reload).
        return !s_.scripts().load_library(code, true, err).empty();
    }
    bool add_key(int dbid, std::string key, db::Object value,
                 const persist::KeyMeta& meta) override {
        // A master drops keys that expired while the file sat on disk (rdbLoad).
        if (!aof_preamble_ && meta.expire_ms != -1 && meta.expire_ms < s_.now_ms()) {
            expired++;
            return true;
        }
        if (merge_) {
            db::Database& d = s_.db(dbid);
            d.set(key, std::move(value), s_.now_ms());
            if (meta.expire_ms != -1) d.set_expire(key, meta.expire_ms);
            set_access_data(*d.lookup(key, s_.now_ms(), false), meta);
            return true;
        }
        batch_.push_back(Pending{dbid, std::move(key), std::move(value), meta, 0});
        return batch_.size() < kBatch || flush();
    }

    // Adds the held keys: hashes, then prefetches of their buckets and chains, then inserts.
    bool flush() override {
        for (Pending& p : batch_) {
            p.hash = db::Database::load_hash(p.key);
            s_.db(p.db).prefetch_buckets(p.hash, p.meta.expire_ms != -1);
        }
        for (const Pending& p : batch_) s_.db(p.db).prefetch_chains(p.hash, p.meta.expire_ms != -1);
        bool ok = true;
        for (Pending& p : batch_) {
            db::Database& d = s_.db(p.db);
            db::Object* o = d.add_loaded(std::move(p.key), p.hash, std::move(p.value),
                                         p.meta.expire_ms, s_.now_ms());
            if (!o) {
                log(LogLevel::Warning, "RDB has duplicated key '%s' in DB %d", p.key.c_str(), p.db);
                ok = false;
                break;
            }
            set_access_data(*o, p.meta);
        }
        batch_.clear();
        return ok;
    }

    uint64_t expired = 0;
    uint64_t used_mem = 0;

private:
    static constexpr size_t kBatch = 16;  // keys whose memory accesses overlap
    struct Pending {
        int db;
        std::string key;
        db::Object value;
        persist::KeyMeta meta;
        uint64_t hash;
    };

    void set_access_data(db::Object& o, const persist::KeyMeta& meta) {
        // objectSetLRUOrLFU: the access data the file carries, under the policy using it.
        if (meta.freq >= 0 && db::lfu_policy().enabled) {
            o.lfu_counter = static_cast<uint8_t>(meta.freq);
        } else if (meta.idle_s >= 0 && policy_is_lru(s_.config())) {
            o.access_time = static_cast<uint32_t>(s_.now_ms() / 1000 - meta.idle_s);
        }
    }

    std::vector<Pending> batch_;
    Server& s_;
    bool merge_;
    bool aof_preamble_;
};

}  // namespace cairn
