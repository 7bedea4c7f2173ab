#include "db/skiplist.hpp"

#include <new>

#include "db/dict.hpp"

namespace cairn::db {

namespace {

// n sorts before (score, member). The member bytes (another allocation) are read only on a
// score tie, so a descent touches one cache line per node as Redis's does.
inline bool before(const SkipList::Node* n, double score, std::string_view member) {
    return n->score < score || (n->score == score && n->member() < member);
}

}  // namespace

SkipList::Node* SkipList::make_node(int height, double score, const std::string* ele) {
    void* mem = ::operator new(sizeof(Node) + sizeof(Level) * static_cast<size_t>(height));
    Node* n = new (mem) Node{ele, score, nullptr};
    Level* lv = n->levels();
    for (int i = 0; i < height; i++) new (&lv[i]) Level{nullptr, 0};
    return n;
}

void SkipList::free_node(Node* n) {
    n->~Node();
    ::operator delete(n);
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

SkipList::SkipList() : header_(make_node(kMaxLevel, 0, nullptr)) {}

SkipList::~SkipList() {
    Node* x = header_->levels()[0].forward;
    while (x) {
        Node* next = x->levels()[0].forward;
        free_node(x);
        x = next;
    }
    free_node(header_);
}

SkipList::Node* SkipList::insert(double score, const std::string& member) {
    Node* update[kMaxLevel];
    size_t rank[kMaxLevel];
    Node* x = header_;
    for (int i = level_ - 1; i >= 0; i--) {
        rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
        while (x->levels()[i].forward && before(x->levels()[i].forward, score, member)) {
            rank[i] += x->levels()[i].span;
            x = x->levels()[i].forward;
        }
        update[i] = x;
    }
    const int level = random_level();
    if (level > level_) {
        for (int i = level_; i < level; i++) {
            rank[i] = 0;
            update[i] = header_;
            update[i]->levels()[i].span = length_;
        }
        level_ = level;
    }
    x = make_node(level, score, &member);
    for (int i = 0; i < level; i++) {
        x->levels()[i].forward = update[i]->levels()[i].forward;
        update[i]->levels()[i].forward = x;
        x->levels()[i].span = update[i]->levels()[i].span - (rank[0] - rank[i]);
        update[i]->levels()[i].span = (rank[0] - rank[i]) + 1;
    }
    for (int i = level; i < level_; i++) update[i]->levels()[i].span++;
    x->backward = update[0] == header_ ? nullptr : update[0];
    if (x->levels()[0].forward) {
        x->levels()[0].forward->backward = x;
    } else {
        tail_ = x;
    }
    length_++;
    return x;
}

void SkipList::unlink(Node* x, Node** update) {
    for (int i = 0; i < level_; i++) {
        if (update[i]->levels()[i].forward == x) {
            update[i]->levels()[i].span += x->levels()[i].span - 1;
            update[i]->levels()[i].forward = x->levels()[i].forward;
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
}

bool SkipList::erase(double score, std::string_view member) {
    Node* update[kMaxLevel];
    Node* x = header_;
    for (int i = level_ - 1; i >= 0; i--) {
        while (x->levels()[i].forward && before(x->levels()[i].forward, score, member)) {
            x = x->levels()[i].forward;
        }
        update[i] = x;
    }
    x = x->levels()[0].forward;
    if (!x || x->score != score || x->member() != member) return false;
    unlink(x, update);
    free_node(x);
    return true;
}

SkipList::Node* SkipList::update_score(double old_score, std::string_view member,
                                       double new_score) {
    Node* update[kMaxLevel];
    Node* x = header_;
    for (int i = level_ - 1; i >= 0; i--) {
        while (x->levels()[i].forward && before(x->levels()[i].forward, old_score, member)) {
            x = x->levels()[i].forward;
        }
        update[i] = x;
    }
    x = x->levels()[0].forward;
    // The position stays right when the new score still sits between the neighbours.
    Node* next = x->levels()[0].forward;
    if ((x->backward == nullptr || x->backward->score < new_score) &&
        (next == nullptr || next->score > new_score)) {
        x->score = new_score;
        return x;
    }
    unlink(x, update);
    const std::string* ele = x->ele;
    free_node(x);
    return insert(new_score, *ele);
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
