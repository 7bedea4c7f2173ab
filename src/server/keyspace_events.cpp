#include "server/keyspace_events.hpp"

#include "server/server.hpp"

namespace cairn {

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

void Server::publish_keyspace_event(std::string_view event, std::string_view key, int dbid) {
    const int flags = config_.notify_keyspace_flags;
    // Redis's order: the keyspace channel first, then the keyevent channel.
    if (keyspace_channel_enabled(flags)) pubsub_.publish(keyspace_channel(dbid, key), event);
    if (keyevent_channel_enabled(flags)) pubsub_.publish(keyevent_channel(dbid, event), key);
}

}  // namespace cairn
