// Geohash arithmetic (see geohash.hpp). Every formula keeps Redis's order of floating-point
// operations: scores, distances and the cells a search scans must come out bit for bit the
// same as redis-server's.
#include "commands/geohash.hpp"

#include <climits>
#include <cmath>
#include <numbers>
#include <string>

namespace cairn::geo {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;  // M_PI / 180.0, as Redis
// Half the Mercator projection's width in meters: the range of a step-1 cell.
constexpr double kMercatorMax = 20037726.37;

double deg_rad(double deg) {
    return deg * kDegToRad;
}
double rad_deg(double rad) {
    return rad / kDegToRad;
}

// Spreads the 32 bits of v over the even bits of the result.
uint64_t spread(uint32_t v) {
    uint64_t x = v;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
}

// Gathers the even bits of v into the low 32 bits.
uint64_t squash(uint64_t v) {
    uint64_t x = v & 0x5555555555555555ULL;
    x = (x | (x >> 1)) & 0x3333333333333333ULL;
    x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
    return x;
}

// Latitude in the even bits, longitude in the odd ones.
uint64_t interleave(uint32_t lat, uint32_t lon) {
    return spread(lat) | (spread(lon) << 1);
}

constexpr Range kLonRange{kLonMin, kLonMax};
constexpr Range kLatRange{kLatMin, kLatMax};

bool range_zero(Range r) {
    return r.max == 0 && r.min == 0;
}

bool decode(Range lon_range, Range lat_range, HashBits hash, Area& area) {
    if (hash.is_zero() || range_zero(lat_range) || range_zero(lon_range)) return false;
    area.hash = hash;
    const uint64_t lat_bits = squash(hash.bits);
    const uint64_t lon_bits = squash(hash.bits >> 1);
    const double lat_scale = lat_range.max - lat_range.min;
    const double lon_scale = lon_range.max - lon_range.min;
    const auto ilat = static_cast<uint32_t>(lat_bits);
    const auto ilon = static_cast<uint32_t>(lon_bits);
    const auto cells = static_cast<double>(1ULL << hash.step);
    // The +1 wraps in 32 bits as Redis's does.
    const auto ilat_next = static_cast<uint32_t>(ilat + 1U);
    const auto ilon_next = static_cast<uint32_t>(ilon + 1U);
    area.lat.min = lat_range.min + (ilat * 1.0 / cells) * lat_scale;
    area.lat.max = lat_range.min + (ilat_next * 1.0 / cells) * lat_scale;
    area.lon.min = lon_range.min + (ilon * 1.0 / cells) * lon_scale;
    area.lon.max = lon_range.min + (ilon_next * 1.0 / cells) * lon_scale;
    return true;
}

// Latitude bits are the even ones, longitude bits the odd ones.
constexpr uint64_t kLatBits = 0x5555555555555555ULL;
constexpr uint64_t kLonBits = 0xaaaaaaaaaaaaaaaaULL;

// One cell up (d > 0) or down (d < 0) along the axis whose bits are `axis`, wrapping around
// the world; the other axis stays. The step's bits of the other axis are set in the addend,
// so that the carry (or the borrow) passes over them to the next bit of this axis.
void move(HashBits& hash, int d, uint64_t axis) {
    if (d == 0) return;
    const int unused = 64 - hash.step * 2;
    const uint64_t others = ~axis >> unused;
    uint64_t v = hash.bits & axis;
    v = d > 0 ? v + (others + 1) : (v | others) - (others + 1);
    hash.bits = (v & (axis >> unused)) | (hash.bits & ~axis);
}

// The cell dx east (negative: west) and dy north (negative: south) of hash.
HashBits moved(HashBits hash, int dx, int dy) {
    move(hash, dx, kLonBits);
    move(hash, dy, kLatBits);
    return hash;
}

// geohashBoundingBox: the box around the centre that the shape fits in. Towards the poles the
// same width spans more degrees, so the hemisphere decides which edge gives the longitudes.
void bounding_box(Shape& shape) {
    const bool circle = shape.type == Shape::Type::Circle;
    const double height = shape.conversion * (circle ? shape.radius : shape.height / 2);
    const double width = shape.conversion * (circle ? shape.radius : shape.width / 2);
    const double lat = shape.lat;
    const double lon = shape.lon;
    const double lat_delta = rad_deg(height / kEarthRadiusMeters);
    const double lon_delta_top =
        rad_deg(width / kEarthRadiusMeters / std::cos(deg_rad(lat + lat_delta)));
    const double lon_delta_bottom =
        rad_deg(width / kEarthRadiusMeters / std::cos(deg_rad(lat - lat_delta)));
    const bool southern = lat < 0;
    shape.bounds[0] = southern ? lon - lon_delta_bottom : lon - lon_delta_top;
    shape.bounds[2] = southern ? lon + lon_delta_bottom : lon + lon_delta_top;
    shape.bounds[1] = lat - lat_delta;
    shape.bounds[3] = lat + lat_delta;
}

}  // namespace

