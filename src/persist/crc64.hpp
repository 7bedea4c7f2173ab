// Redis's CRC-64 (Jones polynomial, reflected; crc64.c): the RDB trailer and DUMP payloads.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn::persist {

// Continues crc over len bytes (start with 0). crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca.
uint64_t crc64(uint64_t crc, const void* data, size_t len);

}  // namespace cairn::persist
