#include "db/siphash.hpp"

#include <bit>
#include <cstring>

namespace cairn::db {
namespace {

struct SipState {
    uint64_t v0, v1, v2, v3;

    void round() {
        v0 += v1;
        v1 = std::rotl(v1, 13);
        v1 ^= v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = std::rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = std::rotl(v1, 17);
        v1 ^= v2;
        v2 = std::rotl(v2, 32);
    }
};

uint64_t load_le64(const unsigned char* p) {
    if constexpr (std::endian::native == std::endian::little) {
        uint64_t v;
        std::memcpy(&v, p, sizeof v);
        return v;
    } else {
        uint64_t v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
        return v;
    }
}

// C compression rounds per message word, D finalization rounds.
template <int C, int D>
uint64_t siphash(const void* data, size_t len, uint64_t k0, uint64_t k1) {
    SipState s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
               k1 ^ 0x7465646279746573ULL};
    auto compress = [&s](uint64_t m) {
        s.v3 ^= m;
        for (int i = 0; i < C; i++) s.round();
        s.v0 ^= m;
    };

    const auto* p = static_cast<const unsigned char*>(data);
    const unsigned char* end = p + (len & ~size_t{7});
    for (; p != end; p += 8) compress(load_le64(p));

    // Last word: the remaining 0..7 bytes, with the length's low byte on top.
    uint64_t last = static_cast<uint64_t>(len) << 56;
    for (size_t i = 0; i < (len & 7); i++) last |= static_cast<uint64_t>(p[i]) << (8 * i);
    compress(last);

    s.v2 ^= 0xff;
    for (int i = 0; i < D; i++) s.round();
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace

uint64_t siphash_1_2(const void* data, size_t len, uint64_t k0, uint64_t k1) {
    return siphash<1, 2>(data, len, k0, k1);
}

uint64_t siphash_2_4(const void* data, size_t len, uint64_t k0, uint64_t k1) {
    return siphash<2, 4>(data, len, k0, k1);
}

}  // namespace cairn::db
