#include "persist/crc64.hpp"

#include <array>

namespace cairn::persist {
namespace {

// The Jones polynomial 0xad93d23594c935a9, bit-reflected: crc64.c computes the reflected CRC
// with no initial or final inversion.
constexpr uint64_t kPolyReflected = 0x95ac9329ac4bc9b5ULL;

// Slicing-by-8 (as Redis's crcspeed): tables[0] is the byte-at-a-time table; tables[k][b] is
// the CRC of byte b followed by k zero bytes, so eight table lookups consume eight bytes.
using Tables = std::array<std::array<uint64_t, 256>, 8>;

constexpr Tables make_tables() {
    Tables t{};
    for (uint64_t i = 0; i < 256; i++) {
        uint64_t crc = i;
        for (int bit = 0; bit < 8; bit++) crc = (crc & 1) ? (crc >> 1) ^ kPolyReflected : crc >> 1;
        t[0][i] = crc;
    }
    for (size_t k = 1; k < 8; k++) {
        for (size_t i = 0; i < 256; i++) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
    }
    return t;
}

constexpr Tables kTables = make_tables();

// Eight bytes as a little-endian number on any host (one load on x86 and ARM).
uint64_t load_le64(const unsigned char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

}  // namespace

uint64_t crc64(uint64_t crc, const void* data, size_t len) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (; len >= 8; len -= 8, p += 8) {
        const uint64_t x = crc ^ load_le64(p);
        crc = kTables[7][x & 0xff] ^ kTables[6][(x >> 8) & 0xff] ^ kTables[5][(x >> 16) & 0xff] ^
              kTables[4][(x >> 24) & 0xff] ^ kTables[3][(x >> 32) & 0xff] ^
              kTables[2][(x >> 40) & 0xff] ^ kTables[1][(x >> 48) & 0xff] ^ kTables[0][x >> 56];
    }
    for (; len > 0; len--, p++) crc = kTables[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
    return crc;
}

}  // namespace cairn::persist