bool encode(Range lon_range, Range lat_range, double lon, double lat, int step, HashBits& out) {
    if (step > 32 || step <= 0 || range_zero(lat_range) || range_zero(lon_range)) return false;
    if (lon > kLonMax || lon < kLonMin || lat > kLatMax || lat < kLatMin) return false;
    out.bits = 0;
    out.step = static_cast<uint8_t>(step);
    if (lat < lat_range.min || lat > lat_range.max || lon < lon_range.min || lon > lon_range.max)
        return false;
    double lat_offset = (lat - lat_range.min) / (lat_range.max - lat_range.min);
    double lon_offset = (lon - lon_range.min) / (lon_range.max - lon_range.min);
    lat_offset *= static_cast<double>(1ULL << step);
    lon_offset *= static_cast<double>(1ULL << step);
    out.bits = interleave(static_cast<uint32_t>(lat_offset), static_cast<uint32_t>(lon_offset));
    return true;
}

bool encode_wgs84(double lon, double lat, int step, HashBits& out) {
    return encode(kLonRange, kLatRange, lon, lat, step, out);
}

bool decode_wgs84(HashBits hash, Area& area) {
    return decode(kLonRange, kLatRange, hash, area);
}

bool decode_to_lonlat(HashBits hash, double& lon, double& lat) {
    Area area;
    if (!decode_wgs84(hash, area)) return false;
    lon = (area.lon.min + area.lon.max) / 2;
    if (lon > kLonMax) lon = kLonMax;
    if (lon < kLonMin) lon = kLonMin;
    lat = (area.lat.min + area.lat.max) / 2;
    if (lat > kLatMax) lat = kLatMax;
    if (lat < kLatMin) lat = kLatMin;
    return true;
}

long long score_to_ll(double score) {
    // x86-64's cvttsd2si: out of range (or NaN) gives the "integer indefinite" LLONG_MIN.
    constexpr double k2p63 = 9223372036854775808.0;
    if (score >= -k2p63 && score < k2p63) return static_cast<long long>(score);
    return LLONG_MIN;
}

uint64_t score_to_bits(double score) {
    // As compilers turn Redis's (uint64_t) cast on x86-64: a signed conversion below 2^63,
    // one of score - 2^63 with the top bit flipped above.
    constexpr double k2p63 = 9223372036854775808.0;
    if (!(score >= k2p63)) return static_cast<uint64_t>(score_to_ll(score));
    return static_cast<uint64_t>(score_to_ll(score - k2p63)) ^ 0x8000000000000000ULL;
}

bool decode_score(double score, double& lon, double& lat) {
    HashBits hash{score_to_bits(score), kStepMax};
    return decode_to_lonlat(hash, lon, lat);
}

uint64_t align52(HashBits hash) {
    return hash.bits << (52 - hash.step * 2);
}

Neighbors neighbors(HashBits hash) {
    Neighbors n;
    n.east = moved(hash, 1, 0);
    n.west = moved(hash, -1, 0);
    n.south = moved(hash, 0, -1);
    n.north = moved(hash, 0, 1);
    n.north_west = moved(hash, -1, 1);
    n.north_east = moved(hash, 1, 1);
    n.south_east = moved(hash, 1, -1);
    n.south_west = moved(hash, -1, -1);
    return n;
}

int estimate_steps(double range_meters, double lat) {
    if (range_meters == 0) return kStepMax;
    int step = 1;
    while (range_meters < kMercatorMax) {
        range_meters *= 2;
        step++;
    }
    step -= 2;  // so that the range fits in most cases
    // Meridians converge towards the poles: wider cells there.
    if (lat > 66 || lat < -66) {
        step--;
        if (lat > 80 || lat < -80) step--;
    }
    if (step < 1) step = 1;
    if (step > kStepMax) step = kStepMax;
    return step;
}

double lat_distance(double lat1, double lat2) {
    return kEarthRadiusMeters * std::fabs(deg_rad(lat2) - deg_rad(lat1));
}

