#include "db/set_value.hpp"

#include <charconv>

#include "util/strings.hpp"

namespace cairn::db {

bool set_member_as_int(std::string_view member, int64_t& out) {
    long long v;
    if (member.size() > 20 || !util::string_to_ll(member, v)) return false;
    out = v;
    return true;
}

std::unique_ptr<SetValue> SetValue::for_member(std::string_view first) {
    int64_t ignored;
    return std::make_unique<SetValue>(set_member_as_int(first, ignored));
}

SetValue::SetValue(bool intset) {
    if (!intset) table_ = std::make_unique<Table>();
}

size_t SetValue::memory_usage(size_t samples) const {
    size_t n = sizeof(SetValue) + ints_.values().capacity() * sizeof(int64_t);
    if (table_) {
        n += table_->memory_usage_sampled(
            samples, [](std::string_view k, const NoValue&) { return k.size(); });
    }
    return n;
}

std::unique_ptr<Payload> SetValue::clone() const {
    auto copy = std::make_unique<SetValue>(is_intset());
    if (table_) {
        copy->table_->reserve(table_->size());
        table_->for_each([&](std::string_view k, const NoValue&) { copy->table_->try_emplace(k); });
    } else {
        copy->ints_ = ints_;
    }
    return copy;
}

std::string_view SetValue::format(int64_t v, char (&buf)[24]) {
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    return {buf, static_cast<size_t>(r.ptr - buf)};
}

bool SetValue::contains(std::string_view member) const {
    if (table_) return table_->contains(member);
    int64_t v;
    return set_member_as_int(member, v) && ints_.contains(v);
}

bool SetValue::add(std::string_view member, size_t max_intset_entries) {
    if (!table_) {
        int64_t v;
        if (set_member_as_int(member, v)) {
            if (!ints_.insert(v)) return false;
            if (ints_.size() > max_intset_entries) to_hashtable();
            return true;
        }
        to_hashtable();
    }
    return table_->try_emplace(member).second;
}

bool SetValue::remove(std::string_view member) {
    if (table_) return table_->erase(member);
    int64_t v;
    return set_member_as_int(member, v) && ints_.erase(v);
}

void SetValue::to_hashtable() {
    if (table_) return;
    auto t = std::make_unique<Table>();
    t->reserve(ints_.size());
    char buf[24];
    for (int64_t v : ints_.values()) t->try_emplace(format(v, buf));
    ints_.clear();
    table_ = std::move(t);
}

std::string SetValue::random_member() {
    if (table_) return std::string(table_->random_entry()->key());
    return util::ll_to_string(ints_.at(dict_random() % ints_.size()));
}

std::string SetValue::pop_random() {
    if (table_) {
        std::string m(table_->random_entry()->key());
        table_->erase(m);
        return m;
    }
    const size_t i = dict_random() % ints_.size();
    std::string m = util::ll_to_string(ints_.at(i));
    ints_.erase_at(i);
    return m;
}

std::vector<std::string> SetValue::members() const {
    std::vector<std::string> out;
    out.reserve(size());
    for_each([&](std::string_view m) { out.emplace_back(m); });
    return out;
}

}  // namespace cairn::db
