// Keyspace notifications (Redis 7.0's notify.c): which notify-keyspace-events flags let an
// event through and the channels it is published on. Server::notify_keyspace_event publishes.
#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"

namespace cairn {

// Redis's check: the event's class bit (notify::String, notify::Generic, ...) must be set.
// Which of the two channels it goes to is keyspace_channel_enabled / keyevent_channel_enabled.
inline bool keyspace_event_enabled(int flags, int type) {
    return (flags & type) != 0;
}
// K: __keyspace@<db>__:<key>, the message is the event.
inline bool keyspace_channel_enabled(int flags) {
    return (flags & config::notify::Keyspace) != 0;
}
// E: __keyevent@<db>__:<event>, the message is the key.
inline bool keyevent_channel_enabled(int flags) {
    return (flags & config::notify::Keyevent) != 0;
}

std::string keyspace_channel(int dbid, std::string_view key);
std::string keyevent_channel(int dbid, std::string_view event);

}  // namespace cairn
