#include "db/list_value.hpp"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace cairn::db {

namespace {

// quicklist.c: optimization_level[] (fill -1 .. -5) and SIZE_SAFETY_LIMIT.
constexpr size_t kSizeLevels[] = {4096, 8192, 16384, 32768, 65536};
constexpr size_t kSizeSafetyLimit = 8192;
// A listpack's header (6 bytes) and end byte, counted in a node's size as Redis does.
constexpr size_t kNodeOverhead = 7;
// quicklistSetFill's bounds (FILL_MAX with 16 fill bits).
constexpr int kFillMax = (1 << 15) - 1;
// quicklist.c's packed_threshold: elements at least this long get a node of their own (a
// "plain" node). 1 GB by default; DEBUG QUICKLIST-PACKED-THRESHOLD changes it process-wide.
constexpr uint64_t kDefaultPackedThreshold = 1ULL << 30;
uint64_t g_packed_threshold = kDefaultPackedThreshold;

}  // namespace

bool ListValue::set_packed_threshold(uint64_t bytes) {
    // quicklistisSetPackedThreshold: up to 4 GB minus 1 MB; 0 restores the default.
    if (bytes > (1ULL << 32) - (1ULL << 20)) return false;
    g_packed_threshold = bytes == 0 ? kDefaultPackedThreshold : bytes;
    return true;
}

uint64_t ListValue::packed_threshold() {
    return g_packed_threshold;
}

bool ListValue::is_large(size_t len) {
    return len >= g_packed_threshold;
}

