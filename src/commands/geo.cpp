// GEO point commands (Redis 7.0 geo.c): GEOADD GEOPOS GEODIST GEOHASH, and the helpers of
// geo_ops.hpp. A GEO set is a sorted set whose scores are 52-bit geohashes (geohash.hpp);
// GEOADD is ZADD with the positions turned into scores, and is propagated as that ZADD.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "commands/geo_ops.hpp"
#include "commands/geohash.hpp"
#include "commands/list_ops.hpp"
#include "commands/zset_ops.hpp"
#include "db/database.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace geo {

bool parse_lonlat(CommandContext& ctx, std::string_view lon_arg, std::string_view lat_arg,
                  double& lon, double& lat) {
    if (!ctx.parse_double(lon_arg, lon) || !ctx.parse_double(lat_arg, lat)) return false;
    if (lon < kLonMin || lon > kLonMax || lat < kLatMin || lat > kLatMax) {
        char buf[256];
        std::snprintf(buf, sizeof(buf), "ERR invalid longitude,latitude pair %f,%f", lon, lat);
        ctx.reply.error(buf);
        return false;
    }
    return true;
}

double parse_unit(CommandContext& ctx, std::string_view unit) {
    if (util::iequals(unit, "m")) return 1;
    if (util::iequals(unit, "km")) return 1000;
    if (util::iequals(unit, "ft")) return 0.3048;
    if (util::iequals(unit, "mi")) return 1609.34;
    ctx.reply.error("ERR unsupported unit provided. please use M, KM, FT, MI");
    return -1;
}

void reply_coordinate(CommandContext& ctx, double v) {
    const std::string text = util::long_double_to_human(static_cast<long double>(v));
    if (ctx.reply.protocol() == 2) {
        ctx.reply.bulk(text);
        return;
    }
    // Redis writes the human text as the RESP3 double, not the "%.17g" of other doubles.
    ctx.reply.raw(",");
    ctx.reply.raw(text);
    ctx.reply.raw("\r\n");
}

void reply_distance(CommandContext& ctx, double d) {
    ctx.reply.bulk(distance_text(d));
}

}  // namespace geo

namespace {

using db::Object;
using zsets::zset_of;

// GEOADD key [NX|XX] [CH] longitude latitude member [...]
void geoadd_command(CommandContext& ctx) {
    const auto& argv = ctx.argv;
    bool nx = false, xx = false, ch = false;
    size_t longidx = 2;
    for (; longidx < argv.size(); longidx++) {
        std::string_view opt = argv[longidx];
        if (util::iequals(opt, "nx")) {
            nx = true;
        } else if (util::iequals(opt, "xx")) {
            xx = true;
        } else if (util::iequals(opt, "ch")) {
            ch = true;
        } else {
            break;
        }
    }
    // No triple at all fails as the ZADD it becomes does: a syntax error as well.
    if ((argv.size() - longidx) % 3 || (xx && nx) || longidx == argv.size()) {
        ctx.syntax_error();
        return;
    }
    const size_t elements = (argv.size() - longidx) / 3;
    // Every position is checked before anything changes.
    std::vector<uint64_t> scores(elements);
    for (size_t i = 0; i < elements; i++) {
        double lon, lat;
        const size_t at = longidx + i * 3;
        if (!geo::parse_lonlat(ctx, argv[at], argv[at + 1], lon, lat)) return;
        geo::HashBits hash;
        geo::encode_wgs84(lon, lat, geo::kStepMax, hash);
        scores[i] = geo::align52(hash);
    }

    std::string_view key = argv[1];
    Object* o = ctx.lookup_write(key);
    if (!zsets::zset_or_missing(ctx, o)) return;
    db::Database& d = ctx.db();
    size_t added = 0, updated = 0;
    if (o || !xx) {
        if (!o) o = d.add(key, zsets::make_zset(), ctx.now_ms);
        const db::ZSetLimits limits = zsets::limits_of(ctx.config());
        const int flags = (nx ? zsets::kAddNx : 0) | (xx ? zsets::kAddXx : 0);
        for (size_t i = 0; i < elements; i++) {
            int result;
            double newscore;
            zsets::zset_add(*o, static_cast<double>(scores[i]), argv[longidx + i * 3 + 2], flags,
                            limits, result, newscore);
            if (result & zsets::kAdded) added++;
            if (result & zsets::kUpdated) updated++;
        }
    }
    if (added || updated) {
        lists::signal_changes(ctx, d, key, added + updated);
        // Replicas and the AOF get the ZADD that Redis runs in its place.
        if (ctx.propagating()) {
            std::vector<std::string> zadd{"zadd"};
            for (size_t j = 1; j < longidx; j++) zadd.emplace_back(argv[j]);
            for (size_t i = 0; i < elements; i++) {
                zadd.push_back(util::ll_to_string(static_cast<long long>(scores[i])));
                zadd.emplace_back(argv[longidx + i * 3 + 2]);
            }
            ctx.propagate_as(std::move(zadd));
        }
    }
    ctx.reply.integer(static_cast<long long>(ch ? added + updated : added));
    if (added || updated) ctx.notify(notify::Zset, "zadd", key);  // after the reply, as ZADD
}

// GEOPOS key [member ...]: [lon, lat] per member, a null array for a missing one.
void geopos_command(CommandContext& ctx) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zsets::zset_or_missing(ctx, o)) return;
    ctx.reply.array(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        std::optional<double> score = o ? zset_of(*o).score(ctx.argv[j]) : std::nullopt;
        double lon, lat;
        if (!score || !geo::decode_score(*score, lon, lat)) {
            ctx.reply.null_array();
            continue;
        }
        ctx.reply.array(2);
        geo::reply_coordinate(ctx, lon);
        geo::reply_coordinate(ctx, lat);
    }
}

// GEODIST key member1 member2 [M|KM|FT|MI]
void geodist_command(CommandContext& ctx) {
    double to_meters = 1;
    if (ctx.argc() == 5) {
        to_meters = geo::parse_unit(ctx, ctx.argv[4]);
        if (to_meters < 0) return;
    } else if (ctx.argc() > 5) {
        ctx.syntax_error();
        return;
    }
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (!zsets::zset_or_missing(ctx, o)) return;
    const db::ZSetValue& z = zset_of(*o);
    std::optional<double> s1 = z.score(ctx.argv[2]);
    std::optional<double> s2 = s1 ? z.score(ctx.argv[3]) : std::nullopt;
    double lon1, lat1, lon2, lat2;
    if (!s2 || !geo::decode_score(*s1, lon1, lat1) || !geo::decode_score(*s2, lon2, lat2)) {
        ctx.reply.null();
        return;
    }
    geo::reply_distance(ctx, geo::distance(lon1, lat1, lon2, lat2) / to_meters);
}

// GEOHASH key [member ...]: the standard 11-character geohash per member, null when missing.
void geohash_command(CommandContext& ctx) {
    Object* o = ctx.lookup_read(ctx.argv[1]);
    if (!zsets::zset_or_missing(ctx, o)) return;
    ctx.reply.array(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        std::optional<double> score = o ? zset_of(*o).score(ctx.argv[j]) : std::nullopt;
        if (!score) {
            ctx.reply.null();
            continue;
        }
        ctx.reply.bulk(geo::hash_string(*score));
    }
}

}  // namespace

void register_geo_commands(CommandTable& t) {
    t.add_handlers({
        {"geoadd", geoadd_command},
        {"geopos", geopos_command},
        {"geodist", geodist_command},
        {"geohash", geohash_command},
    });
}

}  // namespace cairn
