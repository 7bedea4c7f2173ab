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

}  // namespace
}  // namespace cairn::resp
