"""DEBUG against redis-server 7.0.15: digests of the same data, generated replies (PROTOCOL in
RESP2 and RESP3), POPULATE, OBJECT, HTSTATS, the switches and every error text, on both
servers; then what the switches do (active expiry off, cron paused, packed threshold, skipped
checksums) and the crash subcommands' bug reports."""

import time

import pytest
import redis

from conftest import DEBUG_ON, is_windows_server, read_raw, reply_or_error as outcome
from persistence_data import wait_for

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

def stays_for(condition, seconds):
    """condition holds whenever it is checked for that long (DBSIZE expires nothing itself)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        assert condition()
        time.sleep(0.05)


@pytest.fixture(scope="module")
def pair(debug_pair):
    return debug_pair


def fill(c):
    c.flushall()
    c.set("s", "hello")
    c.set("n", 12345)
    c.set("raw", "x" * 100)
    c.rpush("l", "a", "b", "c", 1, 2)
    c.rpush("big", *[f"element-{i}" for i in range(600)])
    c.sadd("si", 1, 2, 3)
    c.sadd("ss", "x", "y")
    c.sadd("sbig", *range(1000))
    c.zadd("z", {"a": 1.5, "b": 2, "c": 1e100, "d": -0.1})
    c.zadd("zbig", {f"m{i}": i / 3 for i in range(200)})
    c.hset("h", mapping={"f1": "v1", "f2": "2"})
    c.hset("hbig", mapping={f"f{i}": "v" * (i % 80) for i in range(300)})
    c.set("e", "v", ex=1000)
    c.select(3)
    c.set("in-db-3", "x")
    c.select(0)


def test_digests_equal_redis(pair):
    results = []
    for srv in pair:
        c = srv.client()
        fill(c)
        out = {
            "digest": c.execute_command("DEBUG", "DIGEST"),
            "values": c.execute_command("DEBUG", "DIGEST-VALUE", "s", "n", "raw", "l", "big",
                                        "si", "ss", "sbig", "z", "zbig", "h", "hbig", "e",
                                        "missing"),
            "none": c.execute_command("DEBUG", "DIGEST-VALUE"),
        }
        # The same elements in another order: a different list digest, the same set digest.
        c.delete("l", "ss")
        c.rpush("l", "b", "a", "c", 1, 2)
        c.sadd("ss", "y", "x")
        out["reordered"] = c.execute_command("DEBUG", "DIGEST-VALUE", "l", "ss")
        c.flushall()
        out["empty"] = c.execute_command("DEBUG", "DIGEST")
        results.append(out)
        c.close()
    assert results[0] == results[1]
    assert results[0]["empty"] == b"0" * 40


def test_generated_replies_and_errors_equal_redis(pair):
    results = []
    for srv in pair:
        c = srv.client()
        c.flushall()
        out = {}
        for proto in (2, 3):
            with srv.raw() as raw:
                if proto == 3:
                    raw.command("HELLO", "3")
                for t in ("string", "integer", "double", "bignum", "null", "array", "set",
                          "map", "attrib", "push", "verbatim", "true", "false", "nope"):
                    raw.send_command("DEBUG", "PROTOCOL", t)
                    reply = read_raw(raw)
                    if t == "push" and proto == 3:
                        reply += read_raw(raw)  # the push, then the real reply
                    out[(proto, t)] = reply
        for args in (["DEBUG", "POPULATE", "10"], ["DEBUG", "POPULATE", "5", "pfx", "3"],
                     ["DEBUG", "POPULATE", "3", "pfx", "20"], ["DEBUG", "POPULATE", "-1"],
                     ["DEBUG", "POPULATE", "x"], ["DEBUG", "POPULATE", "2", "p", "-3"],
                     ["DEBUG", "SLEEP", "0"], ["DEBUG", "SLEEP", "0.01"],
                     ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "5gb"],
                     ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "abc"],
                     ["DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0"],
                     ["DEBUG", "OBJECT", "nokey"], ["DEBUG", "OBJECT"],
                     ["DEBUG", "LISTPACK", "nokey"], ["DEBUG", "HTSTATS", "99"],
                     ["DEBUG", "HTSTATS", "x"], ["DEBUG", "HTSTATS-KEY", "key:1"],
                     ["DEBUG", "ERROR", "CUSTOM some\nthing"], ["DEBUG", "LOG", "hello"],
                     ["DEBUG", "CLIENT-EVICTION"], ["DEBUG", "NOPE"], ["DEBUG", "DIGEST", "x"],
                     ["DEBUG", "SET-ACTIVE-EXPIRE", "1"], ["DEBUG", "PAUSE-CRON", "0"],
                     ["DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0"],
                     ["DEBUG", "RELOAD", "BOGUS"]):
            out[" ".join(args)] = outcome(c, *args)
        out["keys"] = sorted(c.keys("*"))
        out["values"] = [c.get("key:3"), c.get("pfx:1"), c.strlen("pfx:2")]
        out["digest"] = c.execute_command("DEBUG", "DIGEST")
        c.set("s", "hello")
        c.hset("h", "f", "v")
        out["listpack"] = [outcome(c, "DEBUG", "LISTPACK", "s"), outcome(c, "DEBUG", "LISTPACK", "h")]
        results.append(out)
        c.close()
    assert results[0] == results[1]


def object_fields(line):
    return dict(part.split(":", 1) for part in line.decode().split(" ") if ":" in part)


def test_debug_object_fields_equal_redis(pair):
    results = []
    for srv in pair:
        c = srv.client()
        fill(c)
        c.config_set("list-max-listpack-size", 4)
        c.rpush("four", *range(10))
        out = {}
        for key in ("s", "n", "raw", "l", "big", "four", "si", "sbig", "z", "zbig", "h", "hbig"):
            f = object_fields(c.execute_command("DEBUG", "OBJECT", key))
            f.pop("at")  # the address
            f.pop("lru")  # the LRU clock of the moment
            assert int(f.pop("lru_seconds_idle")) < 5
            out[key] = f
        c.config_set("list-max-listpack-size", -2)
        results.append(out)
        c.close()
    assert results[0] == results[1]


def test_htstats_shows_the_tables(pair):
    c = pair[0].client()
    c.flushall()
    c.execute_command("DEBUG", "POPULATE", "1000")
    c.set("ttl", "v", ex=100)
    text = c.execute_command("DEBUG", "HTSTATS", "0").decode()
    assert text.startswith("[Dictionary HT]\nHash table 0 stats (main hash table):\n")
    assert " number of elements: 1001\n" in text
    assert "[Expires HT]\n" in text and " number of elements: 1\n" in text
    c.sadd("set", *range(1000), "x")
    stats = c.execute_command("DEBUG", "HTSTATS-KEY", "set").decode()
    assert " number of elements: 1001\n" in stats and "different slots:" in stats
    c.execute_command("DEBUG", "HTSTATS", "1")  # an empty database
    assert "No stats available for empty dictionaries" in (
        c.execute_command("DEBUG", "HTSTATS", "1").decode())
    c.close()


@pytest.mark.parametrize("switch,off,on", [
    ("SET-ACTIVE-EXPIRE", "0", "1"),  # background expiry off
    ("PAUSE-CRON", "1", "0"),  # the whole cron stopped
])
def test_switches_stop_background_expiry(pair, switch, off, on):
    c = pair[0].client()
    c.flushall()
    c.execute_command("DEBUG", switch, off)
    try:
        c.set("k", "v", px=1)
        c.set("k2", "v", px=1)
        stays_for(lambda: c.dbsize() == 2, seconds=1.0)  # ten cron ticks: nothing expired
        assert c.get("k") is None  # but an access expires a key lazily
        assert c.dbsize() == 1
        c.execute_command("DEBUG", switch, on)
        wait_for(lambda: c.dbsize() == 0, timeout=30, what="active expiry back")
    finally:
        c.execute_command("DEBUG", switch, on)
        c.close()


def test_packed_threshold_gives_plain_nodes_and_keeps_lists_right(pair):
    results = []
    for srv in pair:
        c = srv.client()
        c.flushall()
        assert c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100b") == b"OK"
        try:
            big = [ch * 500 for ch in "abcd"]
            c.rpush("l", "x", "y", *big, "z")
            out = {"nodes": object_fields(c.execute_command("DEBUG", "OBJECT", "l"))["ql_nodes"]}
            c.lset("l", 0, "e" * 300)
            c.linsert("l", "BEFORE", "z", "f" * 200)
            c.linsert("l", "AFTER", "y", "small")
            c.lrem("l", 1, "b" * 500)
            out["pos"] = c.lpos("l", "c" * 500)
            c.lmove("l", "m", "LEFT", "RIGHT")
            c.ltrim("l", 0, 5)
            out["l"] = c.lrange("l", 0, -1)
            out["m"] = c.lrange("m", 0, -1)
            out["digest"] = c.execute_command("DEBUG", "DIGEST")
            results.append(out)
        finally:
            c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0")
            c.close()
    assert results[0] == results[1]


def test_skip_checksum_validation_lets_restore_take_a_bad_crc(pair):
    results = []
    for srv in pair:
        c = srv.client()
        c.flushall()
        c.set("k", "value")
        payload = bytearray(c.dump("k"))
        payload[-1] ^= 0xFF  # break the CRC-64
        out = [outcome(c, "RESTORE", "k2", "0", bytes(payload))]
        c.execute_command("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1")
        try:
            out.append(outcome(c, "RESTORE", "k2", "0", bytes(payload)))
            out.append(c.get("k2"))
        finally:
            c.execute_command("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0")
        results.append(out)
        c.close()
    assert results[0] == results[1]
    assert results[0][1] == b"OK"


def test_change_repl_id(pair):
    c = pair[0].client()
    before = c.info("replication")["master_replid"]
    assert c.execute_command("DEBUG", "CHANGE-REPL-ID") == b"OK"
    after = c.info("replication")["master_replid"]
    assert before != after and len(after) == 40
    assert c.info("server")["run_id"] not in (before, after)
    c.close()


def test_stringmatch_test_runs(pair):
    c = pair[0].client()
    assert c.execute_command("DEBUG", "STRINGMATCH-TEST") == b"Apparently Redis did not crash: test passed"
    c.close()


@pytest.mark.parametrize("sub,text", [
    ("SEGFAULT", "crashed by signal"),
    ("PANIC", "Guru Meditation: DEBUG PANIC called at Unix time"),
    ("ASSERT", "=== ASSERTION FAILED ==="),
    ("OOM", "Out Of Memory allocating"),
])
def test_crash_subcommands_end_the_process_with_a_report(server_factory, sub, text):
    s = server_factory(DEBUG_ON)
    c = s.client()
    with pytest.raises(redis.ConnectionError):
        c.execute_command("DEBUG", sub)
    s.wait_exit()
    assert text in s.log()


def test_debug_is_refused_unless_enabled(server_factory):
    s = server_factory()
    c = s.client()
    with pytest.raises(redis.ResponseError) as e:
        c.execute_command("DEBUG", "DIGEST")
    assert str(e.value).startswith("DEBUG command not allowed. If the enable-debug-command option")
    c.close()


# ---- REPLYBUFFER: the per-client reply buffer the clients cron sizes ------------------------

def reply_buffer(c, name):
    """(rbs, rbp) of the client called name in CLIENT LIST."""
    for entry in c.client_list():
        if entry["name"] == name:
            return int(entry["rbs"]), int(entry["rbp"])
    raise AssertionError(f"no client {name}")


def test_replybuffer_errors_as_redis(pair):
    got = []
    for s in pair:
        c = s.client()
        got.append([outcome(c, "DEBUG", "REPLYBUFFER", *args) for args in (
            ("PEAK-RESET-TIME", "never"), ("peak-reset-time", "RESET"),
            ("peak-reset-time", "abc"), ("peak-reset-time", "-5"), ("resizing", "2"),
            ("resizing", "abc"), ("resizing",), ("foo", "1"), ("resizing", "1", "x"))])
        c.execute_command("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "RESET")
        c.execute_command("DEBUG", "REPLYBUFFER", "RESIZING", "1")
    assert got[0] == got[1]


def test_replybuffer_shrinks_and_grows_as_redis(pair):
    # Redis's own test (unit/replybufsize): an idle client's buffer shrinks to about 1 KB; a
    # client that keeps reading a 32 KB value sees it grow back to 16 KB.
    for s in pair:
        c = s.client()
        c.config_resetstat()
        c.execute_command("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "100")
        tc = s.client()
        tc.client_setname("test_client")
        assert reply_buffer(c, "test_client") == (16384, 16384)  # a new client
        wait_for(lambda: 1024 <= reply_buffer(c, "test_client")[0] < 2046, 30, "the shrink")
        c.set("bigval", "x" * 32768)
        c.execute_command("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "NEVER")
        wait_for(lambda: tc.get("bigval") and 16384 <= reply_buffer(c, "test_client")[0] < 32768,
                 30, "the growth")
        stats = c.info("stats")
        assert stats["reply_buffer_shrinks"] > 0 and stats["reply_buffer_expands"] > 0
        # With resizing off the size stays where it is.
        c.execute_command("DEBUG", "REPLYBUFFER", "RESIZING", "0")
        c.execute_command("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "100")
        size = reply_buffer(c, "test_client")[0]
        stays_for(lambda: reply_buffer(c, "test_client")[0] == size, 2)
        c.execute_command("DEBUG", "REPLYBUFFER", "RESIZING", "1")
        c.execute_command("DEBUG", "REPLYBUFFER", "PEAK-RESET-TIME", "RESET")
        tc.close()
