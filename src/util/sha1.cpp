#include "util/sha1.hpp"

#include <cstring>

namespace cairn::util {

namespace {

uint32_t rol(uint32_t v, int bits) {
    return (v << bits) | (v >> (32 - bits));
}

}  // namespace

Sha1::Sha1() : h_{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u} {}

void Sha1::block(const uint8_t* p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = static_cast<uint32_t>(p[4 * i]) << 24 | static_cast<uint32_t>(p[4 * i + 1]) << 16 |
               static_cast<uint32_t>(p[4 * i + 2]) << 8 | static_cast<uint32_t>(p[4 * i + 3]);
    }
    for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
}

void Sha1::update(const void* data, size_t len) {
    const auto* p = static_cast<const uint8_t*>(data);
    total_ += len;
    if (buffered_ > 0) {
        size_t take = std::min(len, buf_.size() - buffered_);
        std::memcpy(buf_.data() + buffered_, p, take);
        buffered_ += take;
        p += take;
        len -= take;
        if (buffered_ < buf_.size()) return;
        block(buf_.data());
        buffered_ = 0;
    }
    for (; len >= 64; p += 64, len -= 64) block(p);
    if (len > 0) {
        std::memcpy(buf_.data(), p, len);
        buffered_ = len;
    }
}

Sha1Digest Sha1::finish() {
    uint64_t bits = total_ * 8;
    uint8_t pad[72] = {0x80};
    size_t pad_len = (buffered_ < 56 ? 56 : 120) - buffered_;
    update(pad, pad_len);
    uint8_t len_be[8];
    for (int i = 0; i < 8; i++) len_be[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    update(len_be, 8);
    Sha1Digest out;
    for (int i = 0; i < 5; i++) {
        out[static_cast<size_t>(4 * i)] = static_cast<uint8_t>(h_[static_cast<size_t>(i)] >> 24);
        out[static_cast<size_t>(4 * i + 1)] =
            static_cast<uint8_t>(h_[static_cast<size_t>(i)] >> 16);
        out[static_cast<size_t>(4 * i + 2)] = static_cast<uint8_t>(h_[static_cast<size_t>(i)] >> 8);
        out[static_cast<size_t>(4 * i + 3)] = static_cast<uint8_t>(h_[static_cast<size_t>(i)]);
    }
    return out;
}

Sha1Digest sha1(std::string_view data) {
    Sha1 s;
    s.update(data);
    return s.finish();
}

std::string to_hex(const Sha1Digest& d) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(40);
    for (uint8_t b : d) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

}  // namespace cairn::util
