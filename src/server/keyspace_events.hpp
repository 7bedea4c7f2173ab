// Keyspace notifications (Redis 7.0's notify.c): which notify-keyspace-events flags let an
// event through and the channels it is published on. Server::notify_keyspace_event publishes.
#pragma once

#include <string>
#include <string_view>

namespace cairn {

// Redis's check: the event's class bit (notify::String, notify::Generic, ...) must be set.
// Which of the two channels it goes to is keyspace_enabled / keyevent_enabled.
bool keyspace_event_enabled(int flags, int type);
bool keyspace_channel_enabled(int flags);  // K: __keyspace@<db>__:<key>, message = event
bool keyevent_channel_enabled(int flags);  // E: __keyevent@<db>__:<event>, message = key

std::string keyspace_channel(int dbid, std::string_view key);
std::string keyevent_channel(int dbid, std::string_view event);

}  // namespace cairn
