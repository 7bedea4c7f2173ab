"""String commands. Exact error strings live in test_errors.py."""

import time

import pytest


# -- GET / SET and its options ----------------------------------------------------


def test_get_set_basic(r):
    assert r.get("missing") is None
    assert r.set("k", "v") is True
    assert r.get("k") == "v"
    assert r.set("k", "v2") is True
    assert r.get("k") == "v2"


def test_set_raw_reply_and_empty_value(raw):
    raw.send_command("SET", "k", "")
    assert raw.read_line() == b"+OK\r\n"
    raw.send_command("GET", "k")
    assert raw.read_exact(6) == b"$0\r\n\r\n"
    raw.send_command("GET", "missing")
    assert raw.read_line() == b"$-1\r\n"


def test_set_options_are_case_insensitive(rr):
    assert rr.execute_command("SET", "k", "v", "ex", "100", "nx") == "OK"
    assert rr.execute_command("SET", "k", "v2", "Xx", "Get") == "v"
    assert rr.execute_command("TTL", "k") == -1


def test_set_nx_xx(r):
    assert r.set("k", "1", nx=True) is True
    assert r.set("k", "2", nx=True) is None
    assert r.get("k") == "1"
    assert r.set("k", "3", xx=True) is True
    assert r.get("k") == "3"
    assert r.set("other", "x", xx=True) is None
    assert r.exists("other") == 0


def test_set_ex_px(r):
    r.set("k", "v", ex=100)
    assert 99 <= r.ttl("k") <= 100
    r.set("k", "v", px=50000)
    assert 49000 <= r.pttl("k") <= 50000
    r.set("k", "v", ex=1000000000)
    assert r.ttl("k") > 999999990


def test_set_exat_pxat(r):
    now = int(time.time())
    r.set("k", "v", exat=now + 50)
    assert 48 <= r.ttl("k") <= 50
    assert r.expiretime("k") == now + 50
    r.set("k", "v", pxat=(now + 60) * 1000)
    assert r.pexpiretime("k") == (now + 60) * 1000
    # An absolute time in the past: the key is set and immediately expired.
    assert r.set("past", "v", exat=1) is True
    assert r.exists("past") == 0
    assert r.execute_command("SET", "past", "v", "PXAT", "1") is True
    assert r.get("past") is None


def test_set_clears_ttl_unless_keepttl(r):
    r.set("k", "v", ex=100)
    r.set("k", "v2", keepttl=True)
    assert 99 <= r.ttl("k") <= 100
    assert r.get("k") == "v2"
    r.set("k", "v3")
    assert r.ttl("k") == -1


def test_set_get_option(r, rr):
    assert r.set("k", "v1", get=True) is None
    assert r.set("k", "v2", get=True) == "v1"
    assert r.get("k") == "v2"
    assert rr.execute_command("SET", "k", "v3", "EX", "100", "GET") == "v2"
    assert r.ttl("k") > 0


def test_set_get_with_nx_is_allowed_in_7_0(r, rr):
    # Redis 7.0 accepts NX together with GET: replies the old value, does not overwrite.
    r.set("k", "old")
    assert rr.execute_command("SET", "k", "new", "NX", "GET") == "old"
    assert r.get("k") == "old"
    assert rr.execute_command("SET", "fresh", "new", "NX", "GET") is None
    assert r.get("fresh") == "new"
    # XX + GET on a missing key: nil and nothing set.
    assert rr.execute_command("SET", "nokey", "v", "XX", "GET") is None
    assert r.exists("nokey") == 0


def test_setnx(r):
    assert r.setnx("k", "a") is True
    assert r.setnx("k", "b") is False
    assert r.get("k") == "a"


def test_setex_psetex(r):
    assert r.setex("k", 100, "v") is True
    assert 99 <= r.ttl("k") <= 100
    assert r.psetex("p", 5000, "v") is True
    assert 4000 <= r.pttl("p") <= 5000
    assert r.get("p") == "v"


def test_getset(r):
    assert r.getset("k", "a") is None
    assert r.getset("k", "b") == "a"
    r.expire("k", 100)
    assert r.getset("k", "c") == "b"
    assert r.ttl("k") == -1  # GETSET discards the TTL


