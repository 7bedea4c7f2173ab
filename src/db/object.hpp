// A value stored in the keyspace. Strings live inline; the other types (later issues) hang
// off `payload`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cairn::db {

enum class ObjType : uint8_t { String, List, Set, ZSet, Hash, Stream };

// Encodings with Redis's names (OBJECT ENCODING).
enum class Encoding : uint8_t {
    Raw,
    Int,
    EmbStr,
    ListPack,
    QuickList,
    IntSet,
    HashTable,
    SkipList,
    Stream,
};

std::string_view type_name(ObjType t);       // "string", "list", ...
std::string_view encoding_name(Encoding e);  // "raw", "int", "embstr", ...

// Base for non-string payloads (lists, hashes, ... in later issues).
struct Payload {
    virtual ~Payload() = default;
    virtual std::unique_ptr<Payload> clone() const = 0;  // COPY
    // MEMORY USAGE: bytes held, as Redis's objectComputeSize estimates them: the whole value
    // for compact encodings; for hash tables and skiplists the structure plus the average of
    // the first `samples` elements times their number (samples 0: every element).
    virtual size_t memory_usage(size_t samples) const = 0;
};

// Heap bytes behind a std::string (0 while it fits the small-string buffer).
size_t string_heap_bytes(const std::string& s);

struct Object {
    ObjType type = ObjType::String;
    Encoding encoding = Encoding::Raw;
    uint8_t lfu_counter = 5;  // LFU_INIT_VAL, for OBJECT FREQ under an LFU policy
    // The last point-in-time snapshot (persist/snapshot) that wrote or skipped this value;
    // Database compares it with its current epoch (db/database.hpp).
    uint8_t snapshot_epoch = 0;
    uint32_t access_time = 0;  // seconds clock of the last access, for OBJECT IDLETIME
    std::string str;           // the value of a string
    std::unique_ptr<Payload> payload;

    // A string value, encoded as Redis's tryObjectEncoding would: "int" when it is a
    // canonical 64-bit integer of at most 20 chars, "embstr" up to 44 bytes, else "raw".
    static Object make_string(std::string value);
    // After APPEND / SETRANGE / SETBIT Redis leaves the value "raw".
    void mark_raw() { encoding = Encoding::Raw; }
    Object clone() const;
    // MEMORY USAGE of the value (the Object itself included).
    size_t memory_usage(size_t samples) const;
};

}  // namespace cairn::db
