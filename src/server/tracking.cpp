#include "server/tracking.hpp"

#include <random>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/key_specs.hpp"
#include "server/server.hpp"

namespace cairn {

namespace {

// These build by appending: GCC 12 warns (-Wrestrict, a false positive) on "$" + std::string&&.
std::string array_header(size_t n) {
    std::string out = "*";
    out += std::to_string(n);
    out += "\r\n";
    return out;
}

std::string bulk(std::string_view s) {
    std::string out = "$";
    out += std::to_string(s.size());
    out += "\r\n";
    out.append(s);
    out += "\r\n";
    return out;
}

std::string one_key_payload(std::string_view key) {
    return "*1\r\n" + bulk(key);
}

// A flush: the tracking client's own protocol decides the null's form (Redis: shared.null).
std::string flush_payload(const Client& c) {
    return c.resp_version() >= 3 ? "_\r\n" : "$-1\r\n";
}

bool overlaps(std::string_view a, std::string_view b) {
    size_t n = std::min(a.size(), b.size());
    return a.substr(0, n) == b.substr(0, n);
}

}  // namespace

void Tracking::enable(Client& c, uint64_t redirect, uint32_t options,
                      const std::vector<std::string>& prefixes) {
    if (!(c.flags & kTracking)) clients_++;
    c.flags |= kTracking;
    c.flags &= ~static_cast<uint32_t>(kTrackingBrokenRedir | kTrackingBcast | kTrackingOptin |
                                      kTrackingOptout | kTrackingNoloop);
    TrackingState& st = c.tracking_state();
    st.redirect = redirect;
    if (options & kTrackingBcast) {
        c.flags |= kTrackingBcast;
        std::vector<std::string> wanted = prefixes;
        if (wanted.empty()) wanted.emplace_back();  // every key
        for (const std::string& p : wanted) {
            if (!st.prefixes.insert(p).second) continue;
            prefixes_[p].clients.insert(&c);
        }
    }
    c.flags |= options & (kTrackingOptin | kTrackingOptout | kTrackingNoloop);
}

void Tracking::disable(Client& c) {
    if (TrackingState* st = c.tracking()) {
        for (const std::string& p : st->prefixes) {
            auto it = prefixes_.find(p);
            if (it == prefixes_.end()) continue;
            it->second.clients.erase(&c);
            if (it->second.clients.empty()) prefixes_.erase(it);
        }
        c.clear_tracking();
    }
    if (c.flags & kTracking) {
        clients_--;
        c.flags &= ~static_cast<uint32_t>(kTracking | kTrackingBrokenRedir | kTrackingBcast |
                                          kTrackingOptin | kTrackingOptout | kTrackingCaching |
                                          kTrackingNoloop);
    }
    // Keys it read stay in the table until they change: lookups skip clients that stopped.
}

std::string Tracking::check_prefix_collisions(const Client& c,
                                              const std::vector<std::string>& prefixes) const {
    for (size_t i = 0; i < prefixes.size(); i++) {
        if (const TrackingState* st = c.tracking()) {
            for (const std::string& existing : st->prefixes) {
                if (overlaps(existing, prefixes[i])) {
                    return "ERR Prefix '" + prefixes[i] + "' overlaps with an existing prefix '" +
                           existing + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        for (size_t j = i + 1; j < prefixes.size(); j++) {
            if (overlaps(prefixes[i], prefixes[j])) {
                return "ERR Prefix '" + prefixes[i] + "' overlaps with another provided prefix '" +
                       prefixes[j] + "'. Prefixes for a single client must not overlap.";
            }
        }
    }
    return "";
}

void Tracking::remember_keys(Client& c, const Command& cmd,
                             const std::vector<std::string_view>& argv) {
    bool optin = c.flags & kTrackingOptin;
    bool optout = c.flags & kTrackingOptout;
    bool caching = c.flags & kTrackingCaching;
    if ((optin && !caching) || (optout && caching)) return;
    if (cmd.spec().flags & kPubSub) return;  // shard channels look like keys, but are not
    std::vector<KeySpec> specs = command_key_specs(cmd);
    std::vector<KeyRef> keys;
    if (!command_get_keys(cmd, specs, argv, keys)) return;
    for (const KeyRef& k : keys) {
        if (table_[std::string(argv[k.pos])].insert(c.id()).second) items_++;
    }
}

void Tracking::invalidate_key(Client* writer, std::string_view key, bool bcast) {
    if (bcast && !prefixes_.empty()) {
        for (auto& [prefix, state] : prefixes_) {
            if (key.substr(0, prefix.size()) != prefix) continue;
            state.changed[std::string(key)] = writer;
            if (!broadcast_pending_) {
                broadcast_pending_ = true;
                server_.schedule_tracking_broadcast();
            }
        }
    }
    if (table_.empty()) return;
    auto it = table_.find(std::string(key));
    if (it == table_.end()) return;
    std::unordered_set<uint64_t> ids = std::move(it->second);
    table_.erase(it);
    items_ -= ids.size();
    Client* current = server_.current_client();
    for (uint64_t id : ids) {
        Client* t = server_.clients().find(id);
        // A client that switched to BCAST meanwhile does not get its old default-mode keys.
        if (!t || !(t->flags & kTracking) || (t->flags & kTrackingBcast)) continue;
        if ((t->flags & kTrackingNoloop) && t == current) continue;
        if (t == current) {
            // Its reply is being written: the message follows the reply.
            pending_.emplace_back(std::string(key));
            continue;
        }
        send(*t, one_key_payload(key));
    }
}

void Tracking::invalidate_all() {
    if (clients_ > 0) {
        Client* current = server_.current_client();
        server_.clients().for_each([&](Client& t) {
            if (!(t.flags & kTracking)) return;
            if (&t == current) {
                pending_.emplace_back(std::nullopt);
            } else {
                send(t, flush_payload(t));
            }
        });
    }
    table_.clear();
    items_ = 0;
}

void Tracking::send_pending(Client& c) {
    if (pending_.empty()) return;
    std::vector<std::optional<std::string>> pending;
    pending.swap(pending_);
    if (c.closed) return;
    for (const auto& key : pending) send(c, key ? one_key_payload(*key) : flush_payload(c));
}

void Tracking::broadcast() {
    broadcast_pending_ = false;
    for (auto& [prefix, state] : prefixes_) {
        if (state.changed.empty()) continue;
        std::string all = array_header(state.changed.size());
        for (const auto& [key, writer] : state.changed) all += bulk(key);
        std::vector<Client*> receivers(state.clients.begin(), state.clients.end());
        for (Client* c : receivers) {
            if (!(c->flags & kTrackingNoloop)) {
                send(*c, all);
                continue;
            }
            // NOLOOP: leave out the keys this client changed itself.
            std::string keys;
            size_t n = 0;
            for (const auto& [key, writer] : state.changed) {
                if (writer == c) continue;
                keys += bulk(key);
                n++;
            }
            if (n > 0) send(*c, array_header(n) + keys);
        }
        state.changed.clear();
    }
}

void Tracking::enforce_limit(size_t max_keys) {
    if (max_keys == 0 || table_.size() <= max_keys) {
        limit_rounds_ = 0;
        return;
    }
    // Redis evicts random keys, trying harder each time it finds the table still too big.
    static std::mt19937_64 rng{std::random_device{}()};
    int effort = 100 * static_cast<int>(limit_rounds_ + 1);
    while (effort-- > 0 && !table_.empty()) {
        std::uniform_int_distribution<size_t> pick(0, table_.bucket_count() - 1);
        size_t b = pick(rng);
        while (table_.bucket_size(b) == 0) b = (b + 1) % table_.bucket_count();
        std::string key = table_.begin(b)->first;
        invalidate_key(nullptr, key, false);
        if (table_.size() <= max_keys) {
            limit_rounds_ = 0;
            return;
        }
    }
    limit_rounds_++;
}

void Tracking::send(Client& c, const std::string& payload) {
    Client* target = &c;
    bool redirected = false;
    const TrackingState* st = c.tracking();
    if (st && st->redirect != 0) {
        Client* r = server_.clients().find(st->redirect);
        if (!r || r->closed) {
            // The REDIRECT client is gone: say so to a RESP3 client, and flag it (R).
            c.flags |= kTrackingBrokenRedir;
            if (c.resp_version() >= 3) {
                deliver(c, ">2\r\n" + bulk("tracking-redir-broken") + ":" +
                               std::to_string(st->redirect) + "\r\n");
            }
            return;
        }
        target = r;
        redirected = true;
    }
    if (target->resp_version() >= 3) {
        deliver(*target, ">2\r\n" + bulk("invalidate") + payload);
    } else if (redirected && (target->flags & kSubscribed)) {
        deliver(*target, "*3\r\n" + bulk("message") + bulk("__redis__:invalidate") + payload);
    }
    // A RESP2 client without redirection cannot receive pushes: nothing is sent.
}

void Tracking::deliver(Client& c, const std::string& msg) {
    if (c.closed || (c.flags & kCloseAsap) || !c.connection()) return;
    c.output().append(msg);
    server_.check_output_limits(c);
    if (c.waker) c.waker->request_flush();
}

}  // namespace cairn
