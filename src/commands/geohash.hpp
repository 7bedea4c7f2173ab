// Geohash arithmetic behind the GEO commands (Redis 7.0 geohash.c and geohash_helper.c): the
// 52-bit interleaved score of a point, its decoding, the neighbouring cells, the search step
// for a radius and the 9 cells that cover a search shape, and the haversine distance. Pure
// functions: the commands are in geo.cpp and geo_search.cpp.
#pragma once

#include <cstdint>
#include <string>

namespace cairn::geo {

// A point's score is its cell at this step: 26 bits of longitude and 26 of latitude.
inline constexpr int kStepMax = 26;
// EPSG:900913 limits: the poles cannot be indexed.
inline constexpr double kLonMin = -180;
inline constexpr double kLonMax = 180;
inline constexpr double kLatMin = -85.05112878;
inline constexpr double kLatMax = 85.05112878;
// Redis's Earth radius (WGS-84 quadratic mean), which every distance uses.
inline constexpr double kEarthRadiusMeters = 6372797.560856;

struct Range {
    double min = 0;
    double max = 0;
};

// A cell: `step` bits per axis, latitude in the even bits and longitude in the odd ones.
// All zeros is "no cell" (a neighbour left out of a search).
struct HashBits {
    uint64_t bits = 0;
    uint8_t step = 0;
    bool is_zero() const { return bits == 0 && step == 0; }
    bool operator==(const HashBits&) const = default;
};

struct Area {
    HashBits hash;
    Range lon;
    Range lat;
};

struct Neighbors {
    HashBits north, south, east, west, north_east, north_west, south_east, south_west;
};

// The cell of (lon, lat) at `step` within the given ranges; false when the point is outside
// them or outside the GEO limits.
bool encode(Range lon_range, Range lat_range, double lon, double lat, int step, HashBits& out);
// The same within the GEO limits (the ranges of the stored scores).
bool encode_wgs84(double lon, double lat, int step, HashBits& out);
// The bounds of a cell within the GEO limits; false for a zero cell.
bool decode_wgs84(HashBits hash, Area& area);
// The centre of a cell (clamped to the limits).
bool decode_to_lonlat(HashBits hash, double& lon, double& lat);
// A score as Redis's casts give it on x86-64, defined for every double: scores that no GEOADD
// gives (negative, beyond 2^64, inf) decode as on redis-server.
long long score_to_ll(double score);
uint64_t score_to_bits(double score);
// The point a sorted-set score stands for.
bool decode_score(double score, double& lon, double& lat);
// The cell shifted to the left to fill 52 bits: the first score inside it.
uint64_t align52(HashBits hash);
Neighbors neighbors(HashBits hash);

// The step whose cells are about as large as a search of range_meters at latitude lat.
int estimate_steps(double range_meters, double lat);

// Great-circle distance in meters (haversine) between two points in degrees.
double distance(double lon1, double lat1, double lon2, double lat2);
// The distance along a meridian.
double lat_distance(double lat1, double lat2);

// What a search looks for: a circle of `radius`, or a box of width x height, both in the unit
// that `conversion` turns into meters, around (lon, lat).
struct Shape {
    enum class Type { Circle, Box };
    Type type = Type::Circle;
    double lon = 0;
    double lat = 0;
    double conversion = 1;
    double radius = 0;
    double width = 0;
    double height = 0;
    // Bounding box: min lon, min lat, max lon, max lat (set by search_areas).
    double bounds[4] = {0, 0, 0, 0};
};

// The cell around the centre and its 8 neighbours (zero when they cannot hold a match).
struct SearchAreas {
    HashBits hash;
    Neighbors neighbors;
    Area area;
};
SearchAreas search_areas(Shape& shape);

// Whether the point of `score` is inside the shape; sets its position and its distance from
// the centre in meters.
bool within_shape(const Shape& shape, double score, double& lon, double& lat, double& dist);

// GEOHASH's 11-character base32 string of a stored score (re-encoded with latitude -90..90,
// the standard geohash range).
std::string hash_string(double score);

// A distance as GEODIST and WITHDIST reply it: rounded to 4 decimals (fixedpoint_d2string).
std::string distance_text(double d);

}  // namespace cairn::geo
