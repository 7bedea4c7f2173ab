// Redis 7.0's listpack (listpack.c), byte for byte: what RDB files hold for small hashes and
// sorted sets and for every quicklist node, and what a stream node is in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace cairn::db {

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

// A listpack kept as its bytes and changed in place (a stream node). An element is named by
// the offset of its first byte. Nothing is bounds-checked: the bytes were built here, or
// validated with listpack_for_each (and the caller's own layout checks) before they came in.
class Listpack {
public:
    static constexpr size_t kFirst = 6;  // the first element, after the header
    // Room for an integer element's decimal text.
    static constexpr size_t kDigits = 24;

    Listpack();  // no elements
    explicit Listpack(std::string bytes) : buf_(std::move(bytes)) {}

    std::string_view bytes() const { return buf_; }
    size_t size() const { return buf_.size(); }  // lpBytes
    size_t capacity() const { return buf_.capacity(); }
    size_t end() const { return buf_.size() - 1; }  // the terminator's offset

    size_t next(size_t off) const;  // the element after off (end() after the last)
    size_t prev(size_t off) const;  // the element before off; off > kFirst
    // An integer element's value; a string element is read as string2ll does (0 if it is not
    // a number).
    int64_t get_int(size_t off) const;
    // The element as text: a string's own bytes, or an integer's digits written to `digits`
    // (kDigits bytes).
    std::string_view get_text(size_t off, char* digits) const;

    void append(std::string_view element);  // lpAppend (integer-looking strings as integers)
    void append_int(int64_t v);             // lpAppendInteger
    // lpReplaceInteger: elements after off move when the encoding's size changes.
    void replace_int(size_t off, int64_t v);
    void shrink_to_fit() { buf_.shrink_to_fit(); }

private:
    void grew(size_t added_elements);  // the header after an append

    std::string buf_;
};

}  // namespace cairn::db
