#include "persist/intset_blob.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "util/le_bytes.hpp"

namespace cairn::persist {
namespace {

// _intsetValueEncoding: the byte width a value needs.
uint32_t width_of(int64_t v) {
    if (v < INT32_MIN || v > INT32_MAX) return 8;
    if (v < INT16_MIN || v > INT16_MAX) return 4;
    return 2;
}

}  // namespace

std::string intset_blob(const std::vector<int64_t>& sorted) {
    uint32_t width = 2;  // intsetNew: INTSET_ENC_INT16
    if (!sorted.empty()) width = std::max(width_of(sorted.front()), width_of(sorted.back()));
    std::string out;
    out.reserve(8 + sorted.size() * width);
    util::append_le(out, width, 4);
    util::append_le(out, sorted.size(), 4);
    for (int64_t v : sorted)
        util::append_le(out, static_cast<uint64_t>(v), static_cast<int>(width));
    return out;
}

bool intset_values(std::string_view blob, std::vector<int64_t>& out) {
    if (blob.size() < 8) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    uint64_t width = util::load_le(p, 4);
    if (width != 2 && width != 4 && width != 8) return false;
    uint64_t count = util::load_le(p + 4, 4);
    if (8 + count * width != blob.size() || count == 0) return false;
    std::vector<int64_t> values;
    values.reserve(count);
    for (uint64_t i = 0; i < count; i++) {
        int bytes = static_cast<int>(width);
        int64_t v = util::sign_extend(util::load_le(p + 8 + i * width, bytes), bytes);
        if (!values.empty() && v <= values.back()) return false;
        values.push_back(v);
    }
    out = std::move(values);
    return true;
}

}  // namespace cairn::persist
