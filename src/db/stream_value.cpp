#include "db/stream_value.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "util/strings.hpp"

namespace cairn::db {

namespace {

size_t backlen_size(size_t l) {
    if (l <= 127) return 1;
    if (l < 16383) return 2;
    if (l < 2097151) return 3;
    if (l < 268435455) return 4;
    return 5;
}

size_t int_encoded(int64_t v) {
    if (v >= 0 && v <= 127) return 1;
    if (v >= -4096 && v <= 4095) return 2;
    if (v >= -32768 && v <= 32767) return 3;
    if (v >= -8388608 && v <= 8388607) return 4;
    if (v >= -2147483648LL && v <= 2147483647LL) return 5;
    return 9;
}

constexpr size_t kListpackMaxSafety = (1u << 30);  // LISTPACK_MAX_SAFETY_SIZE
constexpr size_t kStreamListpackMaxSize = (1u << 30);

}  // namespace

size_t listpack_int_entry_size(int64_t v) {
    size_t n = int_encoded(v);
    return n + backlen_size(n);
}

size_t listpack_string_entry_size(std::string_view s) {
    long long v;
    if (s.size() <= 20 && util::string_to_ll(s, v)) return listpack_int_entry_size(v);
    size_t n = s.size() < 64 ? 1 + s.size() : s.size() < 4096 ? 2 + s.size() : 5 + s.size();
    return n + backlen_size(n);
}

void StreamNode::for_each_element(const std::function<void(std::string_view)>& str_fn,
                                  const std::function<void(int64_t)>& int_fn) const {
    int_fn(live);
    int_fn(deleted);
    int_fn(static_cast<int64_t>(master_fields.size()));
    for (const std::string& f : master_fields) str_fn(f);
    int_fn(0);
    for (const StreamItem& it : items) {
        int_fn(it.flags);
        int_fn(static_cast<int64_t>(it.id.ms - master_id.ms));
        int_fn(static_cast<int64_t>(it.id.seq - master_id.seq));
        int64_t nf = static_cast<int64_t>(it.fv.size() / 2);
        bool same = it.flags & kStreamItemSameFields;
        if (!same) int_fn(nf);
        for (size_t i = 0; i < it.fv.size(); i += 2) {
            if (!same) str_fn(it.fv[i]);
            str_fn(it.fv[i + 1]);
        }
        int_fn(nf + 3 + (same ? 0 : nf + 1));
    }
}

size_t StreamNode::item_bytes(const StreamItem& it) const {
    size_t total = listpack_int_entry_size(it.flags) +
                   listpack_int_entry_size(static_cast<int64_t>(it.id.ms - master_id.ms)) +
                   listpack_int_entry_size(static_cast<int64_t>(it.id.seq - master_id.seq));
    int64_t nf = static_cast<int64_t>(it.fv.size() / 2);
    bool same = it.flags & kStreamItemSameFields;
    if (!same) total += listpack_int_entry_size(nf);
    for (size_t i = 0; i < it.fv.size(); i += 2) {
        if (!same) total += listpack_string_entry_size(it.fv[i]);
        total += listpack_string_entry_size(it.fv[i + 1]);
    }
    return total + listpack_int_entry_size(nf + 3 + (same ? 0 : nf + 1));
}

void StreamNode::recount_bytes() {
    entries_bytes = 0;
    for (const StreamItem& it : items) entries_bytes += item_bytes(it);
}

size_t StreamNode::listpack_bytes() const {
    size_t total = 6 + 1 + listpack_int_entry_size(live) + listpack_int_entry_size(deleted) +
                   listpack_int_entry_size(static_cast<int64_t>(master_fields.size())) +
                   listpack_int_entry_size(0);
    for (const std::string& f : master_fields) total += listpack_string_entry_size(f);
    return total + entries_bytes;
}

std::unique_ptr<Payload> StreamValue::clone() const {
    return std::make_unique<StreamValue>(*this);
}

namespace {

std::string encode_id(const StreamID& id) {
    std::string out(16, '\0');
    for (int i = 0; i < 8; i++) {
        out[static_cast<size_t>(i)] = static_cast<char>((id.ms >> (56 - 8 * i)) & 0xff);
        out[static_cast<size_t>(8 + i)] = static_cast<char>((id.seq >> (56 - 8 * i)) & 0xff);
    }
    return out;
}

size_t rax_nodes(const std::vector<std::string>& keys, size_t lo, size_t hi, size_t depth) {
    if (depth == 16) return 1;
    size_t run = 0;
    while (depth + run < 16) {
        char ch = keys[lo][depth + run];
        bool same = true;
        for (size_t i = lo + 1; i < hi && same; i++) same = keys[i][depth + run] == ch;
        if (!same) break;
        run++;
    }
    if (run > 0) return 1 + rax_nodes(keys, lo, hi, depth + run);
    size_t total = 1;
    for (size_t i = lo; i < hi;) {
        size_t k = i;
        while (k < hi && keys[k][depth] == keys[i][depth]) k++;
        total += rax_nodes(keys, i, k, depth + 1);
        i = k;
    }
    return total;
}

// streamRadixTreeMemoryUsage: the keys, the nodes and a fixed overhead per node, with
// sizeof(long) as Redis's 64-bit builds have it (8; Windows' long is 4).
size_t rax_usage(const std::vector<StreamID>& ids) {
    constexpr size_t kRedisLongSize = 8;
    size_t nodes = rax_node_count(ids);
    return ids.size() * 16 + nodes * 4 + nodes * kRedisLongSize * 30;
}

template <class Map>
std::vector<StreamID> keys_of(const Map& m) {
    std::vector<StreamID> out;
    out.reserve(m.size());
    for (const auto& e : m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(e)>, StreamID>) {
            out.push_back(e);
        } else {
            out.push_back(e.first);
        }
    }
    return out;
}

// jemalloc's size class for an allocation of n bytes (what zmalloc_size reports).
size_t size_class(size_t n) {
    if (n <= 8) return 8;
    if (n <= 128) return (n + 15) / 16 * 16;
    size_t p = 128;
    while (p * 2 < n) p *= 2;  // n in (p, 2p]
    size_t step = p / 4;
    return (n + step - 1) / step * step;
}

// zmalloc_size of a node: Redis preallocates 4 KB for the node it appends to, and shrinks a
// node to fit once the next one starts.
size_t node_alloc(const StreamNode& n, bool last) {
    size_t bytes = n.listpack_bytes();
    return size_class(last ? std::max<size_t>(bytes, 4096) : bytes);
}

}  // namespace

