// GEO searches (Redis 7.0 georadiusGeneric): GEORADIUS GEORADIUS_RO GEORADIUSBYMEMBER
// GEORADIUSBYMEMBER_RO GEOSEARCH GEOSEARCHSTORE. The shape is covered by a geohash cell and
// its 8 neighbours (geohash.hpp); each cell is a score range of the sorted set, scanned in
// Redis's order so that unsorted results come out in the same order as redis-server's.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/geo_ops.hpp"
#include "commands/geohash.hpp"
#include "commands/partial_qsort.hpp"
#include "commands/stats.hpp"
#include "commands/zset_ops.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

using db::Object;
using zsets::zset_of;

// Which command runs the search.
enum Variant : int {
    kFromCoords = 1 << 0,   // GEORADIUS: centre from longitude latitude
    kFromMember = 1 << 1,   // GEORADIUSBYMEMBER: centre from a member
    kNoStore = 1 << 2,      // the _RO variants refuse STORE / STOREDIST
    kSearch = 1 << 3,       // GEOSEARCH's FROM* / BY* arguments
    kSearchStore = 1 << 4,  // GEOSEARCHSTORE: the destination is argv[1]
};

enum class Sort { None, Asc, Desc };

struct Point {
    double lon;
    double lat;
    double dist;  // meters until the reply converts it to the unit
    double score;
    std::string member;  // copied: a STORE may replace the source set
};

// getDoubleFromObjectOrReply with a custom message.
bool parse_number(CommandContext& ctx, std::string_view arg, double& out, std::string_view err) {
    if (util::string_to_d(arg, out)) return true;
    ctx.reply.error(err);
    return false;
}

// extractDistanceOrReply: radius unit.
bool parse_radius(CommandContext& ctx, size_t at, geo::Shape& shape) {
    double radius;
    if (!parse_number(ctx, ctx.argv[at], radius, "ERR need numeric radius")) return false;
    if (radius < 0) {
        ctx.reply.error("ERR radius cannot be negative");
        return false;
    }
    shape.radius = radius;
    const double to_meters = geo::parse_unit(ctx, ctx.argv[at + 1]);
    if (to_meters < 0) return false;
    shape.conversion = to_meters;
    return true;
}

// extractBoxOrReply: width height unit.
bool parse_box(CommandContext& ctx, size_t at, geo::Shape& shape) {
    double w, h;
    if (!parse_number(ctx, ctx.argv[at], w, "ERR need numeric width") ||
        !parse_number(ctx, ctx.argv[at + 1], h, "ERR need numeric height"))
        return false;
    if (h < 0 || w < 0) {
        ctx.reply.error("ERR height or width cannot be negative");
        return false;
    }
    shape.width = w;
    shape.height = h;
    const double to_meters = geo::parse_unit(ctx, ctx.argv[at + 2]);
    if (to_meters < 0) return false;
    shape.conversion = to_meters;
    return true;
}

// longLatFromMember.
bool member_position(const Object& o, std::string_view member, geo::Shape& shape) {
    std::optional<double> score = zset_of(o).score(member);
    return score && geo::decode_score(*score, shape.lon, shape.lat);
}

// geoGetPointsInRange: the members scoring in [min, max) that lie inside the shape. With a
// limit (COUNT ANY), stops once `out` holds that many.
void points_in_range(const db::ZSetValue& z, double min, double max, const geo::Shape& shape,
                     size_t limit, std::vector<Point>& out) {
    const size_t start = z.count_while([&](std::string_view, double s) { return s < min; });
    const size_t end = z.count_while([&](std::string_view, double s) { return s < max; });
    if (end <= start) return;
    bool full = false;
    z.for_range(start, end - start, false, [&](std::string_view m, double s) {
        if (full) return;
        Point p;
        if (geo::within_shape(shape, s, p.lon, p.lat, p.dist)) {
            p.score = s;
            p.member = m;
            out.push_back(std::move(p));
        }
        if (!out.empty() && limit && out.size() >= limit) full = true;
    });
}

