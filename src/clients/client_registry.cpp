#include "clients/client_registry.hpp"

namespace cairn {

void ClientRegistry::add(std::shared_ptr<Client> c) {
    uint64_t id = c->id();
    order_.push_back(std::move(c));
    by_id_[id] = std::prev(order_.end());
}

bool ClientRegistry::remove(Client& c) {
    auto it = by_id_.find(c.id());
    if (it == by_id_.end()) return false;
    if (cursor_ == it->second) ++cursor_;
    order_.erase(it->second);
    by_id_.erase(it);
    return true;
}

Client* ClientRegistry::find(uint64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second->get();
}

}  // namespace cairn
