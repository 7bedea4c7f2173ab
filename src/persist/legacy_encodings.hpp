// Encodings that only older RDB files hold (Redis 2.6 to 6.2): ziplist and zipmap. Read-only.
#pragma once

#include <functional>
#include <string_view>

namespace cairn::persist {

// Validates a ziplist (ziplist.c's ziplistValidateIntegrity, deep) and calls fn per entry in
// order (integers as decimal text). False on a problem (fn is called only once the whole blob
// is valid) or as soon as fn returns false. An empty ziplist is valid, as in ziplist.c.
bool ziplist_for_each(std::string_view blob, const std::function<bool(std::string_view)>& fn);
// The same for a zipmap (zipmap.c's zipmapValidateIntegrity, which refuses an empty one):
// fn(key, value) per pair.
bool zipmap_for_each(std::string_view blob,
                     const std::function<bool(std::string_view, std::string_view)>& fn);

}  // namespace cairn::persist
