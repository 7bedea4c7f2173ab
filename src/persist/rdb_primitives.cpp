#include "persist/rdb_primitives.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "persist/crc64.hpp"
#include "persist/lzf_codec.hpp"
#include "persist/rdb_format.hpp"
#include "util/le_bytes.hpp"
#include "util/strings.hpp"

namespace cairn::persist {
namespace {

constexpr size_t kChunk = 64 * 1024;  // source reads, and the growth step of long strings

void put_be(std::string& out, uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint8_t enc_byte(uint8_t enc) {
    return static_cast<uint8_t>((rdb::kEncVal << 6) | enc);
}

// rdbEncodeInteger: false when v needs more than 32 bits.
bool put_encoded_integer(std::string& out, int64_t v) {
    if (v >= INT8_MIN && v <= INT8_MAX) {
        put_u8(out, enc_byte(rdb::kEncInt8));
        util::append_le(out, static_cast<uint64_t>(v), 1);
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        put_u8(out, enc_byte(rdb::kEncInt16));
        util::append_le(out, static_cast<uint64_t>(v), 2);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        put_u8(out, enc_byte(rdb::kEncInt32));
        util::append_le(out, static_cast<uint64_t>(v), 4);
    } else {
        return false;
    }
    return true;
}

// Appends the next n bytes to out, growing it as they arrive: a corrupt length larger than the
// source allocates no more than the source holds.
void append_bytes(RdbReader& in, std::string& out, uint64_t n) {
    out.reserve(out.size() + static_cast<size_t>(std::min<uint64_t>(n, kChunk)));
    while (n > 0 && !in.failed()) {
        size_t k = static_cast<size_t>(std::min<uint64_t>(n, kChunk));
        size_t start = out.size();
        out.resize(start + k);
        in.read_exact(out.data() + start, k);
        n -= k;
    }
}

}  // namespace

void put_length(std::string& out, uint64_t len) {
    if (len < (1 << 6)) {
        put_u8(out, static_cast<uint8_t>(len | (rdb::kLen6Bit << 6)));
    } else if (len < (1 << 14)) {
        put_u8(out, static_cast<uint8_t>((len >> 8) | (rdb::kLen14Bit << 6)));
        put_u8(out, static_cast<uint8_t>(len & 0xff));
    } else if (len <= UINT32_MAX) {
        put_u8(out, rdb::kLen32Bit);
        put_be(out, len, 4);
    } else {
        put_u8(out, rdb::kLen64Bit);
        put_be(out, len, 8);
    }
}

void put_string(std::string& out, std::string_view s, bool compress) {
    long long v = 0;
    if (s.size() <= 11 && util::string_to_ll(s, v) && put_encoded_integer(out, v)) return;
    if (compress && s.size() > 20) {
        // rdbSaveLzfBlob: the encoding byte, compressed length, original length, data.
        std::string lzf;
        if (lzf_compress_append(s, lzf) > 0) {
            put_u8(out, enc_byte(rdb::kEncLzf));
            put_length(out, lzf.size());
            put_length(out, s.size());
            out += lzf;
            return;
        }
    }
    put_length(out, s.size());
    out += s;
}

void put_integer_string(std::string& out, int64_t v) {
    if (put_encoded_integer(out, v)) return;
    std::string digits;
    util::append_ll(digits, v);
    put_length(out, digits.size());
    out += digits;
}

void put_u8(std::string& out, uint8_t v) {
    out.push_back(static_cast<char>(v));
}

void put_u64_le(std::string& out, uint64_t v) {
    util::append_le(out, v, 8);
}

void put_binary_double(std::string& out, double v) {
    static_assert(std::numeric_limits<double>::is_iec559);
    util::append_le(out, std::bit_cast<uint64_t>(v), 8);
}

size_t MemorySource::read(char* buf, size_t n) {
    size_t k = std::min(n, data_.size() - pos_);
    if (k > 0) std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
}

RdbReader::RdbReader(ByteSource& source) : source_(source) {}

void RdbReader::sum_consumed() const {
    if (pos_ > crc_from_) {
        crc_ = crc64(crc_, buf_.data() + crc_from_, pos_ - crc_from_);
        crc_from_ = pos_;
    }
}

uint64_t RdbReader::checksum() const {
    sum_consumed();
    return crc_;
}

bool RdbReader::refill(size_t need) {
    if (pos_ > 0) {
        sum_consumed();
        buf_.erase(0, pos_);
        pos_ = 0;
        crc_from_ = 0;
    }
    while (buf_.size() < need) {
        size_t have = buf_.size();
        buf_.resize(have + kChunk);
        size_t got = source_.read(buf_.data() + have, kChunk);
        buf_.resize(have + got);
        if (got == 0) return false;
    }
    return true;
}

void RdbReader::read_exact(char* buf, size_t n) {
    if (failed_) {
        if (n > 0) std::memset(buf, 0, n);
        return;
    }
    size_t done = 0;
    while (done < n) {
        if (pos_ == buf_.size() && !refill(1)) {
            failed_ = true;
            std::memset(buf, 0, n);
            return;
        }
        size_t k = std::min(n - done, buf_.size() - pos_);
        std::memcpy(buf + done, buf_.data() + pos_, k);
        pos_ += k;
        consumed_ += k;
        done += k;
    }
}

uint8_t RdbReader::u8() {
    if (!failed_ && pos_ < buf_.size()) {  // the common case, without read_exact's loop
        consumed_++;
        return static_cast<uint8_t>(buf_[pos_++]);
    }
    unsigned char b = 0;
    read_exact(reinterpret_cast<char*>(&b), 1);
    return b;
}

uint32_t RdbReader::u32_le() {
    unsigned char b[4];
    read_exact(reinterpret_cast<char*>(b), 4);
    return static_cast<uint32_t>(util::load_le(b, 4));
}

uint64_t RdbReader::u64_le() {
    unsigned char b[8];
    read_exact(reinterpret_cast<char*>(b), 8);
    return util::load_le(b, 8);
}

uint64_t RdbReader::length(bool* encoded) {
    if (encoded) *encoded = false;
    uint8_t first = u8();
    if (failed_) return 0;
    int type = (first & 0xc0) >> 6;
    if (type == rdb::kEncVal) {
        // Without encoded, rdbLoadLen(rdb, NULL) too takes the six bits as a length.
        if (encoded) *encoded = true;
        return first & 0x3f;
    }
    if (type == rdb::kLen6Bit) return first & 0x3f;
    if (type == rdb::kLen14Bit) {
        uint64_t low = u8();
        return failed_ ? 0 : (static_cast<uint64_t>(first & 0x3f) << 8) | low;
    }
    int bytes = first == rdb::kLen32Bit ? 4 : first == rdb::kLen64Bit ? 8 : 0;
    if (bytes == 0) {
        fail();  // "Unknown length encoding"
        return 0;
    }
    unsigned char b[8];
    read_exact(reinterpret_cast<char*>(b), static_cast<size_t>(bytes));
    uint64_t len = 0;
    for (int i = 0; i < bytes; i++) len = (len << 8) | b[i];  // big-endian, as htonl
    return failed_ ? 0 : len;
}

std::string RdbReader::string() {
    bool encoded = false;
    uint64_t len = length(&encoded);
    if (failed_) return {};
    std::string out;
    if (!encoded) {
        append_bytes(*this, out, len);
        if (failed_) return {};
        return out;
    }
    switch (len) {
        case rdb::kEncInt8:
        case rdb::kEncInt16:
        case rdb::kEncInt32: {
            int bytes = 1 << len;
            unsigned char b[4];
            read_exact(reinterpret_cast<char*>(b), static_cast<size_t>(bytes));
            if (failed_) return {};
            util::append_ll(out, util::sign_extend(util::load_le(b, bytes), bytes));
            return out;
        }
        case rdb::kEncLzf: {
            uint64_t clen = length();
            uint64_t original = length();
            std::string packed;
            append_bytes(*this, packed, clen);
            if (failed_) return {};
            if (original > std::numeric_limits<size_t>::max() ||
                !lzf_decompress_append(packed, static_cast<size_t>(original), out)) {
                fail();  // "Invalid LZF compressed string"
                return {};
            }
            return out;
        }
        default:
            fail();  // "Unknown RDB string encoding type"
            return {};
    }
}

double RdbReader::binary_double() {
    uint64_t bits = u64_le();
    return failed_ ? 0.0 : std::bit_cast<double>(bits);
}

double RdbReader::text_double() {
    uint8_t len = u8();
    if (failed_) return 0.0;
    switch (len) {
        case 255:
            return -std::numeric_limits<double>::infinity();
        case 254:
            return std::numeric_limits<double>::infinity();
        case 253:
            return std::numeric_limits<double>::quiet_NaN();
        default:
            break;
    }
    char buf[256];
    read_exact(buf, len);
    if (failed_) return 0.0;
    buf[len] = '\0';
    // sscanf("%lg"): leading spaces and trailing text are accepted, no number is an error.
    char* end = nullptr;
    double v = std::strtod(buf, &end);
    if (end == buf) {
        fail();
        return 0.0;
    }
    return v;
}

std::string RdbReader::take_buffered() {
    sum_consumed();
    std::string rest = buf_.substr(pos_);
    buf_.clear();
    pos_ = 0;
    crc_from_ = 0;
    return rest;
}

}  // namespace cairn::persist
