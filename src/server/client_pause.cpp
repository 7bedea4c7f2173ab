// CLIENT PAUSE: commands of paused clients are postponed, not refused, and run when the
// pause ends (Redis 7.0's pauseClients / blockPostponeClient).
#include "clients/client.hpp"
#include "server/client_session.hpp"
#include "server/runtime.hpp"
#include "server/server.hpp"

namespace cairn {

bool Server::must_postpone(const Client& c, const Command& cmd) const {
    if (pause_mode_ == PauseMode::None) return false;
    if (pause_mode_ == PauseMode::All) return true;
    constexpr uint32_t kWrites = kWrite | kMayReplicate;
    if (cmd.spec().flags & kWrites) return true;
    // EXEC counts as a write when it would run one (Redis's is_may_replicate_command).
    return (cmd.pipeline_flags() & kRunsQueue) && c.tx() && (c.tx()->cmd_flags & kWrites);
}

void Server::pause_clients(int64_t until_ms, PauseMode mode) {
    // A later end or a stricter mode wins, as when Redis merges pause requests.
    if (pause_mode_ == PauseMode::None || until_ms > pause_end_ms_) pause_end_ms_ = until_ms;
    if (mode == PauseMode::All || pause_mode_ == PauseMode::None) pause_mode_ = mode;
    runtime_->schedule_unpause(pause_end_ms_ - now_ms());
}

void Server::pause_expired() {
    update_time();
    if (pause_mode_ == PauseMode::None) return;
    if (now_ms() < pause_end_ms_) {
        runtime_->schedule_unpause(pause_end_ms_ - now_ms());
        return;
    }
    unpause_clients();
}

void Server::unpause_clients() {
    pause_mode_ = PauseMode::None;
    pause_end_ms_ = 0;
    std::vector<std::weak_ptr<ClientSession>> waiting;
    waiting.swap(postponed_);
    for (auto& weak : waiting) {
        if (auto session = weak.lock()) session->resume();
    }
}

void Server::postpone(std::shared_ptr<ClientSession> session) {
    Client& c = session->client();
    if (c.flags & kPostponed) return;
    c.flags |= kPostponed;
    postponed_.push_back(session);
}

}  // namespace cairn
