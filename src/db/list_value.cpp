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

char* allocate(size_t n) {
    void* p = std::malloc(n);
    if (!p) throw std::bad_alloc();
    return static_cast<char*>(p);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// PackedNode

PackedNode::PackedNode(const PackedNode& other) : count_(other.count_) {
    const size_t used = other.bytes();
    if (used > 0) {
        buf_ = allocate(used);
        std::memcpy(buf_, other.buf_ + other.head_, used);
        cap_ = used;
        tail_ = used;
    }
}

PackedNode& PackedNode::operator=(const PackedNode& other) {
    if (this != &other) {
        PackedNode copy(other);
        *this = std::move(copy);
    }
    return *this;
}

PackedNode::PackedNode(PackedNode&& other) noexcept
    : buf_(other.buf_),
      cap_(other.cap_),
      head_(other.head_),
      tail_(other.tail_),
      count_(other.count_) {
    other.buf_ = nullptr;
    other.cap_ = other.head_ = other.tail_ = other.count_ = 0;
}

PackedNode& PackedNode::operator=(PackedNode&& other) noexcept {
    if (this != &other) {
        std::free(buf_);
        buf_ = other.buf_;
        cap_ = other.cap_;
        head_ = other.head_;
        tail_ = other.tail_;
        count_ = other.count_;
        other.buf_ = nullptr;
        other.cap_ = other.head_ = other.tail_ = other.count_ = 0;
    }
    return *this;
}

PackedNode::~PackedNode() {
    std::free(buf_);
}

size_t PackedNode::read_forward_slow(const char* p, size_t& len) {
    size_t v = 0;
    size_t i = 0;
    unsigned shift = 0;
    for (;;) {
        unsigned char b = static_cast<unsigned char>(p[i++]);
        v |= static_cast<size_t>(b & 127) << shift;
        if (!(b & 128)) break;
        shift += 7;
    }
    len = v;
    return i;
}

size_t PackedNode::read_backward_slow(const char* end, size_t& len) {
    size_t v = 0;
    size_t i = 0;
    unsigned shift = 0;
    for (;;) {
        unsigned char b = static_cast<unsigned char>(end[-1 - static_cast<ptrdiff_t>(i)]);
        i++;
        v |= static_cast<size_t>(b & 127) << shift;
        if (!(b & 128)) break;
        shift += 7;
    }
    len = v;
    return i;
}

void PackedNode::write_entry(char* p, std::string_view v) {
    size_t len = v.size();
    const size_t n = varint_size(len);
    // Forward length: 7-bit groups, least significant first, high bit = more follow.
    size_t x = len;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = static_cast<unsigned char>(x & 127);
        x >>= 7;
        if (i + 1 < n) b |= 128;
        *p++ = static_cast<char>(b);
    }
    if (len) std::memcpy(p, v.data(), len);
    p += len;
    // Backward length: the same groups mirrored, so reading from the end finds the least
    // significant group first.
    x = len;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = static_cast<unsigned char>(x & 127);
        x >>= 7;
        if (i + 1 < n) b |= 128;
        p[n - 1 - i] = static_cast<char>(b);
    }
}

bool PackedNode::equals(size_t off, std::string_view v) const {
    return at(off) == v;
}

void PackedNode::reallocate(size_t new_cap, size_t off, size_t rm, size_t ins, Slack hint) {
    const size_t used = bytes();
    const size_t pre = off;
    const size_t suf = used - off - rm;
    const size_t need = used - rm + ins;
    const size_t slack = new_cap - need;
    size_t new_head;
    switch (hint) {
        case Slack::Front:
            // All in front, unless the back had room too (then a quarter stays there).
            new_head = count_ > 0 && tail_ < cap_ ? slack - slack / 4 : slack;
            break;
        case Slack::Back:
            new_head = head_ > 0 ? slack / 4 : 0;
            break;
        default:
            new_head = slack / 2;
            break;
    }
    char* nb = allocate(new_cap);
    if (pre) std::memcpy(nb + new_head, buf_ + head_, pre);
    if (suf) std::memcpy(nb + new_head + pre + ins, buf_ + head_ + off + rm, suf);
    std::free(buf_);
    buf_ = nb;
    cap_ = new_cap;
    head_ = new_head;
    tail_ = new_head + need;
}

