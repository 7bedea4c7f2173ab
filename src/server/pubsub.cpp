#include "server/pubsub.hpp"

#include <algorithm>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

void append_bulk(std::string& out, std::string_view s) {
    out += '$';
    util::append_ll(out, static_cast<long long>(s.size()));
    out += "\r\n";
    out += s;
    out += "\r\n";
}

// A message frame without its first byte ('*' in RESP2, '>' in RESP3): "3\r\n$7\r\nmessage..."
std::string encode_body(std::string_view kind, const std::string_view* parts, size_t n) {
    size_t total = 16 + kind.size();
    for (size_t i = 0; i < n; i++) total += parts[i].size() + 24;
    std::string out;
    out.reserve(total);
    util::append_ll(out, static_cast<long long>(n + 1));
    out += "\r\n";
    append_bulk(out, kind);
    for (size_t i = 0; i < n; i++) append_bulk(out, parts[i]);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

PubSub::~PubSub() = default;

bool PubSub::subscribe(Client& c, PubSubKind kind, std::string_view name) {
    bool added = c.pubsub_state().of(kind).insert(name);
    if (added) {
        Registry& reg = registry(kind);
        auto it = reg.find(name);
        if (it == reg.end()) it = reg.emplace(std::string(name), Subscribers()).first;
        it->second.push_back(&c);
    }
    update_flag(c);
    return added;
}

bool PubSub::unsubscribe(Client& c, PubSubKind kind, std::string_view name) {
    PubSubState* st = c.pubsub();
    if (!st || !st->of(kind).contains(name)) return false;
    unlink(c, kind, name);
    st->of(kind).erase(name);  // last: `name` may view the client's own copy
    update_flag(c);
    return true;
}

void PubSub::unlink(Client& c, PubSubKind kind, std::string_view name) {
    Registry& reg = registry(kind);
    auto it = reg.find(name);
    if (it == reg.end()) return;
    Subscribers& subs = it->second;
    auto pos = std::find(subs.begin(), subs.end(), &c);
    if (pos != subs.end()) subs.erase(pos);
    if (subs.empty()) reg.erase(it);
}

void PubSub::update_flag(Client& c) {
    PubSubState* st = c.pubsub();
    if (st && st->kinds[0].empty() && st->kinds[1].empty() && st->kinds[2].empty()) {
        c.clear_pubsub();
        st = nullptr;
    }
    if (st)
        c.flags |= kSubscribed;
    else
        c.flags &= ~static_cast<uint32_t>(kSubscribed);
}

std::vector<std::string> PubSub::subscriptions(const Client& c, PubSubKind kind) const {
    if (!c.pubsub()) return {};
    const auto& names = c.pubsub()->of(kind).names();
    return {names.begin(), names.end()};
}

size_t PubSub::client_count(const Client& c) const {
    return subscription_count(c, PubSubKind::Channel) + subscription_count(c, PubSubKind::Pattern);
}

size_t PubSub::client_shard_count(const Client& c) const {
    return subscription_count(c, PubSubKind::Shard);
}

void PubSub::remove_client(Client& c) {
    if (PubSubState* st = c.pubsub()) {
        for (int k = 0; k < 3; k++) {
            auto kind = static_cast<PubSubKind>(k);
            for (const std::string& name : st->of(kind).names()) unlink(c, kind, name);
        }
        c.clear_pubsub();
    }
    c.flags &= ~static_cast<uint32_t>(kSubscribed);
}

// Redis's addReplyPubsubMessage / addReplyPubsubPatMessage, for one receiver. Like Redis's
// prepareClientToWrite, nothing is written to a client being closed; CLIENT REPLY OFF / SKIP do
// not silence Pub/Sub pushes (Redis 7.0.15's CLIENT_PUSHING).
void PubSub::deliver(Client& c, const std::string& body) {
    if (c.closed || (c.flags & kCloseAsap) || !c.connection()) return;
    resp::OutputBuffer& out = c.output();
    out.append(c.resp_version() >= 3 ? '>' : '*');
    out.append(body);
    server_.check_output_limits(c);
    if (c.waker) c.waker->request_flush();
}

size_t PubSub::publish(std::string_view channel, std::string_view message) {
    size_t receivers = 0;
    const Registry& channels = registry(PubSubKind::Channel);
    if (auto it = channels.find(channel); it != channels.end()) {
        std::string_view parts[] = {channel, message};
        std::string body = encode_body("message", parts, 2);
        // Delivering never changes the registries: a client over its limit is only flagged
        // (kCloseAsap) and freed later by its session.
        for (Client* c : it->second) {
            deliver(*c, body);
            receivers++;
        }
    }
    const Registry& patterns = registry(PubSubKind::Pattern);
    for (const auto& [pattern, subs] : patterns) {
        if (util::glob_match(pattern, channel)) {
            std::string_view parts[] = {pattern, channel, message};
            std::string body = encode_body("pmessage", parts, 3);
            for (Client* c : subs) {
                deliver(*c, body);
                receivers++;
            }
        }
    }
    return receivers;
}

size_t PubSub::publish_shard(std::string_view channel, std::string_view message) {
    const Registry& shard = registry(PubSubKind::Shard);
    auto it = shard.find(channel);
    if (it == shard.end()) return 0;
    std::string_view parts[] = {channel, message};
    std::string body = encode_body("smessage", parts, 2);
    for (Client* c : it->second) deliver(*c, body);
    return it->second.size();
}

size_t PubSub::subscribers(PubSubKind kind, std::string_view name) const {
    const Registry& reg = registry(kind);
    auto it = reg.find(name);
    return it == reg.end() ? 0 : it->second.size();
}

void PubSub::for_each_name(PubSubKind kind,
                           const std::function<void(const std::string&)>& fn) const {
    for (const auto& [name, subs] : registry(kind)) fn(name);
}

}  // namespace cairn