// membersOfAllNeighbors: the centre cell, then N S E W NE NW SE SW. A cell equal to the one
// scanned just before (huge radii) is skipped, except after the centre, as Redis does.
void scan_areas(const db::ZSetValue& z, const geo::SearchAreas& areas, const geo::Shape& shape,
                size_t limit, std::vector<Point>& out) {
    const geo::Neighbors& n = areas.neighbors;
    const geo::HashBits cells[9] = {areas.hash,   n.north,      n.south,      n.east,      n.west,
                                    n.north_east, n.north_west, n.south_east, n.south_west};
    size_t last = 0;
    for (size_t i = 0; i < 9; i++) {
        if (cells[i].is_zero()) continue;
        if (last && cells[i] == cells[last]) continue;
        if (!out.empty() && limit && out.size() >= limit) break;
        geo::HashBits next = cells[i];
        next.bits++;
        // The cell's scores: its bits followed by any 52-bit tail.
        const auto min = static_cast<double>(geo::align52(cells[i]));
        const auto max = static_cast<double>(geo::align52(next));
        points_in_range(z, min, max, shape, limit, out);
        last = i;
    }
}

// qsort comparators of the distances.
int compare_asc(const Point& a, const Point& b) {
    if (a.dist > b.dist) return 1;
    if (a.dist == b.dist) return 0;
    return -1;
}
int compare_desc(const Point& a, const Point& b) {
    return -compare_asc(a, b);
}

// Sorts the points as Redis does: the whole array with glibc's qsort (a stable merge sort),
// or only the first `wanted` with pqsort.
void sort_points(std::vector<Point>& pts, Sort sort, size_t wanted) {
    auto cmp = sort == Sort::Asc ? compare_asc : compare_desc;
    if (wanted == pts.size()) {
        std::stable_sort(pts.begin(), pts.end(),
                         [&](const Point& a, const Point& b) { return cmp(a, b) < 0; });
    } else {
        partial_qsort(pts, cmp, 0, wanted - 1);
    }
}

// STORE / STOREDIST / GEOSEARCHSTORE: the first n points replace dstkey as a sorted set (an
// empty result deletes it). Redis notifies before it replies here.
void store_points(CommandContext& ctx, std::string_view dstkey, const std::vector<Point>& pts,
                  size_t n, bool storedist, bool search) {
    db::Database& d = ctx.db();
    if (n == 0) {
        if (d.remove(dstkey)) {
            ctx.key_modified(dstkey);
            ctx.notify(notify::Generic, "del", dstkey);
        }
        ctx.reply.integer(0);
        return;
    }
    Object dst = zsets::make_zset();
    db::ZSetValue& z = zset_of(dst);
    const db::ZSetLimits limits = zsets::limits_of(ctx.config());
    // Redis fills a skiplist and converts it to a listpack at the end when it fits: choose the
    // final encoding first.
    bool fits = n <= limits.max_entries;
    for (size_t i = 0; i < n && fits; i++) fits = pts[i].member.size() <= limits.max_value;
    if (!fits) z.convert_to_skiplist();
    for (size_t i = 0; i < n; i++)
        z.insert(pts[i].member, storedist ? pts[i].dist : pts[i].score, limits);
    zsets::sync_encoding(dst);
    d.set(dstkey, std::move(dst), ctx.now_ms);
    ctx.key_modified(dstkey);
    ctx.stats().dirty += n - 1;  // Redis counts every stored element
    ctx.notify(notify::Zset, search ? "geosearchstore" : "georadiusstore", dstkey);
    ctx.reply.integer(static_cast<long long>(n));
}

struct Options {
    bool withdist = false, withhash = false, withcoord = false;
    bool frommember = false, fromlonlat = false, byradius = false, bybox = false;
    bool any = false;
    Sort sort = Sort::None;
    long long count = 0;  // 0: no limit
    std::optional<std::string_view> storekey;
    bool storedist = false;
};

