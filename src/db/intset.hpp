// IntSet: Redis's intset, a sorted array of distinct 64-bit integers for small sets whose
// members are all canonical integers ("intset" in OBJECT ENCODING). Redis packs the values in
// 16, 32 or 64 bits depending on the largest one; the width is a memory detail only, so this
// keeps int64_t and the same order and lookup behaviour (binary search, ascending iteration).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cairn::db {

class IntSet {
public:
    size_t size() const { return values_.size(); }
    bool empty() const { return values_.empty(); }
    int64_t at(size_t i) const { return values_[i]; }
    const std::vector<int64_t>& values() const { return values_; }

    bool contains(int64_t v) const { return std::binary_search(values_.begin(), values_.end(), v); }
    // True if v was not there.
    bool insert(int64_t v) {
        auto it = std::lower_bound(values_.begin(), values_.end(), v);
        if (it != values_.end() && *it == v) return false;
        values_.insert(it, v);
        return true;
    }
    // True if v was there.
    bool erase(int64_t v) {
        auto it = std::lower_bound(values_.begin(), values_.end(), v);
        if (it == values_.end() || *it != v) return false;
        values_.erase(it);
        return true;
    }
    void erase_at(size_t i) { values_.erase(values_.begin() + static_cast<std::ptrdiff_t>(i)); }
    void clear() { values_.clear(); }

private:
    std::vector<int64_t> values_;
};

}  // namespace cairn::db
