// NodeArena: blocks are reused per class, the books (live and reserved bytes) add up, chunks
// stay bounded, and compaction is asked for only when most of a sizeable arena is free.
#include "db/node_arena.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace cairn::db {
namespace {

TEST(NodeArena, ReleasedBlocksAreReusedWithinTheirClass) {
    NodeArena arena;
    void* a = arena.allocate(40, 1);
    void* b = arena.allocate(56, 2);
    EXPECT_NE(a, b);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % alignof(double), 0u);
    EXPECT_EQ(arena.live_bytes(), 96u);
    arena.release(a, 40, 1);
    EXPECT_EQ(arena.live_bytes(), 56u);
    // Another class does not take the freed block; its own class does.
    void* c = arena.allocate(56, 2);
    EXPECT_NE(c, a);
    EXPECT_EQ(arena.allocate(40, 1), a);
}

TEST(NodeArena, BlocksDoNotOverlapAndChunksStayBounded) {
    NodeArena arena;
    std::vector<std::pair<std::byte*, size_t>> blocks;
    size_t live = 0;
    for (int i = 0; i < 20000; i++) {
        const int cls = 1 + i % 5;
        const size_t bytes = 24 + 16 * static_cast<size_t>(cls);
        auto* p = static_cast<std::byte*>(arena.allocate(bytes, cls));
        std::memset(p, i & 0xff, bytes);  // ASan checks the block is really ours
        blocks.emplace_back(p, bytes);
        live += bytes;
    }
    EXPECT_EQ(arena.live_bytes(), live);
    // The reserve grows by half at a time, in chunks of at most kMaxChunk.
    EXPECT_LE(arena.reserved_bytes(), live * 3 / 2 + NodeArena::kMaxChunk);
    std::sort(blocks.begin(), blocks.end());
    for (size_t i = 1; i < blocks.size(); i++) {
        ASSERT_GE(blocks[i].first, blocks[i - 1].first + blocks[i - 1].second) << "overlap";
    }
}

TEST(NodeArena, SmallArenaStartsSmall) {
    NodeArena arena;
    arena.allocate(40, 1);
    EXPECT_EQ(arena.reserved_bytes(), NodeArena::kMinChunk);
}

TEST(NodeArena, WantsCompactionOnlyWhenMostlyFreeAndLarge) {
    NodeArena arena;
    std::vector<void*> blocks;
    for (int i = 0; i < 10000; i++) blocks.push_back(arena.allocate(40, 1));
    EXPECT_FALSE(arena.wants_compaction());
    for (size_t i = 0; i < blocks.size() / 3; i++) arena.release(blocks[i], 40, 1);
    EXPECT_FALSE(arena.wants_compaction());  // two thirds still live
    for (size_t i = blocks.size() / 3; i < blocks.size() * 3 / 4; i++) {
        arena.release(blocks[i], 40, 1);
    }
    EXPECT_TRUE(arena.wants_compaction());

    NodeArena small;
    void* one = small.allocate(40, 1);
    small.release(one, 40, 1);
    EXPECT_FALSE(small.wants_compaction());  // empty but tiny: not worth a move
}

TEST(NodeArena, SwapExchangesEverything) {
    NodeArena a;
    NodeArena b;
    void* x = a.allocate(40, 1);
    a.release(x, 40, 1);
    b.allocate(56, 2);
    a.swap(b);
    EXPECT_EQ(a.live_bytes(), 56u);
    EXPECT_EQ(b.live_bytes(), 0u);
    EXPECT_EQ(b.allocate(40, 1), x);  // the free list moved with the chunks
}

}  // namespace
}  // namespace cairn::db
