// PackedNode: one contiguous run of list entries, each stored as [length varint][bytes]
// [length written backwards], walkable in both directions, with free space kept at both ends
// (the node type of db/list_value.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cairn::db {

// One packed run of entries. Offsets are relative to the first entry (0 .. bytes()), so they
// stay valid when the buffer is reallocated or the entries before them do not change.
class PackedNode {
public:
    PackedNode() = default;
    PackedNode(const PackedNode& other);
    PackedNode& operator=(const PackedNode& other);
    PackedNode(PackedNode&& other) noexcept;
    PackedNode& operator=(PackedNode&& other) noexcept;
    ~PackedNode();

    size_t count() const { return count_; }
    size_t bytes() const { return tail_ - head_; }
    bool empty() const { return count_ == 0; }
    size_t capacity() const { return cap_; }

    // Encoded size of an entry holding len bytes.
    static size_t entry_size(size_t len) { return len + 2 * varint_size(len); }

    // The entry starting at off (valid until the next change to this node).
    std::string_view at(size_t off) const {
        const char* p = buf_ + head_ + off;
        size_t len;
        size_t h = read_forward(p, len);
        return {p + h, len};
    }
    // Offset just past the entry starting at off.
    size_t next(size_t off) const {
        size_t len;
        size_t h = read_forward(buf_ + head_ + off, len);
        return off + len + 2 * h;
    }
    // Offset of the entry that ends at off (off > 0).
    size_t prev(size_t off) const {
        size_t len;
        size_t h = read_backward(buf_ + head_ + off, len);
        return off - len - 2 * h;
    }
    // True when the entry at off equals v.
    bool equals(size_t off, std::string_view v) const;

    void push_front(std::string_view v);
    void push_back(std::string_view v);
    void pop_front();
    void pop_back();
    void insert(size_t off, std::string_view v);  // the new entry starts at off
    void erase(size_t off);                       // the next entry then starts at off
    // Removes n entries that occupy the bytes [off, off + len).
    void erase_bytes(size_t off, size_t len, size_t n);
    void replace(size_t off, std::string_view v);
    // Moves the entries from off onwards (first_index is the index of the entry at off) into
    // the returned node.
    PackedNode split(size_t off, size_t first_index);
    void append(const PackedNode& other);  // copies other's entries after ours
    void clear();
    // Capacity hints: an empty node that will be filled from the front (or back) gets its
    // buffer up front; a full node gives back its spare capacity.
    void reserve(size_t bytes, bool for_front);
    void shrink_to_fit();

    static size_t varint_size(size_t v) {
        size_t n = 1;
        while (v >= 128) {
            v >>= 7;
            n++;
        }
        return n;
    }

private:
    enum class Slack { Front, Back, Middle };

    char* buf_ = nullptr;
    size_t cap_ = 0;
    size_t head_ = 0;  // first used byte
    size_t tail_ = 0;  // one past the last used byte
    size_t count_ = 0;

    static size_t read_forward(const char* p, size_t& len) {
        unsigned char b = static_cast<unsigned char>(p[0]);
        if (b < 128) {
            len = b;
            return 1;
        }
        return read_forward_slow(p, len);
    }
    static size_t read_backward(const char* end, size_t& len) {
        unsigned char b = static_cast<unsigned char>(end[-1]);
        if (b < 128) {
            len = b;
            return 1;
        }
        return read_backward_slow(end, len);
    }
    static size_t read_forward_slow(const char* p, size_t& len);
    static size_t read_backward_slow(const char* end, size_t& len);
    static void write_entry(char* p, std::string_view v);

    // Replaces rm bytes at off with a gap of ins bytes and returns a pointer to the gap.
    char* splice(size_t off, size_t rm, size_t ins, Slack hint);
    void reallocate(size_t new_cap, size_t off, size_t rm, size_t ins, Slack hint);
    void maybe_shrink();
};

}  // namespace cairn::db
