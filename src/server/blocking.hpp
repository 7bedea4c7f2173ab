// Clients blocked on keys (BLPOP, BLMOVE, ...). A blocked client's command is kept and run
// again when one of its keys is written; clients blocked on a key are served in the order
// they blocked. Timeouts, CLIENT UNBLOCK and disconnects end a block.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "clients/block_state.hpp"

namespace cairn {

class Client;
class Command;
class Server;

class Blocking {
public:
    explicit Blocking(Server& server) : server_(server) {}

    // Blocks c on keys of database db until deadline_ms (0 = forever); argv is copied so the
    // command can run again. The command replies nothing now. Without keys (WAIT) only the
    // deadline or CLIENT UNBLOCK ends the block.
    void block(Client& c, const Command& cmd, const std::vector<std::string_view>& argv, int db,
               const std::vector<std::string_view>& keys, int64_t deadline_ms,
               TimeoutReply on_timeout = TimeoutReply::NullArray);
    // Forgets c's block (it was served, timed out, unblocked, or disconnected).
    void unblock(Client& c);

    // A write touched key: clients blocked on it are tried after the current command.
    void key_touched(int db, std::string_view key);
    // Whether an XREADGROUP client waits on key (woken when the key goes away).
    bool has_group_readers(int db, std::string_view key) const;
    // SWAPDB: every key waited on in db may be ready now.
    void db_touched(int db);
    // Runs the blocked commands of clients waiting on touched keys, in blocking order, until
    // nothing more is ready (serving one client may make another key ready, as BLMOVE does).
    void serve_ready();
    // Times out the clients whose deadline passed: they get a null reply.
    void expire(int64_t now_ms);
    // CLIENT UNBLOCK id [TIMEOUT|ERROR]: true if the client was blocked.
    bool unblock_by_request(Client& c, bool with_error);

    size_t blocked_count() const { return blocked_; }
    size_t with_timeout_count() const { return deadlines_.size(); }
    int64_t next_deadline() const { return deadlines_.empty() ? 0 : deadlines_.begin()->first; }

private:
    using Key = BlockState::Key;
    static void reply_timeout(Client& c, TimeoutReply how);
    void rerun(Client& c, const BlockState& st, const Key& ready);
    void finish(Client& c);  // reply sent: wake the client's writer

    Server& server_;
    size_t blocked_ = 0;                           // clients with a BlockState (Client::blocked())
    std::map<Key, std::deque<uint64_t>> waiting_;  // key -> client ids in blocking order
    std::multimap<int64_t, uint64_t> deadlines_;   // deadline -> client id
    std::vector<Key> ready_;
    std::set<Key> ready_set_;
    bool serving_ = false;
};

}  // namespace cairn
