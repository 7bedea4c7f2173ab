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
    link_back(active_, *raw);
    by_id_.emplace(raw->id(), std::move(c));
}

bool ClientRegistry::remove(Client& c) {
    auto it = by_id_.find(c.id());
    if (it == by_id_.end()) return false;
    unlink_cron(c);
    (c.registry_prev_ ? c.registry_prev_->registry_next_ : head_) = c.registry_next_;
    (c.registry_next_ ? c.registry_next_->registry_prev_ : tail_) = c.registry_prev_;
    c.registry_prev_ = c.registry_next_ = nullptr;
    by_id_.erase(it);  // may drop the last reference: c is not used after this
    return true;
}

void ClientRegistry::link_back(CronList& l, Client& c) {
    c.cron_list_ = &l == &active_ ? kActive : kQuiet;
    c.cron_prev_ = l.tail;
    c.cron_next_ = nullptr;
    (l.tail ? l.tail->cron_next_ : l.head) = &c;
    l.tail = &c;
    l.size++;
}

void ClientRegistry::unlink_cron(Client& c) {
    if (c.cron_list_ == kNone) return;
    CronList& l = c.cron_list_ == kActive ? active_ : quiet_;
    if (cursor_ == &c) cursor_ = c.cron_next_;
    (c.cron_prev_ ? c.cron_prev_->cron_next_ : l.head) = c.cron_next_;
    (c.cron_next_ ? c.cron_next_->cron_prev_ : l.tail) = c.cron_prev_;
    c.cron_prev_ = c.cron_next_ = nullptr;
    c.cron_list_ = kNone;
    l.size--;
}

void ClientRegistry::insert_quiet(Client& c) {
    Client* after = quiet_.tail;
    while (after && after->last_interaction_ms > c.last_interaction_ms) after = after->cron_prev_;
    c.cron_list_ = kQuiet;
    c.cron_prev_ = after;
    c.cron_next_ = after ? after->cron_next_ : quiet_.head;
    (c.cron_next_ ? c.cron_next_->cron_prev_ : quiet_.tail) = &c;
    (after ? after->cron_next_ : quiet_.head) = &c;
    quiet_.size++;
}

Client* ClientRegistry::find(uint64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second.get();
}

}  // namespace cairn
