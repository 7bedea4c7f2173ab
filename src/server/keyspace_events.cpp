#include "server/keyspace_events.hpp"

#include "config/config.hpp"
#include "db/database.hpp"
#include "server/server.hpp"

namespace cairn {

bool keyspace_event_enabled(int flags, int type) {
    return (flags & type) != 0;
}

bool keyspace_channel_enabled(int flags) {
    return (flags & config::notify::Keyspace) != 0;
}

bool keyevent_channel_enabled(int flags) {
    return (flags & config::notify::Keyevent) != 0;
}

std::string keyspace_channel(int dbid, std::string_view key) {
    std::string chan = "__keyspace@" + std::to_string(dbid) + "__:";
    chan += key;
    return chan;
}

std::string keyevent_channel(int dbid, std::string_view event) {
    std::string chan = "__keyevent@" + std::to_string(dbid) + "__:";
    chan += event;
    return chan;
}

void Server::notify_keyspace_event(int type, std::string_view event, std::string_view key,
                                   int dbid) {
    const int flags = config_.notify_keyspace_flags;
    if (!keyspace_event_enabled(flags, type)) return;
    // Redis's order: the keyspace channel first, then the keyevent channel.
    if (keyspace_channel_enabled(flags)) pubsub_.publish(keyspace_channel(dbid, key), event);
    if (keyevent_channel_enabled(flags)) pubsub_.publish(keyevent_channel(dbid, event), key);
}

}  // namespace cairn
