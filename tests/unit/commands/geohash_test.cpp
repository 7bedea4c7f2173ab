// Geohash arithmetic of the GEO commands against values redis-server 7.0 gives (the Palermo /
// Catania example of Redis's documentation), plus the invariants of the neighbour moves, the
// step estimate, the search cells and Redis's partial quicksort.
#include "commands/geohash.hpp"
#include "commands/partial_qsort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace cairn {
namespace {

using geo::HashBits;

uint64_t score_of(double lon, double lat) {
    HashBits h;
    EXPECT_TRUE(geo::encode_wgs84(lon, lat, geo::kStepMax, h));
    return geo::align52(h);
}

std::string human(double v) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.17Lf", static_cast<long double>(v));
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    return s;
}

TEST(Geohash, ScoresAreRedisScores) {
    EXPECT_EQ(score_of(13.361389, 38.115556), 3479099956230698ULL);  // Palermo
    EXPECT_EQ(score_of(15.087269, 37.502669), 3479447370796909ULL);  // Catania
    EXPECT_EQ(score_of(-180, -85.05112878), 0ULL);
}

TEST(Geohash, OutsideTheLimitsDoesNotEncode) {
    HashBits h;
    EXPECT_FALSE(geo::encode_wgs84(180.0001, 0, 26, h));
    EXPECT_FALSE(geo::encode_wgs84(0, 85.06, 26, h));
    EXPECT_FALSE(geo::encode_wgs84(0, -85.06, 26, h));
    EXPECT_FALSE(geo::encode_wgs84(0, 0, 0, h));
    EXPECT_FALSE(geo::encode_wgs84(0, 0, 33, h));
}

TEST(Geohash, DecodesToTheCellCentre) {
    double lon, lat;
    ASSERT_TRUE(geo::decode_score(3479099956230698.0, lon, lat));
    EXPECT_EQ(human(lon), "13.36138933897018433");
    EXPECT_EQ(human(lat), "38.11555639549629859");
    ASSERT_TRUE(geo::decode_score(3479447370796909.0, lon, lat));
    EXPECT_EQ(human(lon), "15.08726745843887329");
    EXPECT_EQ(human(lat), "37.50266842333162032");
    // Re-encoding the decoded centre gives the same cell back.
    EXPECT_EQ(score_of(lon, lat), 3479447370796909ULL);
}

TEST(Geohash, DecodeOfAZeroCellFails) {
    geo::Area area;
    EXPECT_FALSE(geo::decode_wgs84(HashBits{}, area));
    EXPECT_TRUE(geo::decode_wgs84(HashBits{0, 26}, area));
    EXPECT_DOUBLE_EQ(area.lon.min, -180);
    EXPECT_DOUBLE_EQ(area.lat.min, geo::kLatMin);
}

TEST(Geohash, ScoresCastAsOnX86) {
    EXPECT_EQ(geo::score_to_bits(3479099956230698.0), 3479099956230698ULL);
    EXPECT_EQ(geo::score_to_bits(-1), ~0ULL);
    EXPECT_EQ(geo::score_to_bits(1.5), 1ULL);
    EXPECT_EQ(geo::score_to_bits(9223372036854775808.0), 0x8000000000000000ULL);
    EXPECT_EQ(geo::score_to_bits(1e300), 0ULL);
    EXPECT_EQ(geo::score_to_bits(-1e300), 0x8000000000000000ULL);
    EXPECT_EQ(geo::score_to_ll(1e300), LLONG_MIN);
    EXPECT_EQ(geo::score_to_ll(-2.5), -2);
}

TEST(Geohash, HashStringUsesTheStandardRanges) {
    EXPECT_EQ(geo::hash_string(3479099956230698.0), "sqc8b49rny0");
    EXPECT_EQ(geo::hash_string(3479447370796909.0), "sqdtr74hyu0");
}

TEST(Geohash, NeighboursMoveOneCell) {
    HashBits h;
    ASSERT_TRUE(geo::encode_wgs84(13.361389, 38.115556, 10, h));
    const geo::Neighbors n = geo::neighbors(h);
    EXPECT_EQ(geo::neighbors(n.east).west, h);
    EXPECT_EQ(geo::neighbors(n.north).south, h);
    EXPECT_EQ(geo::neighbors(n.north_east).south_west, h);
    EXPECT_EQ(geo::neighbors(n.south_east).north_west, h);
    geo::Area centre, east, north;
    ASSERT_TRUE(geo::decode_wgs84(h, centre));
    ASSERT_TRUE(geo::decode_wgs84(n.east, east));
    ASSERT_TRUE(geo::decode_wgs84(n.north, north));
    EXPECT_DOUBLE_EQ(east.lon.min, centre.lon.max);
    EXPECT_DOUBLE_EQ(east.lat.min, centre.lat.min);
    EXPECT_DOUBLE_EQ(north.lat.min, centre.lat.max);
    EXPECT_DOUBLE_EQ(north.lon.min, centre.lon.min);
}

TEST(Geohash, NeighboursWrapAroundTheAntimeridian) {
    HashBits h;
    ASSERT_TRUE(geo::encode_wgs84(179.99, 0, 8, h));
    geo::Area east;
    ASSERT_TRUE(geo::decode_wgs84(geo::neighbors(h).east, east));
    EXPECT_DOUBLE_EQ(east.lon.min, -180);
}

