#include "commands/sort_sources.hpp"

#include "commands/list_ops.hpp"
#include "db/hash_value.hpp"
#include "db/object.hpp"
#include "db/set_value.hpp"
#include "db/zset_value.hpp"

namespace cairn::sort_sources {

namespace {

const db::ZSetValue& zset_of(const db::Object& o) {
    return static_cast<const db::ZSetValue&>(*o.payload);
}

size_t zset_length(const db::Object& o) {
    return o.type == db::ObjType::ZSet ? zset_of(o).size() : 0;
}

// Ranks [start, end] by ascending score; with desc, ranks counted from the highest score.
std::vector<std::string> zset_range(const db::Object& o, size_t start, size_t end, bool desc) {
    std::vector<std::string> out;
    const db::ZSetValue& z = zset_of(o);
    if (z.size() == 0 || end < start) return out;
    size_t n = end - start + 1;
    size_t first = desc ? z.size() - 1 - start : start;
    out.reserve(n);
    z.for_range(first, n, desc, [&](std::string_view m, double) { out.emplace_back(m); });
    return out;
}

}  // namespace

bool sortable(const db::Object& o) {
    return o.type == db::ObjType::List || o.type == db::ObjType::Set || o.type == db::ObjType::ZSet;
}

size_t length(const db::Object& o) {
    if (o.type == db::ObjType::List) return lists::list_of(o).size();
    if (o.type == db::ObjType::Set) return static_cast<const db::SetValue&>(*o.payload).size();
    return zset_length(o);
}

std::vector<std::string> all_elements(const db::Object& o) {
    std::vector<std::string> out;
    if (o.type == db::ObjType::List) {
        const db::ListValue& l = lists::list_of(o);
        out.reserve(l.size());
        l.for_range(0, l.size(), false, [&](std::string_view e) { out.emplace_back(e); });
    } else if (o.type == db::ObjType::Set) {
        const auto& set = static_cast<const db::SetValue&>(*o.payload);
        out.reserve(set.size());
        set.for_each([&](std::string_view m) { out.emplace_back(m); });
    } else if (o.type == db::ObjType::ZSet) {
        out = zset_range(o, 0, zset_length(o) - 1, false);
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
    } else if (o.type == db::ObjType::ZSet) {
        out = zset_range(o, start, end, desc);
    }
    return out;
}

std::optional<std::string> hash_field(const db::Object& o, std::string_view field) {
    if (o.type != db::ObjType::Hash) return std::nullopt;
    const std::string* v = static_cast<const db::HashValue&>(*o.payload).find(field);
    if (!v) return std::nullopt;
    return *v;
}

}  // namespace cairn::sort_sources
