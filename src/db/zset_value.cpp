#include "db/zset_value.hpp"

namespace cairn::db {

size_t ZSetValue::memory_usage(size_t samples) const {
    size_t n = sizeof(ZSetValue) + lp_.capacity() * sizeof(LpEntry);
    for (const LpEntry& e : lp_) n += string_heap_bytes(e.member);
    if (zsl_) {
        // A skiplist node: its levels (1.33 on average with p = 1/4) and the member it points
        // to, which the dict entry owns.
        const size_t node = sizeof(SkipList::Node) + 2 * sizeof(SkipList::Level);
        n += sizeof(SkipList) + zsl_->size() * node;
        n += dict_.memory_usage_sampled(
            samples, [](std::string_view k, SkipList::Node* const&) { return k.size(); });
    }
    return n;
}

std::unique_ptr<Payload> ZSetValue::clone() const {
    auto out = std::make_unique<ZSetValue>();
    if (!zsl_) {
        out->lp_ = lp_;
        return out;
    }
    out->convert_to_skiplist();
    out->dict_.reserve(size());
    // Appending in order keeps every insert at the tail.
    for_each([&](std::string_view m, double s) { out->zsl_insert(m, s); });
    return out;
}

std::vector<ZSetValue::LpEntry>::iterator ZSetValue::lp_find(std::string_view member) {
    return std::find_if(lp_.begin(), lp_.end(),
                        [&](const LpEntry& e) { return e.member == member; });
}

std::vector<ZSetValue::LpEntry>::const_iterator ZSetValue::lp_find(std::string_view member) const {
    return std::find_if(lp_.begin(), lp_.end(),
                        [&](const LpEntry& e) { return e.member == member; });
}

std::optional<double> ZSetValue::score(std::string_view member) const {
    if (zsl_) {
        SkipList::Node* const* n = dict_.find(member);
        if (!n) return std::nullopt;
        return (*n)->score;
    }
    auto it = lp_find(member);
    if (it == lp_.end()) return std::nullopt;
    return it->score;
}

std::optional<double> ZSetValue::score(std::string_view member, Found& found) {
    if (!zsl_) return score(member);
    found.entry = dict_.find_entry(member);
    if (!found.entry) return std::nullopt;
    return found.entry->value->score;
}

void ZSetValue::lp_insert(std::string member, double score) {
    // Redis's listpack keeps the score as text that reads back as 0 for -0.
    if (score == 0) score = 0;
    auto pos =
        std::upper_bound(lp_.begin(), lp_.end(), std::pair<double, std::string_view>(score, member),
                         [](const std::pair<double, std::string_view>& v, const LpEntry& e) {
                             return zless(v.first, v.second, e.score, e.member);
                         });
    lp_.insert(pos, LpEntry{std::move(member), score});
}

void ZSetValue::zsl_insert(std::string_view member, double score) {
    auto [entry, inserted] = dict_.try_emplace_entry(member, nullptr);
    entry->value = zsl_->insert(score, entry->key());
}

void ZSetValue::insert(std::string_view member, double score, const ZSetLimits& limits) {
    if (!zsl_ && (lp_.size() + 1 > limits.max_entries || member.size() > limits.max_value)) {
        convert_to_skiplist();
    }
    if (zsl_) {
        zsl_insert(member, score);
    } else {
        lp_insert(std::string(member), score);
    }
}

void ZSetValue::update(std::string_view member, double old_score, double new_score,
                       const Found& found) {
    if (zsl_) {
        DictEntry<SkipList::Node*>* e = found.entry ? found.entry : dict_.find_entry(member);
        e->value = zsl_->update_score(old_score, e->key(), new_score);
        return;
    }
    auto it = lp_find(member);
    std::string m = std::move(it->member);
    lp_.erase(it);
    lp_insert(std::move(m), new_score);
}

bool ZSetValue::erase(std::string_view member) {
    if (zsl_) {
        DictEntry<SkipList::Node*>* e = dict_.find_entry(member);
        if (!e) return false;
        zsl_->erase(e->value->score, e->key());
        dict_.erase(member);
        compact_if_sparse();
        return true;
    }
    auto it = lp_find(member);
    if (it == lp_.end()) return false;
    lp_.erase(it);
    return true;
}

void ZSetValue::convert_to_skiplist() {
    if (zsl_) return;
    zsl_ = std::make_unique<SkipList>();
    dict_.reserve(lp_.size());
    for (const LpEntry& e : lp_) zsl_insert(e.member, e.score);
    lp_.clear();
    lp_.shrink_to_fit();
}

void ZSetValue::compact_if_sparse() {
    if (!zsl_->wants_compaction()) return;
    zsl_->compact([&](SkipList::Node* n) { dict_.find_entry(n->member())->value = n; });
}

std::optional<size_t> ZSetValue::rank(std::string_view member) const {
    if (zsl_) {
        SkipList::Node* const* n = dict_.find(member);
        if (!n) return std::nullopt;
        return zsl_->rank_of((*n)->score, (*n)->member()) - 1;
    }
    auto it = lp_find(member);
    if (it == lp_.end()) return std::nullopt;
    return static_cast<size_t>(it - lp_.begin());
}

std::pair<std::string_view, double> ZSetValue::at(size_t rank) const {
    if (zsl_) {
        const SkipList::Node* n = zsl_->at(rank);
        return {n->member(), n->score};
    }
    return {lp_[rank].member, lp_[rank].score};
}

size_t ZSetValue::erase_rank_range(size_t start, size_t end) {
    if (zsl_) {
        // The dict entry owns the member bytes: free it after the node is unlinked.
        const size_t removed = zsl_->erase_rank_range(
            start, end, [&](const SkipList::Node& n) { dict_.erase(n.member()); });
        compact_if_sparse();
        return removed;
    }
    end = std::min(end, lp_.size());
    if (start >= end) return 0;
    lp_.erase(lp_.begin() + static_cast<std::ptrdiff_t>(start),
              lp_.begin() + static_cast<std::ptrdiff_t>(end));
    return end - start;
}

}  // namespace cairn::db
