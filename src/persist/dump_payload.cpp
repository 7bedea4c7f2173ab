#include "persist/dump_payload.hpp"

#include <cstdint>

#include "persist/crc64.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_output.hpp"
#include "persist/rdb_primitives.hpp"
#include "persist/rdb_value.hpp"

namespace cairn::persist {

namespace {
bool g_skip_checksum_validation = false;
}  // namespace

void set_skip_checksum_validation(bool skip) {
    g_skip_checksum_validation = skip;
}

bool skip_checksum_validation() {
    return g_skip_checksum_validation;
}

std::string dump_payload(const db::Object& o, bool compress) {
    RdbOutput out(compress);
    write_typed_value(out, o);
    std::string payload = out.finish();
    payload.push_back(static_cast<char>(rdb::kVersion & 0xff));
    payload.push_back(static_cast<char>((rdb::kVersion >> 8) & 0xff));
    put_u64_le(payload, crc64(0, payload.data(), payload.size()));
    return payload;
}

bool dump_payload_ok(std::string_view p) {
    if (p.size() < 10) return false;
    const size_t f = p.size() - 10;
    const int version =
        static_cast<unsigned char>(p[f]) | (static_cast<unsigned char>(p[f + 1]) << 8);
    if (version > rdb::kVersion) return false;
    if (g_skip_checksum_validation) return true;
    uint64_t stored = 0;
    for (int i = 7; i >= 0; i--) stored = (stored << 8) | static_cast<unsigned char>(p[f + 2 + i]);
    return crc64(0, p.data(), f + 2) == stored;
}

}  // namespace cairn::persist
