// SHA-1 (FIPS 180-4), for Redis's DEBUG DIGEST and, later, script SHAs. Written here rather
// than taken from OpenSSL so the Windows build needs no extra library for 80 lines of code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::util {

using Sha1Digest = std::array<uint8_t, 20>;

class Sha1 {
public:
    Sha1();
    void update(const void* data, size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    Sha1Digest finish();  // the object must not be updated afterwards

private:
    void block(const uint8_t* p);

    std::array<uint32_t, 5> h_;
    std::array<uint8_t, 64> buf_{};
    size_t buffered_ = 0;
    uint64_t total_ = 0;  // bytes hashed
};

Sha1Digest sha1(std::string_view data);
std::string to_hex(const Sha1Digest& d);  // 40 lowercase hex digits

}  // namespace cairn::util
