// All connected clients in connection order (CLIENT LIST order) with O(1) unlink and an id
// index (CLIENT KILL ID, CLIENT LIST ID). Holds shared ownership: a client unlinked here
// lives on until its last pending I/O callback has run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <list>
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
    size_t size() const { return order_.size(); }

    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const auto& c : order_) fn(*c);
    }

    // The cron's incremental walk: calls fn on up to n clients, resuming where the last call
    // stopped and wrapping around, so each tick costs O(n) rather than O(all clients).
    // fn may free the client it is given.
    template <class Fn>
    void for_some(size_t n, Fn&& fn) {
        n = std::min(n, order_.size());
        for (size_t i = 0; i < n; i++) {
            if (cursor_ == order_.end()) cursor_ = order_.begin();
            std::shared_ptr<Client> c = *cursor_++;  // keeps it alive if fn unlinks it
            fn(*c);
        }
    }

private:
    std::list<std::shared_ptr<Client>> order_;
    std::list<std::shared_ptr<Client>>::iterator cursor_ = order_.end();
    std::unordered_map<uint64_t, std::list<std::shared_ptr<Client>>::iterator> by_id_;
};

}  // namespace cairn
