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
        b.size = b.capacity = kBlockSize;
        if (!g_pool.empty()) {
            b.data = std::move(g_pool.back());
            g_pool.pop_back();
            return b;
        }
    } else {
        b.size = b.capacity = min_capacity;
    }
    b.data = std::make_unique_for_overwrite<char[]>(b.size);
    return b;
}

void OutputBuffer::give_back(Block&& b) {
    if (b.size == kBlockSize && g_pool.size() < kPoolMax) g_pool.push_back(std::move(b.data));
}

void OutputBuffer::append(const char* data, size_t len) {
    if (len == 0 || stopped_) return;
    pending_ += len;
    if (head_ == blocks_.size()) {
        // Nothing pending: the reply starts in the reply buffer.
        Block b = take_block(kBlockSize);
        b.capacity = reply_buffer_size_;
        b.reply_buffer = true;
        allocated_ += b.size;
        blocks_.push_back(std::move(b));
    }
    Block& last = blocks_.back();
    const size_t n = std::min(last.capacity - last.used, len);
    std::memcpy(last.data.get() + last.used, data, n);
    last.used += n;
    data += n;
    len -= n;
    if (last.reply_buffer) reply_buffer_peak_ = std::max(reply_buffer_peak_, last.used);
    if (len > 0) {
        Block b = take_block(len);
        std::memcpy(b.data.get(), data, len);
        b.used = len;
        allocated_ += b.size;
        blocks_.push_back(std::move(b));
        if (hook_) hook_(hook_context_);
    }
}

OutputBuffer::Block* OutputBuffer::open_reply_buffer() {
    if (head_ + 1 != blocks_.size() || !blocks_.back().reply_buffer) return nullptr;
    return &blocks_.back();
}

OutputBuffer::Resize OutputBuffer::resize_reply_buffer(int64_t now_ms, int64_t peak_reset_ms) {
    size_t new_size = 0;
    Resize result = Resize::None;
    if (reply_buffer_size_ / 2 >= kMinReplyBuffer && reply_buffer_peak_ < reply_buffer_size_ / 2) {
        new_size = std::max(kMinReplyBuffer, reply_buffer_peak_ + 1);
        result = Resize::Shrunk;
    } else if (reply_buffer_size_ * 2 < kBlockSize * 2 &&
               reply_buffer_peak_ == reply_buffer_size_) {
        new_size = std::min(kBlockSize, reply_buffer_size_ * 2);
        result = Resize::Expanded;
    }
    Block* open = open_reply_buffer();
    if (peak_reset_ms >= 0 && now_ms - peak_reset_ms_ >= peak_reset_ms) {
        reply_buffer_peak_ = open ? open->used : 0;
        peak_reset_ms_ = now_ms;
    }
    if (new_size != 0) {
        reply_buffer_size_ = new_size;
        // The block being filled takes the new size too (never less than what it holds).
        if (open) open->capacity = std::min(open->size, std::max(new_size, open->used));
    }
    return result;
}

bool OutputBuffer::reply_buffer_settled() const {
    // What a peak reset would set (as resize_reply_buffer: the open reply buffer's bytes).
    const bool open = head_ + 1 == blocks_.size() && blocks_.back().reply_buffer;
    const size_t used = open ? blocks_.back().used : 0;
    return reply_buffer_size_ / 2 < kMinReplyBuffer && reply_buffer_peak_ < reply_buffer_size_ &&
           reply_buffer_peak_ == used;
}

size_t OutputBuffer::first_block_used() const {
    return head_ < blocks_.size() ? blocks_[head_].used : 0;
}

size_t OutputBuffer::first_block_size() const {
    return head_ < blocks_.size() ? blocks_[head_].size : 0;
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
        allocated_ -= b.size;
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
