#include "commands/context.hpp"

#include "clients/client.hpp"
#include "db/database.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

CommandContext::CommandContext(Server& srv, Client& c, const Command& command,
                               const std::vector<std::string_view>& args, int64_t now,
                               PropagationRequest* propagation)
    : server(srv),
      client(c),
      cmd(command),
      argv(args),
      reply(c.reply()),
      now_ms(now),
      propagator_(srv.propagator()),
      propagation_(propagation) {}

void CommandContext::propagate_as(std::vector<std::string> words) {
    if (!propagating()) return;
    propagation_->rewritten = std::move(words);
    propagation_->has_rewrite = true;
}

void CommandContext::also_propagate(std::vector<std::string> words) {
    if (!propagating()) return;
    propagator_.also_propagate(client.db_index, std::move(words));
}

void CommandContext::prevent_propagation(uint8_t targets) {
    if (propagation_) propagation_->prevented |= targets;
}

void CommandContext::force_propagation(uint8_t targets) {
    if (propagation_) propagation_->forced |= targets;
}

db::Database& CommandContext::db() {
    return server.db(client.db_index);
}

const config::Config& CommandContext::config() const {
    return server.config();
}

db::Object* CommandContext::lookup_read(std::string_view key) {
    db::Object* o = db().lookup(key, now_ms);
    if (o) {
        server.stats().keyspace_hits++;
    } else {
        // Redis's lookupKey: a read that misses is a "keymiss" event (class 'm').
        server.notify_keyspace_event(config::notify::KeyMiss, "keymiss", key, client.db_index);
        server.stats().keyspace_misses++;
    }
    return o;
}

db::Object* CommandContext::lookup_write(std::string_view key) {
    return db().lookup(key, now_ms);
}

void CommandContext::key_modified(db::Database& d, std::string_view key) {
    server.key_modified(d, key);
}

void CommandContext::key_modified(std::string_view key) {
    server.key_modified(db(), key);
}

void CommandContext::notify(int type, std::string_view event, std::string_view key) {
    server.notify_keyspace_event(type, event, key, client.db_index);
}

bool CommandContext::parse_ll(std::string_view arg, long long& out) {
    if (util::string_to_ll(arg, out)) return true;
    reply.error(errors::kNotInteger);
    return false;
}

bool CommandContext::parse_ll_range(std::string_view arg, long long min, long long max,
                                    long long& out, std::string_view err) {
    long long v;
    if (!util::string_to_ll(arg, v) || v < min || v > max) {
        reply.error(err);
        return false;
    }
    out = v;
    return true;
}

bool CommandContext::parse_double(std::string_view arg, double& out) {
    if (util::string_to_d(arg, out)) return true;
    reply.error(errors::kNotFloat);
    return false;
}

bool CommandContext::parse_long_double(std::string_view arg, long double& out) {
    if (util::string_to_ld(arg, out)) return true;
    reply.error(errors::kNotFloat);
    return false;
}

}  // namespace cairn
