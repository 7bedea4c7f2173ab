#include "clients/client_registry.hpp"

namespace cairn {

void ClientRegistry::add(std::shared_ptr<Client> c) {
    Client* raw = c.get();
    raw->registry_prev_ = tail_;
    raw->registry_next_ = nullptr;
    if (tail_) {
        tail_->registry_next_ = raw;
    } else {
        head_ = raw;
    }
    tail_ = raw;
    by_id_.emplace(raw->id(), std::move(c));
}

bool ClientRegistry::remove(Client& c) {
    auto it = by_id_.find(c.id());
    if (it == by_id_.end()) return false;
    if (cursor_ == &c) cursor_ = c.registry_next_;
    (c.registry_prev_ ? c.registry_prev_->registry_next_ : head_) = c.registry_next_;
    (c.registry_next_ ? c.registry_next_->registry_prev_ : tail_) = c.registry_prev_;
    c.registry_prev_ = c.registry_next_ = nullptr;
    by_id_.erase(it);  // may drop the last reference: c is not used after this
    return true;
}

Client* ClientRegistry::find(uint64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second.get();
}

}  // namespace cairn
