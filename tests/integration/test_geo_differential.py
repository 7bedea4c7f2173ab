"""GEO commands against the reference redis-server 7.0.15: the same raw commands go to both
servers and every reply must be byte-identical, in RESP2 and in RESP3. Covers GEOADD's
options and errors, GEOPOS / GEODIST / GEOHASH formatting, the radius and box searches (their
unsorted scan order over ~200 seeded random points, sorting, COUNT, ANY, the WITH* shapes),
points near the poles and the antimeridian, the STORE variants read back with ZRANGE, every
option error, WRONGTYPE, and the dirty counter. GEOADD's propagation as ZADD is compared with
Redis's AOF through test_propagation_differential's machinery."""

import random

import pytest

from conftest import RawConnection, is_windows_server, read_raw
from propagation import Section
from test_propagation_differential import check, sides  # noqa: F401 (a fixture)

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")


def points(seed=20240607, n=200):
    """n seeded points: most around Paris (radius queries with many hits), some anywhere."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 4:
            lon, lat = 2.35 + rng.uniform(-4, 4), 48.85 + rng.uniform(-3, 3)
        else:
            lon, lat = rng.uniform(-180, 180), rng.uniform(-85.05, 85.05)
        out.append(("%.6f" % lon, "%.6f" % lat, "p%d" % i))
    return out


def setup_commands():
    cmds = [["FLUSHALL"],
            ["GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669",
             "Catania"],
            ["GEOADD", "Sicily", "12.758489", "38.788135", "edge1", "17.241510", "38.788135",
             "edge2"],
            ["SET", "str", "x"]]
    pts = points()
    for start in range(0, len(pts), 50):  # several GEOADDs, the set turns skiplist on the way
        cmd = ["GEOADD", "pts"]
        for lon, lat, name in pts[start:start + 50]:
            cmd += [lon, lat, name]
        cmds.append(cmd)
    # Around the poles' limits and the antimeridian.
    cmds.append(["GEOADD", "edges",
                 "179.999", "0", "east", "-179.999", "0", "west", "180", "10", "e180",
                 "-180", "-10", "w180", "0", "85.05112878", "north", "0", "-85.05112878", "south",
                 "10", "85", "n85", "-10", "-84.9", "s85", "179.5", "84", "ne", "-179.5", "-84",
                 "sw", "0", "0", "origin", "0.0001", "0.0001", "near-origin"])
    return cmds


GEOADD_CASES = [
    ["GEOADD", "g", "1", "2", "a"],
    ["GEOADD", "g", "1", "2", "a", "3", "4", "b"],
    ["GEOADD", "g", "NX", "5", "6", "a", "7", "8", "c"],
    ["GEOADD", "g", "XX", "5", "6", "a", "7", "8", "d"],
    ["GEOADD", "g", "CH", "9", "9", "a", "7", "8", "c", "1", "1", "e"],
    ["GEOADD", "g", "XX", "CH", "1", "1", "a"],
    ["GEOADD", "g", "ch", "nx", "1", "1", "a", "2", "2", "f"],
    ["GEOADD", "g", "NX", "XX", "1", "1", "a"],
    ["GEOADD", "g", "NX", "CH", "CH"],
    ["GEOADD", "g", "1", "2"],
    ["GEOADD", "g", "1", "2", "a", "3"],
    ["GEOADD", "g", "GT", "1", "2", "a"],
    ["GEOADD", "g", "181", "2", "a"],
    ["GEOADD", "g", "1", "86", "a"],
    ["GEOADD", "g", "-180.5", "-85.06", "a"],
    ["GEOADD", "g", "1", "2", "ok", "abc", "2", "a"],
    ["GEOADD", "g", "1", "nan", "a"],
    ["GEOADD", "g", "inf", "2", "a"],
    ["GEOADD", "g", "1", "", "a"],
    ["GEOADD", "g", "1", "2"],
    ["GEOADD", "g"],
    ["GEOADD", "nx-missing", "XX", "1", "2", "a"],
    ["EXISTS", "nx-missing"],
    ["GEOADD", "str", "1", "2", "a"],
    ["GEOADD", "str", "1", "200", "a"],
    ["ZRANGE", "g", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "pts"],
    ["OBJECT", "ENCODING", "g"],
]

POINT_CASES = [
    ["GEOPOS", "Sicily", "Palermo", "Catania", "missing", "edge1"],
    ["GEOPOS", "Sicily"],
    ["GEOPOS", "nokey", "a", "b"],
    ["GEOPOS", "str", "a"],
    ["GEOPOS", "edges", "east", "west", "e180", "w180", "north", "south", "n85", "s85", "origin",
     "near-origin"],
    ["GEOPOS", "pts", "p0", "p1", "p2", "p3", "p199", "p200"],
    # Scores that no GEOADD gives: decoded all the same, as Redis casts them.
    ["ZADD", "weird", "-1", "neg", "1e300", "huge", "inf", "inf", "-inf", "ninf", "0", "zero",
     "4503599627370496", "two52", "9007199254740992", "two53", "1.5", "frac"],
    ["GEOPOS", "weird", "neg", "huge", "inf", "ninf", "zero", "two52", "two53", "frac"],
    ["GEOHASH", "weird", "neg", "huge", "inf", "ninf", "zero", "two52", "two53", "frac"],
    ["GEODIST", "weird", "neg", "two53", "km"],
    ["GEORADIUS", "weird", "0", "0", "30000", "km", "WITHDIST", "WITHHASH", "WITHCOORD"],
    ["GEORADIUS", "weird", "-180", "-85", "1000", "km", "WITHDIST", "WITHHASH"],
    ["GEOSEARCH", "weird", "FROMMEMBER", "frac", "BYBOX", "100", "100", "km", "WITHHASH"],
    ["GEOHASH", "Sicily", "Palermo", "Catania", "missing"],
    ["GEOHASH", "edges", "east", "west", "e180", "w180", "north", "south", "n85", "s85", "origin"],
    ["GEOHASH", "nokey", "a"],
    ["GEOHASH", "str", "a"],
    ["GEOHASH", "Sicily"],
    ["GEODIST", "Sicily", "Palermo", "Catania"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "m"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "km"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "KM"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "ft"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "mi"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "Mi"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "yd"],
    ["GEODIST", "Sicily", "Palermo", "Catania", "km", "extra"],
    ["GEODIST", "Sicily", "Palermo", "missing"],
    ["GEODIST", "Sicily", "missing", "Palermo"],
    ["GEODIST", "Sicily", "Palermo", "Palermo"],
    ["GEODIST", "nokey", "a", "b"],
    ["GEODIST", "nokey", "a", "b", "parsec"],
    ["GEODIST", "str", "a", "b"],
    ["GEODIST", "edges", "east", "west", "km"],
    ["GEODIST", "edges", "north", "south", "km"],
    ["GEODIST", "edges", "origin", "near-origin"],
    ["GEODIST", "edges", "e180", "w180", "mi"],
    ["GEODIST", "pts", "p0", "p1", "km"],
    ["GEODIST", "pts", "p1", "p2", "ft"],
]

SEARCH_OPTIONS = [[], ["ASC"], ["DESC"], ["COUNT", "7"], ["COUNT", "7", "ANY"],
                  ["COUNT", "7", "DESC"], ["COUNT", "1000"], ["COUNT", "3", "ANY", "ASC"]]
WITH_OPTIONS = [[], ["WITHDIST"], ["WITHHASH"], ["WITHCOORD"], ["WITHDIST", "WITHCOORD"],
                ["WITHCOORD", "WITHHASH", "WITHDIST"]]


def search_cases():
    cases = []
    for opts in SEARCH_OPTIONS:
        for w in WITH_OPTIONS:
            cases += [
                ["GEORADIUS", "pts", "2.35", "48.85", "150", "km"] + w + opts,
                ["GEORADIUS_RO", "pts", "2.35", "48.85", "95", "mi"] + opts + w,
                ["GEORADIUSBYMEMBER", "pts", "p1", "120", "km"] + w + opts,
                ["GEORADIUSBYMEMBER_RO", "pts", "p2", "300000", "ft"] + opts + w,
                ["GEOSEARCH", "pts", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "200", "km"] + w
                + opts,
                ["GEOSEARCH", "pts", "FROMMEMBER", "p5", "BYBOX", "300", "200", "km"] + opts + w,
                ["GEOSEARCH", "pts", "BYBOX", "150", "400", "km", "FROMLONLAT", "3", "47"] + w
                + opts,
            ]
    # Radii from nothing to the whole world (the neighbours collapse into each other).
    for radius in ["0", "1", "500", "5000", "50000", "300000", "3000000", "6000000", "9000000",
                   "20000000", "40000000", "inf"]:
        cases.append(["GEORADIUS", "pts", "2.35", "48.85", radius, "m"])
        cases.append(["GEORADIUS", "pts", "-120", "-30", radius, "m", "WITHDIST"])
        cases.append(["GEOSEARCH", "pts", "FROMLONLAT", "100", "70", "BYBOX", radius, radius,
                      "m", "WITHHASH"])
        cases.append(["GEORADIUS", "edges", "0", "0", radius, "m", "WITHDIST", "WITHCOORD"])
    for lon, lat in [("179.9", "0"), ("-179.9", "0"), ("180", "85.05"), ("-180", "-85.05"),
                     ("0", "85"), ("0", "-85"), ("90", "70"), ("-90", "-81"), ("0", "0")]:
        for radius in ["10", "300", "2000", "8000"]:
            cases.append(["GEORADIUS", "edges", lon, lat, radius, "km", "WITHDIST", "WITHCOORD"])
            cases.append(["GEORADIUS", "pts", lon, lat, radius, "km", "WITHDIST"])
            cases.append(["GEOSEARCH", "edges", "FROMLONLAT", lon, lat, "BYBOX", radius,
                          radius, "km", "WITHCOORD"])
    # Unsorted scans centred everywhere over the random points (the scan order is compared).
    rng = random.Random(7)
    for _ in range(60):
        lon, lat = "%.4f" % rng.uniform(-180, 180), "%.4f" % rng.uniform(-85, 85)
        radius = rng.choice(["100", "1000", "3000", "7000"])
        cases.append(["GEORADIUS", "pts", lon, lat, radius, "km"])
        cases.append(["GEOSEARCH", "pts", "FROMLONLAT", lon, lat, "BYBOX", radius, radius, "km"])
    for member in ["p0", "p4", "p8", "p100"]:
        cases.append(["GEORADIUSBYMEMBER", "pts", member, "4000", "km", "WITHDIST"])
        cases.append(["GEOSEARCH", "pts", "FROMMEMBER", member, "BYRADIUS", "2500", "mi"])
    # Ties: equal distances under COUNT (pqsort's choice among them).
    cases += [
        ["GEOADD", "ties"] + sum([[str(x), str(y), "t%d%d" % (x, y)]
                                  for x in (-1, 0, 1) for y in (-1, 0, 1)], []),
        ["GEORADIUS", "ties", "0", "0", "500", "km", "COUNT", "3"],
        ["GEORADIUS", "ties", "0", "0", "500", "km", "COUNT", "5", "DESC"],
        ["GEORADIUS", "ties", "0", "0", "500", "km", "ASC"],
        ["GEORADIUS", "ties", "0", "0", "500", "km", "DESC", "WITHDIST"],
    ]
    # Members sharing a position tie exactly: which of them COUNT keeps, and in which order,
    # is pqsort's doing (insertion sort under 7, median of 3, ninther over 40).
    dup = ["GEOADD", "dup"]
    for i in range(90):
        lon, lat = [("10.5", "20.5"), ("10.6", "20.4"), ("10.4", "20.6")][i % 3]
        dup += [lon, lat, "d%02d" % i]
    cases.append(dup)
    for count in ["1", "3", "6", "7", "8", "10", "25", "41", "45", "89", "90", "200"]:
        for order in [[], ["ASC"], ["DESC"]]:
            cases.append(["GEORADIUS", "dup", "10.5", "20.5", "100", "km", "COUNT", count]
                         + order)
            cases.append(["GEOSEARCH", "dup", "FROMLONLAT", "10.45", "20.55", "BYBOX", "100",
                          "100", "km", "COUNT", count, "WITHDIST"] + order)
    cases.append(["GEORADIUS", "dup", "10.5", "20.5", "100", "km", "DESC"])
    cases.append(["GEORADIUS", "dup", "10.5", "20.5", "100", "km", "ASC"])
    return cases


STORE_CASES = [
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "km", "STORE", "dst"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["OBJECT", "ENCODING", "dst"],
    ["GEORADIUS", "pts", "2.35", "48.85", "300", "km", "STORE", "dst"],
    ["OBJECT", "ENCODING", "dst"],
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "km", "STOREDIST", "dst"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "mi", "COUNT", "5", "DESC", "STOREDIST", "dst"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "km", "COUNT", "5", "ANY", "STORE", "dst"],
    ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
    ["GEORADIUSBYMEMBER", "pts", "p1", "50", "km", "STORE", "dst2"],
    ["ZRANGE", "dst2", "0", "-1", "WITHSCORES"],
    ["GEORADIUSBYMEMBER", "pts", "p1", "50", "km", "STOREDIST", "dst2", "STORE", "dst3"],
    ["ZRANGE", "dst3", "0", "-1", "WITHSCORES"],
    ["EXPIRE", "dst3", "100"],
    ["GEORADIUSBYMEMBER", "pts", "p1", "60", "km", "STORE", "dst3"],
    ["TTL", "dst3"],
    ["GEOSEARCHSTORE", "dst4", "pts", "FROMLONLAT", "2.35", "48.85", "BYBOX", "100", "100", "km"],
    ["ZRANGE", "dst4", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "dst4", "pts", "FROMMEMBER", "p3", "BYRADIUS", "80", "km", "STOREDIST"],
    ["ZRANGE", "dst4", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "dst4", "pts", "FROMMEMBER", "p3", "BYRADIUS", "80", "km", "COUNT", "4",
     "STOREDIST"],
    ["ZRANGE", "dst4", "0", "-1", "WITHSCORES"],
    ["GEOSEARCHSTORE", "dst4", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
    ["EXISTS", "dst4"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["SET", "dst", "x"],
    ["GEORADIUS", "nokey", "0", "0", "1", "m", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["SET", "dst", "x"],
    ["GEORADIUSBYMEMBER", "nokey", "whatever", "abc", "lightyears", "STORE", "dst"],
    ["EXISTS", "dst"],
    ["SET", "dst", "x"],
    ["GEOSEARCHSTORE", "dst", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "m"],
    ["EXISTS", "dst"],
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "km", "STORE", "pts2"],
    ["GEORADIUS", "pts2", "2.35", "48.85", "50", "km", "STORE", "pts2"],
    ["ZRANGE", "pts2", "0", "-1", "WITHSCORES"],
    ["GEORADIUS", "pts", "2.35", "48.85", "100", "km", "STORE", "str2"],
    ["TYPE", "str2"],
]

ERROR_CASES = [
    ["GEORADIUS", "str", "0", "0", "1", "m"],
    ["GEORADIUSBYMEMBER", "str", "x", "1", "m"],
    ["GEOSEARCH", "str", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
    ["GEOSEARCHSTORE", "d", "str", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
    ["GEOSEARCHSTORE", "str", "pts", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "10", "km"],
    ["TYPE", "str"],
    ["GEORADIUS", "pts", "x", "0", "1", "m"],
    ["GEORADIUS", "pts", "0", "y", "1", "m"],
    ["GEORADIUS", "pts", "200", "0", "1", "m"],
    ["GEORADIUS", "pts", "0", "-86", "1", "m"],
    ["GEORADIUS", "pts", "0", "0", "abc", "m"],
    ["GEORADIUS", "pts", "0", "0", "-1", "m"],
    ["GEORADIUS", "pts", "0", "0", "1", "yards"],
    ["GEORADIUS", "pts", "0", "0", "nan", "m"],
    ["GEORADIUS", "nokey", "200", "0", "1", "m"],
    ["GEORADIUS", "nokey", "0", "0", "1", "m"],
    ["GEORADIUS", "nokey", "0", "0", "1", "m", "BOGUS"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "BOGUS"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "COUNT"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "COUNT", "0"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "COUNT", "-3"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "COUNT", "x"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "ANY"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "ANY", "COUNT", "0"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "STORE"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "STORE", "d", "WITHDIST"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "WITHHASH", "STOREDIST", "d"],
    ["GEORADIUS_RO", "pts", "0", "0", "1", "m", "STORE", "d"],
    ["GEORADIUSBYMEMBER_RO", "pts", "p1", "1", "m", "STOREDIST", "d"],
    ["GEORADIUSBYMEMBER", "pts", "missing", "1", "m"],
    ["GEORADIUSBYMEMBER", "pts", "missing", "x", "m"],
    ["GEORADIUSBYMEMBER", "pts", "p1", "x", "m"],
    ["GEORADIUSBYMEMBER", "pts", "p1", "1", "parsecs"],
    ["GEORADIUSBYMEMBER", "nokey", "missing", "x", "m", "WITHDIST"],
    ["GEORADIUSBYMEMBER", "nokey", "missing", "x", "m", "ANY"],
    ["GEORADIUS", "pts", "0", "0", "1", "m", "FROMLONLAT", "0", "0"],
    ["GEOSEARCH", "pts", "BYRADIUS", "1", "m"],
    ["geosearch", "pts", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0"],
    ["GeoSearch", "pts", "FROMLONLAT", "0", "0"],
    ["GEOSEARCH", "pts"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "FROMMEMBER", "p1", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMMEMBER", "p1", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMMEMBER", "p1", "FROMMEMBER", "p2", "BYRADIUS", "100", "km"],
    ["GEOSEARCH", "pts", "FROMMEMBER", "missing", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "missing", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "nokey", "FROMMEMBER", "missing"],
    ["GEOSEARCH", "nokey", "FROMLONLAT", "0", "100", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "BYBOX", "1", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "1", "1", "m", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "BYRADIUS", "2", "km"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "x", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "-1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "au"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "x", "y", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "1", "y", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "-1", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "1", "-1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "1", "1", "au"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYBOX", "1", "1"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "STORE", "d"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "STOREDIST"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "COUNT", "0"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "ANY"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "x", "0", "BYRADIUS", "1", "m"],
    ["GEOSEARCH", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1000", "km", "COUNT", "2", "ANY",
     "WITHDIST"],
    ["GEOSEARCHSTORE", "d", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "WITHDIST"],
    ["GEOSEARCHSTORE", "d", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "STORE", "x"],
    ["GEOSEARCHSTORE", "d", "pts", "BYRADIUS", "1", "m"],
    ["GEOSEARCHSTORE", "d", "pts", "FROMLONLAT", "0", "0"],
    ["GEOSEARCHSTORE", "d", "pts", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m", "ANY"],
    ["GEOSEARCHSTORE", "d", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "m", "ANY"],
    ["GEORADIUS", "pts", "0", "0"],
    ["GEOSEARCH"],
    ["GEOPOS"],
    ["GEOHASH"],
    ["GEODIST", "k", "a"],
]


def run(a, b, cmds, label):
    diffs = []
    for cmd in cmds:
        a.send_command(*cmd)
        b.send_command(*cmd)
        got, want = read_raw(a), read_raw(b)
        if got != want:
            diffs.append(f"{label} {cmd}:\n  cairn: {got[:600]!r}\n  redis: {want[:600]!r}")
    return diffs


def info_field(c, name):
    c.send_command("INFO", "all")
    for line in read_raw(c).decode().splitlines():
        if line.startswith(name + ":"):
            return int(line.split(":", 1)[1])
    raise AssertionError(f"no {name} in INFO")


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("group", ["geoadd", "points", "search", "store", "errors"])
def test_geo_matches_redis(server, reference, protocol, group):
    cmds = {"geoadd": GEOADD_CASES, "points": POINT_CASES, "search": search_cases(),
            "store": STORE_CASES, "errors": ERROR_CASES}[group]
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        for c in (a, b):
            c.command("HELLO", str(protocol))
            for cmd in setup_commands():
                c.command(*cmd)
        counters = ("rdb_changes_since_last_save", "keyspace_hits", "keyspace_misses")
        before = {c: [info_field(c, f) for f in counters] for c in (a, b)}
        diffs = run(a, b, cmds, f"RESP{protocol}")
        # Writes count in dirty as in Redis (GEOADD as its ZADD, a STORE per stored element),
        # reads as keyspace hits and misses.
        changes = [[info_field(c, f) - before[c][i] for i, f in enumerate(counters)]
                   for c in (a, b)]
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:40])
    assert changes[0] == changes[1], counters


def random_commands(rng):
    """Option soup: every option in random order and number, good and bad values."""
    keys = ["pts", "edges", "nokey", "str", "dst"]

    def lon():
        return rng.choice(["2.35", "0", "-180", "180", "179.99", "x", "181",
                           "%.3f" % rng.uniform(-180, 180)])

    def lat():
        return rng.choice(["48.85", "0", "85.05112878", "-85.05112879", "y",
                           "%.3f" % rng.uniform(-85, 85)])

    def num():
        return rng.choice(["0", "1", "100", "2500", "-1", "x", "inf", "1e5", "0.5"])

    def unit():
        return rng.choice(["m", "km", "KM", "ft", "mi", "Mi", "yd"])

    def member():
        return rng.choice(["p1", "p2", "p50", "east", "north", "missing"])

    def opts(n=4):
        pool = [["WITHDIST"], ["WITHHASH"], ["WITHCOORD"], ["ASC"], ["DESC"], ["ANY"],
                ["COUNT", rng.choice(["1", "5", "0", "-1", "x", "300"])], ["COUNT"],
                ["STORE", "dst"], ["STOREDIST", "dst"], ["STOREDIST"], ["STORE"],
                ["FROMMEMBER", member()], ["FROMLONLAT", lon(), lat()],
                ["BYRADIUS", num(), unit()], ["BYBOX", num(), num(), unit()], ["BOGUS"]]
        return [w for o in rng.sample(pool, rng.randint(0, n)) for w in o]

    gens = [
        lambda: ["GEORADIUS", rng.choice(keys), lon(), lat(), num(), unit()] + opts(),
        lambda: ["GEORADIUS_RO", rng.choice(keys), lon(), lat(), num(), unit()] + opts(),
        lambda: ["GEORADIUSBYMEMBER", rng.choice(keys), member(), num(), unit()] + opts(),
        lambda: ["GEORADIUSBYMEMBER_RO", rng.choice(keys), member(), num(), unit()] + opts(),
        lambda: ["GEOSEARCH", rng.choice(keys)] + opts(5),
        lambda: ["GEOSEARCH", rng.choice(keys), "FROMLONLAT", lon(), lat(), "BYRADIUS", num(),
                 unit()] + opts(3),
        lambda: ["GEOSEARCHSTORE", "dst", rng.choice(keys)] + opts(5),
        lambda: ["GEOSEARCHSTORE", "dst", rng.choice(keys), "FROMMEMBER", member(), "BYBOX",
                 num(), num(), unit()] + opts(3),
        lambda: ["GEOADD", rng.choice(keys + ["g"])] + rng.sample(["NX", "XX", "CH"],
                                                                 rng.randint(0, 2))
        + sum([[lon(), lat(), member()] for _ in range(rng.randint(0, 3))], []),
        lambda: ["GEODIST", rng.choice(keys), member(), member()]
        + ([unit()] if rng.random() < .7 else []),
        lambda: ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
        lambda: ["EXISTS", "dst"],
    ]
    while True:
        yield rng.choice(gens)()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_options_match_redis(server, reference, seed):
    rng = random.Random(seed)
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        for c in (a, b):
            for cmd in setup_commands():
                c.command(*cmd)
        stream = random_commands(rng)
        diffs = []
        for i in range(1500):
            if i == 750:
                for c in (a, b):
                    c.command("HELLO", "3")
            diffs += run(a, b, [next(stream)], f"step {i}")
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:40])


def test_keyspace_events_match_redis(server, reference):
    """The events of GEOADD (zadd) and of the stores, in RESP3 on the same connection."""
    cmds = [["CONFIG", "SET", "notify-keyspace-events", "KEA"],
            ["SUBSCRIBE", "__keyevent@0__:zadd", "__keyevent@0__:georadiusstore",
             "__keyevent@0__:geosearchstore", "__keyevent@0__:del"],
            ["GEOADD", "k", "1", "2", "a", "3", "4", "b"],
            ["GEOADD", "k", "NX", "1", "2", "a"],
            ["GEORADIUS", "k", "1", "2", "1000", "km", "STORE", "d"],
            ["GEOSEARCHSTORE", "d", "k", "FROMMEMBER", "a", "BYRADIUS", "1", "km"],
            ["GEORADIUS", "k", "1", "2", "1", "m", "STORE", "d"],
            ["GEOSEARCHSTORE", "d2", "k", "FROMMEMBER", "a", "BYRADIUS", "1", "km"],
            ["GEORADIUS", "nokey", "1", "2", "1", "m", "STORE", "d2"]]
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        for c in (a, b):
            c.command("HELLO", "3")
            c.command("FLUSHALL")
        diffs = run(a, b, cmds, "RESP3")
        # Every reply and push that followed, in order.
        for _ in range(12):
            for c in (a, b):
                c.send_command("PING")
            got, want = read_raw(a), read_raw(b)
            if got != want:
                diffs.append(f"after: cairn {got!r} redis {want!r}")
            if want.startswith(b"+PONG"):
                break
        for c in (a, b):
            c.command("CONFIG", "SET", "notify-keyspace-events", "")
    assert not diffs, "\n".join(diffs)


def test_geoadd_propagates_as_zadd(sides):  # noqa: F811 (the imported fixture)
    check(sides, [
        Section("geoadd"),
        ("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        ("GEOADD", "g", "CH", "XX", "13.361389", "38.115556", "Palermo", "1", "1", "new"),
        ("GEOADD", "g", "NX", "13.361389", "38.115556", "Palermo"),
        ("GEOADD", "g", "nx", "ch", "1", "1", "new"),
        ("GEOADD", "g", "200", "1", "bad"),
        Section("stores"),
        ("GEORADIUS", "g", "14", "38", "200", "km", "STORE", "d"),
        ("GEORADIUS", "g", "14", "38", "200", "km", "COUNT", "1", "STOREDIST", "d"),
        ("GEOSEARCHSTORE", "d2", "g", "FROMMEMBER", "Palermo", "BYBOX", "10", "10", "km"),
        ("GEOSEARCHSTORE", "d2", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"),
        ("GEORADIUS", "g", "0", "0", "1", "m", "STORE", "nothing"),
        ("GEORADIUS_RO", "g", "14", "38", "200", "km"),
        ("GEOSEARCH", "g", "FROMLONLAT", "14", "38", "BYRADIUS", "200", "km"),
    ])
