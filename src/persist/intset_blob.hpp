// Redis's intset as stored in RDB_TYPE_SET_INTSET (intset.c): encoding (2, 4 or 8) and count as
// 32-bit little-endian, then the sorted values little-endian in that width.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::persist {

// sorted must be strictly ascending; the smallest width that holds every value is used.
std::string intset_blob(const std::vector<int64_t>& sorted);
// Validates (intsetValidateIntegrity: known encoding, size, not empty, strictly ascending) and
// decodes into out, replacing its contents; out is unchanged on failure.
bool intset_values(std::string_view blob, std::vector<int64_t>& out);

}  // namespace cairn::persist
