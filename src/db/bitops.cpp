#include "db/bitops.hpp"

#include <bit>
#include <cstring>

namespace cairn::db::bits {

long long popcount(const unsigned char* p, size_t count) {
    long long bits = 0;
    while (count >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        bits += std::popcount(w);
        p += 8;
        count -= 8;
    }
    while (count--) bits += std::popcount(static_cast<unsigned>(*p++));
    return bits;
}

long long bitpos(const unsigned char* p, size_t count, int bit) {
    const unsigned char skip = bit ? 0x00 : 0xff;  // bytes that cannot hold the bit
    size_t i = 0;
    while (i + 8 <= count) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (w != (bit ? 0ULL : ~0ULL)) break;
        i += 8;
    }
    while (i < count && p[i] == skip) i++;
    if (i == count) return bit ? -1 : static_cast<long long>(count) * 8;
    const unsigned char b = bit ? p[i] : static_cast<unsigned char>(~p[i]);
    return static_cast<long long>(i) * 8 + std::countl_zero(b);
}

uint64_t get_unsigned(const unsigned char* p, uint64_t offset, unsigned bits) {
    uint64_t value = 0;
    for (unsigned j = 0; j < bits; j++, offset++) {
        const unsigned bit = 7 - (offset & 7);
        value = (value << 1) | ((p[offset >> 3] >> bit) & 1);
    }
    return value;
}

int64_t get_signed(const unsigned char* p, uint64_t offset, unsigned bits) {
    uint64_t value = get_unsigned(p, offset, bits);
    if (bits < 64 && (value & (uint64_t{1} << (bits - 1)))) value |= ~uint64_t{0} << bits;
    return static_cast<int64_t>(value);
}

void set_unsigned(unsigned char* p, uint64_t offset, unsigned bits, uint64_t value) {
    for (unsigned j = 0; j < bits; j++, offset++) {
        const unsigned bitval = (value >> (bits - 1 - j)) & 1;
        const unsigned bit = 7 - (offset & 7);
        unsigned char& byte = p[offset >> 3];
        byte = static_cast<unsigned char>((byte & ~(1u << bit)) | (bitval << bit));
    }
}

int check_unsigned_overflow(uint64_t value, int64_t incr, unsigned bits, Overflow ow,
                            uint64_t* limit) {
    const uint64_t max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
    const int64_t maxincr = static_cast<int64_t>(max - value);
    const int64_t minincr = static_cast<int64_t>(-value);
    auto wrap = [&] {
        const uint64_t mask = bits == 64 ? 0 : ~uint64_t{0} << bits;
        *limit = (value + static_cast<uint64_t>(incr)) & ~mask;
    };
    if (value > max || (incr > 0 && incr > maxincr)) {
        if (limit) {
            if (ow == Overflow::Wrap) {
                wrap();
            } else if (ow == Overflow::Sat) {
                *limit = max;
            }
        }
        return 1;
    }
    if (incr < 0 && incr < minincr) {
        if (limit) {
            if (ow == Overflow::Wrap) {
                wrap();
                return 1;  // Redis's wrap path reports 1 either way
            }
            if (ow == Overflow::Sat) *limit = 0;
        }
        return -1;
    }
    return 0;
}

int check_signed_overflow(int64_t value, int64_t incr, unsigned bits, Overflow ow, int64_t* limit) {
    const int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
    const int64_t min = -max - 1;
    // maxincr / minincr may wrap; they are only used once value is known to be in range.
    const int64_t maxincr =
        static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
    const int64_t minincr =
        static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
    auto wrap = [&] {
        const uint64_t msb = uint64_t{1} << (bits - 1);
        uint64_t c = static_cast<uint64_t>(value) + static_cast<uint64_t>(incr);
        if (bits < 64) {
            const uint64_t mask = ~uint64_t{0} << bits;
            c = (c & msb) ? (c | mask) : (c & ~mask);
        }
        *limit = static_cast<int64_t>(c);
    };
    if (value > max || (bits != 64 && incr > maxincr) ||
        (value >= 0 && incr > 0 && incr > maxincr)) {
        if (limit) {
            if (ow == Overflow::Wrap) {
                wrap();
            } else if (ow == Overflow::Sat) {
                *limit = max;
            }
        }
        return 1;
    }
    if (value < min || (bits != 64 && incr < minincr) ||
        (value < 0 && incr < 0 && incr < minincr)) {
        if (limit) {
            if (ow == Overflow::Wrap) {
                wrap();
                return 1;
            }
            if (ow == Overflow::Sat) *limit = min;
        }
        return -1;
    }
    return 0;
}

}  // namespace cairn::db::bits
