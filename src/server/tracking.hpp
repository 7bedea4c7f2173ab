// Client-side caching (CLIENT TRACKING), as Redis 7.0's tracking.c: the keys each tracking
// client has read (default mode), the prefixes of broadcasting clients (BCAST), and the
// invalidation messages a write, an expiry or a flush sends them — RESP3 push frames, or
// Pub/Sub messages on __redis__:invalidate to a RESP2 REDIRECT client.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cairn {

class Client;
class Command;
class Server;

class Tracking {
public:
    explicit Tracking(Server& server) : server_(server) {}

    // CLIENT TRACKING ON (options are the client flags kTracking*). The caller has checked
    // the options; prefixes only with BCAST.
    void enable(Client& c, uint64_t redirect, uint32_t options,
                const std::vector<std::string>& prefixes);
    void disable(Client& c);
    // "" when the prefixes overlap neither each other nor the client's, else Redis's error.
    std::string check_prefix_collisions(const Client& c,
                                        const std::vector<std::string>& prefixes) const;

    // After a read-only command of a tracking client: remember the keys it read.
    void remember_keys(Client& c, const Command& cmd, const std::vector<std::string_view>& argv);
    // A key changed (write or expiry); writer is the client that changed it (null: the
    // server). bcast: also queue it for the broadcasting clients of matching prefixes.
    void invalidate_key(Client* writer, std::string_view key, bool bcast = true);
    // FLUSHDB / FLUSHALL: every tracking client is told to drop its whole cache.
    void invalidate_all();
    // Sends what was held back for the client whose command is running (after its reply).
    void send_pending(Client& c);
    // BCAST: sends the keys changed since the last call to every client of each prefix
    // (Redis does this before the event loop sleeps).
    void broadcast();
    // tracking-table-max-keys: drops (and invalidates) keys while the table is over it.
    void enforce_limit(size_t max_keys);

    size_t client_count() const { return clients_; }
    size_t total_keys() const { return table_.size(); }
    size_t total_items() const { return items_; }
    size_t total_prefixes() const { return prefixes_.size(); }
    bool has_broadcast_pending() const { return broadcast_pending_; }

private:
    struct Prefix {
        std::set<Client*> clients;
        std::map<std::string, Client*> changed;  // key -> client that changed it last
    };
    // `payload` is the message body after the "invalidate" word: an array of keys, or a null.
    void send(Client& c, const std::string& payload);
    void deliver(Client& c, const std::string& msg);  // appended after c's pending output

    Server& server_;
    std::unordered_map<std::string, std::unordered_set<uint64_t>> table_;  // key -> client ids
    size_t items_ = 0;
    std::map<std::string, Prefix> prefixes_;
    size_t clients_ = 0;
    bool broadcast_pending_ = false;
    // Messages for the running client, sent after its reply: a key, or nullopt for a flush.
    std::vector<std::optional<std::string>> pending_;
    unsigned limit_rounds_ = 0;  // Redis's timeout_counter: effort grows while over the limit
};

}  // namespace cairn
