#include "clients/client_info.hpp"

#include "clients/client.hpp"
#include "clients/pubsub_state.hpp"  // Pub/Sub: sub= psub= ssub=
#include "net/connection.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

void field(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += '=';
    out += value;
}

void field(std::string& out, std::string_view name, long long value) {
    out += name;
    out += '=';
    util::append_ll(out, value);
}

}  // namespace

ClientType client_type(const Client& c) {
    // Masters and replicas are classified here once those features exist.
    if (c.flags & kSubscribed) return ClientType::PubSub;
    return ClientType::Normal;
}

bool parse_client_type(std::string_view name, ClientType& out) {
    if (util::iequals(name, "normal")) {
        out = ClientType::Normal;
    } else if (util::iequals(name, "slave") || util::iequals(name, "replica")) {
        out = ClientType::Replica;
    } else if (util::iequals(name, "pubsub")) {
        out = ClientType::PubSub;
    } else if (util::iequals(name, "master")) {
        out = ClientType::Master;
    } else {
        return false;
    }
    return true;
}

bool valid_client_name(std::string_view name) {
    for (char ch : name) {
        auto u = static_cast<unsigned char>(ch);
        if (u < '!' || u > '~') return false;
    }
    return true;
}

std::string client_flags_string(const Client& c) {
    // Redis's order: O S M P x b t R B d c u A U r e T. Letters of features not built yet
    // (replication, READONLY) join as they land.
    std::string f;
    if (c.flags & kMonitor) f += 'O';
    if (c.flags & kSubscribed) f += 'P';
    if (c.flags & kMulti) f += 'x';
    // A command postponed by CLIENT PAUSE: Redis blocks the client (BLOCKED_POSTPONE).
    if (c.flags & (kPostponed | kBlocked)) f += 'b';
    if (c.flags & kTracking) f += 't';
    if (c.flags & kTrackingBrokenRedir) f += 'R';
    if (c.flags & kTrackingBcast) f += 'B';
    if (c.flags & kDirtyCas) f += 'd';
    if (c.flags & kCloseAfterReply) f += 'c';
    if (c.flags & kCloseAsap) f += 'A';
    if (c.flags & kUnixSocket) f += 'U';
    if (c.flags & kNoEvict) f += 'e';
    if (c.flags & kNoTouch) f += 'T';
    if (f.empty()) f += 'N';
    return f;
}

// Redis's multi-mem: the queued commands' argument bytes plus a pointer per argument.
static size_t multi_memory(const Client& c) {
    return c.tx() ? c.tx()->argv_len_sums : 0;
}

size_t client_memory_usage(Client& c) {
    size_t argv_mem = 0;
    for (std::string_view a : c.argv()) argv_mem += a.size();
    return sizeof(Client) + c.query().capacity() + c.output().allocated() + argv_mem +
           c.argv().capacity() * sizeof(std::string_view) + c.extras_memory() + multi_memory(c);
}

void append_client_info(std::string& out, Client& c, int64_t now_ms, const Client* current) {
    net::Connection* conn = c.connection();
    const resp::OutputBuffer& ob = c.output();
    QueryBuffer& q = c.query();
    size_t argv_mem = 0;
    for (std::string_view a : c.argv()) argv_mem += a.size();
    // Redis counts whole seconds of its cached unix time.
    int64_t now_s = now_ms / 1000;

    field(out, "id", static_cast<long long>(c.id()));
    out += ' ';
    field(out, "addr", conn ? std::string_view(conn->peer_address()) : "?:0");
    out += ' ';
    field(out, "laddr", conn ? std::string_view(conn->local_address()) : "?:0");
    out += ' ';
    field(out, "fd", c.fd());
    out += ' ';
    field(out, "name", c.name());
    out += ' ';
    field(out, "age", now_s - c.created_ms / 1000);
    out += ' ';
    field(out, "idle", now_s - c.last_interaction_ms / 1000);
    out += ' ';
    field(out, "flags", client_flags_string(c));
    out += ' ';
    field(out, "db", c.db_index);
    out += ' ';
    field(out, "sub", static_cast<long long>(subscription_count(c, PubSubKind::Channel)));
    out += ' ';
    field(out, "psub", static_cast<long long>(subscription_count(c, PubSubKind::Pattern)));
    out += ' ';
    field(out, "ssub", static_cast<long long>(subscription_count(c, PubSubKind::Shard)));
    out += ' ';
    // Queued commands in MULTI (still counted while EXEC runs them), else -1.
    long long queued = -1;
    if (c.flags & kMulti) queued = c.tx() ? static_cast<long long>(c.tx()->queued_count()) : 0;
    field(out, "multi", queued);
    out += ' ';
    field(out, "qbuf", static_cast<long long>(q.size()));
    out += ' ';
    field(out, "qbuf-free", static_cast<long long>(q.capacity() - q.size()));
    out += ' ';
    field(out, "argv-mem", static_cast<long long>(argv_mem));
    out += ' ';
    field(out, "multi-mem", static_cast<long long>(multi_memory(c)));
    out += ' ';
    field(out, "rbs", static_cast<long long>(ob.reply_buffer_size()));
    out += ' ';
    field(out, "rbp", static_cast<long long>(ob.reply_buffer_peak()));
    out += ' ';
    field(out, "obl", static_cast<long long>(ob.first_block_used()));
    out += ' ';
    size_t blocks = ob.block_count();
    field(out, "oll", static_cast<long long>(blocks > 0 ? blocks - 1 : 0));
    out += ' ';
    field(out, "omem", static_cast<long long>(ob.list_memory()));
    out += ' ';
    field(out, "tot-mem", static_cast<long long>(client_memory_usage(c)));
    out += ' ';
    // Every connected client waits for input; output still pending after a flush means it
    // waits for the socket to take more. The running client's reply is not flushed yet.
    std::string_view events = !conn ? "" : (ob.pending() > 0 && &c != current) ? "rw" : "r";
    field(out, "events", events);
    out += ' ';
    field(out, "cmd", c.last_command_name ? std::string_view(*c.last_command_name) : "NULL");
    out += ' ';
    field(out, "user", c.user);
    out += ' ';
    // The tracking redirection: 0 when tracking without one, -1 when not tracking.
    long long redir = -1;
    if (c.flags & kTracking)
        redir = c.tracking() ? static_cast<long long>(c.tracking()->redirect) : 0;
    field(out, "redir", redir);
    out += ' ';
    field(out, "resp", c.resp_version());
}

std::string client_info_string(Client& c, int64_t now_ms, const Client* current) {
    std::string out;
    out.reserve(320);
    append_client_info(out, c, now_ms, current);
    return out;
}

}  // namespace cairn