size_t rax_node_count(const std::vector<StreamID>& sorted_ids) {
    if (sorted_ids.empty()) return 1;
    std::vector<std::string> keys;
    keys.reserve(sorted_ids.size());
    for (const StreamID& id : sorted_ids) keys.push_back(encode_id(id));
    return rax_nodes(keys, 0, keys.size(), 0);
}

size_t StreamValue::memory_usage(size_t samples) const {
    // objectComputeSize for OBJ_STREAM: the object and stream structs, the rax, the listpacks
    // (the first `samples` averaged over all but the last, which counts as it is), then per
    // group its struct, PEL rax and NACKs, per consumer its struct, name and PEL rax.
    size_t asize = 80 + rax_usage(keys_of(nodes_));
    size_t lpsize = 0, n = 0;
    for (const auto& [id, node] : nodes_) {
        if (samples != 0 && n >= samples) break;
        lpsize += node_alloc(node, n + 1 == nodes_.size());
        n++;
    }
    if (nodes_.size() <= n) {
        asize += lpsize;
    } else {
        if (n) lpsize /= n;
        asize += lpsize * (nodes_.size() - 1) + node_alloc(nodes_.rbegin()->second, true);
    }
    for (const auto& [name, g] : groups_) {
        asize += 40 + rax_usage(keys_of(g.pel)) + 24 * g.pel.size();
        for (const auto& [cname, c] : g.consumers) {
            asize += 24 + cname.size() + rax_usage(keys_of(c.pel));
        }
    }
    return asize;
}

