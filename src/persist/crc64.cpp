#include "persist/crc64.hpp"

#include <array>

namespace cairn::persist {
namespace {

// The Jones polynomial 0xad93d23594c935a9, bit-reflected: crc64.c computes the reflected CRC
// with no initial or final inversion.
constexpr uint64_t kPolyReflected = 0x95ac9329ac4bc9b5ULL;

constexpr std::array<uint64_t, 256> make_table() {
    std::array<uint64_t, 256> table{};
    for (uint64_t i = 0; i < 256; i++) {
        uint64_t crc = i;
        for (int bit = 0; bit < 8; bit++) crc = (crc & 1) ? (crc >> 1) ^ kPolyReflected : crc >> 1;
        table[i] = crc;
    }
    return table;
}

constexpr std::array<uint64_t, 256> kTable = make_table();

}  // namespace

uint64_t crc64(uint64_t crc, const void* data, size_t len) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < len; i++) crc = kTable[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return crc;
}

}  // namespace cairn::persist
