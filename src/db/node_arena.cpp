#include "db/node_arena.hpp"

#include <algorithm>
#include <new>
#include <utility>

namespace cairn::db {

void* NodeArena::allocate(size_t bytes, int cls) {
    live_ += bytes;
    if (FreeBlock* b = free_[cls]) {
        free_[cls] = b->next;
        return b;
    }
    if (left_ < bytes) {
        // Grow the reserve by half each time (1 KiB, 1 KiB, 1 KiB, 1.5 KiB, 2.25 KiB, ...) until
        // chunks reach kMaxChunk: at most a third of it is ever unused. The old chunk's tail,
        // smaller than one block, stays unused.
        const size_t size = std::clamp(reserved_ / 2 / 8 * 8, kMinChunk, kMaxChunk);
        chunks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
        cursor_ = chunks_.back().get();
        left_ = size;
        reserved_ += size;
    }
    void* block = cursor_;
    cursor_ += bytes;
    left_ -= bytes;
    return block;
}

void NodeArena::release(void* block, size_t bytes, int cls) {
    live_ -= bytes;
    free_[cls] = new (block) FreeBlock{free_[cls]};
}

void NodeArena::swap(NodeArena& other) noexcept {
    chunks_.swap(other.chunks_);
    std::swap(cursor_, other.cursor_);
    std::swap(left_, other.left_);
    std::swap(reserved_, other.reserved_);
    std::swap(live_, other.live_);
    std::swap(free_, other.free_);
}

}  // namespace cairn::db
