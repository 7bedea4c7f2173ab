"""Generic key commands and expiry."""

import time

import pytest
import redis

from conftest import close_client


def wait_until(predicate, timeout=3.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# -- DEL / UNLINK / EXISTS / TYPE / TOUCH -----------------------------------------------


@pytest.mark.parametrize("command", ["DEL", "UNLINK"])
def test_del_unlink_count_removed_keys(rr, command):
    rr.execute_command("MSET", "a", "1", "b", "2")
    assert rr.execute_command(command, "a", "b", "c", "a") == 2
    assert rr.execute_command("EXISTS", "a", "b") == 0
    assert rr.execute_command(command, "a") == 0


def test_exists_counts_repeats(r):
    r.set("a", "1")
    assert r.exists("a") == 1
    assert r.exists("a", "a", "nosuch", "a") == 3
    assert r.exists("nosuch") == 0


def test_type(rr):
    rr.execute_command("SET", "s", "v")
    assert rr.execute_command("TYPE", "s") == "string"
    assert rr.execute_command("TYPE", "nosuch") == "none"


def test_type_raw_is_status_reply(raw):
    raw.command("SET", "s", "1")
    raw.send_command("TYPE", "s")
    assert raw.read_line() == b"+string\r\n"
    raw.send_command("TYPE", "nosuch")
    assert raw.read_line() == b"+none\r\n"


def test_touch(r):
    r.mset({"a": "1", "b": "2"})
    assert r.touch("a", "b", "nosuch", "a") == 3


# -- KEYS ---------------------------------------------------------------------------


KEYS_FIXTURE = ["hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h\\llo", "other"]


@pytest.mark.parametrize("pattern, expected", [
    ("*", KEYS_FIXTURE),
    ("h?llo", ["hello", "hallo", "hxllo", "h*llo", "h\\llo"]),
    ("h*llo", ["hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h\\llo"]),
    ("h[ae]llo", ["hello", "hallo"]),
    ("h[^e]llo", ["hallo", "hxllo", "h*llo", "h\\llo"]),
    ("h[a-b]llo", ["hallo"]),
    ("h\\*llo", ["h*llo"]),
    ("h\\\\llo", ["h\\llo"]),
    ("hello", ["hello"]),
    ("HELLO", []),
    ("nomatch*", []),
    ("*th*", ["other"]),
])
def test_keys_glob(r, pattern, expected):
    r.mset({k: "1" for k in KEYS_FIXTURE})
    assert sorted(r.keys(pattern)) == sorted(expected)


def test_keys_only_current_db(server, r):
    r.set("in0", "1")
    other = server.client(db=2, decode_responses=True)
    try:
        other.set("in2", "1")
        assert r.keys("*") == ["in0"]
        assert other.keys("*") == ["in2"]
    finally:
        close_client(other)


# -- SCAN ---------------------------------------------------------------------------


def full_scan(client, *args, max_calls=100000):
    cursor, seen, calls = "0", [], 0
    while True:
        reply = client.execute_command("SCAN", cursor, *args)
        assert isinstance(reply, list) and len(reply) == 2
        cursor, keys = reply
        assert isinstance(cursor, str) and cursor.isdigit()
        seen.extend(keys)
        calls += 1
        assert calls < max_calls, "SCAN did not terminate"
        if cursor == "0":
            return seen, calls


def test_scan_covers_all_keys(rr):
    keys = [f"key:{i}" for i in range(1000)]
    for i in range(0, 1000, 100):
        rr.execute_command("MSET", *[x for k in keys[i:i + 100] for x in (k, "v")])
    seen, calls = full_scan(rr, "COUNT", "10")
    assert set(seen) == set(keys)
    assert calls > 1


def test_scan_default_count_and_empty_db(rr):
    assert rr.execute_command("SCAN", "0") == ["0", []]
    rr.execute_command("MSET", "a", "1", "b", "2", "c", "3")
    seen, _ = full_scan(rr)
    assert sorted(seen) == ["a", "b", "c"]


def test_scan_match(rr):
    for i in range(300):
        rr.execute_command("SET", f"user:{i}" if i % 3 == 0 else f"item:{i}", "v")
    seen, _ = full_scan(rr, "MATCH", "user:*", "COUNT", "25")
    assert set(seen) == {f"user:{i}" for i in range(0, 300, 3)}
    seen, _ = full_scan(rr, "MATCH", "nothing*")
    assert seen == []


def test_scan_type(rr):
    for i in range(50):
        rr.execute_command("SET", f"s{i}", "v")
    seen, _ = full_scan(rr, "TYPE", "string", "COUNT", "7")
    assert len(set(seen)) == 50
    seen, _ = full_scan(rr, "TYPE", "list")
    assert seen == []
    seen, _ = full_scan(rr, "TYPE", "nosuchtype")
    assert seen == []


def test_scan_match_type_count_combined_case_insensitive(rr):
    for i in range(40):
        rr.execute_command("SET", f"a:{i}", "v")
        rr.execute_command("SET", f"b:{i}", "v")
    seen, _ = full_scan(rr, "match", "a:*", "type", "STRING", "count", "5")
    assert set(seen) == {f"a:{i}" for i in range(40)}


def test_scan_redis_py_iter(r):
    r.mset({f"k{i}": i for i in range(200)})
    assert set(r.scan_iter(match="k1*", count=20)) == {f"k{i}" for i in range(200) if str(i).startswith("1")}


def test_scan_reply_raw_shape(raw):
    raw.command("SET", "only", "1")
    raw.send_command("SCAN", "0")
    assert raw.read_exact(len(b"*2\r\n$1\r\n0\r\n*1\r\n$4\r\nonly\r\n")) == \
        b"*2\r\n$1\r\n0\r\n*1\r\n$4\r\nonly\r\n"


# -- RANDOMKEY / RENAME / RENAMENX -------------------------------------------------------


def test_randomkey(r):
    assert r.randomkey() is None
    r.mset({"a": "1", "b": "2", "c": "3"})
    for _ in range(20):
        assert r.randomkey() in {"a", "b", "c"}


def test_rename(r):
    r.set("src", "v", ex=100)
    assert r.rename("src", "dst") is True
    assert r.exists("src") == 0
    assert r.get("dst") == "v"
    assert 99 <= r.ttl("dst") <= 100  # the TTL moves with the value
    r.set("other", "x", ex=500)
    r.rename("other", "dst")  # overwrites, and the target takes the source's (TTL) state
    assert r.get("dst") == "x" and r.ttl("dst") > 100
    r.set("plain", "p")
    r.rename("plain", "dst")
    assert r.ttl("dst") == -1


def test_rename_same_key(r):
    r.set("a", "1")
    assert r.rename("a", "a") is True
    assert r.get("a") == "1"
    assert r.renamenx("a", "a") is False


def test_renamenx(r):
    r.mset({"a": "1", "b": "2"})
    assert r.renamenx("a", "b") is False
    assert r.mget("a", "b") == ["1", "2"]
    assert r.renamenx("a", "c") is True
    assert r.mget("a", "c") == [None, "1"]


# -- expiry ------------------------------------------------------------------------------


def test_ttl_pttl_states(r):
    assert r.ttl("nosuch") == -2
    assert r.pttl("nosuch") == -2
    r.set("k", "v")
    assert r.ttl("k") == -1
    assert r.pttl("k") == -1
    r.set("k", "v", ex=100)
    assert 99 <= r.ttl("k") <= 100
    assert 99000 <= r.pttl("k") <= 100000


def test_ttl_rounds_to_nearest_second(r):
    r.set("a", "v", px=1300)
    r.set("b", "v", px=1800)
    assert r.ttl("a") == 1
    assert r.ttl("b") == 2


def test_set_px_then_key_expires(r):
    r.set("k", "v", px=100)
    r.set("keep", "v")
    assert r.get("k") == "v"
    time.sleep(0.25)
    assert r.get("k") is None
    assert r.exists("k") == 0
    assert r.ttl("k") == -2
    assert r.get("keep") == "v"


def test_pexpire_then_gone(r):
    r.set("k", "v")
    assert r.pexpire("k", 100) is True
    assert 0 < r.pttl("k") <= 100
    time.sleep(0.25)
    assert r.exists("k") == 0
    assert r.keys("*") == []


def test_expired_keys_are_reclaimed_actively(r):
    # Never touched again after SET: the server must drop them on its own.
    for i in range(20):
        r.set(f"k{i}", "v", px=50)
    r.set("persistent", "v")
    assert wait_until(lambda: r.dbsize() == 1, timeout=5.0)


def test_expire_and_persist(r):
    assert r.expire("nosuch", 10) is False
    r.set("k", "v")
    assert r.expire("k", 100) is True
    assert r.ttl("k") == 100
    assert r.persist("k") is True
    assert r.persist("k") is False
    assert r.persist("nosuch") is False
    assert r.ttl("k") == -1


@pytest.mark.parametrize("command, arg", [
    ("EXPIRE", "0"), ("EXPIRE", "-1"), ("PEXPIRE", "-1000"), ("EXPIREAT", "1"), ("PEXPIREAT", "1"),
])
def test_expire_in_the_past_deletes(rr, command, arg):
    rr.execute_command("SET", "k", "v")
    assert rr.execute_command(command, "k", arg) == 1
    assert rr.execute_command("EXISTS", "k") == 0


def test_expireat_pexpireat(r):
    now = int(time.time())
    r.set("k", "v")
    assert r.expireat("k", now + 100) is True
    assert r.expiretime("k") == now + 100
    assert r.pexpiretime("k") == (now + 100) * 1000
    assert r.pexpireat("k", (now + 200) * 1000 + 123) is True
    assert r.pexpiretime("k") == (now + 200) * 1000 + 123
    assert r.expiretime("k") == now + 200


def test_expiretime_states(r):
    assert r.expiretime("nosuch") == -2
    assert r.pexpiretime("nosuch") == -2
    r.set("k", "v")
    assert r.expiretime("k") == -1
    assert r.pexpiretime("k") == -1


# (key has TTL?, option, new ttl seconds, expected reply, ttl after (None = no TTL))
EXPIRE_OPTION_CASES = [
    (False, "NX", 100, 1, 100),
    (True, "NX", 200, 0, 50),
    (False, "XX", 100, 0, None),
    (True, "XX", 200, 1, 200),
    (True, "GT", 100, 1, 100),
    (True, "GT", 10, 0, 50),
    (True, "GT", 50, 0, 50),
    (False, "GT", 100, 0, None),     # no TTL counts as infinite: never greater
    (True, "LT", 10, 1, 10),
    (True, "LT", 100, 0, 50),
    (False, "LT", 100, 1, 100),      # any TTL is less than infinite
    (True, "XX GT", 100, 1, 100),
    (False, "XX LT", 100, 0, None),
    (False, "GT", -10, 0, None),     # refused: the key is NOT deleted
    (True, "LT", -10, 1, "gone"),
    (True, "NX NX", 100, 0, 50),     # repeating a flag is fine
]


@pytest.mark.parametrize("has_ttl, options, seconds, expected, ttl_after", EXPIRE_OPTION_CASES)
def test_expire_options(rr, has_ttl, options, seconds, expected, ttl_after):
    rr.execute_command("SET", "k", "v")
    # The first TTL and the tested EXPIRE go in one pipeline, so that both are computed from
    # the same millisecond: "EXPIRE k 50 GT" after "EXPIRE k 50" must compare equal times.
    pipe = rr.pipeline(transaction=False)
    if has_ttl:
        pipe.execute_command("EXPIRE", "k", "50")
    pipe.execute_command("EXPIRE", "k", str(seconds), *options.split())
    assert pipe.execute()[-1] == expected
    ttl = rr.execute_command("TTL", "k")
    if ttl_after == "gone":
        assert ttl == -2
    elif ttl_after is None:
        assert ttl == -1
    else:
        assert ttl_after - 1 <= ttl <= ttl_after


@pytest.mark.parametrize("command", ["PEXPIRE", "EXPIREAT", "PEXPIREAT"])
def test_expire_options_other_commands(rr, command):
    now_ms = int(time.time() * 1000)
    value = {"PEXPIRE": 100000, "EXPIREAT": now_ms // 1000 + 100, "PEXPIREAT": now_ms + 100000}[command]
    rr.execute_command("SET", "k", "v")
    assert rr.execute_command(command, "k", str(value), "XX") == 0
    assert rr.execute_command(command, "k", str(value), "NX") == 1
    assert rr.execute_command(command, "k", str(value * 2), "LT") == 0
    assert rr.execute_command(command, "k", str(value * 2), "GT") == 1


def test_overwrite_clears_ttl_but_modify_keeps_it(r):
    r.set("k", "1", ex=100)
    r.append("k", "2")
    r.incr("k")
    assert r.ttl("k") > 0
    r.set("k", "x")
    assert r.ttl("k") == -1


def test_del_then_recreate_has_no_ttl(r):
    r.set("k", "v", ex=100)
    r.delete("k")
    r.set("k", "v")
    assert r.ttl("k") == -1


# -- OBJECT ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, encoding", [
    ("12345", "int"),
    ("-123", "int"),
    ("9223372036854775807", "int"),
    ("123456789012345678901", "embstr"),   # does not fit a long
    ("0123", "embstr"),                     # not canonical
    ("1.5", "embstr"),
    ("hello", "embstr"),
    ("x" * 44, "embstr"),
    ("x" * 45, "raw"),
])
def test_object_encoding(r, value, encoding):
    r.set("k", value)
    assert r.object("encoding", "k") == encoding


