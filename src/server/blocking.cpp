#include "server/blocking.hpp"

#include <algorithm>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/server.hpp"

namespace cairn {

void Blocking::block(Client& c, const Command& cmd, const std::vector<std::string_view>& argv,
                     int db, const std::vector<std::string_view>& keys, int64_t deadline_ms,
                     TimeoutReply on_timeout) {
    if (!c.blocked()) blocked_++;
    BlockState& st = c.block_state();
    st = BlockState{
        &cmd, std::vector<std::string>(argv.begin(), argv.end()), {}, deadline_ms, on_timeout};
    for (std::string_view k : keys) {
        Key key{db, std::string(k)};
        if (std::find(st.keys.begin(), st.keys.end(), key) != st.keys.end()) continue;
        waiting_[key].push_back(c.id());
        st.keys.push_back(std::move(key));
    }
    if (deadline_ms > 0) {
        deadlines_.emplace(deadline_ms, c.id());
        server_.schedule_block_timeout(deadline_ms);
    }
    c.flags |= kBlocked;
}

void Blocking::unblock(Client& c) {
    const BlockState* st = c.blocked();
    if (!st) return;
    for (const Key& key : st->keys) {
        auto w = waiting_.find(key);
        if (w == waiting_.end()) continue;
        auto& q = w->second;
        q.erase(std::remove(q.begin(), q.end(), c.id()), q.end());
        if (q.empty()) waiting_.erase(w);
    }
    if (st->deadline_ms > 0) {
        auto [lo, hi] = deadlines_.equal_range(st->deadline_ms);
        for (auto d = lo; d != hi; ++d) {
            if (d->second == c.id()) {
                deadlines_.erase(d);
                break;
            }
        }
    }
    c.clear_block();
    blocked_--;
    c.flags &= ~static_cast<uint32_t>(kBlocked);
    // The wait ends now and its reply follows: the cron must not find the client idle (by
    // the time of its last command) in between, before the written reply counts.
    c.last_interaction_ms = server_.now_ms();
    server_.clients().touch(c);
}

void Blocking::key_touched(int db, std::string_view key) {
    if (waiting_.empty()) return;
    Key k{db, std::string(key)};
    if (waiting_.count(k) == 0 || ready_set_.count(k) != 0) return;
    ready_set_.insert(k);
    ready_.push_back(std::move(k));
}

bool Blocking::has_group_readers(int db, std::string_view key) const {
    auto w = waiting_.find(Key{db, std::string(key)});
    if (w == waiting_.end()) return false;
    for (uint64_t id : w->second) {
        const Client* c = server_.clients().find(id);
        if (c && c->blocked() && c->blocked()->cmd->full_name() == "xreadgroup") return true;
    }
    return false;
}

void Blocking::db_touched(int db) {
    for (auto it = waiting_.lower_bound(Key{db, std::string()});
         it != waiting_.end() && it->first.first == db; ++it) {
        if (ready_set_.insert(it->first).second) ready_.push_back(it->first);
    }
}

void Blocking::serve_ready() {
    if (serving_) return;  // a served command's own writes are picked up by the loop below
    serving_ = true;
    while (!ready_.empty()) {
        Key key = std::move(ready_.front());
        ready_.erase(ready_.begin());
        ready_set_.erase(key);
        auto w = waiting_.find(key);
        if (w == waiting_.end()) continue;
        std::vector<uint64_t> ids(w->second.begin(), w->second.end());  // blocking order
        for (uint64_t id : ids) {
            Client* c = server_.clients().find(id);
            if (c == nullptr || c->blocked() == nullptr) continue;
            rerun(*c, *c->blocked(), key);
        }
    }
    serving_ = false;
}

void Blocking::rerun(Client& c, const BlockState& st, const Key& ready) {
    c.block_state().ready_key = ready.second;
    // The handler sees the client still blocked: it serves and unblocks it, or, when the key
    // holds nothing for it, leaves it blocked in its place without replying.
    // A served client's BlockState is freed inside the handler: run it on a copy of the words.
    const std::vector<std::string> words = st.argv;
    std::vector<std::string_view> argv(words.begin(), words.end());
    const Command& cmd = *st.cmd;
    int saved_db = c.db_index;
    c.db_index = st.keys.front().first;
    // Through the pipeline's call stage for its propagation (a served BLPOP is an LPOP); its
    // statistics were counted when it blocked.
    server_.call(c, cmd, argv, kCallPropagate);
    c.db_index = saved_db;
    if (!(c.flags & kBlocked)) finish(c);
}

void Blocking::expire(int64_t now_ms) {
    while (!deadlines_.empty() && deadlines_.begin()->first <= now_ms) {
        uint64_t id = deadlines_.begin()->second;
        Client* c = server_.clients().find(id);
        if (c == nullptr || c->blocked() == nullptr) {  // gone (its state went with it)
            deadlines_.erase(deadlines_.begin());
            continue;
        }
        TimeoutReply how = c->blocked()->on_timeout;
        unblock(*c);
        reply_timeout(*c, how);
        finish(*c);
    }
}

void Blocking::reply_timeout(Client& c, TimeoutReply how) {
    if (how == TimeoutReply::Zero) {
        c.reply().integer(0);
    } else {
        c.reply().null_array();
    }
}

bool Blocking::unblock_by_request(Client& c, bool with_error) {
    if (!c.blocked()) return false;
    TimeoutReply how = c.blocked()->on_timeout;
    unblock(c);
    if (with_error) {
        c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
        reply_timeout(c, how);
    }
    finish(c);
    return true;
}

void Blocking::finish(Client& c) {
    if (c.waker) c.waker->request_resume();  // writes the reply, then reads on
}

}  // namespace cairn
