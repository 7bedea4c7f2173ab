"""HyperLogLog commands (Redis 7.0 hyperloglog.c): PFADD PFCOUNT PFMERGE on values in Redis's
HYLL string format (sparse and dense), which move between servers through GET / SET.

Every expectation here was checked against redis-server 7.0.15."""

import os
import random

import pytest

from conftest import RespError, ServerProcess, not_on_windows

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value."
CORRUPT = "INVALIDOBJ Corrupted HLL object detected"
REFERENCE = "/usr/bin/redis-server"


def err(raw, *command):
    reply = raw.command(*command)
    assert isinstance(reply, RespError), reply
    return str(reply)


def dirty(r):
    return r.info("persistence")["rdb_changes_since_last_save"]


def test_pfadd_pfcount_basics(r, rb):
    assert r.pfadd("h", "a", "b", "c", "d") == 1
    assert r.pfadd("h", "a") == 0
    assert r.pfcount("h") == 4
    assert r.type("h") == "string"
    assert r.object("encoding", "h") == "raw"
    assert rb.get("h")[:4] == b"HYLL"
    assert r.pfadd("empty") == 1  # creating the key is a change
    assert r.pfadd("empty") == 0
    assert r.pfcount("empty") == 0
    assert r.pfcount("nokey") == 0
    assert r.pfcount("nokey", "nokey2") == 0


def test_exact_bytes_of_a_small_sparse_value(rb):
    rb.pfadd("h", "a", "b", "c", "d")
    assert rb.get("h") == (b"HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"
                           b"\\{\x80Dv\x80P\xb1\x84K\xfb\x80BZ")
    rb.pfcount("h")  # caches the cardinality in the header (little endian, valid bit clear)
    assert rb.get("h")[8:16] == b"\x04\x00\x00\x00\x00\x00\x00\x00"


def test_sparse_to_dense_promotion(r, rb):
    r.pfadd("h", *[f"e{i}" for i in range(100)])
    assert rb.get("h")[4] == 1
    r.pfadd("h", *[f"e{i}" for i in range(100, 5000)])
    value = rb.get("h")
    assert value[4] == 0 and len(value) == 16 + 12288
    assert abs(r.pfcount("h") - 5000) < 5000 * 0.02
    try:
        r.config_set("hll-sparse-max-bytes", "100")
        assert r.config_get("hll-sparse-max-bytes") == {"hll-sparse-max-bytes": "100"}
        r.pfadd("t", *[f"z{i}" for i in range(40)])
        assert rb.get("t")[4] == 0
    finally:
        r.config_set("hll-sparse-max-bytes", "3000")


def test_pfmerge_and_multi_key_count(r):
    r.pfadd("a", *[f"x{i}" for i in range(3000)])
    r.pfadd("b", *[f"x{i}" for i in range(2000, 5000)])
    union = r.pfcount("a", "b", "nokey")
    assert abs(union - 5000) < 5000 * 0.02
    assert r.pfmerge("m", "a", "b", "nokey") is True
    assert r.pfcount("m") == union
    assert r.pfmerge("m2", "nokey") is True
    assert r.pfcount("m2") == 0
    r.pfadd("small", "q")
    assert r.pfmerge("small", "a") is True  # destination is also read as a source
    assert abs(r.pfcount("small") - 3001) < 3001 * 0.02


def test_not_a_hyperloglog(r, raw):
    r.set("str", "hello")
    r.lpush("l", "a")
    for command in (("PFADD", "str", "a"), ("PFCOUNT", "str"), ("PFCOUNT", "nokey", "str"),
                    ("PFMERGE", "dst", "str"), ("PFMERGE", "str", "nokey")):
        assert err(raw, *command) == NOT_HLL, command
    for command in (("PFADD", "l", "a"), ("PFCOUNT", "l"), ("PFMERGE", "d", "l"),
                    ("PFMERGE", "l", "nokey")):
        assert err(raw, *command) == WRONGTYPE
    r.set("bad_dense", b"HYLL\x00\x00\x00\x00" + b"\x00" * 8 + b"\x00" * 100)
    assert err(raw, "PFCOUNT", "bad_dense") == NOT_HLL
    r.set("bad_encoding", b"HYLL\x02\x00\x00\x00" + b"\x00" * 8 + b"\x00" * 100)
    assert err(raw, "PFADD", "bad_encoding", "x") == NOT_HLL
    r.pfadd("h", "a")
    raw.command("APPEND", "h", "x")
    assert err(raw, "PFCOUNT", "h") == CORRUPT


def test_corrupted_sparse_value(r, raw):
    r.set("bad", b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x7f\xff\x7f")
    assert err(raw, "PFCOUNT", "bad") == CORRUPT
    assert err(raw, "PFCOUNT", "bad", "nokey") == CORRUPT


def test_dirty_and_cache_write(r):
    base = dirty(r)
    r.pfadd("h", "a", "b")
    assert dirty(r) == base + 3  # key created + two registers
    r.pfadd("h", "a")
    assert dirty(r) == base + 3
    r.pfcount("h")  # stores the cached cardinality: a write
    assert dirty(r) == base + 4
    r.pfcount("h")
    assert dirty(r) == base + 4


@pytest.mark.skipif(not os.path.exists(REFERENCE), reason="needs the reference redis-server")
@not_on_windows("the reference redis-server is a Linux program, not started through Wine")
def test_values_move_between_servers(server, rb):
    """Values made by the reference Redis load here (GET / SET) and answer the same, and the
    same additions produce the same bytes on both."""

    class Reference(ServerProcess):
        def command_line(self, port):
            args = super().command_line(port)
            args[0] = REFERENCE
            return args

    ref = Reference(name="reference redis").start()
    try:
        other = ref.client()
        rng = random.Random(5)
        n = 0
        for step in range(25):
            batch = [f"el{n + i}" for i in range(rng.randint(1, 400))]
            n += len(batch)
            assert rb.pfadd("h", *batch) == other.pfadd("h", *batch)
            assert rb.get("h") == other.get("h"), step
            assert rb.pfcount("h") == other.pfcount("h")
        for key, count in (("sparse", 300), ("dense", 20000)):
            other.pfadd(key, *[f"{key}{i}" for i in range(count)])
            rb.set(key, other.get(key))
            assert rb.pfcount(key) == other.pfcount(key)
            assert rb.pfadd(key, "one", "two") == other.pfadd(key, "one", "two")
            assert rb.get(key) == other.get(key)
        assert rb.pfcount("sparse", "dense", "h") == other.pfcount("sparse", "dense", "h")
        rb.pfmerge("m", "sparse", "dense")
        other.pfmerge("m", "sparse", "dense")
        assert rb.get("m") == other.get("m")
        other.close()
        other.connection_pool.disconnect()
    finally:
        ref.cleanup()