char* PackedNode::splice(size_t off, size_t rm, size_t ins, Slack hint) {
    const size_t used = bytes();
    const size_t pre = off;
    const size_t suf = used - off - rm;
    if (ins <= rm) {
        const size_t d = rm - ins;
        if (d == 0) return buf_ + head_ + off;
        if (pre < suf) {
            std::memmove(buf_ + head_ + d, buf_ + head_, pre);
            head_ += d;
        } else {
            std::memmove(buf_ + head_ + off + ins, buf_ + head_ + off + rm, suf);
            tail_ -= d;
        }
        return buf_ + head_ + off;
    }
    const size_t d = ins - rm;
    const bool room_front = head_ >= d;
    const bool room_back = cap_ - tail_ >= d;
    if (room_front && (!room_back || pre <= suf)) {
        std::memmove(buf_ + head_ - d, buf_ + head_, pre);
        head_ -= d;
    } else if (room_back) {
        std::memmove(buf_ + head_ + off + ins, buf_ + head_ + off + rm, suf);
        tail_ += d;
    } else {
        const size_t need = used + d;
        // Recentre in a same-sized buffer while at most half full, else grow by about
        // half again the needed size (doubling for small nodes, bounded for huge elements).
        size_t new_cap = cap_;
        if (count_ == 0) {
            new_cap = need;  // the first entry: often the only one, or a reserve() was too small
        } else if (need > cap_ / 2) {
            new_cap = need + std::clamp<size_t>(need, 16, 64 * 1024);
        }
        reallocate(new_cap, off, rm, ins, hint);
    }
    return buf_ + head_ + off;
}

void PackedNode::maybe_shrink() {
    if (count_ == 0) {
        if (cap_ > 64) {
            std::free(buf_);
            buf_ = nullptr;
            cap_ = 0;
        }
        head_ = tail_ = 0;
        return;
    }
    const size_t used = bytes();
    if (cap_ > 256 && used * 4 < cap_)
        reallocate(std::max<size_t>(used * 2, 64), 0, 0, 0, Slack::Middle);
}

void PackedNode::push_front(std::string_view v) {
    const size_t es = entry_size(v.size());
    write_entry(splice(0, 0, es, Slack::Front), v);
    count_++;
}

void PackedNode::push_back(std::string_view v) {
    const size_t es = entry_size(v.size());
    write_entry(splice(bytes(), 0, es, Slack::Back), v);
    count_++;
}

void PackedNode::pop_front() {
    erase(0);
}

void PackedNode::pop_back() {
    erase(prev(bytes()));
}

void PackedNode::insert(size_t off, std::string_view v) {
    const size_t es = entry_size(v.size());
    Slack hint = off == 0 ? Slack::Front : off == bytes() ? Slack::Back : Slack::Middle;
    write_entry(splice(off, 0, es, hint), v);
    count_++;
}

void PackedNode::erase(size_t off) {
    splice(off, next(off) - off, 0, Slack::Middle);
    count_--;
    maybe_shrink();
}

void PackedNode::erase_bytes(size_t off, size_t len, size_t n) {
    if (n == 0) return;
    splice(off, len, 0, Slack::Middle);
    count_ -= n;
    maybe_shrink();
}

void PackedNode::replace(size_t off, std::string_view v) {
    const size_t old = next(off) - off;
    write_entry(splice(off, old, entry_size(v.size()), Slack::Middle), v);
    maybe_shrink();
}

PackedNode PackedNode::split(size_t off, size_t first_index) {
    PackedNode right;
    const size_t moved = bytes() - off;
    if (moved > 0) {
        right.buf_ = allocate(moved);
        std::memcpy(right.buf_, buf_ + head_ + off, moved);
        right.cap_ = moved;
        right.tail_ = moved;
    }
    right.count_ = count_ - first_index;
    tail_ = head_ + off;
    count_ = first_index;
    maybe_shrink();
    return right;
}

void PackedNode::append(const PackedNode& other) {
    const size_t n = other.bytes();
    if (n == 0) return;
    std::memcpy(splice(bytes(), 0, n, Slack::Back), other.buf_ + other.head_, n);
    count_ += other.count_;
}

void PackedNode::reserve(size_t bytes, bool for_front) {
    if (count_ != 0 || bytes <= cap_) return;
    std::free(buf_);
    buf_ = allocate(bytes);
    cap_ = bytes;
    head_ = tail_ = for_front ? bytes : 0;
}

void PackedNode::shrink_to_fit() {
    const size_t used = bytes();
    if (used == 0 || cap_ - used < 64) return;
    reallocate(used, 0, 0, 0, Slack::Middle);
}

void PackedNode::clear() {
    std::free(buf_);
    buf_ = nullptr;
    cap_ = head_ = tail_ = count_ = 0;
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

bool ListValue::fits(size_t bytes, size_t count) const {
    const size_t sz = bytes + kNodeOverhead;
    if (fill_ < 0) return sz <= kSizeLevels[-fill_ - 1];
    return sz <= kSizeSafetyLimit && count <= static_cast<size_t>(fill_);
}

bool ListValue::allow_insert(const PackedNode& n, size_t len) const {
    if (n.empty()) return true;
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
    if (fill_ < 0) {
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
        if (n.count() < 2 || fits(n.bytes(), n.count())) return;
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
        if (c >= 2 && !fits(n.bytes(), n.count())) return false;
        total += c;
    }
    return total == size_;
}

}  // namespace cairn::db
