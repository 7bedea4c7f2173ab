// Streams in RDB form (Redis 7.0.15 rdbSaveObject / rdbLoadObject for OBJ_STREAM): the node
// listpacks keyed by their 128-bit master IDs, the stream's metadata, then the consumer
// groups with their PELs and consumers. Writes RDB_TYPE_STREAM_LISTPACKS_2 (19), what Redis
// 7.0 writes; reads types 15, 19 and 21 (Redis 7.2's, with consumers' active-time).
#pragma once

#include <cstdint>
#include <string>

#include "db/object.hpp"
#include "db/stream_value.hpp"
#include "persist/rdb_value.hpp"

namespace cairn::persist {

class RdbOutput;
class RdbReader;

void write_stream(RdbOutput& out, const db::StreamValue& s);
ValueLoad read_stream(RdbReader& in, uint8_t type, db::Object& out, std::string& err);

// Checks a node's listpack from RDB (false on a malformed node) and reads its live and
// deleted counts.
bool parse_stream_node(std::string_view blob, const db::StreamID& master, int64_t& live_count,
                       int64_t& deleted_count);

}  // namespace cairn::persist