TEST(Geohash, StepEstimate) {
    EXPECT_EQ(geo::estimate_steps(0, 0), 26);
    EXPECT_EQ(geo::estimate_steps(1000, 0), 14);
    EXPECT_EQ(geo::estimate_steps(1000, 70), 13);   // towards the poles: wider
    EXPECT_EQ(geo::estimate_steps(1000, -85), 12);  // beyond 80 degrees: wider still
    EXPECT_EQ(geo::estimate_steps(5e7, 0), 1);      // framed to 1..26
    EXPECT_EQ(geo::estimate_steps(0.001, 0), 26);
}

TEST(Geohash, Distance) {
    const double d = geo::distance(13.36138933897018433, 38.11555639549629859, 15.08726745843887329,
                                   37.50266842333162032);
    EXPECT_EQ(geo::distance_text(d), "166274.1516");
    EXPECT_EQ(geo::distance_text(d / 1000), "166.2742");
    // The same longitude: the latitude difference along the meridian.
    EXPECT_DOUBLE_EQ(geo::distance(10, 0, 10, 1), geo::kEarthRadiusMeters * std::numbers::pi / 180);
    EXPECT_EQ(geo::distance(10, 5, 10, 5), 0);
}

TEST(Geohash, DistanceText) {
    EXPECT_EQ(geo::distance_text(0), "0.0000");
    EXPECT_EQ(geo::distance_text(-0.0), "0.0000");
    EXPECT_EQ(geo::distance_text(0.5), "0.5000");
    EXPECT_EQ(geo::distance_text(1.25), "1.2500");
    EXPECT_EQ(geo::distance_text(0.0003), "0.0003");
    EXPECT_EQ(geo::distance_text(0.00001), "0.0000");
    EXPECT_EQ(geo::distance_text(12345.67891), "12345.6789");
    EXPECT_EQ(geo::distance_text(-2.5), "-2.5000");
}

// A circle of radius_km around Palermo.
geo::Shape circle_around_palermo(double radius_km) {
    geo::Shape shape;
    shape.lon = 13.361389;
    shape.lat = 38.115556;
    shape.radius = radius_km;
    shape.conversion = 1000;
    return shape;
}

TEST(Geohash, SearchAreasCoverTheShape) {
    geo::Shape shape = circle_around_palermo(200);
    const geo::SearchAreas a = geo::search_areas(shape);
    const int estimate = geo::estimate_steps(200000, shape.lat);
    EXPECT_TRUE(a.hash.step == estimate || a.hash.step == estimate - 1);
    EXPECT_LT(shape.bounds[0], shape.lon);
    EXPECT_GT(shape.bounds[2], shape.lon);
    EXPECT_NEAR(shape.bounds[3] - shape.lat,
                200000 / geo::kEarthRadiusMeters * 180 / std::numbers::pi, 1e-9);
    // The centre cell holds the centre.
    EXPECT_LE(a.area.lon.min, shape.lon);
    EXPECT_GE(a.area.lon.max, shape.lon);
    EXPECT_LE(a.area.lat.min, shape.lat);
    EXPECT_GE(a.area.lat.max, shape.lat);
}

TEST(Geohash, WithinShape) {
    geo::Shape circle = circle_around_palermo(170);
    double lon, lat, dist;
    EXPECT_TRUE(geo::within_shape(circle, 3479447370796909.0, lon, lat, dist));
    EXPECT_EQ(geo::distance_text(dist), "166274.1611");  // GEORADIUS ... 170000 m WITHDIST
    circle.radius = 160;
    EXPECT_FALSE(geo::within_shape(circle, 3479447370796909.0, lon, lat, dist));

    geo::Shape box = circle;
    box.type = geo::Shape::Type::Box;
    box.width = 400;   // Catania is ~150 km east
    box.height = 100;  // and ~68 km south: outside a box 50 km high either side
    EXPECT_FALSE(geo::within_shape(box, 3479447370796909.0, lon, lat, dist));
    box.height = 200;
    EXPECT_TRUE(geo::within_shape(box, 3479447370796909.0, lon, lat, dist));
    box.width = 200;
    EXPECT_FALSE(geo::within_shape(box, 3479447370796909.0, lon, lat, dist));
}

int compare_int(const int& a, const int& b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

TEST(PartialQsort, PutsTheWantedRanksInPlace) {
    std::mt19937 rng(42);
    for (int round = 0; round < 200; round++) {
        std::vector<int> v(1 + rng() % 300);
        for (int& x : v) x = static_cast<int>(rng() % 1000);
        std::vector<int> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        const size_t hi = rng() % v.size();
        partial_qsort(v, compare_int, 0, hi);
        for (size_t i = 0; i <= hi; i++) ASSERT_EQ(v[i], sorted[i]) << round << " " << i;
    }
}

TEST(PartialQsort, SortsSmallArraysByInsertion) {
    std::vector<int> v{5, 3, 9, 1, 7, 2};
    partial_qsort(v, compare_int, 0, 0);
    EXPECT_EQ(v, (std::vector<int>{1, 2, 3, 5, 7, 9}));
}

}  // namespace
}  // namespace cairn
