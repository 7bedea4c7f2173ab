// Per-connection client state. The socket side (net::Connection) is held separately so that
// command code never touches I/O, and pseudo-clients (no connection) can run commands too.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "clients/block_state.hpp"
#include "clients/query_buffer.hpp"
#include "resp/output_buffer.hpp"
#include "resp/reply.hpp"
#include "resp/request_parser.hpp"

namespace cairn {

namespace net {
class Connection;
}
class Command;
struct PubSubState;  // clients/pubsub_state.hpp

// Pub/Sub: asks the owner of a client's connection (ClientSession) to write pending output
// soon, after another client's PUBLISH appended a message to it.
class OutputWaker {
public:
    virtual void request_flush() = 0;
    // Blocking: the client was unblocked; run its pending input, then write.
    virtual void request_resume() = 0;
    // The cron: the client has been idle with empty buffers; a read in place into its query
    // buffer gives the buffer back (the read mode is the session's, server/client_session.hpp).
    virtual void release_idle_read_buffer() = 0;

protected:
    ~OutputWaker() = default;
};

// Client flags (CLIENT LIST letters in comments). Flags of later features (pub/sub,
// transactions, blocking, tracking) join this list as those features land.
enum ClientFlag : uint32_t {
    kCloseAfterReply = 1u << 0,       // c
    kCloseAsap = 1u << 1,             // A
    kPseudo = 1u << 2,                // no connection (fd -1)
    kUnixSocket = 1u << 3,            // U
    kReplyOff = 1u << 4,              // CLIENT REPLY OFF
    kReplySkip = 1u << 5,             // CLIENT REPLY SKIP: the current command has no reply
    kReplySkipNext = 1u << 6,         // CLIENT REPLY SKIP: the next command has no reply
    kNoEvict = 1u << 7,               // e
    kNoTouch = 1u << 8,               // T
    kPostponed = 1u << 9,             // waiting for CLIENT PAUSE to end
    kSubscribed = 1u << 10,           // P: has Pub/Sub subscriptions (server/pubsub.hpp)
    kBlocked = 1u << 11,              // b: waiting in a blocking command (server/blocking.hpp)
    kMulti = 1u << 12,                // x: in MULTI, commands are queued
    kDirtyCas = 1u << 13,             // d: a WATCHed key was touched; EXEC will fail
    kDirtyExec = 1u << 14,            // a command was rejected while queuing; EXEC aborts
    kDenyBlocking = 1u << 15,         // inside EXEC: blocking commands act non-blocking
    kMonitor = 1u << 16,              // O: receives every command (MONITOR)
    kTracking = 1u << 17,             // t: client-side caching on (server/tracking.hpp)
    kTrackingBrokenRedir = 1u << 18,  // R: the REDIRECT client is gone
    kTrackingBcast = 1u << 19,        // B: broadcasting mode
    kTrackingOptin = 1u << 20,        // track keys only after CLIENT CACHING YES
    kTrackingOptout = 1u << 21,       // track keys unless CLIENT CACHING NO
    kTrackingCaching = 1u << 22,      // CLIENT CACHING YES/NO given for the next command
    kTrackingNoloop = 1u << 23,       // no invalidations for the client's own writes
    kScript = 1u << 24,               // the pseudo-client of Lua scripts (redis.call)
    kMustObey = 1u << 25,             // the AOF loader: commands are applied as written
};

// MULTI / WATCH state, allocated only for clients that use transactions.
struct QueuedCommand {
    const Command* cmd;
    std::vector<std::string> argv;
};
struct WatchedKey {
    int db;
    std::string key;
    bool expired;  // already logically expired when WATCHed (Redis's watchedKey.expired)
};
struct TxState {
    std::vector<QueuedCommand> queue;
    size_t argv_len_sums = 0;  // Redis's mstate.argv_len_sums, for multi-mem
    uint32_t cmd_flags = 0;    // union of the queued commands' flags
    size_t running = 0;        // commands EXEC took off the queue and is running
    std::vector<WatchedKey> watched;
    size_t queued_count() const { return queue.size() + running; }
};

// CLIENT TRACKING options, allocated only for tracking clients.
struct TrackingState {
    uint64_t redirect = 0;           // client id receiving invalidations, 0 = this client
    std::set<std::string> prefixes;  // BCAST prefixes ("" = every key), sorted as Redis lists them
};

class Client {
public:
    Client(uint64_t id, std::unique_ptr<net::Connection> conn, int64_t now_ms);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    uint64_t id() const { return id_; }
    net::Connection* connection() { return conn_.get(); }
    const net::Connection* connection() const { return conn_.get(); }

