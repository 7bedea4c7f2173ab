#include "db/stream_value.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace cairn::db {

namespace {

constexpr size_t kListpackMaxSafety = (1u << 30);  // LISTPACK_MAX_SAFETY_SIZE
constexpr size_t kStreamListpackMaxSize = (1u << 30);

}  // namespace

StreamNode::StreamNode(const StreamID& master, const std::vector<std::string_view>& fv)
    : master_id_(master) {
    lp_.append_int(0);  // live
    lp_.append_int(0);  // deleted
    lp_.append_int(static_cast<int64_t>(fv.size() / 2));
    for (size_t i = 0; i < fv.size(); i += 2) lp_.append(fv[i]);
    lp_.append_int(0);  // the master entry's terminator
}

StreamNode::StreamNode(const StreamID& master, std::string listpack, int64_t live, int64_t deleted)
    : master_id_(master), live_(live), deleted_(deleted), lp_(std::move(listpack)) {}

size_t StreamNode::first_entry() const {
    size_t off = lp_.next(lp_.next(Listpack::kFirst));  // past live and deleted
    int64_t master_fields = lp_.get_int(off);
    off = lp_.next(off);
    for (int64_t i = 0; i < master_fields; i++) off = lp_.next(off);
    return lp_.next(off);  // past the terminator
}

size_t StreamNode::entry_before(size_t lp_count_off) const {
    int64_t elements = lp_.get_int(lp_count_off);
    size_t off = lp_count_off;
    for (int64_t i = 0; i < elements; i++) off = lp_.prev(off);
    return off;
}

size_t StreamNode::last_entry() const {
    return entry_before(lp_.prev(lp_.end()));
}

size_t StreamNode::prev_entry(size_t off, size_t first) const {
    if (off == first) return npos;
    return entry_before(lp_.prev(off));
}

void StreamNode::append(const StreamID& id, const std::vector<std::string_view>& fv) {
    // SAMEFIELDS when the fields are the master entry's, compared as text (lpCompare).
    size_t off = lp_.next(lp_.next(Listpack::kFirst));
    bool same = lp_.get_int(off) == static_cast<int64_t>(fv.size() / 2);
    char digits[Listpack::kDigits];
    for (size_t i = 0; same && i < fv.size(); i += 2) {
        off = lp_.next(off);
        same = lp_.get_text(off, digits) == fv[i];
    }
    int64_t nf = static_cast<int64_t>(fv.size() / 2);
    lp_.append_int(same ? kStreamItemSameFields : 0);
    lp_.append_int(static_cast<int64_t>(id.ms - master_id_.ms));
    lp_.append_int(static_cast<int64_t>(id.seq - master_id_.seq));
    if (!same) lp_.append_int(nf);
    for (size_t i = 0; i < fv.size(); i += 2) {
        if (!same) lp_.append(fv[i]);
        lp_.append(fv[i + 1]);
    }
    lp_.append_int(nf + 3 + (same ? 0 : nf + 1));
    live_++;
    write_counts();
}

void StreamNode::mark_deleted(const std::vector<size_t>& flag_offsets) {
    // From the last: a flag whose encoding changes size moves only what follows it.
    for (auto it = flag_offsets.rbegin(); it != flag_offsets.rend(); ++it) {
        lp_.replace_int(*it, lp_.get_int(*it) | kStreamItemDeleted);
    }
    auto n = static_cast<int64_t>(flag_offsets.size());
    live_ -= n;
    deleted_ += n;
    write_counts();
}

void StreamNode::write_counts() {
    lp_.replace_int(Listpack::kFirst, live_);
    lp_.replace_int(lp_.next(Listpack::kFirst), deleted_);
}

void DigitSlots::reserve(size_t n) {
    if (n <= kInline) return;
    size_t bytes = (n - kInline) * Listpack::kDigits;
    if (heap_.size() < bytes) heap_.resize(bytes);
}

StreamNodeReader::StreamNodeReader(const StreamNode& node) : node_(node) {
    const Listpack& lp = node.listpack();
    size_t off = lp.next(lp.next(Listpack::kFirst));
    master_count_ = static_cast<size_t>(lp.get_int(off));
    master_first_ = lp.next(off);
}

void StreamNodeReader::decode_master_fields() {
    const Listpack& lp = node_.listpack();
    master_digits_.reserve(master_count_);
    master_fields_.reserve(master_count_);
    size_t off = master_first_;
    for (size_t i = 0; i < master_count_; i++) {
        master_fields_.push_back(lp.get_text(off, master_digits_[i]));
        off = lp.next(off);
    }
    master_decoded_ = true;
}

