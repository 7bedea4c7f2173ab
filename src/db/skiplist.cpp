#include "db/skiplist.hpp"

#include <new>

#include "db/dict.hpp"
#include "util/prefetch.hpp"

namespace cairn::db {

namespace {

// n sorts before (score, member). The member bytes (another allocation) are read only on a
// score tie, so a descent touches one cache line per node as Redis's does.
inline bool before(const SkipList::Node* n, double score, std::string_view member) {
    return n->score < score || (n->score == score && n->member() < member);
}

}  // namespace

SkipList::Node* SkipList::make_node(int height, double score, std::string_view ele) {
    Node* n = new (arena_.allocate(node_bytes(height), height)) Node{ele, score, nullptr};
    Level* lv = n->levels();
    for (int i = 0; i < height; i++) new (&lv[i]) Level{nullptr, 0};
    return n;
}

// zslRandomLevel: each further level with probability 1/4.
int SkipList::random_level() {
    int level = 1;
    uint64_t r = dict_random();
    // 2 random bits per level; draw again if the word runs out (practically never).
    while ((r & 3) == 0 && level < kMaxLevel) {
        level++;
        r >>= 2;
        if (r == 0) r = dict_random();
    }
    return level;
}

SkipList::SkipList() {
    void* mem = ::operator new(node_bytes(kMaxLevel));
    header_ = new (mem) Node{{}, 0, nullptr};
    for (int i = 0; i < kMaxLevel; i++) new (&header_->levels()[i]) Level{nullptr, 0};
}

// The nodes need no destruction: their memory goes with the arena.
SkipList::~SkipList() {
    ::operator delete(header_);
}

void SkipList::find_path(double score, std::string_view member, Node** update, size_t* rank) const {
    Node* x = header_;
    size_t traversed = 0;
    for (int i = level_ - 1; i >= 0; i--) {
        // Start loading the node one level down while this level's comparisons run: the
        // descent is a chain of cache misses, and this overlaps two of them.
        if (i > 0) util::prefetch(x->levels()[i - 1].forward);
        while (x->levels()[i].forward && before(x->levels()[i].forward, score, member)) {
            traversed += x->levels()[i].span;
            x = x->levels()[i].forward;
            if (i > 0) util::prefetch(x->levels()[i - 1].forward);
        }
        update[i] = x;
        if (rank) rank[i] = traversed;
    }
}

void SkipList::link(Node* x, int height, Node** update, const size_t* rank) {
    if (height > level_) {
        for (int i = level_; i < height; i++) {
            update[i] = header_;
            update[i]->levels()[i].span = length_;
        }
        level_ = height;
    }
    // rank[i] is 0 for the header, so the levels above the old top need no entry.
    auto rank_at = [&](int i) { return update[i] == header_ ? 0 : rank[i]; };
    for (int i = 0; i < height; i++) {
        const size_t gap = rank[0] - rank_at(i);  // nodes between update[i] and x's place
        x->levels()[i].forward = update[i]->levels()[i].forward;
        update[i]->levels()[i].forward = x;
        x->levels()[i].span = update[i]->levels()[i].span - gap;
        update[i]->levels()[i].span = gap + 1;
    }
    for (int i = height; i < level_; i++) update[i]->levels()[i].span++;
    x->backward = update[0] == header_ ? nullptr : update[0];
    if (x->levels()[0].forward) {
        x->levels()[0].forward->backward = x;
    } else {
        tail_ = x;
    }
    length_++;
}

SkipList::Node* SkipList::insert(double score, std::string_view member) {
    Node* update[kMaxLevel];
    size_t rank[kMaxLevel];
    find_path(score, member, update, rank);
    const int height = random_level();
    Node* x = make_node(height, score, member);
    link(x, height, update, rank);
    return x;
}

int SkipList::unlink(Node* x, Node** update) {
    int height = 0;
    for (int i = 0; i < level_; i++) {
        if (update[i]->levels()[i].forward == x) {
            update[i]->levels()[i].span += x->levels()[i].span - 1;
            update[i]->levels()[i].forward = x->levels()[i].forward;
            height++;
        } else {
            update[i]->levels()[i].span -= 1;
        }
    }
    if (x->levels()[0].forward) {
        x->levels()[0].forward->backward = x->backward;
    } else {
        tail_ = x->backward;
    }
    while (level_ > 1 && header_->levels()[level_ - 1].forward == nullptr) level_--;
    length_--;
    return height;
}

bool SkipList::erase(double score, std::string_view member) {
    Node* update[kMaxLevel];
    find_path(score, member, update, nullptr);
    Node* x = update[0]->levels()[0].forward;
    if (!x || x->score != score || x->member() != member) return false;
    free_node(x, unlink(x, update));
    return true;
}

SkipList::Node* SkipList::update_score(double old_score, std::string_view member,
                                       double new_score) {
    // One pass walks two paths: to the member's place now (old_*) and to its place with the
    // new score (new_*). Each walk is a chain of cache misses; side by side, with prefetches,
    // the memory system serves both at once instead of one descent after the other.
    Node* old_path[kMaxLevel];
    Node* new_path[kMaxLevel];
    size_t old_rank[kMaxLevel];
    size_t new_rank[kMaxLevel];
    Node* a = header_;
    Node* b = header_;
    size_t ra = 0;
    size_t rb = 0;
    for (int i = level_ - 1; i >= 0; i--) {
        if (i > 0) {
            util::prefetch(a->levels()[i - 1].forward);
            util::prefetch(b->levels()[i - 1].forward);
        }
        while (a->levels()[i].forward && before(a->levels()[i].forward, old_score, member)) {
            ra += a->levels()[i].span;
            a = a->levels()[i].forward;
            if (i > 0) util::prefetch(a->levels()[i - 1].forward);
        }
        while (b->levels()[i].forward && before(b->levels()[i].forward, new_score, member)) {
            rb += b->levels()[i].span;
            b = b->levels()[i].forward;
            if (i > 0) util::prefetch(b->levels()[i - 1].forward);
        }
        old_path[i] = a;
        old_rank[i] = ra;
        new_path[i] = b;
        new_rank[i] = rb;
    }
    Node* x = a->levels()[0].forward;
    // The position stays right when the new score still sits between the neighbours.
    Node* next = x->levels()[0].forward;
    if ((x->backward == nullptr || x->backward->score < new_score) &&
        (next == nullptr || next->score > new_score)) {
        x->score = new_score;
        return x;
    }
    // The new path was walked with x still in the list. Without it, a level that stopped on
    // x stops on x's predecessor there (the old path's node), and ranks past x drop by one.
    const size_t x_rank = old_rank[0] + 1;
    for (int i = 0; i < level_; i++) {
        if (new_path[i] == x) {
            new_path[i] = old_path[i];
            new_rank[i] = old_rank[i];
        } else if (new_rank[i] > x_rank) {
            new_rank[i]--;
        }
    }
    // Relink the node itself, keeping its height (a height drawn at random once is as random
    // as a new draw) and its memory.
    const int height = unlink(x, old_path);
    x->score = new_score;
    link(x, height, new_path, new_rank);
    return x;
}

void SkipList::compact_nodes() {
    NodeArena fresh;
    arena_.swap(fresh);  // fresh now holds the old nodes until this returns
    // last[i]: the newest node so far that is linked on level i (the header at first).
    // old_next[i]: the old node that level i reaches next, which tells each old node's height.
    Node* last[kMaxLevel] = {};
    Node* old_next[kMaxLevel] = {};
    for (int i = 0; i < level_; i++) {
        last[i] = header_;
        old_next[i] = header_->levels()[i].forward;
    }
    Node* prev = nullptr;
    for (Node* old = old_next[0]; old;) {
        int height = 0;
        while (height < level_ && old_next[height] == old) height++;
        Node* x = make_node(height, old->score, old->ele);
        for (int i = 0; i < height; i++) {
            x->levels()[i].span = old->levels()[i].span;
            old_next[i] = old->levels()[i].forward;
            last[i]->levels()[i].forward = x;
            last[i] = x;
        }
        x->backward = prev;
        prev = x;
        old = old_next[0];
    }
    for (int i = 0; i < level_; i++) last[i]->levels()[i].forward = nullptr;
    tail_ = prev;
}

size_t SkipList::rank_of(double score, std::string_view member) const {
    const Node* x = header_;
    size_t rank = 0;
    for (int i = level_ - 1; i >= 0; i--) {
        while (x->levels()[i].forward && (before(x->levels()[i].forward, score, member) ||
                                          (x->levels()[i].forward->score == score &&
                                           x->levels()[i].forward->member() == member))) {
            rank += x->levels()[i].span;
            x = x->levels()[i].forward;
        }
        if (x != header_ && x->score == score && x->member() == member) return rank;
    }
    return 0;
}

SkipList::Node* SkipList::at(size_t rank) const {
    if (rank >= length_) return nullptr;
    const size_t want = rank + 1;  // spans count 1-based ranks
    Node* x = header_;
    size_t traversed = 0;
    for (int i = level_ - 1; i >= 0; i--) {
        while (x->levels()[i].forward && traversed + x->levels()[i].span <= want) {
            traversed += x->levels()[i].span;
            x = x->levels()[i].forward;
        }
        if (traversed == want) return x;
    }
    return nullptr;
}

bool SkipList::check_invariants() const {
    // Level 0: order, backward links, length and tail.
    size_t n = 0;
    const Node* prev = nullptr;
    for (const Node* x = first(); x; x = x->next()) {
        if (x->backward != prev) return false;
        if (prev && !zless(prev->score, prev->member(), x->score, x->member())) return false;
        prev = x;
        n++;
    }
    if (n != length_ || tail_ != prev) return false;
    // Every level: the spans add up to each node's rank.
    for (int i = 0; i < level_; i++) {
        size_t rank = 0;
        for (const Node* x = header_; x->levels()[i].forward; x = x->levels()[i].forward) {
            rank += x->levels()[i].span;
            const Node* f = x->levels()[i].forward;
            if (rank_of(f->score, f->member()) != rank) return false;
        }
    }
    return true;
}

}  // namespace cairn::db
