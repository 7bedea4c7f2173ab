// SkipList: Redis's zskiplist (t_zset.c). Elements are (score, member) pairs ordered by score,
// then by member bytes; every forward link carries a span (how many elements it skips), so the
// rank of an element and the element at a rank are found in O(log n). Nodes have a backward
// link for reverse walks. Levels are random with p = 1/4, at most 32.
//
// The list does not own member bytes: a node points at a std::string the caller keeps alive,
// at one address, while the node exists (ZSetValue points it at the key of its member dict).
// Like Redis's node (sds ele, score, backward), a node is three words before its levels.
// Nodes live in the list's own NodeArena (see node_arena.hpp for why); a node keeps its
// height when its score changes, and compact() moves every node into a fresh arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "db/node_arena.hpp"

namespace cairn::db {

class SkipList {
public:
    static constexpr int kMaxLevel = 32;

    struct Level;
    struct Node {
        std::string_view ele;  // the member: its bytes belong to the zset's dict entry
        double score;
        Node* backward;
        std::string_view member() const { return ele; }
        // The levels follow the node in the same allocation.
        Level* levels() { return reinterpret_cast<Level*>(this + 1); }
        const Level* levels() const { return reinterpret_cast<const Level*>(this + 1); }
        Node* next() const { return levels()[0].forward; }
        Node* prev() const { return backward; }
    };
    struct Level {
        Node* forward;
        size_t span;
    };

    SkipList();
    ~SkipList();
    SkipList(const SkipList&) = delete;
    SkipList& operator=(const SkipList&) = delete;

    size_t size() const { return length_; }
    Node* first() const { return header_->levels()[0].forward; }
    Node* last() const { return tail_; }

    // The pair must not be in the list yet; member must stay alive (and not move) while the
    // node exists.
    Node* insert(double score, std::string_view member);
    // Removes the element (score, member); false if it is not there.
    bool erase(double score, std::string_view member);
    // Moves (old_score, member), which must exist, to new_score: in place when the order
    // does not change (as zslUpdateScore), otherwise relinked at its new place. The node
    // (the return value) stays the same.
    Node* update_score(double old_score, std::string_view member, double new_score);

    // After removals: whether compact() would give back much memory.
    bool wants_compaction() const { return arena_.wants_compaction(); }
    // Moves every node into a new, dense arena, keeping order, heights and spans, then calls
    // on_move(node) for each node at its new address (so owners can update pointers to it).
    template <class Fn>
    void compact(Fn&& on_move) {
        compact_nodes();
        for (Node* x = first(); x; x = x->next()) on_move(x);
    }

    // 1-based rank of (score, member) as zslGetRank; 0 when absent.
    size_t rank_of(double score, std::string_view member) const;
    // The node at 0-based rank, nullptr when out of range.
    Node* at(size_t rank) const;

    // For tests: order, backward links, length and spans are all consistent.
    bool check_invariants() const;

    // The number of leading elements for which before(node) is true. before must be
    // monotone along the list (true for a prefix, then false): score or lex bounds.
    template <class Pred>
    size_t count_while(Pred before) const {
        const Node* x = header_;
        size_t rank = 0;
        for (int i = level_ - 1; i >= 0; i--) {
            while (x->levels()[i].forward && before(*x->levels()[i].forward)) {
                rank += x->levels()[i].span;
                x = x->levels()[i].forward;
            }
        }
        return rank;
    }

    // Removes the elements of 0-based ranks [start, end), calling on_remove(node) for each
    // before the node is freed. Returns the number removed.
    template <class Fn>
    size_t erase_rank_range(size_t start, size_t end, Fn&& on_remove) {
        if (start >= end || start >= length_) return 0;
        Node* update[kMaxLevel];
        size_t traversed = 0;
        Node* x = header_;
        for (int i = level_ - 1; i >= 0; i--) {
            while (x->levels()[i].forward && traversed + x->levels()[i].span <= start) {
                traversed += x->levels()[i].span;
                x = x->levels()[i].forward;
            }
            update[i] = x;
        }
        x = x->levels()[0].forward;
        size_t removed = 0;
        while (x && traversed < end) {
            Node* next = x->levels()[0].forward;
            const int height = unlink(x, update);
            on_remove(*x);
            free_node(x, height);
            removed++;
            traversed++;
            x = next;
        }
        return removed;
    }

private:
    NodeArena arena_;
    Node* header_;  // its own allocation: it never moves
    Node* tail_ = nullptr;
    size_t length_ = 0;
    int level_ = 1;

    static size_t node_bytes(int height) {
        return sizeof(Node) + sizeof(Level) * static_cast<size_t>(height);
    }
    Node* make_node(int height, double score, std::string_view ele);
    void free_node(Node* n, int height) { arena_.release(n, node_bytes(height), height); }
    static int random_level();
    // Fills update[i] with the last node before (score, member) on each level and, when rank
    // is given, rank[i] with that node's 1-based rank (0 for the header).
    void find_path(double score, std::string_view member, Node** update, size_t* rank) const;
    // Links x, of the given height, after the path from find_path.
    void link(Node* x, int height, Node** update, const size_t* rank);
    // Unlinks x, whose path is in update; returns its height.
    int unlink(Node* x, Node** update);
    void compact_nodes();
};

// The (score, member) order of a sorted set.
inline bool zless(double s1, std::string_view m1, double s2, std::string_view m2) {
    return s1 < s2 || (s1 == s2 && m1 < m2);
}

}  // namespace cairn::db
