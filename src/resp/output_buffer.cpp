#include "resp/output_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace cairn::resp {

namespace {
// Recently freed standard-size blocks, reused to avoid malloc/free per request. Bounded so a
// burst of large replies does not pin memory.
constexpr size_t kPoolMax = 64;
thread_local std::vector<std::unique_ptr<char[]>> g_pool;
}  // namespace

OutputBuffer::~OutputBuffer() {
    clear();
}

OutputBuffer::Block OutputBuffer::take_block(size_t min_capacity) {
    Block b;
    if (min_capacity <= kBlockSize) {
        b.capacity = kBlockSize;
        if (!g_pool.empty()) {
            b.data = std::move(g_pool.back());
            g_pool.pop_back();
            return b;
        }
    } else {
        b.capacity = min_capacity;
    }
    b.data = std::make_unique_for_overwrite<char[]>(b.capacity);
    return b;
}

void OutputBuffer::give_back(Block&& b) {
    if (b.capacity == kBlockSize && g_pool.size() < kPoolMax) g_pool.push_back(std::move(b.data));
}

void OutputBuffer::append(const char* data, size_t len) {
    if (len == 0 || stopped_) return;
    pending_ += len;
    if (head_ < blocks_.size()) {
        Block& last = blocks_.back();
        size_t room = last.capacity - last.used;
        size_t n = std::min(room, len);
        std::memcpy(last.data.get() + last.used, data, n);
        last.used += n;
        data += n;
        len -= n;
    }
    if (len > 0) {
        Block b = take_block(len);
        std::memcpy(b.data.get(), data, len);
        b.used = len;
        allocated_ += b.capacity;
        blocks_.push_back(std::move(b));
        if (hook_ && blocks_.size() - head_ > 1) hook_(hook_context_);
    }
}

size_t OutputBuffer::first_block_used() const {
    return head_ < blocks_.size() ? blocks_[head_].used : 0;
}

size_t OutputBuffer::first_block_size() const {
    return head_ < blocks_.size() ? blocks_[head_].capacity : 0;
}

void OutputBuffer::consume(size_t n) {
    n = std::min(n, pending_);
    pending_ -= n;
    while (n > 0 && head_ < blocks_.size()) {
        Block& b = blocks_[head_];
        size_t unsent = b.used - b.sent;
        if (n < unsent) {
            b.sent += n;
            return;
        }
        n -= unsent;
        allocated_ -= b.capacity;
        give_back(std::move(b));
        head_++;
    }
    if (pending_ == 0) {
        clear();
    } else if (head_ >= 16) {
        blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
}

void OutputBuffer::clear() {
    for (size_t i = head_; i < blocks_.size(); i++) give_back(std::move(blocks_[i]));
    std::vector<Block>().swap(blocks_);  // an idle client keeps no block list either
    head_ = 0;
    pending_ = 0;
    allocated_ = 0;
}

}  // namespace cairn::resp
