// The slow log (Redis's slowlog.c): commands that ran for at least slowlog-log-slower-than
// microseconds, newest first, at most slowlog-max-len of them, with their arguments cut as
// Redis cuts them (32 arguments, 128 bytes each) and secrets redacted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class SlowLog {
public:
    static constexpr size_t kMaxArgs = 32;       // SLOWLOG_ENTRY_MAX_ARGC
    static constexpr size_t kMaxArgBytes = 128;  // SLOWLOG_ENTRY_MAX_STRING

    struct Entry {
        uint64_t id = 0;
        int64_t time_s = 0;  // unix seconds when it was logged
        int64_t duration_us = 0;
        std::vector<std::string> args;
        std::string peer;  // ip:port
        std::string name;  // client name
    };

    // The arguments as an entry keeps them: the last of 32 says how many more there were, a
    // longer one keeps 128 bytes and says how many more; hide[i] ones are "(redacted)".
    static std::vector<std::string> entry_args(const std::vector<std::string_view>& argv,
                                               const std::vector<bool>& hide);

    // Adds an entry at the front, then drops the oldest beyond max_len.
    void push(Entry e, size_t max_len);
    uint64_t next_id() const { return next_id_; }
    void reset() { entries_.clear(); }
    size_t size() const { return entries_.size(); }
    const std::deque<Entry>& entries() const { return entries_; }  // newest first

private:
    std::deque<Entry> entries_;
    uint64_t next_id_ = 0;
};

}  // namespace cairn
