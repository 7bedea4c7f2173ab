// A blocked client's state (Redis keeps it in struct client's bstate): the command to run
// again, the keys it waits on and its deadline. The key -> waiting clients side and the
// deadlines are the server's (server/blocking.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cairn {

class Command;

// What a client gets when its block times out or CLIENT UNBLOCK ... TIMEOUT ends it.
enum class TimeoutReply : uint8_t {
    NullArray,  // the key-blocking commands (Redis's replyToBlockedClientTimedOut)
    Zero,       // WAIT: no replica acknowledged
};

struct BlockState {
    using Key = std::pair<int, std::string>;  // database, key
    const Command* cmd = nullptr;
    std::vector<std::string> argv;  // the command's words, to run it again
    std::vector<Key> keys;          // without duplicates
    int64_t deadline_ms = 0;        // 0 = forever
    TimeoutReply on_timeout = TimeoutReply::NullArray;
    std::string ready_key;  // while the command runs again: the key whose write woke it
};

}  // namespace cairn