StreamValue::AppendResult StreamValue::append(const std::vector<std::string_view>& fv,
                                              const StreamID* use_id, bool seq_given,
                                              int64_t now_ms, const StreamNodeLimits& limits,
                                              StreamID& added) {
    StreamID id;
    if (use_id) {
        if (seq_given) {
            id = *use_id;
        } else if (last_id_.ms == use_id->ms) {
            if (last_id_.seq == UINT64_MAX) return AppendResult::IdTooSmall;
            id = last_id_;
            id.seq++;
        } else {
            id = *use_id;
        }
    } else {
        uint64_t ms = static_cast<uint64_t>(now_ms);
        if (ms > last_id_.ms) {
            id = {ms, 0};
        } else {
            id = last_id_;
            id.incr();
        }
    }
    if (id <= last_id_) return AppendResult::IdTooSmall;
    size_t totelelen = 0;
    for (std::string_view e : fv) totelelen += e.size();
    if (totelelen > kStreamListpackMaxSize) return AppendResult::TooLarge;

    StreamNode* node = nodes_.empty() ? nullptr : &nodes_.rbegin()->second;
    if (node) {
        size_t max_bytes = limits.max_bytes;
        if (max_bytes == 0 || max_bytes > kStreamListpackMaxSize)
            max_bytes = kStreamListpackMaxSize;
        size_t lp_bytes = node->listpack_bytes();
        if (lp_bytes + totelelen >= max_bytes) {
            node = nullptr;
        } else if (limits.max_entries) {
            if (node->live + node->deleted >= limits.max_entries) node = nullptr;
        }
        if (node && lp_bytes + totelelen + 64 > kListpackMaxSafety) node = nullptr;
    }
    StreamItem item;
    item.id = id;
    item.fv.assign(fv.begin(), fv.end());
    if (!node) {
        StreamNode fresh;
        fresh.master_id = id;
        for (size_t i = 0; i < fv.size(); i += 2) fresh.master_fields.emplace_back(fv[i]);
        node = &nodes_.emplace(id, std::move(fresh)).first->second;
        item.flags = kStreamItemSameFields;
    } else {
        bool same = node->master_fields.size() * 2 == fv.size();
        for (size_t i = 0; same && i < fv.size(); i += 2) {
            if (node->master_fields[i / 2] != fv[i]) same = false;
        }
        if (same) item.flags = kStreamItemSameFields;
    }
    node->entries_bytes += node->item_bytes(item);
    node->items.push_back(std::move(item));
    node->live++;
    length_++;
    entries_added_++;
    last_id_ = id;
    if (length_ == 1) first_id_ = id;
    added = id;
    return AppendResult::Ok;
}

bool StreamValue::remove(const StreamID& id) {
    auto it = nodes_.upper_bound(id);
    if (it == nodes_.begin()) return false;
    --it;
    StreamNode& node = it->second;
    auto pos = std::lower_bound(node.items.begin(), node.items.end(), id,
                                [](const StreamItem& a, const StreamID& b) { return a.id < b; });
    if (pos == node.items.end() || pos->id != id || (pos->flags & kStreamItemDeleted)) {
        return false;
    }
    pos->flags |= kStreamItemDeleted;
    node.live--;
    node.deleted++;
    length_--;
    if (node.live == 0) nodes_.erase(it);
    return true;
}

void StreamValue::after_delete(const std::vector<StreamID>& removed) {
    bool first_entry = false;
    for (const StreamID& id : removed) {
        if (id == first_id_) first_entry = true;
        if (id > max_deleted_id_) max_deleted_id_ = id;
    }
    if (removed.empty()) return;
    if (length_ == 0) {
        first_id_ = {};
    } else if (first_entry) {
        first_id_ = edge_id(true, true);
    }
}

int64_t StreamValue::trim(const TrimArgs& a) {
    if (a.strategy == TrimStrategy::None) return 0;
    int64_t deleted = 0;
    auto it = nodes_.begin();
    while (it != nodes_.end()) {
        if (a.strategy == TrimStrategy::MaxLen && length_ <= static_cast<uint64_t>(a.maxlen)) break;
        StreamNode& node = it->second;
        int64_t entries = node.live;
        if (a.limit && deleted + entries > a.limit) break;
        bool remove_node;
        if (a.strategy == TrimStrategy::MaxLen) {
            remove_node =
                length_ - static_cast<uint64_t>(entries) >= static_cast<uint64_t>(a.maxlen);
        } else {
            remove_node = node.items.back().id < a.minid;
        }
        if (remove_node) {
            length_ -= static_cast<uint64_t>(entries);
            deleted += entries;
            it = nodes_.erase(it);
            continue;
        }
        if (a.approx) break;
        int64_t from_node = 0;
        for (StreamItem& item : node.items) {
            bool stop = a.strategy == TrimStrategy::MaxLen
                            ? length_ <= static_cast<uint64_t>(a.maxlen)
                            : item.id >= a.minid;
            if (stop) break;
            if (!(item.flags & kStreamItemDeleted)) {
                item.flags |= kStreamItemDeleted;
                from_node++;
                length_--;
            }
        }
        deleted += from_node;
        node.live -= from_node;
        node.deleted += from_node;
        break;
    }
    if (length_ == 0) {
        first_id_ = {};
    } else {
        first_id_ = edge_id(true, true);
    }
    return deleted;
}