def test_getdel(r):
    r.set("k", "v")
    assert r.getdel("k") == "v"
    assert r.getdel("k") is None
    assert r.exists("k") == 0


def test_getex(r):
    assert r.getex("missing", ex=10) is None
    assert r.exists("missing") == 0
    r.set("k", "v")
    assert r.getex("k") == "v"
    assert r.ttl("k") == -1
    assert r.getex("k", ex=100) == "v"
    assert 99 <= r.ttl("k") <= 100
    assert r.getex("k", persist=True) == "v"
    assert r.ttl("k") == -1
    assert r.getex("k", px=5000) == "v"
    assert 4000 <= r.pttl("k") <= 5000
    now = int(time.time())
    assert r.getex("k", exat=now + 1000) == "v"
    assert r.expiretime("k") == now + 1000
    assert r.getex("k", pxat=(now + 900) * 1000) == "v"
    assert r.pexpiretime("k") == (now + 900) * 1000


# -- multi-key ----------------------------------------------------------------------


def test_mset_mget(r):
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget("a", "b", "nosuch", "a") == ["1", "2", None, "1"]
    # Later pairs win.
    assert r.execute_command("MSET", "a", "x", "a", "y") is True
    assert r.get("a") == "y"


def test_mset_clears_ttl(r):
    r.set("a", "1", ex=100)
    r.mset({"a": "2"})
    assert r.ttl("a") == -1


def test_msetnx(r):
    assert r.msetnx({"a": "1", "b": "2"}) is True
    assert r.msetnx({"b": "x", "c": "3"}) is False
    assert r.mget("a", "b", "c") == ["1", "2", None]


# -- APPEND / STRLEN / GETRANGE / SETRANGE -------------------------------------------


def test_append_strlen(r):
    assert r.strlen("k") == 0
    assert r.append("k", "hello") == 5
    assert r.append("k", " world") == 11
    assert r.get("k") == "hello world"
    assert r.strlen("k") == 11
    assert r.append("k", "") == 11


def test_append_to_integer_value(r):
    r.set("n", 10)
    assert r.append("n", "5") == 3
    assert r.incr("n") == 106


@pytest.mark.parametrize("start, end, expected", [
    (0, 3, "This"),
    (-3, -1, "ing"),
    (0, -1, "This is a string"),
    (10, 100, "string"),
    (5, 3, ""),
    (100, 200, ""),
    (-100, 3, "This"),
    (-100, -100, "T"),      # 7.0: a negative end below -len clamps to 0
    (0, -100, "T"),
    (-1, -1, "g"),
])
def test_getrange(r, start, end, expected):
    r.set("k", "This is a string")
    assert r.getrange("k", start, end) == expected


def test_getrange_missing_and_empty(r):
    assert r.getrange("missing", 0, -1) == ""
    r.set("e", "")
    assert r.getrange("e", 0, -1) == ""


def test_setrange(rb):
    rb.set("k", b"Hello World")
    assert rb.setrange("k", 6, b"Redis") == 11
    assert rb.get("k") == b"Hello Redis"
    assert rb.setrange("k", 15, b"!") == 16
    assert rb.get("k") == b"Hello Redis\x00\x00\x00\x00!"
    assert rb.setrange("new", 3, b"ab") == 5
    assert rb.get("new") == b"\x00\x00\x00ab"


def test_setrange_empty_value(rb):
    # An empty value neither creates a key nor modifies an existing one.
    assert rb.setrange("missing", 0, b"") == 0
    assert rb.exists("missing") == 0
    assert rb.setrange("missing", 10, b"") == 0
    assert rb.exists("missing") == 0
    rb.set("k", b"abc")
    assert rb.setrange("k", 10, b"") == 3
    assert rb.get("k") == b"abc"


def test_setrange_keeps_ttl(r):
    r.set("k", "abc", ex=100)
    r.setrange("k", 1, "X")
    assert r.get("k") == "aXc"
    assert r.ttl("k") > 0


# -- counters ------------------------------------------------------------------------


