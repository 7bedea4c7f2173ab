#include "persist/legacy_encodings.hpp"

#include <cstdint>
#include <string>

#include "util/le_bytes.hpp"
#include "util/strings.hpp"

namespace cairn::persist {
namespace {

// ziplist.c: zlbytes (u32), zltail (u32), zllen (u16), entries, 0xff. Each entry: prevlen (one
// byte below 254, else 254 and a u32), encoding, data.
constexpr size_t kZlHeader = 10;
constexpr unsigned char kZlEnd = 0xff;
constexpr unsigned char kZipBigPrevlen = 254;
constexpr unsigned char kStr06 = 0x00, kStr14 = 0x40, kStr32 = 0x80;
constexpr unsigned char kInt16 = 0xc0, kInt32 = 0xd0, kInt64 = 0xe0, kInt24 = 0xf0, kInt8 = 0xfe,
                        kImmMin = 0xf1, kImmMax = 0xfd;

struct ZlEntry {
    uint64_t prevlen = 0;
    uint64_t prevlen_size = 0;
    unsigned char encoding = 0;
    uint64_t len_size = 0;
    uint64_t len = 0;  // of the data
};

// zipEncodingLenSize: 0 for an unknown encoding.
uint64_t encoding_len_size(unsigned char enc) {
    if (enc == kInt16 || enc == kInt32 || enc == kInt24 || enc == kInt64 || enc == kInt8) return 1;
    if (enc >= kImmMin && enc <= kImmMax) return 1;
    if (enc == kStr06) return 1;
    if (enc == kStr14) return 2;
    if (enc == kStr32) return 5;
    return 0;
}

uint64_t int_size(unsigned char enc) {
    switch (enc) {
        case kInt8:
            return 1;
        case kInt16:
            return 2;
        case kInt24:
            return 3;
        case kInt32:
            return 4;
        case kInt64:
            return 8;
        default:
            return 0;  // immediate 0..12
    }
}

// zipEntrySafe (validate_prevlen): decodes the entry at pos without reading past the blob.
bool decode_entry(const unsigned char* zl, size_t size, size_t pos, ZlEntry& e) {
    size_t last = size - 1;  // the end byte
    auto out_of_range = [&](uint64_t off) { return off < kZlHeader || off > last; };
    if (out_of_range(pos)) return false;
    e.prevlen_size = zl[pos] < kZipBigPrevlen ? 1 : 5;
    if (out_of_range(pos + e.prevlen_size)) return false;
    size_t at = static_cast<size_t>(pos + e.prevlen_size);
    e.encoding = zl[at] < 0xc0 ? zl[at] & 0xc0 : zl[at];
    e.len_size = encoding_len_size(e.encoding);
    if (e.len_size == 0 || out_of_range(at + e.len_size)) return false;
    e.prevlen = e.prevlen_size == 1 ? zl[pos] : util::load_le(zl + pos + 1, 4);
    if (e.encoding == kStr06) {
        e.len = zl[at] & 0x3f;
    } else if (e.encoding == kStr14) {
        e.len = (static_cast<uint64_t>(zl[at] & 0x3f) << 8) | zl[at + 1];
    } else if (e.encoding == kStr32) {
        e.len = 0;
        for (int i = 1; i <= 4; i++) e.len = (e.len << 8) | zl[at + i];  // big-endian
    } else {
        e.len = int_size(e.encoding);
    }
    if (out_of_range(at + e.len_size + e.len)) return false;
    return pos >= e.prevlen && !out_of_range(pos - e.prevlen);
}

// An entry's value: its string bytes, or its integer (zipLoadInteger) as decimal text.
std::string_view zl_value(const unsigned char* data, const ZlEntry& e, std::string& digits) {
    if (e.encoding == kStr06 || e.encoding == kStr14 || e.encoding == kStr32)
        return {reinterpret_cast<const char*>(data), static_cast<size_t>(e.len)};
    int64_t v = 0;
    if (e.encoding >= kImmMin && e.encoding <= kImmMax) {
        v = (e.encoding & 0x0f) - 1;
    } else {
        int bytes = static_cast<int>(e.len);
        v = util::sign_extend(util::load_le(data, bytes), bytes);
    }
    digits.clear();
    util::append_ll(digits, v);
    return digits;
}

// ziplistValidateIntegrity (deep); with fn, also hands out each entry.
bool zl_walk(std::string_view blob, const std::function<bool(std::string_view)>* fn) {
    size_t size = blob.size();
    if (size < kZlHeader + 1) return false;
    const auto* zl = reinterpret_cast<const unsigned char*>(blob.data());
    if (util::load_le(zl, 4) != size || zl[size - 1] != kZlEnd) return false;
    uint64_t tail = util::load_le(zl + 4, 4);
    if (tail > size - 1) return false;
    uint64_t header_count = util::load_le(zl + 8, 2);
    uint64_t count = 0;
    size_t pos = kZlHeader;
    size_t prev = 0;  // 0: none yet
    uint64_t prev_raw_size = 0;
    std::string digits;
    while (zl[pos] != kZlEnd) {
        ZlEntry e;
        if (!decode_entry(zl, size, pos, e) || e.prevlen != prev_raw_size) return false;
        uint64_t header = e.prevlen_size + e.len_size;
        if (fn && !(*fn)(zl_value(zl + pos + header, e, digits))) return false;
        prev_raw_size = header + e.len;
        prev = pos;
        pos = static_cast<size_t>(pos + prev_raw_size);
        count++;
    }
    if (pos != size - 1) return false;
    if (prev != 0 && prev != tail) return false;  // zltail: the last entry
    return header_count == UINT16_MAX || header_count == count;
}

// zipmap.c: zmlen (a byte; 254: count unknown), then per pair: key length, key, value
// length, a free byte, value, free bytes; 0xff. Lengths: one byte below 254, else 254 and a u32.
constexpr unsigned char kZmBigLen = 254;
constexpr unsigned char kZmEnd = 0xff;

uint64_t zm_len_size(const unsigned char* p) {
    return p[0] < kZmBigLen ? 1 : 5;
}
uint64_t zm_len(const unsigned char* p) {
    return p[0] < kZmBigLen ? p[0] : util::load_le(p + 1, 4);
}

// zipmapValidateIntegrity (deep); with fn, also hands out each pair.
bool zm_walk(std::string_view blob,
             const std::function<bool(std::string_view, std::string_view)>* fn) {
    size_t size = blob.size();
    if (size < 2) return false;
    const auto* zm = reinterpret_cast<const unsigned char*>(blob.data());
    if (zm[size - 1] != kZmEnd) return false;
    auto out_of_range = [&](uint64_t off) { return off < 2 || off > size - 1; };
    const char* text = blob.data();
    uint64_t count = 0;
    uint64_t pos = 1;
    while (zm[pos] != kZmEnd) {
        uint64_t s = zm_len_size(zm + pos);
        if (out_of_range(pos + s)) return false;
        uint64_t klen = zm_len(zm + pos);
        uint64_t key = pos + s;
        pos = key + klen;
        if (out_of_range(pos)) return false;
        s = zm_len_size(zm + pos);
        if (out_of_range(pos + s)) return false;
        uint64_t vlen = zm_len(zm + pos);
        uint64_t free = zm[pos + s];
        uint64_t value = pos + s + 1;
        pos = value + vlen + free;
        count++;
        if (out_of_range(pos)) return false;
        if (fn && !(*fn)({text + key, static_cast<size_t>(klen)},
                         {text + value, static_cast<size_t>(vlen)}))
            return false;
    }
    if (count == 0) return false;
    return zm[0] == kZmBigLen || zm[0] == count;
}

}  // namespace

bool ziplist_for_each(std::string_view blob, const std::function<bool(std::string_view)>& fn) {
    // The whole blob is checked before fn sees its first entry.
    return zl_walk(blob, nullptr) && zl_walk(blob, &fn);
}

bool zipmap_for_each(std::string_view blob,
                     const std::function<bool(std::string_view, std::string_view)>& fn) {
    return zm_walk(blob, nullptr) && zm_walk(blob, &fn);
}

}  // namespace cairn::persist
