// DUMP payloads (createDumpPayload / verifyDumpPayload of Redis 7.0): a value's RDB type and
// serialization, then the RDB version (2 bytes LE) and the CRC-64 of all before (8 bytes LE).
// DUMP, RESTORE and MIGRATE use them.
#pragma once

#include <string>
#include <string_view>

#include "db/object.hpp"

namespace cairn::persist {

std::string dump_payload(const db::Object& o, bool compress);
// A version this server reads and a matching checksum.
bool dump_payload_ok(std::string_view payload);

// DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE payloads and RDB files are then accepted with a
// wrong CRC-64 (process-wide, as Redis's server.skip_checksum_validation).
void set_skip_checksum_validation(bool skip);
bool skip_checksum_validation();

}  // namespace cairn::persist
