// Pending reply bytes of one client: a list of blocks taken from a per-thread pool and given
// back as soon as they are sent, so an idle client holds no reply memory.
//
// The block a reply starts in when nothing is pending is the client's reply buffer (Redis's
// c->buf): it holds at most reply_buffer_size() bytes, the rest goes to further blocks (the
// reply list). The clients cron sizes it from its observed peak as Redis 7.0 does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace cairn::resp {

class OutputBuffer {
public:
    static constexpr size_t kBlockSize = 16 * 1024;
    static constexpr size_t kMinReplyBuffer = 1024;  // Redis's PROTO_REPLY_MIN_BYTES

    OutputBuffer() = default;
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;
    OutputBuffer(OutputBuffer&&) noexcept = default;
    OutputBuffer& operator=(OutputBuffer&&) noexcept = default;
    ~OutputBuffer();

    void append(const char* data, size_t len);
    void append(std::string_view s) { append(s.data(), s.size()); }
    void append(char c) { append(&c, 1); }

    bool empty() const { return pending_ == 0; }
    size_t pending() const { return pending_; }      // bytes not yet sent
    size_t allocated() const { return allocated_; }  // bytes of memory held by the blocks
    // Memory of the blocks after the first: what Redis counts as the reply list (omem) and
    // checks against client-output-buffer-limit.
    size_t list_memory() const { return allocated() - first_block_size(); }
    size_t block_count() const { return blocks_.size() - head_; }
    // Bytes used / real size of the first block (obl is the bytes Redis holds in c->buf).
    size_t first_block_used() const;
    size_t first_block_size() const;
    // The reply buffer's size and the most it held since the last peak reset (rbs / rbp).
    size_t reply_buffer_size() const { return reply_buffer_size_; }
    size_t reply_buffer_peak() const { return reply_buffer_peak_; }

    enum class Resize { None, Shrunk, Expanded };
    // Redis's clientsCronResizeOutputBuffer: a peak under half the size shrinks the reply
    // buffer (to the peak, at least kMinReplyBuffer), a peak that filled it doubles it (up to
    // kBlockSize); every peak_reset_ms (never when negative) the peak restarts from what the
    // buffer holds now.
    Resize resize_reply_buffer(int64_t now_ms, int64_t peak_reset_ms);
    // Whether resize_reply_buffer could change nothing more while no reply is added: the size
    // is at its minimum and the peak is what a reset would make it.
    bool reply_buffer_settled() const;

    // Calls fn(const char* data, size_t len) for up to max_spans unsent spans, in order.
    template <class Fn>
    void for_each_pending(Fn&& fn, size_t max_spans) const {
        for (size_t i = head_; i < blocks_.size() && max_spans > 0; i++, max_spans--) {
            const Block& b = blocks_[i];
            if (b.used > b.sent) fn(b.data.get() + b.sent, b.used - b.sent);
        }
    }

    // Called after a block is added past the first (the server checks the client's output
    // limits there, as Redis does on every append to its reply list); context is passed back.
    using GrowthHook = void (*)(void* context);
    void set_growth_hook(GrowthHook hook, void* context) {
        hook_ = hook;
        hook_context_ = context;
    }
    // From now on appends are dropped: the client went over its hard limit and is closed
    // without its pending reply, so a long reply stops growing there.
    void stop_growing() { stopped_ = true; }
    bool stopped() const { return stopped_; }

    // n bytes were written to the socket: drop them, giving drained blocks back to the pool.
    void consume(size_t n);
    void clear();

private:
    struct Block {
        std::unique_ptr<char[]> data;
        size_t size = 0;      // bytes allocated
        size_t capacity = 0;  // bytes it may hold (less than size for a shrunk reply buffer)
        size_t used = 0;
        size_t sent = 0;
        bool reply_buffer = false;
    };
    static Block take_block(size_t min_capacity);
    static void give_back(Block&& b);
    // The reply buffer block still being filled, or nullptr.
    Block* open_reply_buffer();

    std::vector<Block> blocks_;
    size_t head_ = 0;  // first block with unsent bytes
    size_t pending_ = 0;
    size_t allocated_ = 0;  // size of blocks_[head_..]
    size_t reply_buffer_size_ = kBlockSize;
    size_t reply_buffer_peak_ = kBlockSize;  // as a new Redis client starts
    int64_t peak_reset_ms_ = 0;
    bool stopped_ = false;
    GrowthHook hook_ = nullptr;
    void* hook_context_ = nullptr;
};

}  // namespace cairn::resp
