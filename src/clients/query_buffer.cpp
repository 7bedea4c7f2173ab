#include "clients/query_buffer.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace cairn {

namespace {
// Standard-size buffers recycled between clients (bounded): no malloc per request.
constexpr size_t kPoolMax = 64;
thread_local std::vector<std::unique_ptr<char[]>> g_pool;
}  // namespace

QueryBuffer::~QueryBuffer() {
    release();
}

char* QueryBuffer::prepare(size_t min) {
    // Only called with no read pending: a pinned buffer must not move.
    if (!data_) {
        capacity_ = std::max(min, kReadSize);
        if (capacity_ == kReadSize && !g_pool.empty()) {
            data_ = std::move(g_pool.back());
            g_pool.pop_back();
        } else {
            data_ = std::make_unique_for_overwrite<char[]>(capacity_);
        }
        start_ = end_ = 0;
    }
    if (capacity_ - end_ >= min) return data_.get() + end_;
    size_t used = end_ - start_;
    if (capacity_ - used >= min && start_ > 0) {
        std::memmove(data_.get(), data_.get() + start_, used);
    } else {
        size_t new_cap = std::max(capacity_ * 2, used + min);
        auto bigger = std::make_unique_for_overwrite<char[]>(new_cap);
        std::memcpy(bigger.get(), data_.get() + start_, used);
        if (capacity_ == kReadSize && g_pool.size() < kPoolMax) g_pool.push_back(std::move(data_));
        data_ = std::move(bigger);
        capacity_ = new_cap;
    }
    start_ = 0;
    end_ = used;
    return data_.get() + end_;
}

void QueryBuffer::consume(size_t n) {
    start_ += n;
    if (start_ >= end_) release();
}

void QueryBuffer::release() {
    if (pinned_) return;  // a pending read still writes here
    if (data_ && capacity_ == QueryBuffer::kReadSize && g_pool.size() < kPoolMax) {
        g_pool.push_back(std::move(data_));
    }
    data_.reset();
    capacity_ = start_ = end_ = 0;
}

}  // namespace cairn
