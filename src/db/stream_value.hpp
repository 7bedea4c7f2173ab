// The stream payload (Redis 7.0 t_stream.c / stream.h). Entries live in nodes keyed by their
// master ID in an ordered map (Cairn does not write a rax: std::map gives the same ordered
// seek). Each node is Redis's listpack, byte for byte, changed in place as Redis changes it, so
// stream-node-max-bytes / stream-node-max-entries split nodes where Redis splits them, an entry
// costs what it costs in Redis, and RDB files carry the node listpacks as they are. Consumer
// groups keep a global PEL and one per consumer, last_id and entries_read, as Redis 7.0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/listpack.hpp"
#include "db/object.hpp"
#include "db/stream_id.hpp"

namespace cairn::db {

inline constexpr uint8_t kStreamItemDeleted = 1;
inline constexpr uint8_t kStreamItemSameFields = 2;
inline constexpr int64_t kInvalidEntriesRead = -1;  // SCG_INVALID_ENTRIES_READ

struct StreamNodeLimits {
    size_t max_bytes = 4096;    // stream-node-max-bytes (0: no limit but the listpack's)
    int64_t max_entries = 100;  // stream-node-max-entries (0: no limit)
};

// One node: the master entry (live count, deleted count, the master field count, the master
// fields, 0), then per entry its flags, ms and seq relative to the master ID, the field count
// and fields unless SAMEFIELDS (then only values follow), fields and values interleaved, and
// lp-count (the entry's elements before it: how far back its flags are).
class StreamNode {
public:
    // A node with no entry whose master entry takes fv's fields.
    StreamNode(const StreamID& master, const std::vector<std::string_view>& fv);
    // A node loaded from RDB: bytes already checked by the loader.
    StreamNode(const StreamID& master, std::string listpack, int64_t live, int64_t deleted);

    const StreamID& master_id() const { return master_id_; }
    int64_t live() const { return live_; }
    int64_t deleted() const { return deleted_; }
    const Listpack& listpack() const { return lp_; }
    size_t listpack_bytes() const { return lp_.size(); }

    // Appends an entry (SAMEFIELDS when its fields are the master entry's).
    void append(const StreamID& id, const std::vector<std::string_view>& fv);
    // Marks the entries whose flags are at these offsets DELETED and updates the counts.
    void mark_deleted(const std::vector<size_t>& flag_offsets);
    // Drops the spare capacity once the node is full (lpShrinkToFit).
    void shrink_to_fit() { lp_.shrink_to_fit(); }

    // Entry offsets (of an entry's flags): first_entry() == end() for no entry; prev_entry of
    // the first entry (first: first_entry(), computed once by a backward walk) is npos.
    size_t first_entry() const;
    size_t end() const { return lp_.end(); }
    size_t last_entry() const;
    size_t prev_entry(size_t off, size_t first) const;
    static constexpr size_t npos = static_cast<size_t>(-1);

private:
    size_t entry_before(size_t lp_count_off) const;
    void write_counts();

    StreamID master_id_;
    int64_t live_ = 0;
    int64_t deleted_ = 0;
    Listpack lp_;
};

// Room for the decimal text of integer-encoded elements: a few inline, more on the heap.
class DigitSlots {
public:
    // Makes slots [0, n) usable; earlier slots' text is lost when the heap part grows.
    void reserve(size_t n);
    char* operator[](size_t i) {
        return i < kInline ? inline_[i] : heap_.data() + (i - kInline) * Listpack::kDigits;
    }

private:
    static constexpr size_t kInline = 8;
    char inline_[kInline][Listpack::kDigits];
    std::string heap_;
};

// Reads a node's entries. Field and value views point into the node's bytes, or for an
// integer-encoded element into the reader's digit slots: valid until the next read.
class StreamNodeReader {
public:
    explicit StreamNodeReader(const StreamNode& node);
    struct Entry {
        StreamID id;
        uint8_t flags = 0;
        size_t next = 0;  // the following entry's offset
    };
    // The entry whose flags are at off; with fv, its fields and values too (fv is cleared).
    Entry read(size_t off, std::vector<std::string_view>* fv);

private:
    void decode_master_fields();

