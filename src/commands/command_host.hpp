// What the command families need from the engine, as an interface the Server implements
// (dependency inversion: commands/ sits below server/ and never includes its headers).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "clients/block_state.hpp"  // TimeoutReply

namespace cairn {

namespace config {
struct Config;
}
namespace db {
class Database;
}
class Client;
class Command;
class CommandTable;
struct Stats;

class CommandHost {
public:
    // The running configuration (CONFIG SET changes it between commands, never during one).
    virtual const config::Config& config() const = 0;
    // Server-wide counters (keyspace hits/misses, dirty, ...) reported by INFO.
    virtual Stats& stats() = 0;
    virtual const CommandTable& commands() const = 0;

    virtual int db_count() const = 0;
    virtual db::Database& db(int index) = 0;

    // A write changed key in d: bumps the dirty counter and tells watchers (WATCH, tracking,
    // clients blocked on the key).
    virtual void key_modified(db::Database& d, std::string_view key) = 0;
    // Keyspace notification: publishes event for key of database dbid when the class bit type
    // (config::notify::*) is enabled.
    virtual void notify_keyspace_event(int type, std::string_view event, std::string_view key,
                                       int dbid) = 0;

    // Blocks c on keys of database db until deadline_ms (0 = forever); the command runs again
    // when a key is written. Without keys (WAIT) only the deadline or CLIENT UNBLOCK ends it.
    virtual void block_client(Client& c, const Command& cmd,
                              const std::vector<std::string_view>& argv, int db,
                              const std::vector<std::string_view>& keys, int64_t deadline_ms,
                              TimeoutReply on_timeout) = 0;
    // Forgets c's block (a retried command was served).
    virtual void unblock_client(Client& c) = 0;
    // Redis's signalKeyAsReady: clients blocked on key of database db try again after the
    // command, the key itself not counting as modified (XGROUP DESTROY).
    virtual void signal_key_ready(int db, std::string_view key) = 0;

protected:
    ~CommandHost() = default;
};

}  // namespace cairn
