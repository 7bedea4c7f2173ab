// A quick look ahead into a client's query buffer: the second word (for most commands, the
// key) of each complete multibulk command at its start, so the keyspace can fetch those keys'
// hash buckets into the cache before the commands run. Not a parser: it stops at the first
// thing that is not a plain, complete multibulk command (the real parser handles it).
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn::resp {

// Fills keys[0..n) with argv[1] of the complete multibulk commands at the start of data (a
// command of one word gives none) and returns n; at most max keys, from at most max commands,
// reading at most 256 bulk headers. A pipeline whose first 4 commands have no key (PING, ...)
// gives none: it would be scanned again every 16 commands for nothing.
size_t scan_pipeline_keys(const char* data, size_t len, std::string_view* keys, size_t max);

}  // namespace cairn::resp
