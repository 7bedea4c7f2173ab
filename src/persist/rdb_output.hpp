// Where RDB bytes are assembled. A save running beside the clients encodes keys on the main
// thread but leaves the LZF compression of long strings to its writer thread: with
// defer_compression the strings that may be compressed are kept raw and marked, and finish()
// (called on the writer thread) encodes them. Without it, finish() returns the bytes as built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::persist {

class RdbOutput {
public:
    explicit RdbOutput(bool compress, bool defer_compression = false)
        : compress_(compress), defer_(defer_compression && compress) {}

    void u8(uint8_t v);
    void length(uint64_t len);
    void raw(std::string_view bytes) { bytes_.append(bytes); }
    void string(std::string_view s);  // rdbSaveRawString
    void integer_string(int64_t v);   // rdbSaveLongLongAsStringObject
    void u64_le(uint64_t v);
    void binary_double(double v);

    bool compress() const { return compress_; }
    // Bytes held so far (deferred strings counted raw): what the save's flow control watches.
    size_t size() const { return bytes_.size(); }
    bool empty() const { return bytes_.empty(); }
    // Keys a snapshot wrote into this chunk (rdb-key-save-delay sleeps per key).
    void count_key() { keys_++; }
    size_t keys() const { return keys_; }
    // The encoded bytes; the output is empty afterwards.
    std::string finish();

private:
    struct Deferred {
        size_t offset;  // where the raw string starts in bytes_
        size_t len;
    };
    std::string bytes_;
    size_t keys_ = 0;
    std::vector<Deferred> deferred_;
    bool compress_;
    bool defer_;
};

}  // namespace cairn::persist
