// Argument and reply helpers shared by the GEO commands (Redis 7.0 geo.c): geo.cpp has GEOADD
// GEOPOS GEODIST GEOHASH and these helpers, geo_search.cpp the radius and box searches.
#pragma once

#include <string_view>

namespace cairn {

class CommandContext;

namespace geo {

// extractLongLatOrReply: two floats within the GEO limits; replies the error and returns false
// otherwise.
bool parse_lonlat(CommandContext& ctx, std::string_view lon_arg, std::string_view lat_arg,
                  double& lon, double& lat);
// extractUnitOrReply: meters per unit (m, km, ft, mi in any case), or a negative value after
// replying the error.
double parse_unit(CommandContext& ctx, std::string_view unit);
// addReplyHumanLongDouble: a coordinate as RESP2 bulk "%.17Lf" without trailing zeros, or
// that text as a RESP3 double.
void reply_coordinate(CommandContext& ctx, double v);
// addReplyDoubleDistance: a bulk string with 4 decimals.
void reply_distance(CommandContext& ctx, double d);

}  // namespace geo
}  // namespace cairn
