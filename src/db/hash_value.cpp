#include "db/hash_value.hpp"

namespace cairn::db {

size_t HashValue::memory_usage(size_t samples) const {
    size_t n = sizeof(HashValue) + pairs_.capacity() * sizeof(Pair);
    for (const Pair& p : pairs_) n += string_heap_bytes(p.first) + string_heap_bytes(p.second);
    if (table_) {
        n += table_->memory_usage_sampled(samples, [](std::string_view k, const std::string& v) {
            return k.size() + string_heap_bytes(v);
        });
    }
    return n;
}

std::unique_ptr<Payload> HashValue::clone() const {
    auto copy = std::make_unique<HashValue>();
    if (table_) {
        copy->table_ = std::make_unique<Table>();
        copy->table_->reserve(table_->size());
        table_->for_each(
            [&](std::string_view k, const std::string& v) { copy->table_->try_emplace(k, v); });
    } else {
        copy->pairs_ = pairs_;
    }
    return copy;
}

size_t HashValue::index_of(std::string_view field) const {
    for (size_t i = 0; i < pairs_.size(); i++) {
        if (pairs_[i].first == field) return i;
    }
    return pairs_.size();
}

const std::string* HashValue::find(std::string_view field) const {
    if (table_) return table_->find(field);
    const size_t i = index_of(field);
    return i < pairs_.size() ? &pairs_[i].second : nullptr;
}

std::string* HashValue::find(std::string_view field) {
    if (table_) return table_->find(field);
    const size_t i = index_of(field);
    return i < pairs_.size() ? &pairs_[i].second : nullptr;
}

bool HashValue::set(std::string_view field, std::string_view value, const HashLimits& limits) {
    // hashTypeSet converts before storing a string that is too long for the listpack.
    prepare_for(field, limits);
    prepare_for(value, limits);
    if (table_) {
        auto [slot, inserted] = table_->try_emplace(field, value);
        if (!inserted) slot->assign(value);
        return inserted;
    }
    const size_t i = index_of(field);
    if (i < pairs_.size()) {
        pairs_[i].second.assign(value);
        return false;
    }
    pairs_.emplace_back(std::string(field), std::string(value));
    if (pairs_.size() > limits.max_listpack_entries) to_hashtable();
    return true;
}

bool HashValue::erase(std::string_view field) {
    if (table_) return table_->erase(field);
    const size_t i = index_of(field);
    if (i == pairs_.size()) return false;
    pairs_.erase(pairs_.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
}

void HashValue::to_hashtable() {
    if (table_) return;
    auto t = std::make_unique<Table>();
    t->reserve(pairs_.size());
    for (Pair& p : pairs_) t->try_emplace(std::move(p.first), std::move(p.second));
    pairs_.clear();
    pairs_.shrink_to_fit();
    table_ = std::move(t);
}

HashValue::Pair HashValue::random_pair() {
    if (table_) {
        auto* e = table_->random_entry();
        return {std::string(e->key()), e->value};
    }
    return pairs_[dict_random() % pairs_.size()];
}

std::vector<HashValue::Pair> HashValue::pairs() const {
    std::vector<Pair> out;
    out.reserve(size());
    for_each([&](std::string_view f, std::string_view v) { out.emplace_back(f, v); });
    return out;
}

}  // namespace cairn::db
