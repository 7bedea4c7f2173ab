// Redis 7.0's listpack (listpack.c), byte for byte: what RDB files hold for small hashes and
// sorted sets and for every quicklist node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace cairn::persist {

class ListpackWriter {
public:
    ListpackWriter();
    // Appends one element, as lpAppend does: a string that is a canonical 64-bit integer
    // (string2ll rules) is stored with the smallest integer encoding, else as a string.
    void add(std::string_view element);
    void add_integer(int64_t v);
    size_t count() const { return count_; }
    // The finished listpack (header with total bytes and count, entries, 0xFF). The writer is
    // empty afterwards. Like Redis, a listpack must stay under 4 GiB (asserted).
    std::string finish();

private:
    std::string buf_;
    size_t count_ = 0;
};

// Validates blob as a listpack the way Redis's deep lpValidateIntegrity does (header size and
// count, every entry and back-length inside the blob, the terminator) and calls fn for each
// element in order (integers as their decimal text). Returns false on a problem (then fn is not
// called at all: the whole blob is checked first) or as soon as fn returns false.
bool listpack_for_each(std::string_view blob, const std::function<bool(std::string_view)>& fn);

}  // namespace cairn::persist
