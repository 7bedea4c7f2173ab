#include "persist/rdb_output.hpp"

#include <utility>

#include "persist/rdb_primitives.hpp"

namespace cairn::persist {

namespace {
// rdbSaveRawString compresses only strings longer than this.
constexpr size_t kCompressAbove = 20;
}  // namespace

void RdbOutput::u8(uint8_t v) {
    put_u8(bytes_, v);
}

void RdbOutput::length(uint64_t len) {
    put_length(bytes_, len);
}

void RdbOutput::string(std::string_view s) {
    if (defer_ && s.size() > kCompressAbove) {
        deferred_.push_back({bytes_.size(), s.size()});
        bytes_.append(s);
        return;
    }
    put_string(bytes_, s, compress_);
}

void RdbOutput::integer_string(int64_t v) {
    put_integer_string(bytes_, v);
}

void RdbOutput::u64_le(uint64_t v) {
    put_u64_le(bytes_, v);
}

void RdbOutput::binary_double(double v) {
    put_binary_double(bytes_, v);
}

std::string RdbOutput::finish() {
    if (deferred_.empty()) return std::exchange(bytes_, {});
    std::string out;
    out.reserve(bytes_.size());
    size_t pos = 0;
    std::string_view all(bytes_);
    for (const Deferred& d : deferred_) {
        out.append(all.substr(pos, d.offset - pos));
        put_string(out, all.substr(d.offset, d.len), true);
        pos = d.offset + d.len;
    }
    out.append(all.substr(pos));
    bytes_.clear();
    deferred_.clear();
    return out;
}

}  // namespace cairn::persist
