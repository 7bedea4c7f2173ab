// The stream payload (Redis 7.0 t_stream.c / stream.h). Entries live in nodes keyed by their
// master ID in an ordered map (Cairn does not write a rax: std::map gives the same ordered
// seek). Each node keeps Redis's listpack layout in decoded form: a master entry (live count,
// deleted count, master fields), then entries with flags (SAMEFIELDS, DELETED) and the
// per-entry fields; its encoded listpack size is computed exactly as Redis's would be, so
// stream-node-max-bytes / stream-node-max-entries split nodes where Redis splits them and RDB
// files carry byte-identical node listpacks. Consumer groups keep a global PEL and one per
// consumer, last_id and entries_read, as Redis 7.0.
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

struct StreamItem {
    StreamID id;
    uint8_t flags = 0;
    std::vector<std::string> fv;  // field, value, field, value ...
};

struct StreamNode {
    StreamID master_id;
    std::vector<std::string> master_fields;
    std::vector<StreamItem> items;  // in ID order, tombstones included
    int64_t live = 0;
    int64_t deleted = 0;
    // Encoded bytes of the entries (flags to lp-count), kept up to date by appends: a flag
    // change (DELETED) never changes an entry's size.
    size_t entries_bytes = 0;

    // lpBytes of the node as Redis encodes it (header, master entry, entries, terminator).
    size_t listpack_bytes() const;
    // The encoded size of one entry of this node.
    size_t item_bytes(const StreamItem& item) const;
    // entries_bytes from scratch (after loading).
    void recount_bytes();
    // fn(element) for every listpack element of the node, in Redis's layout; integers are
    // passed through int_fn.
    void for_each_element(const std::function<void(std::string_view)>& str_fn,
                          const std::function<void(int64_t)>& int_fn) const;
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
    // fn(id, fv) for an entry; return false to stop.
    using EntryFn = std::function<bool(const StreamID&, const std::vector<std::string>&)>;

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
    // The entry with this ID (live), or null.
    const std::vector<std::string>* find(const StreamID& id) const;
    // streamGetEdgeID.
    StreamID edge_id(bool first, bool skip_tombstones) const;
    // streamLastValidID: the last live entry's ID, or last_id for an empty stream... as Redis.
    StreamID last_valid_id() const;
    void recompute_first_id();

    // Load from RDB: append a decoded node as is.
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

// Encoded sizes of listpack elements (lpEncodeBacklen + entry) as Redis's listpack.c.
size_t listpack_string_entry_size(std::string_view s);
size_t listpack_int_entry_size(int64_t v);

}  // namespace cairn::db
