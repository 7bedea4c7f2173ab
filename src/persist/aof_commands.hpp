// Reads the commands of an AOF file (loadSingleAppendOnlyFile of Redis 7.0.15): RESP arrays of
// bulk strings, "#..." annotation lines (aof-timestamp-enabled) skipped. It tells a clean end
// from a command cut short (aof-load-truncated) and from bytes that are no command at all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "persist/rdb_primitives.hpp"

namespace cairn::persist {

class AofCommandReader {
public:
    enum class Result { Command, End, Truncated, BadFormat };

    // Starts with `pending` (bytes already read from the source, e.g. after an RDB
    // preamble) at file offset `offset`, then reads the source.
    AofCommandReader(ByteSource& source, std::string pending = {}, uint64_t offset = 0);

    Result next(std::vector<std::string>& argv);
    // File offset just after the last complete command (where a truncated file is cut).
    uint64_t valid_offset() const { return valid_offset_; }

private:
    ByteSource& source_;
    std::string buf_;
    size_t pos_ = 0;
    uint64_t base_offset_;  // file offset of buf_[0]
    uint64_t valid_offset_;
    bool eof_ = false;

    bool fill(size_t need);  // false when the source ends first
    bool line(std::string& out, Result& fail);
};

}  // namespace cairn::persist
