// OBJECT REFCOUNT's figure, shared with DEBUG OBJECT.
#pragma once

namespace cairn {

namespace config {
struct Config;
}
namespace db {
struct Object;
}

// Redis shares the integers 0..9999 (refcount INT_MAX) unless maxmemory with an LRU/LFU
// policy forbids shared integers; every other value has refcount 1.
long long object_refcount(const config::Config& cfg, const db::Object& o);

}  // namespace cairn
