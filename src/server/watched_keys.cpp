#include "server/watched_keys.hpp"

#include <algorithm>

#include "clients/client.hpp"
#include "db/database.hpp"

namespace cairn {

void WatchedKeys::watch(Client& c, int db, std::string_view key, bool expired) {
    TxState& tx = c.tx_state();
    for (const WatchedKey& wk : tx.watched) {
        if (wk.db == db && wk.key == key) return;  // already watched
    }
    tx.watched.push_back({db, std::string(key), expired});
    watchers_[Key(db, std::string(key))].push_back(&c);
}

void WatchedKeys::unwatch_all(Client& c) {
    TxState* tx = c.tx();
    if (!tx) return;
    for (const WatchedKey& wk : tx->watched) {
        auto it = watchers_.find(Key(wk.db, wk.key));
        if (it == watchers_.end()) continue;
        std::erase(it->second, &c);
        if (it->second.empty()) watchers_.erase(it);
    }
    tx->watched.clear();
}

void WatchedKeys::mark_dirty(Client& c) {
    c.flags |= kDirtyCas;
    // EXEC will fail anyway: no need to keep (and check) its other keys (Redis does the same).
    unwatch_all(c);
}

static WatchedKey* find_watched(Client& c, int db, std::string_view key) {
    for (WatchedKey& wk : c.tx()->watched) {
        if (wk.db == db && wk.key == key) return &wk;
    }
    return nullptr;
}

void WatchedKeys::touch(db::Database& d, std::string_view key) {
    if (watchers_.empty()) return;
    auto it = watchers_.find(Key(d.id(), std::string(key)));
    if (it == watchers_.end()) return;
    std::vector<Client*> clients = it->second;  // mark_dirty edits the list
    for (Client* c : clients) {
        WatchedKey* wk = find_watched(*c, d.id(), key);
        if (wk && wk->expired) {
            // Watched while already expired, and now gone: logically nothing changed.
            if (!d.contains(key)) {
                wk->expired = false;
                continue;
            }
        }
        mark_dirty(*c);
    }
}

void WatchedKeys::touch_all_in_db(db::Database& emptied, db::Database* replaced_with,
                                  int64_t now_ms) {
    if (watchers_.empty()) return;
    std::vector<std::pair<std::string, std::vector<Client*>>> in_db;
    for (auto it = watchers_.lower_bound(Key(emptied.id(), std::string()));
         it != watchers_.end() && it->first.first == emptied.id(); ++it) {
        in_db.emplace_back(it->first.second, it->second);
    }
    for (auto& [key, clients] : in_db) {
        bool exists_in_emptied = emptied.contains(key);
        bool exists_in_replacement = replaced_with && replaced_with->contains(key);
        if (!exists_in_emptied && !exists_in_replacement) continue;
        for (Client* c : clients) {
            WatchedKey* wk = find_watched(*c, emptied.id(), key);
            if (!wk) continue;  // unwatched by an earlier mark_dirty in this loop
            if (wk->expired) {
                if (!exists_in_replacement) {
                    wk->expired = false;  // the expired key is deleted: no logical change
                    continue;
                }
                if (replaced_with->key_is_expired(key, now_ms)) continue;  // still expired
            } else if (!exists_in_emptied && replaced_with->key_is_expired(key, now_ms)) {
                wk->expired = true;  // a missing key replaced by an expired one
                continue;
            }
            mark_dirty(*c);
        }
    }
}

}  // namespace cairn
