#include "db/listpack.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "util/le_bytes.hpp"
#include "util/strings.hpp"

namespace cairn::db {
namespace {

using util::append_le;
using util::load_le;
using util::sign_extend;

constexpr size_t kHeaderSize = 6;  // total bytes (u32), element count (u16)
constexpr unsigned kCountUnknown = 65535;
constexpr unsigned char kEof = 0xff;

// lpEncodeBacklen: the entry's size (encoding and data) in 7-bit groups, most significant first,
// every byte but the first with the high bit set; read backwards from the entry's end.
void append_backlen(std::string& out, uint64_t l) {
    int groups = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    for (int i = groups - 1; i >= 0; i--) {
        unsigned char b = (l >> (7 * i)) & 127;
        if (i != groups - 1) b |= 128;
        out.push_back(static_cast<char>(b));
    }
}

uint64_t backlen_size(uint64_t l) {
    return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

// lpDecodeBacklen: p is the last byte of the back-length.
uint64_t decode_backlen(const unsigned char* p) {
    uint64_t val = 0;
    uint64_t shift = 0;
    while (true) {
        val |= static_cast<uint64_t>(p[0] & 127) << shift;
        if (!(p[0] & 128)) break;
        shift += 7;
        p--;
        if (shift > 28) return UINT64_MAX;
    }
    return val;
}

// lpEncodeIntegerGetType: the smallest encoding of v.
void append_integer(std::string& out, int64_t v) {
    auto u = static_cast<uint64_t>(v);
    if (v >= 0 && v <= 127) {
        out.push_back(static_cast<char>(v));
    } else if (v >= -4096 && v <= 4095) {
        u &= 0x1fff;
        out.push_back(static_cast<char>(0xc0 | (u >> 8)));
        out.push_back(static_cast<char>(u & 0xff));
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        out.push_back(static_cast<char>(0xf1));
        append_le(out, u, 2);
    } else if (v >= -8388608 && v <= 8388607) {
        out.push_back(static_cast<char>(0xf2));
        append_le(out, u, 3);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        out.push_back(static_cast<char>(0xf3));
        append_le(out, u, 4);
    } else {
        out.push_back(static_cast<char>(0xf4));
        append_le(out, u, 8);
    }
}

// lpEncodeString.
void append_string(std::string& out, std::string_view s) {
    if (s.size() < 64) {
        out.push_back(static_cast<char>(0x80 | s.size()));
    } else if (s.size() < 4096) {
        out.push_back(static_cast<char>(0xe0 | (s.size() >> 8)));
        out.push_back(static_cast<char>(s.size() & 0xff));
    } else {
        out.push_back(static_cast<char>(0xf0));
        append_le(out, s.size(), 4);
    }
    out += s;
}

// lpCurrentEncodedSizeBytes: the bytes needed to know the entry's size; 0 for a bad encoding.
size_t encoding_bytes(unsigned char b) {
    if ((b & 0x80) == 0 || (b & 0xc0) == 0x80 || (b & 0xe0) == 0xc0) return 1;
    if (b >= 0xf1 && b <= 0xf4) return 1;
    if ((b & 0xf0) == 0xe0) return 2;
    if (b == 0xf0) return 5;
    if (b == kEof) return 1;
    return 0;
}

// lpCurrentEncodedSizeUnsafe: encoding and data, without the back-length.
uint64_t encoded_size(const unsigned char* p) {
    unsigned char b = p[0];
    if ((b & 0x80) == 0) return 1;
    if ((b & 0xc0) == 0x80) return 1 + (b & 0x3f);
    if ((b & 0xe0) == 0xc0) return 2;
    if (b == 0xf1) return 3;
    if (b == 0xf2) return 4;
    if (b == 0xf3) return 5;
    if (b == 0xf4) return 9;
    if ((b & 0xf0) == 0xe0) return 2 + ((static_cast<uint64_t>(b & 0x0f) << 8) | p[1]);
    if (b == 0xf0) return 5 + load_le(p + 1, 4);
    return 1;  // kEof
}

// lpGet for an integer element: false for a string element.
bool int_value(const unsigned char* p, int64_t& v) {
    unsigned char b = p[0];
    if ((b & 0x80) == 0) {
        v = b;
    } else if ((b & 0xe0) == 0xc0) {
        uint64_t u = (static_cast<uint64_t>(b & 0x1f) << 8) | p[1];
        v = static_cast<int64_t>(u >= 4096 ? u - 8192 : u);  // 13-bit two's complement
    } else if (b >= 0xf1 && b <= 0xf4) {
        int bytes = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
        v = sign_extend(load_le(p + 1, bytes), bytes);
    } else {
        return false;
    }
    return true;
}

// lpGet for a string element: its bytes.
std::string_view string_value(const unsigned char* p) {
    unsigned char b = p[0];
    const char* data = reinterpret_cast<const char*>(p);
    if ((b & 0xc0) == 0x80) return {data + 1, static_cast<size_t>(b & 0x3f)};
    if ((b & 0xf0) == 0xe0) return {data + 2, static_cast<size_t>(((b & 0x0f) << 8) | p[1])};
    return {data + 5, static_cast<size_t>(load_le(p + 1, 4))};  // 0xf0: 32-bit length
}

// lpGet: a string entry's bytes, or an integer entry's decimal text in digits.
std::string_view entry_value(const unsigned char* p, std::string& digits) {
    int64_t v = 0;
    if (!int_value(p, v)) return string_value(p);
    digits.clear();
    util::append_ll(digits, v);
    return digits;
}

// lpValidateIntegrity (deep) with lpValidateNext per entry; with fn, also hands out each entry.
bool walk(std::string_view blob, const std::function<bool(std::string_view)>* fn) {
    size_t size = blob.size();
    if (size < kHeaderSize + 1) return false;
    const auto* lp = reinterpret_cast<const unsigned char*>(blob.data());
    if (load_le(lp, 4) != size || lp[size - 1] != kEof) return false;
    uint64_t header_count = load_le(lp + 4, 2);
    auto out_of_range = [&](uint64_t off) { return off < kHeaderSize || off > size - 1; };
    uint64_t count = 0;
    size_t pos = kHeaderSize;
    std::string digits;
    while (lp[pos] != kEof) {
        size_t head = encoding_bytes(lp[pos]);
        if (head == 0 || out_of_range(pos + head)) return false;
        uint64_t entry = encoded_size(lp + pos);
        uint64_t back = backlen_size(entry);
        if (out_of_range(pos + entry + back)) return false;
        size_t next = static_cast<size_t>(pos + entry + back);
        if (decode_backlen(lp + next - 1) + back != entry + back) return false;
        if (fn && !(*fn)(entry_value(lp + pos, digits))) return false;
        pos = next;
        count++;
    }
    if (pos != size - 1) return false;
    return header_count == kCountUnknown || header_count == count;
}

}  // namespace

ListpackWriter::ListpackWriter() : buf_(kHeaderSize, '\0') {}

void ListpackWriter::add(std::string_view element) {
    long long v = 0;
    if (util::string_to_ll(element, v)) {  // lpStringToInt64: the rules of string2ll
        add_integer(v);
        return;
    }
    size_t start = buf_.size();
    append_string(buf_, element);
    append_backlen(buf_, buf_.size() - start);
    count_++;
}

void ListpackWriter::add_integer(int64_t v) {
    size_t start = buf_.size();
    append_integer(buf_, v);
    append_backlen(buf_, buf_.size() - start);
    count_++;
}

std::string ListpackWriter::finish() {
    buf_.push_back(static_cast<char>(kEof));
    // Redis refuses to grow a listpack past 4 GiB (it converts the value long before).
    assert(buf_.size() <= UINT32_MAX);
    std::string header;
    append_le(header, buf_.size(), 4);
    append_le(header, count_ < kCountUnknown ? count_ : kCountUnknown, 2);
    buf_.replace(0, kHeaderSize, header);
    std::string out;
    out.swap(buf_);
    buf_.assign(kHeaderSize, '\0');
    count_ = 0;
    return out;
}

bool listpack_for_each(std::string_view blob, const std::function<bool(std::string_view)>& fn) {
    // The whole blob is checked before fn sees its first element.
    return walk(blob, nullptr) && walk(blob, &fn);
}

Listpack::Listpack() {
    ListpackWriter empty;
    buf_ = empty.finish();
}

size_t Listpack::next(size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data()) + off;
    uint64_t entry = encoded_size(p);
    return off + static_cast<size_t>(entry + backlen_size(entry));
}

size_t Listpack::prev(size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data());
    uint64_t entry = decode_backlen(p + off - 1);
    return off - static_cast<size_t>(entry + backlen_size(entry));
}