void StreamValue::range(const StreamID& start, const StreamID& end, bool rev, const EntryFn& fn,
                        bool with_tombstones) const {
    if (start > end || nodes_.empty()) return;
    if (!rev) {
        auto it = nodes_.upper_bound(start);
        if (it != nodes_.begin()) --it;
        for (; it != nodes_.end(); ++it) {
            if (it->first > end) return;
            for (const StreamItem& item : it->second.items) {
                if (item.id < start) continue;
                if (item.id > end) return;
                if ((item.flags & kStreamItemDeleted) && !with_tombstones) continue;
                if (!fn(item.id, item.fv)) return;
            }
        }
        return;
    }
    auto it = nodes_.upper_bound(end);
    while (it != nodes_.begin()) {
        --it;
        const auto& items = it->second.items;
        for (auto r = items.rbegin(); r != items.rend(); ++r) {
            if (r->id > end) continue;
            if (r->id < start) return;
            if ((r->flags & kStreamItemDeleted) && !with_tombstones) continue;
            if (!fn(r->id, r->fv)) return;
        }
    }
}

const std::vector<std::string>* StreamValue::find(const StreamID& id) const {
    const std::vector<std::string>* out = nullptr;
    range(id, id, false, [&](const StreamID&, const std::vector<std::string>& fv) {
        out = &fv;
        return false;
    });
    return out;
}

StreamID StreamValue::edge_id(bool first, bool skip_tombstones) const {
    StreamID found = first ? StreamID::max() : StreamID::min();
    range(
        StreamID::min(), StreamID::max(), !first,
        [&](const StreamID& id, const std::vector<std::string>&) {
            found = id;
            return false;
        },
        !skip_tombstones);
    return found;
}

StreamID StreamValue::last_valid_id() const {
    // streamLastValidID: the last live entry's ID (0-0 for an empty stream).
    return edge_id(false, true);
}

void StreamValue::recompute_first_id() {
    first_id_ = length_ == 0 ? StreamID{} : edge_id(true, true);
}

void StreamValue::load_node(StreamNode node) {
    StreamID key = node.master_id;
    nodes_.emplace(key, std::move(node));
}

StreamGroup* StreamValue::group(std::string_view name) {
    auto it = groups_.find(std::string(name));
    return it == groups_.end() ? nullptr : &it->second;
}

int64_t StreamValue::estimate_distance(const StreamID& id) const {
    if (!entries_added_) return 0;
    if (!length_ && id <= last_id_) return static_cast<int64_t>(entries_added_);
    if (id == last_id_) return static_cast<int64_t>(entries_added_);
    if (id > last_id_) return kInvalidEntriesRead;
    if (max_deleted_id_.is_zero() || max_deleted_id_ < first_id_) {
        if (id < first_id_) return static_cast<int64_t>(entries_added_ - length_);
        if (id == first_id_) return static_cast<int64_t>(entries_added_ - length_ + 1);
    }
    return kInvalidEntriesRead;
}

bool StreamValue::range_has_tombstones(const StreamID* start, const StreamID* end) const {
    if (!length_ || max_deleted_id_.is_zero()) return false;
    if (first_id_ > max_deleted_id_) return false;
    StreamID s = start ? *start : StreamID::min();
    StreamID e = end ? *end : StreamID::max();
    return s <= max_deleted_id_ && max_deleted_id_ <= e;
}

bool StreamValue::group_lag(const StreamGroup& g, int64_t& lag) const {
    if (!entries_added_) {
        lag = 0;
        return true;
    }
    if (g.entries_read != kInvalidEntriesRead && !range_has_tombstones(&g.last_id, nullptr)) {
        lag = static_cast<int64_t>(entries_added_) - g.entries_read;
        return true;
    }
    int64_t read = estimate_distance(g.last_id);
    if (read == kInvalidEntriesRead) return false;
    lag = static_cast<int64_t>(entries_added_) - read;
    return true;
}

void StreamValue::group_advance(StreamGroup& g, const StreamID& id) const {
    if (id <= g.last_id) return;
    if (g.entries_read != kInvalidEntriesRead && !range_has_tombstones(&id, nullptr)) {
        g.entries_read++;
    } else if (entries_added_) {
        g.entries_read = estimate_distance(id);
    }
    g.last_id = id;
}

}  // namespace cairn::db
