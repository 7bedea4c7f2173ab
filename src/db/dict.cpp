// Process-wide state behind Dict: the hash seed and the sampling PRNG.
#include "db/dict.hpp"

#include <cstdio>
#include <random>

#include "db/siphash.hpp"

namespace cairn::db {
namespace {

uint64_t random_u64_from_device() {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

struct HashSeed {
    uint64_t k0, k1;
};

// Function-local so a Dict used during static initialization still sees a seeded hash.
HashSeed& hash_seed() {
    static HashSeed seed{random_u64_from_device(), random_u64_from_device()};
    return seed;
}

uint64_t& random_state() {
    thread_local uint64_t state = random_u64_from_device();
    return state;
}

}  // namespace

uint64_t dict_hash(std::string_view key) {
    const HashSeed& s = hash_seed();
    return siphash_1_2(key.data(), key.size(), s.k0, s.k1);
}

void set_dict_hash_seed(uint64_t k0, uint64_t k1) {
    hash_seed() = {k0, k1};
}

// splitmix64: tiny, fast and plenty random for picking buckets.
uint64_t dict_random() {
    uint64_t z = (random_state() += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void set_dict_random_seed(uint64_t seed) {
    random_state() = seed;
}

}  // namespace cairn::db

namespace cairn::db {

std::string format_dict_stats(const DictTableStats* tables, size_t count) {
    std::string out;
    char buf[512];
    for (size_t i = 0; i < count; i++) {
        const DictTableStats& t = tables[i];
        const char* which = i == 0 ? "main hash table" : "rehashing target";
        if (t.used == 0) {
            std::snprintf(buf, sizeof(buf),
                          "Hash table %zu stats (%s):\nNo stats available for empty dictionaries\n",
                          i, which);
            out += buf;
            continue;
        }
        std::snprintf(
            buf, sizeof(buf),
            "Hash table %zu stats (%s):\n"
            " table size: %zu\n"
            " number of elements: %zu\n"
            " different slots: %zu\n"
            " max chain length: %zu\n"
            " avg chain length (counted): %.02f\n"
            " avg chain length (computed): %.02f\n"
            " Chain length distribution:\n",
            i, which, t.size, t.used, t.slots, t.max_chain,
            static_cast<double>(static_cast<float>(t.total_chain) / static_cast<float>(t.slots)),
            static_cast<double>(static_cast<float>(t.used) / static_cast<float>(t.slots)));
        out += buf;
        for (size_t len = 0; len + 1 < t.chain_lengths.size(); len++) {
            if (t.chain_lengths[len] == 0) continue;
            std::snprintf(buf, sizeof(buf), "   %zu: %zu (%.02f%%)\n", len, t.chain_lengths[len],
                          static_cast<double>(static_cast<float>(t.chain_lengths[len]) /
                                              static_cast<float>(t.size) * 100));
            out += buf;
        }
    }
    return out;
}

}  // namespace cairn::db
