// The list payload (Redis 7.0 quicklist.c / listpack.c, as used by t_list.c).
//
// Elements live in packed nodes: one contiguous buffer per node, each entry stored as
// [length varint][bytes][length written backwards], so a node can be walked in both
// directions and no element gets its own heap allocation. A node keeps free space at both
// ends, so pushes and pops at either end are amortized O(1).
//
// A small list is one inline node (the compact encoding, like Redis 7.2's listpack). When a
// push or insert would make that node exceed list-max-listpack-size (negative: 4/8/16/32/64
// KB per node; positive: entries per node, with an 8 KB safety limit) the list converts to a
// deque of nodes (quicklist) and never converts back. Redis 7.0 itself has no listpack list
// encoding: every list is a quicklist there, so OBJECT ENCODING reports "quicklist" for all
// lists and the compact form is an internal optimization (see is_compact()).
//
// list-compress-depth is stored per list (as Redis does at creation) but nodes are never
// LZF-compressed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "db/object.hpp"
#include "db/packed_node.hpp"

namespace cairn::db {

class ListValue final : public Payload {
public:
    // fill: list-max-listpack-size (clamped to -5 .. 32767 like quicklistSetFill).
    explicit ListValue(int fill = -2, int compress_depth = 0);
    ListValue(const ListValue& other);
    ListValue& operator=(const ListValue&) = delete;

    std::unique_ptr<Payload> clone() const override;
    size_t memory_usage(size_t samples) const override;

    // DEBUG QUICKLIST-PACKED-THRESHOLD (process-wide, as in Redis): elements of at least this
    // many bytes live alone in their node, like Redis 7.0's plain nodes. False when out of
    // range (above 4 GB - 1 MB); 0 restores the default (1 GB).
    static bool set_packed_threshold(uint64_t bytes);
    static uint64_t packed_threshold();

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // True while the list is a single inline packed buffer (Redis 7.2 "listpack"); false once
    // it became a deque of nodes ("quicklist"). Internal only: see the file comment.
    bool is_compact() const { return !nodes_; }
    Encoding internal_encoding() const {
        return is_compact() ? Encoding::ListPack : Encoding::QuickList;
    }
    size_t node_count() const { return nodes_ ? nodes_->size() : 1; }
    int fill() const { return fill_; }
    int compress_depth() const { return compress_depth_; }

    void push_front(std::string_view v);
    void push_back(std::string_view v);
    // The first / last element (the list must not be empty); valid until the next change.
    std::string_view front() const;
    std::string_view back() const;
    void pop_front();
    void pop_back();

    // Element at index (negative counts from the end), nullopt when out of range.
    std::optional<std::string_view> at(long long index) const;
    // LSET: false when index is out of range.
    bool set(long long index, std::string_view v);
    // LINSERT: inserts v before / after the first element equal to pivot. False if no pivot.
    bool insert(std::string_view pivot, std::string_view v, bool after);
    // LREM: count > 0 removes up to count matches from the head, < 0 up to -count from the
    // tail, 0 all of them. Returns the number removed.
    size_t remove(std::string_view v, long long count);
    // Removes n elements starting at index first (first + n <= size()).
    void erase_range(size_t first, size_t n);
    // LTRIM: keeps the elements [start, start + n).
    void keep_range(size_t start, size_t n);
    // LPOS: indexes of matches of v. rank > 0 counts matches from the head, < 0 from the tail
    // (not 0); count 0 = all; maxlen 0 = no limit on the elements compared.
    std::vector<long long> positions(std::string_view v, long long rank, long long count,
                                     long long maxlen) const;
    void clear();

    // Calls fn(element) for the indexes [first, first + n) (first + n <= size()), in
    // ascending order, or descending when reverse. Elements are valid during the call.
    template <class Fn>
    void for_range(size_t first, size_t n, bool reverse, Fn&& fn) const {
        if (n == 0) return;
        if (!reverse) {
            Pos p = locate(first);
            for (;;) {
                const PackedNode& nd = node(p.node);
                fn(nd.at(p.off));
                if (--n == 0) return;
                p.off = nd.next(p.off);
                if (p.off == nd.bytes()) {
                    p.node++;
                    p.off = 0;
                }
            }
        } else {
            Pos p = locate(first + n - 1);
            for (;;) {
                const PackedNode* nd = &node(p.node);
                fn(nd->at(p.off));
                if (--n == 0) return;
                if (p.off == 0) {
                    nd = &node(--p.node);
                    p.off = nd->bytes();
                }
                p.off = nd->prev(p.off);
            }
        }
    }

    // For tests: checks the internal invariants (counts, no empty nodes in a quicklist, node
    // size limits).
    // The quicklist nodes as Redis would hold them (one node for the compact form): RDB files
    // store a list node by node. Calls fn(element) for each element of node i in order.
    template <class Fn>
    void for_each_in_node(size_t i, Fn&& fn) const {
        const PackedNode& nd = node(i);
        for (size_t off = 0; off < nd.bytes(); off = nd.next(off)) fn(nd.at(off));
    }

    bool check_invariants() const;

private:
    struct Pos {
        size_t node;
        size_t off;
    };

    PackedNode single_;                              // the compact encoding
    std::unique_ptr<std::deque<PackedNode>> nodes_;  // the quicklist encoding
    size_t size_ = 0;
    int16_t fill_ = -2;
    int compress_depth_ = 0;

    const PackedNode& node(size_t i) const { return nodes_ ? (*nodes_)[i] : single_; }
    PackedNode& node(size_t i) { return nodes_ ? (*nodes_)[i] : single_; }
    size_t nodes() const { return nodes_ ? nodes_->size() : 1; }

    Pos locate(size_t index) const;  // index < size()
    bool fits(size_t bytes, size_t count) const;
    bool allow_insert(const PackedNode& n, size_t len) const;
    static bool is_large(size_t len);
    static bool has_large(const PackedNode& n);  // holds an element that needs a plain node
    // A new first / last node for a push of len bytes that the current one refused.
    PackedNode& new_end_node(bool front, size_t len);
    void to_quicklist();
    // Splits node i while it is over the limits.
    void rebalance(size_t i);
    // Drops node i if it became empty (quicklist only). True if dropped.
    bool drop_if_empty(size_t i);
};

}  // namespace cairn::db
