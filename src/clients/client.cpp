#include "clients/client.hpp"

#include "clients/pubsub_state.hpp"
#include "net/connection.hpp"

namespace cairn {

Client::Client(uint64_t id, std::unique_ptr<net::Connection> conn, int64_t now_ms)
    : created_ms(now_ms), last_interaction_ms(now_ms), id_(id), conn_(std::move(conn)) {
    if (!conn_)
        flags |= kPseudo;
    else if (conn_->is_unix())
        flags |= kUnixSocket;
}

Client::~Client() = default;

namespace {
const std::string kEmpty;

// A per-client state allocated on first use (an idle client carries none of them).
template <typename State>
State& allocated(std::unique_ptr<State>& p) {
    if (!p) p = std::make_unique<State>();
    return *p;
}
}  // namespace

const std::string& Client::name() const {
    return extras_ ? extras_->name : kEmpty;
}
const std::string& Client::lib_name() const {
    return extras_ ? extras_->lib_name : kEmpty;
}
const std::string& Client::lib_ver() const {
    return extras_ ? extras_->lib_ver : kEmpty;
}

Client::Extras& Client::extras() {
    if (!extras_) extras_ = std::make_unique<Extras>();
    return *extras_;
}

void Client::set_name(std::string_view v) {
    if (v.empty() && !extras_) return;
    extras().name = std::string(v);
}

void Client::set_lib_name(std::string_view v) {
    extras().lib_name = std::string(v);
}
void Client::set_lib_ver(std::string_view v) {
    extras().lib_ver = std::string(v);
}

TxState& Client::tx_state() {
    return allocated(extras().tx);
}

void Client::clear_tx() {
    if (extras_) extras_->tx.reset();
}

TrackingState& Client::tracking_state() {
    return allocated(extras().tracking);
}

void Client::clear_tracking() {
    if (extras_) extras_->tracking.reset();
}

PubSubState& Client::pubsub_state() {
    return allocated(extras().pubsub);
}

void Client::clear_pubsub() {
    if (extras_) extras_->pubsub.reset();
}

BlockState& Client::block_state() {
    return allocated(extras().block);
}

void Client::clear_block() {
    if (extras_) extras_->block.reset();
}

size_t Client::extras_memory() const {
    if (!extras_) return 0;
    size_t n = sizeof(Extras);
    for (const std::string* s : {&extras_->name, &extras_->lib_name, &extras_->lib_ver}) {
        if (s->capacity() > 15) n += s->capacity() + 1;  // beyond the small-string buffer
    }
    return n;
}

long long Client::fd() const {
    return conn_ ? static_cast<long long>(conn_->native_handle()) : -1;
}

}  // namespace cairn
