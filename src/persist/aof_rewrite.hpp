// An AOF base file in command form (aof-use-rdb-preamble no): each key as the commands that
// rebuild it, as Redis 7.0's rewriteAppendOnlyFileRio writes them (SET, RPUSH, SADD, ZADD,
// HMSET in batches of 64 items, PEXPIREAT for a TTL).
#pragma once

#include <cstdint>
#include <string_view>

#include "db/object.hpp"

namespace cairn::persist {

class RdbOutput;

void write_aof_select(RdbOutput& out, int db);
// FUNCTION LOAD <code> (Redis's rewriteFunctions).
void write_aof_function(RdbOutput& out, std::string_view code);
void write_aof_key(RdbOutput& out, std::string_view key, const db::Object& o, int64_t expire_ms);

}  // namespace cairn::persist
