// OutputBuffer: block accounting, the growth hook the server checks output limits from, and
// a reply that stops growing once its client is over the hard limit.
#include "resp/output_buffer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cairn::resp {
namespace {

std::string pending_bytes(const OutputBuffer& out) {
    std::string s;
    out.for_each_pending([&](const char* p, size_t n) { s.append(p, n); }, SIZE_MAX);
    return s;
}

TEST(OutputBuffer, AllocatedFollowsBlocksAddedAndSent) {
    OutputBuffer out;
    EXPECT_EQ(out.allocated(), 0u);
    const std::string chunk(OutputBuffer::kBlockSize, 'a');
    out.append(chunk);
    out.append(chunk);
    out.append("tail");
    EXPECT_EQ(out.block_count(), 3u);
    EXPECT_EQ(out.allocated(), 3 * OutputBuffer::kBlockSize);
    EXPECT_EQ(out.list_memory(), 2 * OutputBuffer::kBlockSize);
    out.consume(OutputBuffer::kBlockSize + 10);  // the first block and part of the second
    EXPECT_EQ(out.allocated(), 2 * OutputBuffer::kBlockSize);
    out.consume(out.pending());
    EXPECT_EQ(out.allocated(), 0u);
    EXPECT_TRUE(out.empty());
}

TEST(OutputBuffer, GrowthHookRunsForEveryBlockPastTheFirst) {
    OutputBuffer out;
    int calls = 0;
    out.set_growth_hook([](void* n) { ++*static_cast<int*>(n); }, &calls);
    out.append(std::string(100, 'x'));
    EXPECT_EQ(calls, 0);  // the first block is not the reply list
    out.append(std::string(OutputBuffer::kBlockSize, 'y'));
    EXPECT_EQ(calls, 1);
    out.append(std::string(3 * OutputBuffer::kBlockSize, 'z'));  // one oversized block
    EXPECT_EQ(calls, 2);
}

TEST(OutputBuffer, StoppedBufferDropsAppends) {
    OutputBuffer out;
    struct Stopper {
        OutputBuffer* out;
        size_t limit;
    } stopper{&out, 2 * OutputBuffer::kBlockSize};
    out.set_growth_hook(
        [](void* p) {
            auto* s = static_cast<Stopper*>(p);
            if (s->out->list_memory() >= s->limit) s->out->stop_growing();
        },
        &stopper);
    for (int i = 0; i < 1000; i++) out.append(std::string(1000, 'r'));
    EXPECT_TRUE(out.stopped());
    EXPECT_EQ(out.list_memory(), 2 * OutputBuffer::kBlockSize);
    const size_t kept = out.pending();
    out.append("more");
    EXPECT_EQ(out.pending(), kept);
    EXPECT_EQ(pending_bytes(out).size(), kept);
}

TEST(OutputBuffer, ReplyBufferShrinksWhenIdleAndGrowsWhenFilled) {
    OutputBuffer out;
    // A new client starts with a full-size buffer and a peak as large: the first pass only
    // restarts the peak, the next one shrinks to the minimum.
    EXPECT_EQ(out.reply_buffer_size(), OutputBuffer::kBlockSize);
    EXPECT_EQ(out.resize_reply_buffer(1000, 100), OutputBuffer::Resize::None);
    EXPECT_EQ(out.reply_buffer_peak(), 0u);
    EXPECT_EQ(out.resize_reply_buffer(2000, 100), OutputBuffer::Resize::Shrunk);
    EXPECT_EQ(out.reply_buffer_size(), OutputBuffer::kMinReplyBuffer);
    EXPECT_EQ(out.resize_reply_buffer(3000, 100), OutputBuffer::Resize::None);

    // A long reply fills the reply buffer; the rest goes to the reply list.
    out.append(std::string(5000, 'x'));
    EXPECT_EQ(out.first_block_used(), OutputBuffer::kMinReplyBuffer);
    EXPECT_EQ(out.reply_buffer_peak(), OutputBuffer::kMinReplyBuffer);
    EXPECT_EQ(out.list_memory(), OutputBuffer::kBlockSize);
    EXPECT_EQ(pending_bytes(out), std::string(5000, 'x'));
    out.consume(out.pending());
    // The peak filled it: it doubles on each pass that still sees that peak, up to 16 KB.
    size_t expected = OutputBuffer::kMinReplyBuffer;
    for (int i = 0; i < 4; i++) {
        out.append(std::string(OutputBuffer::kBlockSize, 'y'));
        out.consume(out.pending());
        EXPECT_EQ(out.resize_reply_buffer(4000 + i, -1), OutputBuffer::Resize::Expanded);
        expected *= 2;
        EXPECT_EQ(out.reply_buffer_size(), expected);
    }
    out.append(std::string(OutputBuffer::kBlockSize, 'y'));
    EXPECT_EQ(out.resize_reply_buffer(5000, -1), OutputBuffer::Resize::None);
    EXPECT_EQ(out.reply_buffer_peak(), OutputBuffer::kBlockSize);  // never reset
}

TEST(OutputBuffer, ShrinkingKeepsWhatTheOpenReplyBufferHolds) {
    OutputBuffer out;
    out.resize_reply_buffer(0, 0);  // peak restarts at 0
    out.append(std::string(3000, 'a'));
    // Peak 3000 < 8 KB: shrinks to 3001, and the open block may still take 1 more byte.
    EXPECT_EQ(out.resize_reply_buffer(10, 0), OutputBuffer::Resize::Shrunk);
    EXPECT_EQ(out.reply_buffer_size(), 3001u);
    EXPECT_EQ(out.reply_buffer_peak(), 3000u);
    out.append("bc");
    EXPECT_EQ(out.first_block_used(), 3001u);
    EXPECT_EQ(out.block_count(), 2u);
    EXPECT_EQ(pending_bytes(out), std::string(3000, 'a') + "bc");
}

}  // namespace
}  // namespace cairn::resp