// The options after the fixed arguments, in Redis's order of checks. The centre and the shape
// are parsed as they come (GEOSEARCH); a FROMMEMBER of a missing key is only noted.
bool parse_options(CommandContext& ctx, size_t base, int variant, const Object* zobj,
                   geo::Shape& shape, Options& o) {
    const auto& argv = ctx.argv;
    const size_t remaining = argv.size() > base ? argv.size() - base : 0;
    const bool search = variant & kSearch;
    const bool can_store = !(variant & kNoStore) && !search;
    for (size_t i = 0; i < remaining; i++) {
        std::string_view arg = argv[base + i];
        if (util::iequals(arg, "withdist")) {
            o.withdist = true;
        } else if (util::iequals(arg, "withhash")) {
            o.withhash = true;
        } else if (util::iequals(arg, "withcoord")) {
            o.withcoord = true;
        } else if (util::iequals(arg, "any")) {
            o.any = true;
        } else if (util::iequals(arg, "asc")) {
            o.sort = Sort::Asc;
        } else if (util::iequals(arg, "desc")) {
            o.sort = Sort::Desc;
        } else if (util::iequals(arg, "count") && i + 1 < remaining) {
            if (!ctx.parse_ll(argv[base + i + 1], o.count)) return false;
            if (o.count <= 0) {
                ctx.reply.error("ERR COUNT must be > 0");
                return false;
            }
            i++;
        } else if ((util::iequals(arg, "store") || util::iequals(arg, "storedist")) &&
                   i + 1 < remaining && can_store) {
            o.storekey = argv[base + i + 1];
            o.storedist = util::iequals(arg, "storedist");
            i++;
        } else if (util::iequals(arg, "storedist") && search && (variant & kSearchStore)) {
            o.storedist = true;
        } else if (util::iequals(arg, "frommember") && i + 1 < remaining && search &&
                   !o.fromlonlat) {
            if (zobj && !member_position(*zobj, argv[base + i + 1], shape)) {
                ctx.reply.error("ERR could not decode requested zset member");
                return false;
            }
            o.frommember = true;
            i++;
        } else if (util::iequals(arg, "fromlonlat") && i + 2 < remaining && search &&
                   !o.frommember) {
            if (!geo::parse_lonlat(ctx, argv[base + i + 1], argv[base + i + 2], shape.lon,
                                   shape.lat))
                return false;
            o.fromlonlat = true;
            i += 2;
        } else if (util::iequals(arg, "byradius") && i + 2 < remaining && search && !o.bybox) {
            if (!parse_radius(ctx, base + i + 1, shape)) return false;
            shape.type = geo::Shape::Type::Circle;
            o.byradius = true;
            i += 2;
        } else if (util::iequals(arg, "bybox") && i + 3 < remaining && search && !o.byradius) {
            if (!parse_box(ctx, base + i + 1, shape)) return false;
            shape.type = geo::Shape::Type::Box;
            o.bybox = true;
            i += 3;
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    return true;
}

// The checks between the options, after all of them were read.
bool check_options(CommandContext& ctx, int variant, const Options& o) {
    if (o.storekey && (o.withdist || o.withhash || o.withcoord)) {
        ctx.reply.error(variant & kSearchStore
                            ? "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and "
                              "WITHCOORD options"
                            : "ERR STORE option in GEORADIUS is not compatible with WITHDIST, "
                              "WITHHASH and WITHCOORD options");
        return false;
    }
    // These name the command as the client spelled it.
    if ((variant & kSearch) && !(o.frommember || o.fromlonlat)) {
        ctx.reply.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " +
                        std::string(ctx.argv[0]));
        return false;
    }
    if ((variant & kSearch) && !(o.byradius || o.bybox)) {
        ctx.reply.error("ERR exactly one of BYRADIUS and BYBOX can be specified for " +
                        std::string(ctx.argv[0]));
        return false;
    }
    if (o.any && !o.count) {
        ctx.reply.error("ERR the ANY argument requires COUNT argument");
        return false;
    }
    return true;
}

void reply_points(CommandContext& ctx, std::vector<Point>& pts, size_t n, const Options& o,
                  double conversion) {
    const size_t extras = (o.withdist ? 1 : 0) + (o.withhash ? 1 : 0) + (o.withcoord ? 1 : 0);
    ctx.reply.array(n);
    for (size_t i = 0; i < n; i++) {
        const Point& p = pts[i];
        if (extras) ctx.reply.array(extras + 1);
        ctx.reply.bulk(p.member);
        if (o.withdist) geo::reply_distance(ctx, p.dist / conversion);
        if (o.withhash) ctx.reply.integer(geo::score_to_ll(p.score));
        if (o.withcoord) {
            ctx.reply.array(2);
            geo::reply_coordinate(ctx, p.lon);
            geo::reply_coordinate(ctx, p.lat);
        }
    }
}

void search_generic(CommandContext& ctx, size_t src_idx, int variant) {
    const auto& argv = ctx.argv;
    Object* zobj = ctx.lookup_read(argv[src_idx]);
    if (!zsets::zset_or_missing(ctx, zobj)) return;

    geo::Shape shape;
    Options o;
    size_t base;
    if (variant & kFromCoords) {
        base = 6;
        if (!geo::parse_lonlat(ctx, argv[2], argv[3], shape.lon, shape.lat)) return;
        if (!parse_radius(ctx, 4, shape)) return;
    } else if (variant & kFromMember) {
        base = 5;
        // Without the key the member and the radius go unchecked: only the options matter,
        // to know which empty reply to give.
        if (zobj) {
            if (!member_position(*zobj, argv[2], shape)) {
                ctx.reply.error("ERR could not decode requested zset member");
                return;
            }
            if (!parse_radius(ctx, 3, shape)) return;
        }
    } else {
        base = 2;
        if (variant & kSearchStore) {
            base = 3;
            o.storekey = argv[1];
        }
    }
    if (!parse_options(ctx, base, variant, zobj, shape, o)) return;
    if (!check_options(ctx, variant, o)) return;

    if (!zobj) {
        if (o.storekey) {
            store_points(ctx, *o.storekey, {}, 0, o.storedist, variant & kSearch);
        } else {
            ctx.reply.array(0);
        }
        return;
    }
    // COUNT means the closest ones, unless ANY asked for whichever come first.
    if (o.count && o.sort == Sort::None && !o.any) o.sort = Sort::Asc;

    const geo::SearchAreas areas = geo::search_areas(shape);
    std::vector<Point> pts;
    scan_areas(zset_of(*zobj), areas, shape, o.any ? static_cast<size_t>(o.count) : 0, pts);
    if (pts.empty() && !o.storekey) {
        ctx.reply.array(0);
        return;
    }
    const size_t n = o.count == 0 || pts.size() < static_cast<unsigned long long>(o.count)
                         ? pts.size()
                         : static_cast<size_t>(o.count);
    if (o.sort != Sort::None && n) sort_points(pts, o.sort, n);

    if (!o.storekey) {
        reply_points(ctx, pts, n, o, shape.conversion);
        return;
    }
    if (o.storedist) {
        for (size_t i = 0; i < n; i++) pts[i].dist /= shape.conversion;
    }
    store_points(ctx, *o.storekey, pts, n, o.storedist, variant & kSearch);
}

void georadius_command(CommandContext& ctx) {
    search_generic(ctx, 1, kFromCoords);
}
void georadius_ro_command(CommandContext& ctx) {
    search_generic(ctx, 1, kFromCoords | kNoStore);
}
void georadiusbymember_command(CommandContext& ctx) {
    search_generic(ctx, 1, kFromMember);
}
void georadiusbymember_ro_command(CommandContext& ctx) {
    search_generic(ctx, 1, kFromMember | kNoStore);
}
void geosearch_command(CommandContext& ctx) {
    search_generic(ctx, 1, kSearch);
}
void geosearchstore_command(CommandContext& ctx) {
    search_generic(ctx, 2, kSearch | kSearchStore);
}

}  // namespace

void register_geo_search_commands(CommandTable& t) {
    t.add_handlers({
        {"georadius", georadius_command},
        {"georadius_ro", georadius_ro_command},
        {"georadiusbymember", georadiusbymember_command},
        {"georadiusbymember_ro", georadiusbymember_ro_command},
        {"geosearch", geosearch_command},
        {"geosearchstore", geosearchstore_command},
    });
}

}  // namespace cairn
