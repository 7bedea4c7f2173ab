// One value in RDB form (rdbSaveObjectType / rdbSaveObject / rdbLoadObject of Redis 7.0.15):
// what both RDB files and DUMP payloads hold after a key. Writes Redis 7.0's types only; reads
// every type since RDB 1 that Cairn has a value for (streams and modules are refused).
#pragma once

#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "db/object.hpp"

namespace cairn::persist {

class RdbOutput;
class RdbReader;

// The RDB type byte Redis 7.0 writes for the value.
uint8_t rdb_type_of(const db::Object& o);
// The value's serialization (after the type byte).
void write_value(RdbOutput& out, const db::Object& o);
// The type byte and the serialization together (a DUMP payload's body, a record's tail).
void write_typed_value(RdbOutput& out, const db::Object& o);

// Whether a byte read where a record starts is a value type (not an opcode).
bool is_value_type(uint8_t type);

enum class ValueLoad {
    Ok,
    Empty,    // a collection with no elements: Redis skips such keys
    Corrupt,  // err tells what
};
// Reads a value of the given type, building Cairn's encodings with the config's limits
// (hash-max-listpack-entries, ...) as Redis converts on load.
ValueLoad read_value(RdbReader& in, uint8_t type, const config::Config& cfg, db::Object& out,
                     std::string& err);

// Redis 7.0's d2string, the text of a sorted-set score in a listpack.
std::string score_text(double score);

}  // namespace cairn::persist
