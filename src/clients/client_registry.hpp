// All connected clients in connection order (CLIENT LIST order) with O(1) unlink, and an id
// index (CLIENT KILL ID, CLIENT LIST ID, CLIENT UNBLOCK). The order is an intrusive list
// threaded through the clients themselves; the index owns them. A client unlinked here lives
// on until its last pending I/O callback has run (those hold shared ownership too).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "clients/client.hpp"

namespace cairn {

class ClientRegistry {
public:
    void add(std::shared_ptr<Client> c);
    // Removes the client; returns false if it was not registered.
    bool remove(Client& c);
    Client* find(uint64_t id) const;
    size_t size() const { return by_id_.size(); }

    // fn must not add or remove clients.
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (Client* c = head_; c != nullptr; c = c->registry_next_) fn(*c);
    }

    // The cron's incremental walk: calls fn on up to n clients, resuming where the last call
    // stopped and wrapping around, so each tick costs O(n) rather than O(all clients).
    // fn may free the client it is given.
    template <class Fn>
    void for_some(size_t n, Fn&& fn) {
        n = std::min(n, by_id_.size());
        for (size_t i = 0; i < n; i++) {
            if (cursor_ == nullptr) cursor_ = head_;
            Client* c = cursor_;
            cursor_ = c->registry_next_;
            std::shared_ptr<Client> keep = by_id_.at(c->id());  // alive even if fn unlinks it
            fn(*c);
        }
    }

private:
    std::unordered_map<uint64_t, std::shared_ptr<Client>> by_id_;
    Client* head_ = nullptr;
    Client* tail_ = nullptr;
    Client* cursor_ = nullptr;  // the next client for_some visits
};

}  // namespace cairn
