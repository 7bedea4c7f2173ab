// Helpers of the persist unit tests: hex test vectors and Redis DUMP payloads.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "persist/crc64.hpp"

namespace cairn::persist::test {

inline std::string from_hex(std::string_view hex) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    return out;
}

inline std::string to_hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

// A DUMP payload as Redis 7.0 builds it: type byte and value, RDB version 10 (LE), and the
// CRC-64 (LE) of all that.
inline std::string dump_payload(std::string_view type_and_value) {
    std::string out(type_and_value);
    out += std::string("\x0a\x00", 2);
    uint64_t crc = crc64(0, out.data(), out.size());
    for (int i = 0; i < 8; i++) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
    return out;
}

// The value serialization inside a DUMP payload (after the type byte, before the trailer).
inline std::string dump_body(std::string_view payload) {
    return std::string(payload.substr(1, payload.size() - 11));
}

}  // namespace cairn::persist::test
