// The building blocks of RDB files and DUMP payloads (rdb.c of Redis 7.0.15): lengths,
// strings (integer, LZF and raw encodings), millisecond times and doubles. Writers append to
// a std::string; RdbReader reads from any ByteSource and keeps the CRC-64 of what it read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::persist {

// rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit length.
void put_length(std::string& out, uint64_t len);
// rdbSaveRawString: strings of at most 11 bytes that are a canonical integer in int32 range
// get the integer encoding; with compress, strings longer than 20 bytes are LZF-compressed
// when that saves at least 4 bytes; everything else is length + bytes.
void put_string(std::string& out, std::string_view s, bool compress);
// rdbSaveLongLongAsStringObject: the integer encoding when v fits in 32 bits, else its
// decimal digits as a raw string.
void put_integer_string(std::string& out, int64_t v);
void put_u8(std::string& out, uint8_t v);
void put_u64_le(std::string& out, uint64_t v);       // expire times (ms), RDB_OPCODE_EXPIRETIME_MS
void put_binary_double(std::string& out, double v);  // 8 bytes little-endian (ZSET_2 scores)

// Where RdbReader gets bytes: a file, or memory (DUMP payloads).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Copies up to n bytes into buf; returns how many (0 at the end or on an error).
    virtual size_t read(char* buf, size_t n) = 0;
};

class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view data) : data_(data) {}
    size_t read(char* buf, size_t n) override;

private:
    std::string_view data_;
    size_t pos_ = 0;
};

// Reads RDB primitives. Any error (short read, bad encoding, failed decompression) sets
// failed() and makes every later read return a zero value; callers check failed() once per
// record. Every byte read is added to checksum() (in blocks: when the buffer is refilled or
// the checksum is asked for).
class RdbReader {
public:
    explicit RdbReader(ByteSource& source);

    bool failed() const { return failed_; }
    void fail() { failed_ = true; }
    uint64_t checksum() const;
    uint64_t bytes_read() const { return consumed_; }

    uint8_t u8();
    uint64_t u64_le();
    uint32_t u32_le();
    // rdbLoadLen; *encoded is set when the value is a special string encoding (11xxxxxx).
    // Without encoded, such a byte gives its six low bits as a length (as rdbLoadLen(rdb, NULL)).
    uint64_t length(bool* encoded = nullptr);
    // rdbGenericLoadStringObject: raw, integer or LZF-compressed.
    std::string string();
    double binary_double();
    // RDB_TYPE_ZSET's scores: a length byte, then text (253 nan, 254 inf, 255 -inf).
    double text_double();
    void read_exact(char* buf, size_t n);
    // Bytes read from the source but not consumed yet (an AOF's commands after its RDB
    // preamble start there); the reader is empty afterwards.
    std::string take_buffered();

private:
    ByteSource& source_;
    std::string buf_;
    size_t pos_ = 0;
    bool failed_ = false;
    mutable uint64_t crc_ = 0;
    mutable size_t crc_from_ = 0;  // buf_[crc_from_, pos_) is read but not in crc_ yet
    uint64_t consumed_ = 0;
    bool refill(size_t need);
    void sum_consumed() const;
};

}  // namespace cairn::persist
