#include "commands/context.hpp"

#include "clients/client.hpp"
#include "commands/stats.hpp"
#include "db/database.hpp"
#include "db/object.hpp"
#include "util/strings.hpp"

namespace cairn {

CommandContext::CommandContext(CommandHost& h, Client& c, const Command& command,
                               const std::vector<std::string_view>& args, int64_t now,
                               PropagationRequest* propagation)
    : host(h),
      client(c),
      cmd(command),
      argv(args),
      reply(c.reply()),
      now_ms(now),
      propagation_(propagation) {}

void CommandContext::propagate_as(std::vector<std::string> words) {
    if (!propagating()) return;
    propagation_->rewritten = std::move(words);
}

void CommandContext::also_propagate(std::vector<std::string> words) {
    if (!propagating()) return;
    propagation_->propagator.also_propagate(client.db_index, std::move(words));
}

void CommandContext::prevent_propagation(uint8_t targets) {
    if (propagating()) propagation_->prevented |= targets;
}

void CommandContext::force_propagation(uint8_t targets) {
    if (propagating()) propagation_->forced |= targets;
}

db::Database& CommandContext::db() {
    return host.db(client.db_index);
}

db::Object* CommandContext::lookup_read(std::string_view key) {
    db::Object* o = db().lookup(key, now_ms);
    if (o) {
        stats().keyspace_hits++;
    } else {
        // Redis's lookupKey: a read that misses is a "keymiss" event (class 'm').
        host.notify_keyspace_event(config::notify::KeyMiss, "keymiss", key, client.db_index);
        stats().keyspace_misses++;
    }
    return o;
}

db::Object* CommandContext::lookup_write(std::string_view key) {
    return db().lookup(key, now_ms);
}

Lookup CommandContext::typed(db::Object* o, db::ObjType type, db::Object*& out) {
    out = nullptr;
    if (!o) return Lookup::Missing;
    if (!type_ok_or_reply(o, type)) return Lookup::WrongType;
    out = o;
    return Lookup::Found;
}

Lookup CommandContext::lookup_read_as(std::string_view key, db::ObjType type, db::Object*& out) {
    return typed(lookup_read(key), type, out);
}

Lookup CommandContext::lookup_write_as(std::string_view key, db::ObjType type, db::Object*& out) {
    return typed(lookup_write(key), type, out);
}

bool CommandContext::type_ok_or_reply(const db::Object* o, db::ObjType type) {
    if (!o || o->type == type) return true;
    wrong_type();
    return false;
}

void CommandContext::key_modified(db::Database& d, std::string_view key) {
    host.key_modified(d, key);
}

void CommandContext::key_modified(std::string_view key) {
    host.key_modified(db(), key);
}

void CommandContext::notify(int type, std::string_view event, std::string_view key) {
    host.notify_keyspace_event(type, event, key, client.db_index);
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
