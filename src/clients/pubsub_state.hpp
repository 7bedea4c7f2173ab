// A client's own Pub/Sub subscriptions (Redis keeps them in struct client): the channels,
// patterns and shard channels it is subscribed to, in subscription order. The registries that
// map names to subscribers live in server/pubsub.hpp.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cairn {

class Client;

enum class PubSubKind { Channel = 0, Pattern = 1, Shard = 2 };

// Names in insertion order with O(1) lookup and removal.
class OrderedNames {
public:
    bool contains(std::string_view name) const { return index_.find(name) != index_.end(); }
    bool insert(std::string_view name);
    bool erase(std::string_view name);
    size_t size() const { return order_.size(); }
    bool empty() const { return order_.empty(); }
    const std::list<std::string>& names() const { return order_; }

private:
    std::list<std::string> order_;
    std::unordered_map<std::string_view, std::list<std::string>::iterator> index_;
};

// One subscribed client's subscriptions, in its Client::Extras while it has any.
struct PubSubState {
    OrderedNames kinds[3];  // indexed by PubSubKind
    OrderedNames& of(PubSubKind k) { return kinds[static_cast<int>(k)]; }
    const OrderedNames& of(PubSubKind k) const { return kinds[static_cast<int>(k)]; }
};

// CLIENT LIST sub= / psub= / ssub=: 0 for a client without subscriptions.
size_t subscription_count(const Client& c, PubSubKind kind);

}  // namespace cairn
