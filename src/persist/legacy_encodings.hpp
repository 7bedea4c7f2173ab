// Encodings that only older RDB files hold (Redis 2.6 to 6.2): ziplist and zipmap. Read-only.
#pragma once

#include <functional>
#include <string_view>

namespace cairn::persist {

// Validates a ziplist (ziplist.c's ziplistValidateIntegrity, deep) and calls fn per entry in
// order (integers as decimal text). False on the first problem or when fn returns false.
bool ziplist_for_each(std::string_view blob, const std::function<bool(std::string_view)>& fn);
// The same for a zipmap (zipmap.c): fn(key, value) per pair.
bool zipmap_for_each(std::string_view blob,
                     const std::function<bool(std::string_view, std::string_view)>& fn);

}  // namespace cairn::persist