double distance(double lon1, double lat1, double lon2, double lat2) {
    const double lon1r = deg_rad(lon1);
    const double lon2r = deg_rad(lon2);
    const double v = std::sin((lon2r - lon1r) / 2);
    // Same longitude: the haversine reduces to the latitude difference.
    if (v == 0.0) return lat_distance(lat1, lat2);
    const double lat1r = deg_rad(lat1);
    const double lat2r = deg_rad(lat2);
    const double u = std::sin((lat2r - lat1r) / 2);
    const double a = u * u + std::cos(lat1r) * std::cos(lat2r) * v * v;
    return 2.0 * kEarthRadiusMeters * std::asin(std::sqrt(a));
}

SearchAreas search_areas(Shape& shape) {
    bounding_box(shape);
    const double min_lon = shape.bounds[0];
    const double min_lat = shape.bounds[1];
    const double max_lon = shape.bounds[2];
    const double max_lat = shape.bounds[3];
    // A box is searched as the circle through its corners.
    double radius_meters = shape.type == Shape::Type::Circle
                               ? shape.radius
                               : std::sqrt((shape.width / 2) * (shape.width / 2) +
                                           (shape.height / 2) * (shape.height / 2));
    radius_meters *= shape.conversion;

    int steps = estimate_steps(radius_meters, shape.lat);
    SearchAreas r;
    encode_wgs84(shape.lon, shape.lat, steps, r.hash);
    r.neighbors = neighbors(r.hash);
    decode_wgs84(r.hash, r.area);

    // Near a cell's edge the estimated step can leave part of the shape outside the 9 cells:
    // one step larger then.
    Area north, south, east, west;
    decode_wgs84(r.neighbors.north, north);
    decode_wgs84(r.neighbors.south, south);
    decode_wgs84(r.neighbors.east, east);
    decode_wgs84(r.neighbors.west, west);
    const bool decrease_step = north.lat.max < max_lat || south.lat.min > min_lat ||
                               east.lon.max < max_lon || west.lon.min > min_lon;
    if (steps > 1 && decrease_step) {
        steps--;
        encode_wgs84(shape.lon, shape.lat, steps, r.hash);
        r.neighbors = neighbors(r.hash);
        decode_wgs84(r.hash, r.area);
    }

    // Leave out the neighbours on a side the shape does not reach.
    if (steps >= 2) {
        Neighbors& n = r.neighbors;
        if (r.area.lat.min < min_lat) n.south = n.south_west = n.south_east = HashBits{};
        if (r.area.lat.max > max_lat) n.north = n.north_east = n.north_west = HashBits{};
        if (r.area.lon.min < min_lon) n.west = n.south_west = n.north_west = HashBits{};
        if (r.area.lon.max > max_lon) n.east = n.south_east = n.north_east = HashBits{};
    }
    return r;
}

bool within_shape(const Shape& shape, double score, double& lon, double& lat, double& dist) {
    if (!decode_score(score, lon, lat)) return false;
    if (shape.type == Shape::Type::Circle) {
        dist = distance(shape.lon, shape.lat, lon, lat);
        return dist <= shape.radius * shape.conversion;
    }
    // The box: its half height along the meridian first (cheaper), then the half width along
    // the point's parallel.
    const double width_m = shape.width * shape.conversion;
    const double height_m = shape.height * shape.conversion;
    if (lat_distance(lat, shape.lat) > height_m / 2) return false;
    if (distance(lon, lat, shape.lon, lat) > width_m / 2) return false;
    dist = distance(shape.lon, shape.lat, lon, lat);
    return true;
}

std::string hash_string(double score) {
    static constexpr char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
    double lon, lat;
    HashBits hash;
    if (decode_score(score, lon, lat)) encode(Range{-180, 180}, Range{-90, 90}, lon, lat, 26, hash);
    std::string s(11, '0');
    // 52 bits make 10 characters; the 11th is always '0', as Redis's.
    for (int i = 0; i < 10; i++) s[i] = kAlphabet[(hash.bits >> (52 - (i + 1) * 5)) & 0x1f];
    return s;
}

std::string distance_text(double d) {
    if (d == 0) return "0.0000";
    // Rounded to an integer of 1/10000 units with the current rounding mode (llrint), not by
    // printf's decimal rounding.
    const long long scaled = std::llrint(d * 10000.0);
    const bool negative = scaled < 0;
    const unsigned long long value = negative ? 0ULL - static_cast<unsigned long long>(scaled)
                                              : static_cast<unsigned long long>(scaled);
    std::string digits = std::to_string(value);
    if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
    digits.insert(digits.size() - 4, 1, '.');
    if (negative) digits.insert(0, 1, '-');
    return digits;
}

}  // namespace cairn::geo