def test_object_encoding_after_modification(r):
    r.set("s", "hello")
    r.append("s", "x")
    assert r.object("encoding", "s") == "raw"
    r.set("n", "10")
    r.incr("n")
    assert r.object("encoding", "n") == "int"
    r.set("r", "abc")
    r.setrange("r", 0, "x")
    assert r.object("encoding", "r") == "raw"


def test_object_missing_key_is_nil(rr):
    for sub in ("ENCODING", "REFCOUNT", "IDLETIME", "FREQ"):
        assert rr.execute_command("OBJECT", sub, "nosuch") is None


def test_object_refcount_and_idletime(r):
    r.set("s", "hello")
    assert r.object("refcount", "s") == 1
    idle = r.object("idletime", "s")
    assert isinstance(idle, int) and 0 <= idle <= 2


def test_object_freq_requires_lfu_policy(server, r):
    r.set("s", "hello")
    with pytest.raises(redis.ResponseError):   # exact text: test_errors.py
        r.object("freq", "s")
    r.config_set("maxmemory-policy", "allkeys-lfu")
    try:
        r.set("s", "hello")
        freq = r.object("freq", "s")
        assert isinstance(freq, int) and freq >= 0
        with pytest.raises(redis.ResponseError) as e:
            r.object("idletime", "s")
        assert str(e.value) == (
            "An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
            "switching between policies at runtime LRU and LFU data will take some time to adjust.")
    finally:
        r.config_set("maxmemory-policy", "noeviction")


def test_object_help(rr):
    lines = rr.execute_command("OBJECT", "HELP")
    assert lines[0] == "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    assert "ENCODING <key>" in lines and "HELP" in lines
