// Redis's DEBUG DIGEST / DIGEST-VALUE algorithm (debug.c): SHA-1 based, order-insensitive for
// keys, set members, hash fields and sorted-set elements, order-sensitive for list elements
// and strings, so the same data gives the same 40 hex digits on Cairn and on Redis whatever
// the encoding.
#pragma once

#include <string_view>

#include "util/sha1.hpp"

namespace cairn::db {

class Database;
struct Object;

// The digest of one value; has_expire adds Redis's "!!expire!!" marker. Mixes into `digest`
// (start from zeros).
void mix_value_digest(util::Sha1Digest& digest, const Object& o, bool has_expire);

// Mixes one database (its id and every key with its value) into `final` as
// computeDatasetDigest does. An empty database leaves `final` unchanged.
void mix_database_digest(util::Sha1Digest& final, Database& db, int id);

}  // namespace cairn::db