bool ListValue::has_large(const PackedNode& n) {
    if (n.bytes() < g_packed_threshold) return false;  // no element can be that long
    for (size_t off = 0; off < n.bytes(); off = n.next(off)) {
        if (is_large(n.at(off).size())) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// ListValue

ListValue::ListValue(int fill, int compress_depth) : compress_depth_(compress_depth) {
    if (fill > kFillMax) fill = kFillMax;
    if (fill < -5) fill = -5;
    fill_ = static_cast<int16_t>(fill);
}

ListValue::ListValue(const ListValue& other)
    : Payload(other),
      single_(other.single_),
      size_(other.size_),
      fill_(other.fill_),
      compress_depth_(other.compress_depth_) {
    if (other.nodes_) nodes_ = std::make_unique<std::deque<PackedNode>>(*other.nodes_);
}

std::unique_ptr<Payload> ListValue::clone() const {
    return std::make_unique<ListValue>(*this);
}

size_t ListValue::memory_usage(size_t samples) const {
    // Nodes are few and each is one buffer: all of them are counted, as Redis does for a
    // quicklist up to `samples` nodes (there a node holds many elements too).
    (void)samples;
    size_t n = sizeof(ListValue);
    if (!nodes_) return n + single_.capacity();
    n += sizeof(std::deque<PackedNode>) + nodes_->size() * sizeof(PackedNode);
    for (const PackedNode& nd : *nodes_) n += nd.capacity();
    return n;
}

bool ListValue::fits(size_t bytes, size_t count) const {
    const size_t sz = bytes + kNodeOverhead;
    if (fill_ < 0) return sz <= kSizeLevels[-fill_ - 1];
    return sz <= kSizeSafetyLimit && count <= static_cast<size_t>(fill_);
}

bool ListValue::allow_insert(const PackedNode& n, size_t len) const {
    if (n.empty()) return true;
    // A large element and a plain node's element share a node with nothing else.
    if (is_large(len) || has_large(n)) return false;
    return fits(n.bytes() + PackedNode::entry_size(len), n.count() + 1);
}

void ListValue::to_quicklist() {
    nodes_ = std::make_unique<std::deque<PackedNode>>();
    if (!single_.empty()) {
        single_.shrink_to_fit();
        nodes_->push_back(std::move(single_));
    }
    single_.clear();
}

PackedNode& ListValue::new_end_node(bool front, size_t len) {
    auto& dq = *nodes_;
    if (!dq.empty()) (front ? dq.front() : dq.back()).shrink_to_fit();
    PackedNode& n = front ? dq.emplace_front() : dq.emplace_back();
    // With a byte limit the new node will most likely fill up to it: allocate it once.
    if (fill_ < 0 && !is_large(len)) {
        const size_t limit = kSizeLevels[-fill_ - 1] - kNodeOverhead;
        if (PackedNode::entry_size(len) < limit) n.reserve(limit, front);
    }
    return n;
}

bool ListValue::drop_if_empty(size_t i) {
    if (!nodes_ || !(*nodes_)[i].empty()) return false;
    nodes_->erase(nodes_->begin() + static_cast<ptrdiff_t>(i));
    return true;
}

void ListValue::push_front(std::string_view v) {
    if (!nodes_) {
        if (allow_insert(single_, v.size())) {
            single_.push_front(v);
            size_++;
            return;
        }
        to_quicklist();
    }
    auto& dq = *nodes_;
    if (dq.empty() || !allow_insert(dq.front(), v.size())) {
        new_end_node(true, v.size()).push_front(v);
    } else {
        dq.front().push_front(v);
    }
    size_++;
}

void ListValue::push_back(std::string_view v) {
    if (!nodes_) {
        if (allow_insert(single_, v.size())) {
            single_.push_back(v);
            size_++;
            return;
        }
        to_quicklist();
    }
    auto& dq = *nodes_;
    if (dq.empty() || !allow_insert(dq.back(), v.size())) {
        new_end_node(false, v.size()).push_back(v);
    } else {
        dq.back().push_back(v);
    }
    size_++;
}

std::string_view ListValue::front() const {
    return node(0).at(0);
}

std::string_view ListValue::back() const {
    const PackedNode& n = node(nodes() - 1);
    return n.at(n.prev(n.bytes()));
}

void ListValue::pop_front() {
    node(0).pop_front();
    size_--;
    drop_if_empty(0);
}

void ListValue::pop_back() {
    const size_t last = nodes() - 1;
    node(last).pop_back();
    size_--;
    drop_if_empty(last);
}

ListValue::Pos ListValue::locate(size_t index) const {
    size_t i = 0;
    size_t k = index;  // index within node i
    if (nodes_) {
        const auto& dq = *nodes_;
        if (index < size_ / 2) {
            while (k >= dq[i].count()) {
                k -= dq[i].count();
                i++;
            }
        } else {
            size_t rem = size_ - 1 - index;  // distance from the end
            i = dq.size() - 1;
            while (rem >= dq[i].count()) {
                rem -= dq[i].count();
                i--;
            }
            k = dq[i].count() - 1 - rem;
        }
    }
    const PackedNode& n = node(i);
    size_t off;
    if (k < n.count() / 2) {
        off = 0;
        while (k--) off = n.next(off);
    } else {
        off = n.bytes();
        for (size_t steps = n.count() - k; steps > 0; steps--) off = n.prev(off);
    }
    return {i, off};
}

std::optional<std::string_view> ListValue::at(long long index) const {
    const long long len = static_cast<long long>(size_);
    if (index < 0) index += len;
    if (index < 0 || index >= len) return std::nullopt;
    Pos p = locate(static_cast<size_t>(index));
    return node(p.node).at(p.off);
}

bool ListValue::set(long long index, std::string_view v) {
    const long long len = static_cast<long long>(size_);
    if (index < 0) index += len;
    if (index < 0 || index >= len) return false;
    Pos p = locate(static_cast<size_t>(index));
    node(p.node).replace(p.off, v);
    rebalance(p.node);
    return true;
}

void ListValue::rebalance(size_t i) {
    {
        const PackedNode& n = node(i);
        if (n.count() < 2 || (fits(n.bytes(), n.count()) && !has_large(n))) return;
    }
    if (!nodes_) {
        to_quicklist();
        i = 0;
    }
    auto& dq = *nodes_;
    PackedNode& n = dq[i];
    const size_t half = n.count() / 2;
    size_t off = 0;
    for (size_t k = 0; k < half; k++) off = n.next(off);
    PackedNode right = n.split(off, half);
    dq.insert(dq.begin() + static_cast<ptrdiff_t>(i) + 1, std::move(right));
    rebalance(i + 1);
    rebalance(i);
}

bool ListValue::insert(std::string_view pivot, std::string_view v, bool after) {
    for (size_t i = 0; i < nodes(); i++) {
        PackedNode& n = node(i);
        for (size_t off = 0; off < n.bytes(); off = n.next(off)) {
            if (!n.equals(off, pivot)) continue;
            n.insert(after ? n.next(off) : off, v);
            size_++;
            rebalance(i);
            return true;
        }
    }
    return false;
}

size_t ListValue::remove(std::string_view v, long long count) {
    size_t removed = 0;
    if (count >= 0) {
        const size_t limit = static_cast<size_t>(count);
        size_t i = 0;
        while (i < nodes()) {
            PackedNode& n = node(i);
            size_t off = 0;
            bool done = false;
            while (off < n.bytes()) {
                if (n.equals(off, v)) {
                    n.erase(off);
                    removed++;
                    if (limit && removed == limit) {
                        done = true;
                        break;
                    }
                } else {
                    off = n.next(off);
                }
            }
            if (!drop_if_empty(i)) i++;
            if (done) break;
        }
    } else {
        // LLONG_MIN: Redis negates it (staying negative) and so removes every match.
        const size_t limit = count == LLONG_MIN ? 0 : static_cast<size_t>(-count);
        size_t i = nodes();
        bool done = false;
        while (i > 0 && !done) {
            i--;
            PackedNode& n = node(i);
            size_t off = n.bytes();
            while (off > 0) {
                off = n.prev(off);
                if (n.equals(off, v)) {
                    n.erase(off);
                    removed++;
                    if (limit && removed == limit) {
                        done = true;
                        break;
                    }
                }
            }
            drop_if_empty(i);
        }
    }
    size_ -= removed;
    return removed;
}

void ListValue::erase_range(size_t first, size_t n) {
    if (n == 0) return;
    if (first == 0 && n == size_) {
        clear();
        return;
    }
    Pos p = locate(first);
    size_ -= n;
    while (n > 0) {
        PackedNode& nd = node(p.node);
        if (p.off == 0 && n >= nd.count() && nodes_) {
            // Whole nodes: drop the run in one erase.
            size_t j = p.node;
            while (j < nodes_->size() && n >= (*nodes_)[j].count()) {
                n -= (*nodes_)[j].count();
                j++;
            }
            nodes_->erase(nodes_->begin() + static_cast<ptrdiff_t>(p.node),
                          nodes_->begin() + static_cast<ptrdiff_t>(j));
            p.off = 0;
            continue;
        }
        size_t end = p.off;
        size_t k = 0;
        while (k < n && end < nd.bytes()) {
            end = nd.next(end);
            k++;
        }
        nd.erase_bytes(p.off, end - p.off, k);
        n -= k;
        if (!drop_if_empty(p.node)) p.node++;
        p.off = 0;
    }
}

void ListValue::keep_range(size_t start, size_t n) {
    erase_range(start + n, size_ - start - n);
    erase_range(0, start);
}

std::vector<long long> ListValue::positions(std::string_view v, long long rank, long long count,
                                            long long maxlen) const {
    std::vector<long long> out;
    const bool from_tail = rank < 0;
    // Redis negates a negative rank; LLONG_MIN stays negative and matches from the first hit.
    const unsigned long long want =
        rank == LLONG_MIN ? 1 : static_cast<unsigned long long>(rank < 0 ? -rank : rank);
    const long long len = static_cast<long long>(size_);
    unsigned long long matches = 0;
    long long index = 0;
    auto visit = [&](const PackedNode& n, size_t off) {
        if (maxlen != 0 && index >= maxlen) return false;
        if (n.equals(off, v)) {
            matches++;
            if (matches >= want) {
                out.push_back(from_tail ? len - index - 1 : index);
                if (count != 0 && static_cast<long long>(out.size()) >= count) return false;
            }
        }
        index++;
        return true;
    };
    if (!from_tail) {
        for (size_t i = 0; i < nodes(); i++) {
            const PackedNode& n = node(i);
            for (size_t off = 0; off < n.bytes(); off = n.next(off)) {
                if (!visit(n, off)) return out;
            }
        }
    } else {
        for (size_t i = nodes(); i > 0; i--) {
            const PackedNode& n = node(i - 1);
            size_t off = n.bytes();
            while (off > 0) {
                off = n.prev(off);
                if (!visit(n, off)) return out;
            }
        }
    }
    return out;
}

void ListValue::clear() {
    single_.clear();
    if (nodes_) nodes_->clear();
    size_ = 0;
}

bool ListValue::check_invariants() const {
    size_t total = 0;
    for (size_t i = 0; i < nodes(); i++) {
        const PackedNode& n = node(i);
        if (nodes_ && n.empty()) return false;
        size_t c = 0;
        size_t off = 0;
        while (off < n.bytes()) {
            off = n.next(off);
            c++;
        }
        if (off != n.bytes() || c != n.count()) return false;
        // Walking back must find the same entries.
        size_t back = 0;
        off = n.bytes();
        while (off > 0) {
            off = n.prev(off);
            back++;
        }
        if (off != 0 || back != c) return false;
        if (c >= 2 && (!fits(n.bytes(), n.count()) || has_large(n))) return false;
        total += c;
    }
    return total == size_;
}

}  // namespace cairn::db
