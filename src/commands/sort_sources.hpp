// What SORT reads from each data type: the elements of a list, set or sorted set, a range
// of them in their natural order, and hash fields for BY/GET "key->field" patterns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

namespace db {
struct Object;
}

namespace sort_sources {

bool sortable(const db::Object& o);  // a list, a set or a sorted set
size_t length(const db::Object& o);
// Every element (lists in order, sets in iteration order, sorted sets by score).
std::vector<std::string> all_elements(const db::Object& o);
// Elements [start, end] of a list or sorted set in natural order; with desc, counted from
// the other end and returned in reverse.
std::vector<std::string> range(const db::Object& o, size_t start, size_t end, bool desc);
// The value of a hash field; nullopt when o is not a hash or has no such field.
std::optional<std::string> hash_field(const db::Object& o, std::string_view field);

}  // namespace sort_sources

}  // namespace cairn
