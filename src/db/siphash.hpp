// SipHash (Aumasson & Bernstein), the keyed hash Redis uses for its dicts. Dict uses the
// reduced-round SipHash-1-2 variant, as Redis does; SipHash-2-4 is exposed for the reference
// test vectors.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn::db {

uint64_t siphash_1_2(const void* data, size_t len, uint64_t k0, uint64_t k1);
uint64_t siphash_2_4(const void* data, size_t len, uint64_t k0, uint64_t k1);

}  // namespace cairn::db
