#include "db/packed_node.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace cairn::db {

namespace {

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

}  // namespace cairn::db
