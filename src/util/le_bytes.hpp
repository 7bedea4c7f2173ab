// Little-endian integers byte by byte, whatever the host's order (listpack and RDB codecs).
#pragma once

#include <cstdint>
#include <string>

namespace cairn::util {

inline uint64_t load_le(const unsigned char* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
}

inline void append_le(std::string& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// The low `bytes` bytes of v as a two's complement number.
inline int64_t sign_extend(uint64_t v, int bytes) {
    if (bytes >= 8) return static_cast<int64_t>(v);
    uint64_t sign = uint64_t{1} << (8 * bytes - 1);
    return static_cast<int64_t>((v ^ sign) - sign);
}

}  // namespace cairn::util
