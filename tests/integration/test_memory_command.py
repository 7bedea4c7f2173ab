"""MEMORY and INFO memory against redis-server 7.0.15: the same field names in the same order,
the same replies and errors, and figures that follow what the server really holds."""

import pytest

from conftest import is_cairn, is_windows_server, reply_or_error as outcome

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")


def info_fields(c, section):
    return list(c.info(section).keys())  # redis-py keeps the server's order


def test_info_memory_has_redis_fields_in_order(server, reference):
    ours, ref = server.client(), reference.client()
    assert info_fields(ours, "memory") == info_fields(ref, "memory")
    info = ours.info("memory")
    assert info["used_memory"] > 0 and info["used_memory_rss"] > 0
    assert info["used_memory_peak"] >= info["used_memory_startup"] > 0
    assert info["total_system_memory"] > 0
    ours.close()
    ref.close()


def test_memory_replies_and_errors_equal_redis(server, reference):
    results = []
    for srv in (server, reference):
        c = srv.client()
        c.flushall()
        c.set("k", "v")
        out = {}
        for args in (["MEMORY", "HELP"], ["MEMORY", "USAGE", "missing"],
                     ["MEMORY", "USAGE", "k", "SAMPLES", "-1"], ["MEMORY", "USAGE", "k", "FOO"],
                     ["MEMORY", "USAGE", "k", "SAMPLES"], ["MEMORY", "USAGE", "k", "SAMPLES", "x"],
                     ["MEMORY", "USAGE"], ["MEMORY", "NOPE"], ["MEMORY", "PURGE"],
                     ["MEMORY", "STATS", "x"], ["MEMORY", "DOCTOR", "x"]):
            out[" ".join(args)] = outcome(c, *args)
        stats = c.execute_command("MEMORY", "STATS")
        out["stats_keys"] = stats[0::2]
        results.append(out)
        c.close()
    assert results[0] == results[1]


def test_memory_usage_follows_the_value(r):
    r.set("small", "x")
    r.set("big", "x" * 100000)
    small, big = r.memory_usage("small"), r.memory_usage("big")
    assert 0 < small < 200
    assert 100000 <= big < 120000  # Redis: 114736 (jemalloc size classes)
    r.rpush("list", *["e" * 100] * 1000)
    assert r.memory_usage("list") > 100 * 1000
    r.sadd("set", *[f"member-{i:040d}" for i in range(2000)])
    sampled = r.memory_usage("set")
    everything = r.memory_usage("set", samples=0)
    assert everything > 2000 * 50
    assert abs(sampled - everything) < everything / 5  # five samples extrapolate closely
    r.zadd("zset", {f"m{i:030d}": i for i in range(500)})
    r.hset("hash", mapping={f"f{i:030d}": "v" * 50 for i in range(500)})
    assert r.memory_usage("zset", samples=0) > 500 * 30
    assert r.memory_usage("hash", samples=0) > 500 * 80
    assert r.memory_usage("missing") is None


def test_memory_stats_and_doctor_describe_the_server(r):
    r.execute_command("SELECT", 2)
    r.set("in-db-2", "x")
    r.execute_command("SELECT", 0)
    r.set("in-db-0", "x")
    stats = r.memory_stats()
    assert stats["keys.count"] == 2
    assert "db.0" in stats and "db.2" in stats
    assert stats["total.allocated"] >= stats["startup.allocated"] > 0
    assert stats["peak.allocated"] >= stats["total.allocated"] or stats["peak.percentage"] >= 99
    # Redis counts a client's buffers incrementally (0 for idle ones); Cairn sums them now.
    assert stats["clients.normal"] > 0 or not is_cairn()
    doctor = r.execute_command("MEMORY", "DOCTOR")
    assert doctor.startswith("Hi Sam") or doctor.startswith("Sam, I detected")
    assert r.execute_command("MEMORY", "MALLOC-STATS")
    assert r.execute_command("MEMORY", "PURGE") == "OK"
