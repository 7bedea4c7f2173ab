// All connected clients in connection order (CLIENT LIST order) with O(1) unlink, and an id
// index (CLIENT KILL ID, CLIENT LIST ID, CLIENT UNBLOCK). The order is an intrusive list
// threaded through the clients themselves; the index owns them. A client unlinked here lives
// on until its last pending I/O callback has run (those hold shared ownership too).
//
// For the cron, clients are also on one of two lists, so that a tick never costs work in
// proportion to the clients that do nothing (Redis's clientsCron visits numclients/hz):
//   active: clients that did something recently or hold buffers; the cron walks them;
//   quiet:  clients the cron found with nothing to do (no buffers, no pending output, the
//           reply buffer at its minimum), ordered by last interaction, so the idle timeout
//           only looks at the head.
// A client that reads, writes or gets output is touched back onto the active list. Quiet
// clients exempt from the timeout (subscribed, blocked, MONITOR) are on neither list.
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

    size_t active_count() const { return active_.size; }
    size_t quiet_count() const { return quiet_.size; }

    // The client did something (read, wrote, got output): the cron looks at it again.
    void touch(Client& c) {
        if (c.cron_list_ == kActive || (c.registry_prev_ == nullptr && head_ != &c)) return;
        unlink_cron(c);
        link_back(active_, c);
    }

    enum class Verdict {
        Stay,    // keep visiting it
        Quiet,   // nothing to do until it is touched; still subject to the idle timeout
        Parked,  // nothing to do until it is touched, and exempt from the idle timeout
    };
    // The cron's incremental walk of the active list: calls fn on up to n clients, resuming
    // where the last call stopped and wrapping around, and moves each as fn's Verdict says.
    // fn may free the client it is given.
    template <class Fn>
    void for_some_active(size_t n, Fn&& fn) {
        n = std::min(n, active_.size);
        for (size_t i = 0; i < n && active_.head; i++) {
            if (cursor_ == nullptr) cursor_ = active_.head;
            Client* c = cursor_;
            cursor_ = c->cron_next_;
            std::shared_ptr<Client> keep = by_id_.at(c->id());  // alive even if fn unlinks it
            Verdict v = fn(*c);
            if (c->cron_list_ != kActive || v == Verdict::Stay) continue;  // freed, or stays
            unlink_cron(*c);
            if (v == Verdict::Quiet) insert_quiet(*c);
        }
    }

    // Calls fn on each quiet client whose last interaction is before cutoff_ms, oldest first;
    // fn frees it, or it is parked (off both lists) if fn does not.
    template <class Fn>
    void for_quiet_before(int64_t cutoff_ms, Fn&& fn) {
        while (quiet_.head && quiet_.head->last_interaction_ms < cutoff_ms) {
            Client* c = quiet_.head;
            std::shared_ptr<Client> keep = by_id_.at(c->id());
            fn(*c);
            if (quiet_.head == c) unlink_cron(*c);
        }
    }

private:
    static constexpr uint8_t kNone = 0, kActive = 1, kQuiet = 2;
    struct CronList {
        Client* head = nullptr;
        Client* tail = nullptr;
        size_t size = 0;
    };
    void link_back(CronList& l, Client& c);
    void unlink_cron(Client& c);
    // Into the quiet list by last interaction (the newest are the usual case: from the tail).
    void insert_quiet(Client& c);

    std::unordered_map<uint64_t, std::shared_ptr<Client>> by_id_;
    Client* head_ = nullptr;
    Client* tail_ = nullptr;
    CronList active_;
    CronList quiet_;
    Client* cursor_ = nullptr;  // the next active client for_some_active visits
};

}  // namespace cairn
