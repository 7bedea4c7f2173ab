#include "commands/sort_sources.hpp"

#include "commands/list_ops.hpp"
#include "db/object.hpp"

namespace cairn::sort_sources {

bool sortable(const db::Object& o) {
    return o.type == db::ObjType::List || o.type == db::ObjType::Set || o.type == db::ObjType::ZSet;
}

size_t length(const db::Object& o) {
    if (o.type == db::ObjType::List) return lists::list_of(o).size();
    return 0;
}

std::vector<std::string> all_elements(const db::Object& o) {
    std::vector<std::string> out;
    if (o.type == db::ObjType::List) {
        const db::ListValue& l = lists::list_of(o);
        out.reserve(l.size());
        l.for_range(0, l.size(), false, [&](std::string_view e) { out.emplace_back(e); });
    }
    return out;
}

std::vector<std::string> range(const db::Object& o, size_t start, size_t end, bool desc) {
    std::vector<std::string> out;
    if (o.type == db::ObjType::List) {
        const db::ListValue& l = lists::list_of(o);
        size_t n = end - start + 1;
        size_t first = desc ? l.size() - 1 - end : start;
        out.reserve(n);
        l.for_range(first, n, desc, [&](std::string_view e) { out.emplace_back(e); });
    }
    return out;
}

std::optional<std::string> hash_field(const db::Object&, std::string_view) {
    return std::nullopt;
}

}  // namespace cairn::sort_sources