def test_incr_decr_family(r, rr):
    # redis-py's incr()/decr() send INCRBY/DECRBY, so INCR and DECR go through rr.
    assert rr.execute_command("INCR", "n") == 1
    assert rr.execute_command("INCR", "n") == 2
    assert rr.execute_command("DECR", "n") == 1
    assert r.incrby("n", 10) == 11
    assert r.incrby("n", -20) == -9
    assert r.decrby("n", 1) == -10
    assert r.decrby("n", -15) == 5
    assert rr.execute_command("DECR", "fresh") == -1
    assert r.get("n") == "5"


def test_incr_limits(r, rr):
    r.set("n", "9223372036854775806")
    assert rr.execute_command("INCR", "n") == 9223372036854775807
    r.set("m", "-9223372036854775807")
    assert rr.execute_command("DECR", "m") == -9223372036854775808
    r.set("z", "0")
    assert r.incrby("z", -9223372036854775808) == -9223372036854775808


def test_incr_keeps_ttl(r):
    r.set("n", 1, ex=100)
    r.incr("n")
    assert r.ttl("n") > 0


def test_incr_raw_integer_reply(raw):
    raw.send_command("INCRBY", "n", "-42")
    assert raw.read_line() == b":-42\r\n"


@pytest.mark.parametrize("initial, increment, expected", [
    ("10.50", "0.1", "10.6"),
    ("5.6", "-5", "0.6"),
    ("5.0e3", "2.0e2", "5200"),
    ("3.0", "0", "3"),
    (None, "1e2", "100"),
    (None, "0.1e-5", "0.000001"),
    (None, "-0", "0"),
    (None, "3.14159265358979323846", "3.14159265358979324"),   # long double, %.17Lf
    (None, "1.5e-20", "0"),
    ("1e2", "1", "101"),
    ("17", "-17", "0"),
    (None, "1e20", "100000000000000000000"),
    ("0x10", "1", "17"),   # strtold accepts hexadecimal
])
def test_incrbyfloat(r, rr, initial, increment, expected):
    if initial is not None:
        r.set("f", initial)
    assert rr.execute_command("INCRBYFLOAT", "f", increment) == expected
    assert r.get("f") == expected


def test_incrbyfloat_then_incr(r):
    r.incrbyfloat("f", "2.5")
    r.incrbyfloat("f", "0.5")
    assert r.get("f") == "3"
    assert r.incr("f") == 4


# -- LCS -----------------------------------------------------------------------------


def test_lcs(r):
    r.mset({"key1": "ohmytext", "key2": "mynewtext"})
    assert r.execute_command("LCS", "key1", "key2") == "mytext"
    assert r.execute_command("LCS", "key1", "key2", "LEN") == 6
    assert r.execute_command("LCS", "key1", "nosuch") == ""
    assert r.execute_command("LCS", "nosuch", "nosuch2", "LEN") == 0


def test_lcs_idx(r):
    r.mset({"key1": "ohmytext", "key2": "mynewtext"})
    assert r.execute_command("LCS", "key1", "key2", "IDX") == \
        ["matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], "len", 6]
    assert r.execute_command("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == \
        ["matches", [[[4, 7], [5, 8], 4]], "len", 6]
    assert r.execute_command("LCS", "key1", "key2", "IDX", "WITHMATCHLEN") == \
        ["matches", [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], "len", 6]
    assert r.execute_command("LCS", "key1", "nosuch", "IDX") == ["matches", [], "len", 0]


def test_lcs_idx_resp3_is_a_map(raw):
    raw.command("MSET", "key1", "ohmytext", "key2", "mynewtext")
    raw.command("HELLO", "3")
    assert raw.command("LCS", "key1", "key2", "IDX") == \
        {b"matches": [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len": 6}


# -- encodings of values -----------------------------------------------------------


@pytest.mark.parametrize("value", [
    b"", b"0", b"-1", b"9223372036854775807", b"007", b" 1", b"1.5",
    b"\x00", b"a\r\nb", bytes(range(256)), b"x" * 44, b"x" * 45, b"\xff" * 1000,
])
def test_values_round_trip_exactly(rb, value):
    rb.set("k", value)
    assert rb.get("k") == value
    assert rb.strlen("k") == len(value)
    assert rb.getrange("k", 0, -1) == value
