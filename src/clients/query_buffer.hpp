// A client's unparsed input. Memory is taken when bytes arrive and given back as soon as
// everything was parsed, so an idle client holds no query buffer.
#pragma once

#include <cstddef>
#include <memory>

namespace cairn {

class QueryBuffer {
public:
    static constexpr size_t kReadSize = 16 * 1024;

    QueryBuffer() = default;
    QueryBuffer(const QueryBuffer&) = delete;
    QueryBuffer& operator=(const QueryBuffer&) = delete;
    ~QueryBuffer();

    const char* data() const { return data_.get() + start_; }
    size_t size() const { return end_ - start_; }
    bool empty() const { return start_ == end_; }
    size_t capacity() const { return capacity_; }

    // Space for at least `min` more bytes at the end (compacting or growing as needed).
    char* prepare(size_t min);
    void commit(size_t n) { end_ += n; }  // n bytes were written at prepare()'s pointer
    size_t writable() const { return capacity_ - end_; }
    // Drops n parsed bytes from the front; releases the memory once empty (unless pinned).
    void consume(size_t n);
    void release();
    // While a read is pending into this buffer (an in-place "hot" read), its memory must
    // neither move nor be released: consume() then only advances, and release() waits.
    void set_pinned(bool pinned) { pinned_ = pinned; }
    bool pinned() const { return pinned_; }

private:
    std::unique_ptr<char[]> data_;
    size_t capacity_ = 0;
    size_t start_ = 0;
    size_t end_ = 0;
    bool pinned_ = false;
};

}  // namespace cairn
