// NodeArena: the memory of one skip list's nodes, carved from chunks the list owns.
//
// Why not one heap allocation per node: a skip-list descent is a chain of dependent loads,
// one node per step, so its speed is set by how many distinct pages those nodes sit on
// (TLB reach) as much as by cache lines. Allocated one by one, nodes end up interleaved with
// the member dict's entries and strings, spread over three times the memory; packed here
// they stay dense, as jemalloc's size-class slabs keep Redis's nodes.
//
// Sizes come in classes (a skip list uses the node height); a freed block goes on its class's
// free list and is reused first. Chunks grow geometrically (by half the reserve) up to
// kMaxChunk, so a list wastes at most a third of its reserve, and a large one at most a chunk. The
// arena never returns single blocks to the heap: its owner compacts (moves its nodes into a fresh
// arena) when wants_compaction() says most of the reserved bytes are free.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace cairn::db {

class NodeArena {
public:
    static constexpr int kClasses = 33;  // class numbers 0..32
    static constexpr size_t kMinChunk = 1024;
    static constexpr size_t kMaxChunk = 64 * 1024;

    NodeArena() = default;
    NodeArena(const NodeArena&) = delete;
    NodeArena& operator=(const NodeArena&) = delete;
    NodeArena(NodeArena&& other) noexcept { swap(other); }
    NodeArena& operator=(NodeArena&& other) noexcept {
        swap(other);
        return *this;
    }

    // A block of `bytes` (a multiple of 8, at most kMaxChunk) for class `cls`; every block of
    // one class must have the same size. Aligned for pointers and doubles.
    void* allocate(size_t bytes, int cls);
    // Gives back a block from allocate(bytes, cls).
    void release(void* block, size_t bytes, int cls);

    size_t live_bytes() const { return live_; }
    size_t reserved_bytes() const { return reserved_; }
    // True when more than half of a sizeable arena is free: moving the live blocks into a
    // new arena then gives memory back at an amortized O(1) cost per release.
    bool wants_compaction() const { return reserved_ > 2 * kMaxChunk && live_ < reserved_ / 2; }

    void swap(NodeArena& other) noexcept;

private:
    struct FreeBlock {
        FreeBlock* next;
    };

    std::vector<std::unique_ptr<std::byte[]>> chunks_;
    std::byte* cursor_ = nullptr;  // unused tail of the newest chunk
    size_t left_ = 0;
    size_t reserved_ = 0;  // bytes in all chunks
    size_t live_ = 0;      // bytes handed out and not released
    FreeBlock* free_[kClasses] = {};
};

}  // namespace cairn::db