    // Protocol state
    int resp_version() const { return reply_.protocol(); }
    void set_resp_version(int v) { reply_.set_protocol(v); }
    resp::Reply& reply() { return reply_; }
    resp::OutputBuffer& output() { return out_; }
    QueryBuffer& query() { return query_; }
    resp::RequestParser& parser() { return parser_; }
    std::vector<std::string_view>& argv() { return argv_; }

    // Redis's client fd: the socket's native handle, or -1 for a pseudo-client.
    long long fd() const;

    uint32_t flags = 0;
    int db_index = 0;
    // The authenticated user. Only "default" exists until ACLs do: a view of a literal, so
    // it costs no memory per client.
    std::string_view user = "default";
    // CLIENT SETNAME / SETINFO values: rarely set, so kept outside the client until they
    // are (an idle client's size matters: thousands of them are held at once).
    const std::string& name() const;
    const std::string& lib_name() const;
    const std::string& lib_ver() const;
    void set_name(std::string_view v);  // "" clears it
    void set_lib_name(std::string_view v);
    void set_lib_ver(std::string_view v);
    size_t extras_memory() const;
    // Transaction and tracking state: null until the client uses them.
    TxState* tx() const { return extras_ ? extras_->tx.get() : nullptr; }
    TxState& tx_state();
    void clear_tx();
    TrackingState* tracking() const { return extras_ ? extras_->tracking.get() : nullptr; }
    TrackingState& tracking_state();
    void clear_tracking();
    // Pub/Sub subscriptions (clients/pubsub_state.hpp): null while the client has none. The
    // name -> subscribers side is the server's (server/pubsub.hpp).
    PubSubState* pubsub() const { return extras_ ? extras_->pubsub.get() : nullptr; }
    PubSubState& pubsub_state();
    void clear_pubsub();
    // Blocking (BLPOP, WAIT, ...): null unless the client is blocked (server/blocking.hpp).
    BlockState* blocked() const { return extras_ ? extras_->block.get() : nullptr; }
    BlockState& block_state();
    void clear_block();
    int64_t created_ms = 0;
    int64_t last_interaction_ms = 0;
    // CLIENT LIST cmd=: the full name ("config|get") of the last command looked up, pointing
    // into the command table (which outlives every client); null before the first one.
    const std::string* last_command_name = nullptr;
    // Unix second at which the output buffer was first seen over its soft limit (0 = not).
    int64_t obuf_soft_limit_since_s = 0;

    // Pub/Sub: the session to wake when a message is appended (null for pseudo-clients).
    OutputWaker* waker = nullptr;

    bool authenticated = true;
    // Set once the client was freed (unlinked, connection closed); late callbacks ignore it.
    bool closed = false;

private:
    friend class ClientRegistry;  // threads its connection-order list through clients
    Client* registry_prev_ = nullptr;
    Client* registry_next_ = nullptr;
    // The cron's lists (see ClientRegistry): active, quiet, or neither.
    Client* cron_prev_ = nullptr;
    Client* cron_next_ = nullptr;
    uint8_t cron_list_ = 0;

    struct Extras {
        std::string name;
        std::string lib_name;
        std::string lib_ver;
        std::unique_ptr<TxState> tx;
        std::unique_ptr<TrackingState> tracking;
        std::unique_ptr<PubSubState> pubsub;
        std::unique_ptr<BlockState> block;
    };
    Extras& extras();
    std::unique_ptr<Extras> extras_;
    uint64_t id_;
    std::unique_ptr<net::Connection> conn_;
    resp::OutputBuffer out_;
    resp::Reply reply_{out_, 2};
    QueryBuffer query_;
    resp::RequestParser parser_;
    std::vector<std::string_view> argv_;
};

}  // namespace cairn
