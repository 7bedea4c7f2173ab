// HyperLogLog with Redis's exact string representation (hyperloglog.c), so values move
// between Cairn and Redis through GET / SET unchanged:
//
//   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | 8-byte cached cardinality
//   (little endian, top bit set = stale) | registers
//
// 16384 registers of 6 bits (P = 14), hashed with MurmurHash64A (seed 0xadc83b19). Dense
// registers are packed 6 bits each, least significant bits first (12288 bytes). The sparse
// form is a run-length code of ZERO (00xxxxxx), XZERO (01xxxxxx yyyyyyyy) and VAL (1vvvvvxx)
// opcodes; it is promoted to dense when a register needs a value above 32 or the string
// would grow past hll-sparse-max-bytes. The cardinality estimate is Ertl's improved
// estimator, as Redis 5+.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::db::hll {

constexpr size_t kP = 14;
constexpr size_t kRegisters = size_t{1} << kP;  // 16384
constexpr size_t kHeaderSize = 16;
constexpr size_t kDenseSize = kHeaderSize + (kRegisters * 6 + 7) / 8;  // 12304
constexpr uint8_t kDense = 0;
constexpr uint8_t kSparse = 1;

uint64_t murmur_hash64a(const void* key, size_t len, uint64_t seed);

// hllPatLen: the register an element maps to and the length of its 000..1 run (1..51).
int pattern_length(std::string_view element, size_t& index);

// createHLLObject: an empty sparse HyperLogLog (cached cardinality 0).
std::string create();

// isHLLObjectOrReply's checks: long enough, magic, known encoding, exact dense size.
bool looks_valid(std::string_view s);

// Adds an element (hllAdd): 1 if a register changed, 0 if not, -1 if the sparse form is
// corrupt. May promote s to dense.
int add(std::string& s, std::string_view element, size_t sparse_max_bytes);

// Raises register index to count if it is lower (hllDenseSet / hllSparseSet); same result
// codes as add.
int set_register(std::string& s, size_t index, uint8_t count, size_t sparse_max_bytes);

// hllSparseToDense. False if the sparse form is corrupt (s unchanged).
bool to_dense(std::string& s);

// hllCount on a valid value. Sets *invalid (if given) when the sparse form is corrupt.
uint64_t count(std::string_view s, bool* invalid);
// The estimate for 16384 one-byte registers (PFCOUNT over several keys).
uint64_t count_registers(const uint8_t* registers);
// hllMerge: max[i] = max(max[i], register i). False if the sparse form is corrupt.
bool merge_into(uint8_t* max, std::string_view s);

bool cache_valid(std::string_view s);
uint64_t cached_count(std::string_view s);
void store_cache(std::string& s, uint64_t card);
void invalidate_cache(std::string& s);

// Dense register access on a dense value, for tests and merging.
uint8_t dense_register(std::string_view s, size_t index);

}  // namespace cairn::db::hll