int64_t Listpack::get_int(size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data()) + off;
    int64_t v = 0;
    if (int_value(p, v)) return v;
    long long parsed = 0;
    return util::string_to_ll(string_value(p), parsed) ? parsed : 0;
}

std::string_view Listpack::get_text(size_t off, char* digits) const {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data()) + off;
    int64_t v = 0;
    if (!int_value(p, v)) return string_value(p);
    auto res = std::to_chars(digits, digits + kDigits, v);
    return {digits, static_cast<size_t>(res.ptr - digits)};
}

void Listpack::grew(size_t added_elements) {
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data());
    uint64_t count = load_le(p + 4, 2);
    if (count != kCountUnknown) count = std::min<uint64_t>(count + added_elements, kCountUnknown);
    std::string header;
    append_le(header, buf_.size(), 4);
    append_le(header, count, 2);
    std::memcpy(buf_.data(), header.data(), kHeaderSize);
}

void Listpack::append(std::string_view element) {
    long long v = 0;
    if (util::string_to_ll(element, v)) {
        append_int(v);
        return;
    }
    buf_.pop_back();  // the terminator
    size_t start = buf_.size();
    append_string(buf_, element);
    append_backlen(buf_, buf_.size() - start);
    buf_.push_back(static_cast<char>(kEof));
    grew(1);
}

void Listpack::append_int(int64_t v) {
    buf_.pop_back();
    size_t start = buf_.size();
    append_integer(buf_, v);
    append_backlen(buf_, buf_.size() - start);
    buf_.push_back(static_cast<char>(kEof));
    grew(1);
}

void Listpack::replace_int(size_t off, int64_t v) {
    std::string enc;
    append_integer(enc, v);
    append_backlen(enc, enc.size());
    size_t old = next(off) - off;
    if (old == enc.size()) {
        std::memcpy(buf_.data() + off, enc.data(), enc.size());
        return;
    }
    buf_.replace(off, old, enc);
    grew(0);
}

}  // namespace cairn::db
