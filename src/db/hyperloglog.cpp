#include "db/hyperloglog.hpp"

#include <cmath>
#include <cstring>

namespace cairn::db::hll {

namespace {

constexpr int kQ = 64 - static_cast<int>(kP);  // 50
constexpr uint64_t kPMask = kRegisters - 1;
constexpr unsigned kRegisterMax = 63;
constexpr int kSparseValMax = 32;
constexpr int kSparseValMaxLen = 4;
constexpr int kSparseZeroMaxLen = 64;
constexpr int kSparseXZeroMaxLen = 16384;
constexpr double kAlphaInf = 0.721347520444481703680;  // 0.5 / ln(2)

// Sparse opcodes.
bool is_zero(uint8_t b) {
    return (b & 0xc0) == 0;
}
bool is_xzero(uint8_t b) {
    return (b & 0xc0) == 0x40;
}
bool is_val(uint8_t b) {
    return (b & 0x80) != 0;
}
int zero_len(uint8_t b) {
    return (b & 0x3f) + 1;
}
int xzero_len(const uint8_t* p) {
    return (((p[0] & 0x3f) << 8) | p[1]) + 1;
}
int val_value(uint8_t b) {
    return ((b >> 2) & 0x1f) + 1;
}
int val_len(uint8_t b) {
    return (b & 0x3) + 1;
}
uint8_t val_op(int value, int len) {
    return static_cast<uint8_t>(((value - 1) << 2 | (len - 1)) | 0x80);
}
uint8_t zero_op(int len) {
    return static_cast<uint8_t>(len - 1);
}
void xzero_op(uint8_t* p, int len) {
    const int l = len - 1;
    p[0] = static_cast<uint8_t>((l >> 8) | 0x40);
    p[1] = static_cast<uint8_t>(l & 0xff);
}

uint8_t* bytes(std::string& s) {
    return reinterpret_cast<uint8_t*>(s.data());
}
const uint8_t* bytes(std::string_view s) {
    return reinterpret_cast<const uint8_t*>(s.data());
}

// HLL_DENSE_GET_REGISTER / SET_REGISTER over `regs` of (kRegisters*6+7)/8 bytes. Redis reads
// and writes one byte past the end for the last register (the sds terminator); that byte
// never holds register bits, so it is skipped here.
constexpr size_t kDenseBytes = kDenseSize - kHeaderSize;

unsigned get_dense(const uint8_t* regs, size_t reg) {
    const size_t byte = reg * 6 / 8;
    const unsigned fb = reg * 6 & 7;
    const unsigned fb8 = 8 - fb;
    const unsigned b0 = regs[byte];
    const unsigned b1 = byte + 1 < kDenseBytes ? regs[byte + 1] : 0;
    return ((b0 >> fb) | (b1 << fb8)) & kRegisterMax;
}

void set_dense(uint8_t* regs, size_t reg, unsigned val) {
    const size_t byte = reg * 6 / 8;
    const unsigned fb = reg * 6 & 7;
    const unsigned fb8 = 8 - fb;
    regs[byte] = static_cast<uint8_t>(regs[byte] & ~(kRegisterMax << fb));
    regs[byte] = static_cast<uint8_t>(regs[byte] | (val << fb));
    if (byte + 1 < kDenseBytes) {
        regs[byte + 1] = static_cast<uint8_t>(regs[byte + 1] & ~(kRegisterMax >> fb8));
        regs[byte + 1] = static_cast<uint8_t>(regs[byte + 1] | (val >> fb8));
    }
}

int dense_set(uint8_t* regs, size_t index, uint8_t count) {
    if (count > get_dense(regs, index)) {
        set_dense(regs, index, count);
        return 1;
    }
    return 0;
}

double sigma(double x) {
    if (x == 1.) return INFINITY;
    double z_prime;
    double y = 1;
    double z = x;
    do {
        x *= x;
        z_prime = z;
        z += x * y;
        y += y;
    } while (z_prime != z);
    return z;
}

double tau(double x) {
    if (x == 0. || x == 1.) return 0.;
    double z_prime;
    double y = 1.0;
    double z = 1 - x;
    do {
        x = std::sqrt(x);
        z_prime = z;
        y *= 0.5;
        z -= std::pow(1 - x, 2) * y;
    } while (z_prime != z);
    return z / 3;
}

uint64_t estimate(const int* histo) {
    const double m = kRegisters;
    double z = m * tau((m - histo[kQ + 1]) / m);
    for (int j = kQ; j >= 1; --j) {
        z += histo[j];
        z *= 0.5;
    }
    z += m * sigma(histo[0] / m);
    return static_cast<uint64_t>(std::llroundl(kAlphaInf * m * m / z));
}

// Sparse histogram; false if the opcodes do not cover exactly kRegisters registers.
bool sparse_histogram(const uint8_t* p, const uint8_t* end, int* histo) {
    long idx = 0;
    while (p < end) {
        if (is_zero(*p)) {
            const int run = zero_len(*p);
            idx += run;
            histo[0] += run;
            p++;
        } else if (is_xzero(*p)) {
            if (p + 1 >= end) return false;
            const int run = xzero_len(p);
            idx += run;
            histo[0] += run;
            p += 2;
        } else {
            const int run = val_len(*p);
            idx += run;
            histo[val_value(*p)] += run;
            p++;
        }
    }
    return idx == static_cast<long>(kRegisters);
}

int sparse_set(std::string& s, size_t index, uint8_t count, size_t sparse_max_bytes);

}  // namespace

uint64_t murmur_hash64a(const void* key, size_t len, uint64_t seed) {
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = seed ^ (len * m);
    const uint8_t* data = static_cast<const uint8_t*>(key);
    const uint8_t* end = data + (len - (len & 7));
    while (data != end) {
        uint64_t k = 0;
        for (int i = 7; i >= 0; i--) k = (k << 8) | data[i];  // little endian, any host
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
        data += 8;
    }
    switch (len & 7) {
        case 7:
            h ^= static_cast<uint64_t>(data[6]) << 48;
            [[fallthrough]];
        case 6:
            h ^= static_cast<uint64_t>(data[5]) << 40;
            [[fallthrough]];
        case 5:
            h ^= static_cast<uint64_t>(data[4]) << 32;
            [[fallthrough]];
        case 4:
            h ^= static_cast<uint64_t>(data[3]) << 24;
            [[fallthrough]];
        case 3:
            h ^= static_cast<uint64_t>(data[2]) << 16;
            [[fallthrough]];
        case 2:
            h ^= static_cast<uint64_t>(data[1]) << 8;
            [[fallthrough]];
        case 1:
            h ^= static_cast<uint64_t>(data[0]);
            h *= m;
            break;
        default:
            break;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

int pattern_length(std::string_view element, size_t& index) {
    uint64_t hash = murmur_hash64a(element.data(), element.size(), 0xadc83b19ULL);
    index = hash & kPMask;
    hash >>= kP;
    hash |= uint64_t{1} << kQ;  // the loop ends by bit Q at the latest
    uint64_t bit = 1;
    int count = 1;
    while ((hash & bit) == 0) {
        count++;
        bit <<= 1;
    }
    return count;
}

std::string create() {
    std::string s(kHeaderSize, '\0');
    std::memcpy(s.data(), "HYLL", 4);
    s[4] = static_cast<char>(kSparse);
    for (size_t left = kRegisters; left > 0;) {
        const size_t run = left < kSparseXZeroMaxLen ? left : kSparseXZeroMaxLen;
        uint8_t op[2];
        xzero_op(op, static_cast<int>(run));
        s.append(reinterpret_cast<const char*>(op), 2);
        left -= run;
    }
    return s;
}

bool looks_valid(std::string_view s) {
    if (s.size() < kHeaderSize) return false;
    if (s.substr(0, 4) != "HYLL") return false;
    const uint8_t enc = static_cast<uint8_t>(s[4]);
    if (enc > kSparse) return false;
    if (enc == kDense && s.size() != kDenseSize) return false;
    return true;
}

bool cache_valid(std::string_view s) {
    return (static_cast<uint8_t>(s[15]) & 0x80) == 0;
}

uint64_t cached_count(std::string_view s) {
    uint64_t card = 0;
    for (int i = 7; i >= 0; i--) card = (card << 8) | static_cast<uint8_t>(s[8 + i]);
    return card;
}

void store_cache(std::string& s, uint64_t card) {
    for (int i = 0; i < 8; i++) s[8 + i] = static_cast<char>((card >> (8 * i)) & 0xff);
}

void invalidate_cache(std::string& s) {
    s[15] = static_cast<char>(static_cast<uint8_t>(s[15]) | 0x80);
}

uint8_t dense_register(std::string_view s, size_t index) {
    return static_cast<uint8_t>(get_dense(bytes(s) + kHeaderSize, index));
}

bool to_dense(std::string& s) {
    if (static_cast<uint8_t>(s[4]) == kDense) return true;
    std::string dense(kDenseSize, '\0');
    std::memcpy(dense.data(), s.data(), kHeaderSize);  // magic and cached cardinality
    dense[4] = static_cast<char>(kDense);
    uint8_t* regs = bytes(dense) + kHeaderSize;
    const uint8_t* p = bytes(std::string_view(s)) + kHeaderSize;
    const uint8_t* end = bytes(std::string_view(s)) + s.size();
    long idx = 0;
    while (p < end) {
        if (is_zero(*p)) {
            idx += zero_len(*p);
            p++;
        } else if (is_xzero(*p)) {
            if (p + 1 >= end) return false;
            idx += xzero_len(p);
            p += 2;
        } else {
            int run = val_len(*p);
            const int value = val_value(*p);
            if (run + idx > static_cast<long>(kRegisters)) return false;  // overflow: corrupt
            while (run--) set_dense(regs, static_cast<size_t>(idx++), static_cast<unsigned>(value));
            p++;
        }
    }
    if (idx != static_cast<long>(kRegisters)) return false;
    s = std::move(dense);
    return true;
}

namespace {

// hllSparseSet, step by step as Redis does so the sparse bytes come out identical.
int sparse_set(std::string& s, size_t index_in, uint8_t count, size_t sparse_max_bytes) {
    const long index = static_cast<long>(index_in);
    if (count > kSparseValMax) goto promote;
    {
        // Step 1: find the opcode covering index.
        size_t p = kHeaderSize;
        size_t end = s.size();
        size_t prev = 0;
        bool have_prev = false;
        long first = 0;
        long span = 0;
        while (p < end) {
            const uint8_t b = static_cast<uint8_t>(s[p]);
            size_t oplen = 1;
            if (is_zero(b)) {
                span = zero_len(b);
            } else if (is_val(b)) {
                span = val_len(b);
            } else {
                if (p + 1 >= end) return -1;
                span = xzero_len(bytes(s) + p);
                oplen = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            have_prev = true;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) return -1;  // invalid format

        const uint8_t op = static_cast<uint8_t>(s[p]);
        bool zero = false, xzero = false, val = false;
        long runlen;
        if (is_zero(op)) {
            zero = true;
            runlen = zero_len(op);
        } else if (is_xzero(op)) {
            xzero = true;
            runlen = xzero_len(bytes(s) + p);
        } else {
            val = true;
            runlen = val_len(op);
        }

        bool done = false;
        if (val) {
            const int oldcount = val_value(op);
            if (oldcount >= count) return 0;  // case A
            if (runlen == 1) {                // case B
                s[p] = static_cast<char>(val_op(count, 1));
                done = true;
            }
        }
        if (!done && zero && runlen == 1) {  // case C
            s[p] = static_cast<char>(val_op(count, 1));
            done = true;
        }
        if (!done) {
            // Case D: split the opcode into up to three (at most 5 bytes).
            uint8_t seq[5];
            uint8_t* n = seq;
            const long last = first + span - 1;
            if (zero || xzero) {
                if (index != first) {
                    const long len = index - first;
                    if (len > kSparseZeroMaxLen) {
                        xzero_op(n, static_cast<int>(len));
                        n += 2;
                    } else {
                        *n++ = zero_op(static_cast<int>(len));
                    }
                }
                *n++ = val_op(count, 1);
                if (index != last) {
                    const long len = last - index;
                    if (len > kSparseZeroMaxLen) {
                        xzero_op(n, static_cast<int>(len));
                        n += 2;
                    } else {
                        *n++ = zero_op(static_cast<int>(len));
                    }
                }
            } else {
                const int curval = val_value(op);
                if (index != first) *n++ = val_op(curval, static_cast<int>(index - first));
                *n++ = val_op(count, 1);
                if (index != last) *n++ = val_op(curval, static_cast<int>(last - index));
            }
            // Step 3: replace the old opcode with the new sequence.
            const size_t seqlen = static_cast<size_t>(n - seq);
            const size_t oldlen = xzero ? 2 : 1;
            if (seqlen > oldlen && s.size() + (seqlen - oldlen) > sparse_max_bytes) goto promote;
            s.replace(p, oldlen, reinterpret_cast<const char*>(seq), seqlen);
            end = s.size();
        }

        // Step 4: merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes
        // from the previous one.
        size_t q = have_prev ? prev : kHeaderSize;
        int scanlen = 5;
        while (q < end && scanlen--) {
            const uint8_t b = static_cast<uint8_t>(s[q]);
            if (is_xzero(b)) {
                q += 2;
                continue;
            }
            if (is_zero(b)) {
                q++;
                continue;
            }
            if (q + 1 < end && is_val(static_cast<uint8_t>(s[q + 1]))) {
                const uint8_t b2 = static_cast<uint8_t>(s[q + 1]);
                const int v1 = val_value(b);
                if (v1 == val_value(b2)) {
                    const int len = val_len(b) + val_len(b2);
                    if (len <= kSparseValMaxLen) {
                        s[q + 1] = static_cast<char>(val_op(v1, len));
                        s.erase(q, 1);
                        end--;
                        continue;  // try to merge the result with its right neighbour
                    }
                }
            }
            q++;
        }
        invalidate_cache(s);
        return 1;
    }
promote:
    if (!to_dense(s)) return -1;
    dense_set(bytes(s) + kHeaderSize, index_in, count);
    return 1;
}

}  // namespace

int set_register(std::string& s, size_t index, uint8_t count, size_t sparse_max_bytes) {
    switch (static_cast<uint8_t>(s[4])) {
        case kDense:
            return dense_set(bytes(s) + kHeaderSize, index, count);
        case kSparse:
            return sparse_set(s, index, count, sparse_max_bytes);
        default:
            return -1;
    }
}

int add(std::string& s, std::string_view element, size_t sparse_max_bytes) {
    size_t index;
    const int count = pattern_length(element, index);
    return set_register(s, index, static_cast<uint8_t>(count), sparse_max_bytes);
}

uint64_t count(std::string_view s, bool* invalid) {
    int histo[64] = {0};
    const uint8_t* regs = bytes(s) + kHeaderSize;
    if (static_cast<uint8_t>(s[4]) == kDense) {
        for (size_t j = 0; j < kRegisters; j++) histo[get_dense(regs, j)]++;
    } else if (!sparse_histogram(regs, bytes(s) + s.size(), histo) && invalid) {
        *invalid = true;
    }
    return estimate(histo);
}

uint64_t count_registers(const uint8_t* registers) {
    int histo[64] = {0};
    for (size_t j = 0; j < kRegisters; j++) histo[registers[j] & 63]++;
    return estimate(histo);
}

bool merge_into(uint8_t* max, std::string_view s) {
    const uint8_t* regs = bytes(s) + kHeaderSize;
    if (static_cast<uint8_t>(s[4]) == kDense) {
        for (size_t i = 0; i < kRegisters; i++) {
            const uint8_t v = static_cast<uint8_t>(get_dense(regs, i));
            if (v > max[i]) max[i] = v;
        }
        return true;
    }
    const uint8_t* p = regs;
    const uint8_t* end = bytes(s) + s.size();
    long i = 0;
    while (p < end) {
        if (is_zero(*p)) {
            i += zero_len(*p);
            p++;
        } else if (is_xzero(*p)) {
            if (p + 1 >= end) return false;
            i += xzero_len(p);
            p += 2;
        } else {
            int run = val_len(*p);
            const uint8_t value = static_cast<uint8_t>(val_value(*p));
            if (run + i > static_cast<long>(kRegisters)) return false;  // overflow: corrupt
            while (run--) {
                if (value > max[i]) max[i] = value;
                i++;
            }
            p++;
        }
    }
    return i == static_cast<long>(kRegisters);
}

}  // namespace cairn::db::hll
