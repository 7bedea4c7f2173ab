// SORT and SORT_RO (Redis 7.0's sort.c): the elements of a list, set or sorted set, ordered
// by their numeric value, lexicographically (ALPHA) or by other keys (BY pattern, with
// "->field" for hash fields), then LIMIT, GET patterns, and STORE into a list.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/list_ops.hpp"
#include "commands/sort_sources.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

struct SortOptions {
    bool desc = false;
    bool alpha = false;
    bool dontsort = false;  // BY a pattern without '*': keep the natural order
    long long limit_start = 0;
    long long limit_count = -1;
    std::optional<std::string_view> by;
    std::vector<std::string_view> gets;
    std::optional<std::string_view> store;
};

bool parse_options(CommandContext& ctx, bool readonly, SortOptions& o) {
    for (size_t j = 2; j < ctx.argc(); j++) {
        size_t left = ctx.argc() - j - 1;
        std::string_view a = ctx.argv[j];
        if (util::iequals(a, "asc")) {
            o.desc = false;
        } else if (util::iequals(a, "desc")) {
            o.desc = true;
        } else if (util::iequals(a, "alpha")) {
            o.alpha = true;
        } else if (util::iequals(a, "limit") && left >= 2) {
            if (!ctx.parse_ll(ctx.argv[j + 1], o.limit_start) ||
                !ctx.parse_ll(ctx.argv[j + 2], o.limit_count)) {
                return false;
            }
            j += 2;
        } else if (util::iequals(a, "store") && left >= 1 && !readonly) {
            o.store = ctx.argv[++j];
        } else if (util::iequals(a, "by") && left >= 1) {
            o.by = ctx.argv[++j];
            // A pattern without '*' names no key per element: Redis skips sorting.
            if (o.by->find('*') == std::string_view::npos) o.dontsort = true;
        } else if (util::iequals(a, "get") && left >= 1) {
            o.gets.push_back(ctx.argv[++j]);
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

// Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced
// by the element, and "->field" after it reads a hash field instead of a string.
std::optional<std::string> lookup_by_pattern(CommandContext& ctx, std::string_view pattern,
                                             std::string_view element) {
    if (pattern == "#") return std::string(element);
    size_t star = pattern.find('*');
    if (star == std::string_view::npos) return std::nullopt;
    std::string_view field;
    size_t arrow = pattern.find("->", star + 1);
    if (arrow != std::string_view::npos && arrow + 2 < pattern.size()) {
        field = pattern.substr(arrow + 2);
    } else {
        arrow = pattern.size();
    }
    std::string key(pattern.substr(0, star));
    key.append(element);
    key.append(pattern.substr(star + 1, arrow - star - 1));
    db::Object* o = ctx.lookup_read(key);
    if (!o) return std::nullopt;
    if (!field.empty()) return sort_sources::hash_field(*o, field);
    if (o->type != db::ObjType::String) return std::nullopt;
    return o->str;
}

struct Item {
    std::string element;
    double score = 0;
    std::optional<std::string> by;  // ALPHA with BY: the value compared
};

// Redis parses scores with strtod and refuses trailing garbage, overflow and NaN.
bool parse_score(const std::string& s, double& out) {
    if (s.empty()) {
        out = 0;
        return true;
    }
    errno = 0;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return *end == '\0' && errno != ERANGE && !std::isnan(out);
}

// The LIMIT window over n elements, as Redis clamps it: [start, end], empty when end < start.
void clamp_limit(const SortOptions& o, long long n, long long& start, long long& end) {
    start = o.limit_start < 0 ? 0 : o.limit_start;
    end = o.limit_count < 0 ? n - 1 : start + o.limit_count - 1;
    if (start >= n) {
        start = n - 1;
        end = n - 2;
    }
    if (end >= n) end = n - 1;
}

// The weights (BY, or the elements themselves) and the sort; false after replying an error.
bool sort_items(CommandContext& ctx, const SortOptions& o, std::vector<Item>& items) {
    for (Item& it : items) {
        std::optional<std::string> byval;
        if (o.by) {
            byval = lookup_by_pattern(ctx, *o.by, it.element);
            if (!byval) continue;  // a missing weight sorts as 0 (or first with ALPHA)
        }
        if (o.alpha) {
            if (o.by) it.by = std::move(byval);
        } else if (!parse_score(o.by ? *byval : it.element, it.score)) {
            ctx.reply.error("ERR One or more scores can't be converted into double");
            return false;
        }
    }
    auto compare = [&](const Item& a, const Item& b) {
        int cmp;
        if (!o.alpha) {
            cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : 0;
            if (cmp == 0) cmp = a.element.compare(b.element);  // deterministic ties
        } else if (o.by) {
            if (!a.by || !b.by) {
                cmp = (!a.by && !b.by) ? 0 : !a.by ? -1 : 1;
            } else {
                cmp = a.by->compare(*b.by);
            }
        } else {
            cmp = a.element.compare(b.element);
        }
        return o.desc ? cmp > 0 : cmp < 0;
    };
    std::stable_sort(items.begin(), items.end(), compare);
    return true;
}

// The output words of one item: the element, or each GET pattern's value (null when missing).
std::vector<std::optional<std::string>> item_output(CommandContext& ctx, const SortOptions& o,
                                                    const Item& it) {
    std::vector<std::optional<std::string>> out;
    if (o.gets.empty()) {
        out.emplace_back(it.element);
        return out;
    }
    for (std::string_view g : o.gets) out.push_back(lookup_by_pattern(ctx, g, it.element));
    return out;
}

// STORE: the output becomes a list (an empty one deletes the destination).
void store_output(CommandContext& ctx, const SortOptions& o, const Item* first, size_t count) {
    db::Database& d = ctx.db();
    std::string_view dst = *o.store;
    if (count == 0) {
        if (d.remove(dst)) {
            ctx.key_modified(dst);
            ctx.notify(notify::Generic, "del", dst);
        }
        ctx.reply.integer(0);
        return;
    }
    db::Object list = lists::make_list(ctx.config());
    size_t stored = 0;
    for (size_t j = 0; j < count; j++) {
        for (const auto& v : item_output(ctx, o, first[j])) {
            lists::list_push(list, lists::Where::Tail, v ? *v : std::string());
            stored++;
        }
    }
    d.set(dst, std::move(list), ctx.now_ms);
    lists::signal_changes(ctx, d, dst, stored);
    ctx.notify(notify::List, "sortstore", dst);
    ctx.reply.integer(static_cast<long long>(stored));
}

void sort_command(CommandContext& ctx, bool readonly) {
    SortOptions o;
    if (!parse_options(ctx, readonly, o)) return;
    db::Object* value = ctx.lookup_read(ctx.argv[1]);
    if (value && !sort_sources::sortable(*value)) {
        ctx.wrong_type();
        return;
    }
    // A set in natural order would differ between runs and replicas: STORE sorts it.
    if (o.dontsort && value && value->type == db::ObjType::Set && o.store) {
        o.dontsort = false;
        o.alpha = true;
        o.by.reset();
    }
    long long start, end;
    clamp_limit(o, value ? static_cast<long long>(sort_sources::length(*value)) : 0, start, end);
    std::vector<std::string> elements;
    bool ordered = value && (value->type == db::ObjType::List || value->type == db::ObjType::ZSet);
    if (ordered && o.dontsort) {
        // Natural order (reversed for DESC), and only the LIMIT range is loaded.
        if (end >= start) {
            elements = sort_sources::range(*value, static_cast<size_t>(start),
                                           static_cast<size_t>(end), o.desc);
            end -= start;
            start = 0;
        }
    } else if (value) {
        elements = sort_sources::all_elements(*value);
    }
    std::vector<Item> items;
    items.reserve(elements.size());
    for (std::string& e : elements) items.push_back({std::move(e), 0, std::nullopt});
    if (!o.dontsort && !sort_items(ctx, o, items)) return;

    const size_t count = end >= start ? static_cast<size_t>(end - start + 1) : 0;
    const Item* first = count > 0 ? items.data() + start : nullptr;
    if (o.store) {
        store_output(ctx, o, first, count);
        return;
    }
    ctx.reply.array(count * (o.gets.empty() ? 1 : o.gets.size()));
    for (size_t j = 0; j < count; j++) {
        for (const auto& v : item_output(ctx, o, first[j])) {
            if (v) {
                ctx.reply.bulk(*v);
            } else {
                ctx.reply.null();
            }
        }
    }
}

void sort(CommandContext& ctx) {
    sort_command(ctx, false);
}

void sort_ro(CommandContext& ctx) {
    sort_command(ctx, true);
}

}  // namespace

void register_sort_commands(CommandTable& t) {
    t.add_handlers({
        {"sort", sort},
        {"sort_ro", sort_ro},
    });
}

}  // namespace cairn
