// Bit-level helpers on string values (Redis 7.0 bitops.c): population count, first set /
// clear bit, and the BITFIELD integer accessors with their overflow rules. Bits are numbered
// from the most significant bit of the first byte, as in SETBIT.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn::db::bits {

// redisPopcount.
long long popcount(const unsigned char* p, size_t count);

// redisBitpos: position of the first bit equal to `bit` in count bytes. When looking for a
// clear bit and every bit is set, returns count * 8 (the string is taken as zero padded on
// the right); when looking for a set bit and there is none, -1.
long long bitpos(const unsigned char* p, size_t count, int bit);

// getUnsignedBitfield / getSignedBitfield / setUnsignedBitfield over bits 1..64 at a bit
// offset. The buffer must cover offset + bits.
uint64_t get_unsigned(const unsigned char* p, uint64_t offset, unsigned bits);
int64_t get_signed(const unsigned char* p, uint64_t offset, unsigned bits);
void set_unsigned(unsigned char* p, uint64_t offset, unsigned bits, uint64_t value);
inline void set_signed(unsigned char* p, uint64_t offset, unsigned bits, int64_t value) {
    set_unsigned(p, offset, bits, static_cast<uint64_t>(value));
}

enum class Overflow { Wrap, Sat, Fail };

// checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow: 0 when value + incr fits in
// `bits`, else +1 (overflow) or -1 (underflow), with *limit set to the wrapped or saturated
// result for Wrap / Sat.
int check_unsigned_overflow(uint64_t value, int64_t incr, unsigned bits, Overflow ow,
                            uint64_t* limit);
int check_signed_overflow(int64_t value, int64_t incr, unsigned bits, Overflow ow, int64_t* limit);

}  // namespace cairn::db::bits
