#include "clients/pubsub_state.hpp"

#include <iterator>

#include "clients/client.hpp"

namespace cairn {

bool OrderedNames::insert(std::string_view name) {
    if (contains(name)) return false;
    order_.emplace_back(name);
    auto it = std::prev(order_.end());
    index_.emplace(std::string_view(*it), it);
    return true;
}

bool OrderedNames::erase(std::string_view name) {
    auto found = index_.find(name);
    if (found == index_.end()) return false;
    auto it = found->second;
    index_.erase(found);
    order_.erase(it);
    return true;
}

size_t subscription_count(const Client& c, PubSubKind kind) {
    return c.pubsub() ? c.pubsub()->of(kind).size() : 0;
}

}  // namespace cairn