StreamNodeReader::Entry StreamNodeReader::read(size_t off, std::vector<std::string_view>* fv) {
    const Listpack& lp = node_.listpack();
    Entry e;
    e.flags = static_cast<uint8_t>(lp.get_int(off));
    off = lp.next(off);
    e.id.ms = node_.master_id().ms + static_cast<uint64_t>(lp.get_int(off));
    off = lp.next(off);
    e.id.seq = node_.master_id().seq + static_cast<uint64_t>(lp.get_int(off));
    off = lp.next(off);
    bool same = e.flags & kStreamItemSameFields;
    size_t nf = master_count_;
    if (!same) {
        nf = static_cast<size_t>(lp.get_int(off));
        off = lp.next(off);
    }
    if (!fv) {
        // Skip the entry: its fields (unless SAMEFIELDS) and values.
        for (size_t i = 0; i < (same ? nf : 2 * nf); i++) off = lp.next(off);
        e.next = lp.next(off);  // past lp-count
        return e;
    }
    if (same && !master_decoded_) decode_master_fields();
    fv->clear();
    digits_.reserve(2 * nf);
    for (size_t i = 0; i < nf; i++) {
        if (same) {
            fv->push_back(master_fields_[i]);
        } else {
            fv->push_back(lp.get_text(off, digits_[2 * i]));
            off = lp.next(off);
        }
        fv->push_back(lp.get_text(off, digits_[2 * i + 1]));
        off = lp.next(off);
    }
    e.next = lp.next(off);
    return e;
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
            if (node->live() + node->deleted() >= limits.max_entries) node = nullptr;
        }
        if (node && lp_bytes + totelelen + 64 > kListpackMaxSafety) node = nullptr;
    }
    if (!node) {
        if (!nodes_.empty()) nodes_.rbegin()->second.shrink_to_fit();  // full: no more appends
        node = &nodes_.emplace(id, StreamNode(id, fv)).first->second;
    }
    node->append(id, fv);
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
    StreamNodeReader reader(node);
    for (size_t off = node.first_entry(); off != node.end();) {
        StreamNodeReader::Entry e = reader.read(off, nullptr);
        if (e.id > id) return false;
        if (e.id == id) {
            if (e.flags & kStreamItemDeleted) return false;
            node.mark_deleted({off});
            length_--;
            if (node.live() == 0) nodes_.erase(it);
            return true;
        }
        off = e.next;
    }
    return false;
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
        int64_t entries = node.live();
        if (a.limit && deleted + entries > a.limit) break;
        bool remove_node;
        if (a.strategy == TrimStrategy::MaxLen) {
            remove_node =
                length_ - static_cast<uint64_t>(entries) >= static_cast<uint64_t>(a.maxlen);
        } else {
            StreamNodeReader reader(node);
            remove_node = reader.read(node.last_entry(), nullptr).id < a.minid;
        }
        if (remove_node) {
            length_ -= static_cast<uint64_t>(entries);
            deleted += entries;
            it = nodes_.erase(it);
            continue;
        }
        if (a.approx) break;
        std::vector<size_t> doomed;
        StreamNodeReader reader(node);
        for (size_t off = node.first_entry(); off != node.end();) {
            StreamNodeReader::Entry e = reader.read(off, nullptr);
            bool stop = a.strategy == TrimStrategy::MaxLen
                            ? length_ <= static_cast<uint64_t>(a.maxlen)
                            : e.id >= a.minid;
            if (stop) break;
            if (!(e.flags & kStreamItemDeleted)) {
                doomed.push_back(off);
                length_--;
            }
            off = e.next;
        }
        deleted += static_cast<int64_t>(doomed.size());
        if (!doomed.empty()) node.mark_deleted(doomed);
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
    std::vector<std::string_view> fv;
    if (!rev) {
        auto it = nodes_.upper_bound(start);
        if (it != nodes_.begin()) --it;
        for (; it != nodes_.end(); ++it) {
            if (it->first > end) return;
            const StreamNode& node = it->second;
            StreamNodeReader reader(node);
            for (size_t off = node.first_entry(); off != node.end();) {
                StreamNodeReader::Entry e = reader.read(off, nullptr);
                if (e.id > end) return;
                bool wanted = e.id >= start && (with_tombstones || !(e.flags & kStreamItemDeleted));
                if (wanted) {
                    reader.read(off, &fv);
                    if (!fn(e.id, fv)) return;
                }
                off = e.next;
            }
        }
        return;
    }
    auto it = nodes_.upper_bound(end);
    while (it != nodes_.begin()) {
        --it;
        const StreamNode& node = it->second;
        StreamNodeReader reader(node);
        const size_t first = node.first_entry();
        for (size_t off = node.last_entry(); off != StreamNode::npos;
             off = node.prev_entry(off, first)) {
            StreamNodeReader::Entry e = reader.read(off, nullptr);
            if (e.id > end) continue;
            if (e.id < start) return;
            if ((e.flags & kStreamItemDeleted) && !with_tombstones) continue;
            reader.read(off, &fv);
            if (!fn(e.id, fv)) return;
        }
    }
}

size_t StreamValue::count_range(const StreamID& start, const StreamID& end, size_t limit) const {
    if (start > end || nodes_.empty()) return 0;
    size_t n = 0;
    auto it = nodes_.upper_bound(start);
    if (it != nodes_.begin()) --it;
    for (; it != nodes_.end() && it->first <= end; ++it) {
        const StreamNode& node = it->second;
        StreamNodeReader reader(node);
        for (size_t off = node.first_entry(); off != node.end();) {
            StreamNodeReader::Entry e = reader.read(off, nullptr);
            if (e.id > end) return n;
            if (e.id >= start && !(e.flags & kStreamItemDeleted)) {
                if (++n == limit) return n;
            }
            off = e.next;
        }
    }
    return n;
}

bool StreamValue::find(const StreamID& id, const EntryFn& fn) const {
    bool found = false;
    range(id, id, false, [&](const StreamID& eid, const std::vector<std::string_view>& fv) {
        found = true;
        if (fn) fn(eid, fv);
        return false;
    });
    return found;
}

StreamID StreamValue::edge_id(bool first, bool skip_tombstones) const {
    StreamID found = first ? StreamID::max() : StreamID::min();
    range(
        StreamID::min(), StreamID::max(), !first,
        [&](const StreamID& id, const std::vector<std::string_view>&) {
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
    StreamID key = node.master_id();
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