    const StreamNode& node_;
    size_t master_count_ = 0;
    size_t master_first_ = 0;  // the first master field's offset
    bool master_decoded_ = false;
    std::vector<std::string_view> master_fields_;
    DigitSlots master_digits_;
    DigitSlots digits_;
};

struct StreamNack {
    int64_t delivery_time = 0;
    uint64_t delivery_count = 1;
    std::string consumer;
};

struct StreamConsumer {
    int64_t seen_time = 0;
    std::set<StreamID> pel;
};

struct StreamGroup {
    StreamID last_id;
    int64_t entries_read = 0;
    std::map<StreamID, StreamNack> pel;
    std::map<std::string, StreamConsumer> consumers;
};

enum class TrimStrategy : uint8_t { None, MaxLen, MinId };

struct TrimArgs {
    TrimStrategy strategy = TrimStrategy::None;
    int64_t maxlen = 0;
    StreamID minid;
    bool approx = false;
    int64_t limit = 0;  // 0: none
};

class StreamValue final : public Payload {
public:
    using Nodes = std::map<StreamID, StreamNode>;
    // fn(id, fv) for an entry, fields and values as StreamNodeReader gives them (valid during
    // the call); return false to stop.
    using EntryFn = std::function<bool(const StreamID&, const std::vector<std::string_view>&)>;

    std::unique_ptr<Payload> clone() const override;
    size_t memory_usage(size_t samples) const override;

    uint64_t length() const { return length_; }
    const StreamID& last_id() const { return last_id_; }
    const StreamID& first_id() const { return first_id_; }
    const StreamID& max_deleted_id() const { return max_deleted_id_; }
    uint64_t entries_added() const { return entries_added_; }
    void set_last_id(StreamID id) { last_id_ = id; }
    void set_max_deleted_id(StreamID id) { max_deleted_id_ = id; }
    void set_entries_added(uint64_t n) { entries_added_ = n; }
    const Nodes& nodes() const { return nodes_; }

    enum class AppendResult { Ok, IdTooSmall, TooLarge };
    // streamAppendItem. use_id null: an ID from now_ms; seq_given false: "ms-*".
    AppendResult append(const std::vector<std::string_view>& fv, const StreamID* use_id,
                        bool seq_given, int64_t now_ms, const StreamNodeLimits& limits,
                        StreamID& added);
    // streamDeleteItem: marks the entry deleted; false if there was no such live entry.
    bool remove(const StreamID& id);
    // streamTrim: the number of entries removed.
    int64_t trim(const TrimArgs& args);
    // XDEL's bookkeeping after deletions (first_id / max_deleted_id).
    void after_delete(const std::vector<StreamID>& removed);

    // Entries in [start, end] (inclusive), forward or reversed; tombstones skipped unless
    // with_tombstones.
    void range(const StreamID& start, const StreamID& end, bool rev, const EntryFn& fn,
               bool with_tombstones = false) const;
    // The live entries in [start, end], at most limit (0: all) of them: what range() will call
    // fn for, for a reply's length.
    size_t count_range(const StreamID& start, const StreamID& end, size_t limit) const;
    // Whether a live entry has this ID; with fn, fn is called on it.
    bool find(const StreamID& id, const EntryFn& fn = nullptr) const;
    // streamGetEdgeID.
    StreamID edge_id(bool first, bool skip_tombstones) const;
    // streamLastValidID: the last live entry's ID, or last_id for an empty stream... as Redis.
    StreamID last_valid_id() const;
    void recompute_first_id();

    // Load from RDB: append a node as is.
    void load_node(StreamNode node);
    void set_length(uint64_t n) { length_ = n; }
    void set_first_id(StreamID id) { first_id_ = id; }

    // Consumer groups, by name (ordered as Redis's rax of groups).
    std::map<std::string, StreamGroup>& groups() { return groups_; }
    const std::map<std::string, StreamGroup>& groups() const { return groups_; }
    StreamGroup* group(std::string_view name);

    // Lag support (streamEstimateDistanceFromFirstEverEntry / streamRangeHasTombstones).
    int64_t estimate_distance(const StreamID& id) const;
    bool range_has_tombstones(const StreamID* start, const StreamID* end) const;
    // XINFO's lag, or false when it cannot be known (null).
    bool group_lag(const StreamGroup& g, int64_t& lag) const;
    // The group read entry id: updates last_id / entries_read as streamReplyWithRange.
    void group_advance(StreamGroup& g, const StreamID& id) const;

private:
    Nodes nodes_;
    uint64_t length_ = 0;
    StreamID last_id_;
    StreamID first_id_;
    StreamID max_deleted_id_;
    uint64_t entries_added_ = 0;
    std::map<std::string, StreamGroup> groups_;
};

// rax->numnodes of Redis's radix tree holding these IDs (as 128-bit big-endian keys, sorted):
// a compressed node per shared run, a branching node where keys diverge, an empty terminal
// node per key; 1 (the root) for no keys.
size_t rax_node_count(const std::vector<StreamID>& sorted_ids);

}  // namespace cairn::db
