// Pub/Sub registries (Redis 7.0's pubsub.c): channel -> subscribers, pattern -> subscribers and
// shard channel -> subscribers, each list in subscription order (each client keeps its own
// subscriptions: Client::pubsub(), clients/pubsub_state.hpp). Publishing writes the message into
// each receiver's output buffer in its own protocol (RESP2 array, RESP3 push), checks that
// receiver's output-buffer limit (pubsub class) and asks its session to flush.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "clients/pubsub_state.hpp"

namespace cairn {

class Client;
class Command;
class Server;

class PubSub {
public:
    explicit PubSub(Server& server) : server_(server) {}
    PubSub(const PubSub&) = delete;
    PubSub& operator=(const PubSub&) = delete;
    ~PubSub();

    // Adds / removes one subscription; false when it already existed / did not exist.
    // Both keep the client's P flag (kSubscribed) in step with its total subscription count.
    bool subscribe(Client& c, PubSubKind kind, std::string_view name);
    bool unsubscribe(Client& c, PubSubKind kind, std::string_view name);
    // The client's subscriptions of one kind, in subscription order (a copy: unsubscribing
    // while walking it is fine).
    std::vector<std::string> subscriptions(const Client& c, PubSubKind kind) const;
    // Redis's clientSubscriptionsCount (channels + patterns) and
    // clientShardSubscriptionsCount: the counts subscribe/unsubscribe replies carry.
    size_t client_count(const Client& c) const;
    size_t client_shard_count(const Client& c) const;
    // Drops every subscription of a client without replying (free_client, RESET).
    void remove_client(Client& c);

    // PUBLISH: channel subscribers, then clients whose pattern matches. SPUBLISH: shard
    // channel subscribers. Returns the number of receivers (a client counts once per match).
    size_t publish(std::string_view channel, std::string_view message);
    size_t publish_shard(std::string_view channel, std::string_view message);

    // PUBSUB NUMSUB / SHARDNUMSUB (patterns: subscribers of that exact pattern).
    size_t subscribers(PubSubKind kind, std::string_view name) const;
    // Distinct channels / patterns / shard channels (INFO, PUBSUB NUMPAT).
    size_t size(PubSubKind kind) const { return registry(kind).size(); }
    // PUBSUB CHANNELS / SHARDCHANNELS: every name of the registry.
    void for_each_name(PubSubKind kind, const std::function<void(const std::string&)>& fn) const;

private:
    using Subscribers = std::vector<Client*>;
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Registry = std::unordered_map<std::string, Subscribers, Hash, std::equal_to<>>;

    Registry& registry(PubSubKind k) { return registries_[static_cast<int>(k)]; }
    const Registry& registry(PubSubKind k) const { return registries_[static_cast<int>(k)]; }
    void unlink(Client& c, PubSubKind kind, std::string_view name);
    void update_flag(Client& c);
    // Appends an encoded message (the frame after its '*' / '>' type byte) to a receiver.
    void deliver(Client& c, const std::string& body);

    Server& server_;
    Registry registries_[3];
};

}  // namespace cairn
