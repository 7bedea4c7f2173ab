"""Sorted-set commands (Redis 7.0 t_zset.c): ZADD ZINCRBY ZREM ZCARD ZCOUNT ZLEXCOUNT ZSCORE
ZMSCORE ZRANK ZREVRANK ZRANGE* ZRANGESTORE ZREMRANGEBY* ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER
ZUNION ZINTER ZDIFF (+STORE) ZINTERCARD ZSCAN, encodings, config, and generic commands on
zset keys.

Every expectation here was checked against redis-server 7.0.15."""

import random

import pytest
import redis

from conftest import RespError

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INT = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
MINMAX_FLOAT = "ERR min or max is not a float"
MINMAX_LEX = "ERR min or max not valid string range item"
SYNTAX = "ERR syntax error"


def err(raw, *command):
    """The error text of a command that must fail."""
    reply = raw.command(*command)
    assert isinstance(reply, RespError), reply
    return str(reply)


def hello3(raw):
    raw.command("HELLO", "3")


# -- ZADD ------------------------------------------------------------------------------


def test_zadd_basic_and_ch(rr):
    assert rr.execute_command("ZADD", "z", 1, "a", 2, "b") == 2
    assert rr.execute_command("ZADD", "z", 1, "a", 3, "b", 4, "c") == 1
    assert rr.execute_command("ZADD", "z", "CH", 5, "a", 3, "b", 9, "d") == 2
    assert rr.execute_command("ZRANGE", "z", 0, -1, "WITHSCORES") == [
        "b", "3", "c", "4", "a", "5", "d", "9"]
    assert rr.execute_command("TYPE", "z") == "zset"


def test_zadd_nx_xx_gt_lt(rr):
    rr.execute_command("ZADD", "z", 10, "a")
    assert rr.execute_command("ZADD", "z", "NX", 1, "a", 2, "b") == 1
    assert rr.execute_command("ZSCORE", "z", "a") == "10"
    assert rr.execute_command("ZADD", "z", "XX", "CH", 5, "a", 7, "new") == 1
    assert rr.execute_command("ZSCORE", "z", "new") is None
    assert rr.execute_command("ZADD", "z", "GT", "CH", 4, "a", 3, "b", 8, "c") == 2
    assert rr.execute_command("ZRANGE", "z", 0, -1, "WITHSCORES") == ["b", "3", "a", "5", "c", "8"]
    assert rr.execute_command("ZADD", "z", "LT", "CH", 6, "a", 1, "b") == 1
    assert rr.execute_command("ZADD", "z", "XX", "GT", 100, "c", 100, "zz") == 0
    assert rr.execute_command("ZSCORE", "z", "c") == "100"
    # XX on a missing key creates nothing.
    assert rr.execute_command("ZADD", "nokey", "XX", 1, "a") == 0
    assert rr.execute_command("EXISTS", "nokey") == 0


def test_zadd_option_errors(raw):
    assert err(raw, "ZADD", "z", "NX", "XX", 1, "a") == \
        "ERR XX and NX options at the same time are not compatible"
    for opts in (["GT", "LT"], ["GT", "NX"], ["LT", "NX"], ["NX", "GT", "LT"]):
        assert err(raw, "ZADD", "z", *opts, 1, "a") == \
            "ERR GT, LT, and/or NX options at the same time are not compatible"
    assert err(raw, "ZADD", "z", "INCR", 1, "a", 2, "b") == \
        "ERR INCR option supports a single increment-element pair"
    assert err(raw, "ZADD", "z", 1) == "ERR wrong number of arguments for 'zadd' command"
    assert err(raw, "ZADD", "z", 1, "a", 2) == SYNTAX
    assert err(raw, "ZADD", "z", "NX", "CH") == SYNTAX
    assert err(raw, "ZADD", "z", "nan", "a") == NOT_FLOAT
    assert err(raw, "ZADD", "z", "1", "a", "x", "b") == NOT_FLOAT
    # Nothing was added by the failed calls.
    assert raw.command("EXISTS", "z") == 0


def test_zadd_incr(raw):
    assert raw.command("ZADD", "z", "INCR", 5, "a") == b"5"
    assert raw.command("ZADD", "z", "INCR", "2.5", "a") == b"7.5"
    assert raw.command("ZADD", "z", "NX", "INCR", 1, "a") is None
    assert raw.command("ZADD", "z", "XX", "INCR", 1, "b") is None
    assert raw.command("ZADD", "z", "GT", "INCR", -1, "a") is None
    assert raw.command("ZADD", "z", "INCR", "inf", "a") == b"inf"
    assert err(raw, "ZADD", "z", "INCR", "-inf", "a") == "ERR resulting score is not a number (NaN)"
    assert raw.command("ZSCORE", "z", "a") == b"inf"


def test_zincrby(raw):
    assert raw.command("ZINCRBY", "z", 2, "a") == b"2"
    assert raw.command("ZINCRBY", "z", "-0.5", "a") == b"1.5"
    assert raw.command("ZINCRBY", "z", "0.1", "b") == b"0.10000000000000001"
    assert err(raw, "ZINCRBY", "z", "abc", "a") == NOT_FLOAT
    raw.command("ZADD", "z", "+inf", "i")
    assert err(raw, "ZINCRBY", "z", "-inf", "i") == "ERR resulting score is not a number (NaN)"
    hello3(raw)
    assert raw.command("ZINCRBY", "z", 1, "a") == 2.5
    raw.send_command("ZSCORE", "z", "i")
    assert raw.read_line() == b",inf\r\n"


def test_score_formatting(raw):
    raw.command("ZADD", "z", "1e300", "big", "-0.0001", "small", "3.0000000000000001", "three",
                "1.7976931348623157e308", "max", "-inf", "ninf")
    assert raw.command("ZMSCORE", "z", "big", "small", "three", "max", "ninf", "none") == [
        b"1.0000000000000001e+300", b"-0.0001", b"3", b"1.7976931348623157e+308", b"-inf", None]


def test_negative_zero_listpack_and_skiplist(raw):
    raw.command("ZADD", "lp", "-0", "a")
    assert raw.command("ZSCORE", "lp", "a") == b"0"
    raw.command("CONFIG", "SET", "zset-max-listpack-entries", "0")
    try:
        raw.command("ZADD", "sl", "-0", "a")
        assert raw.command("OBJECT", "ENCODING", "sl") == b"skiplist"
        assert raw.command("ZSCORE", "sl", "a") == b"-0"
    finally:
        raw.command("CONFIG", "SET", "zset-max-listpack-entries", "128")


# -- ZREM ZCARD ZSCORE ZMSCORE ZRANK -----------------------------------------------------


def test_zrem_and_empty_key_disappears(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c")
    assert rr.execute_command("ZREM", "z", "a", "x", "a") == 1
    assert rr.execute_command("ZCARD", "z") == 2
    assert rr.execute_command("ZREM", "z", "b", "c") == 2
    assert rr.execute_command("EXISTS", "z") == 0
    assert rr.execute_command("ZREM", "z", "a") == 0
    assert rr.execute_command("ZCARD", "z") == 0


def test_point_reads(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c")
    assert rr.execute_command("ZSCORE", "z", "b") == "2"
    assert rr.execute_command("ZSCORE", "z", "x") is None
    assert rr.execute_command("ZSCORE", "nokey", "x") is None
    assert rr.execute_command("ZMSCORE", "z", "c", "x", "a") == ["3", None, "1"]
    assert rr.execute_command("ZMSCORE", "nokey", "a", "b") == [None, None]
    assert rr.execute_command("ZRANK", "z", "a") == 0
    assert rr.execute_command("ZREVRANK", "z", "a") == 2
    assert rr.execute_command("ZRANK", "z", "x") is None
    assert rr.execute_command("ZRANK", "nokey", "x") is None


def test_wrongtype_everywhere(raw):
    raw.command("SET", "s", "x")
    raw.command("ZADD", "z", 1, "a")
    commands = [
        ("ZADD", "s", 1, "a"), ("ZINCRBY", "s", 1, "a"), ("ZREM", "s", "a"), ("ZCARD", "s"),
        ("ZCOUNT", "s", 0, 1), ("ZLEXCOUNT", "s", "-", "+"), ("ZSCORE", "s", "a"),
        ("ZMSCORE", "s", "a"), ("ZRANK", "s", "a"), ("ZREVRANK", "s", "a"),
        ("ZRANGE", "s", 0, -1), ("ZREVRANGE", "s", 0, -1), ("ZRANGEBYSCORE", "s", 0, 1),
        ("ZREVRANGEBYSCORE", "s", 1, 0), ("ZRANGEBYLEX", "s", "-", "+"),
        ("ZREVRANGEBYLEX", "s", "+", "-"), ("ZRANGESTORE", "d", "s", 0, -1),
        ("ZREMRANGEBYRANK", "s", 0, -1), ("ZREMRANGEBYSCORE", "s", 0, 1),
        ("ZREMRANGEBYLEX", "s", "-", "+"), ("ZPOPMIN", "s"), ("ZPOPMAX", "s", 2),
        ("ZMPOP", 2, "nokey", "s", "MIN"), ("ZRANDMEMBER", "s"), ("ZRANDMEMBER", "s", 2),
        ("ZUNION", 2, "z", "s"), ("ZINTER", 2, "z", "s"), ("ZDIFF", 2, "z", "s"),
        ("ZUNIONSTORE", "d", 2, "z", "s"), ("ZINTERCARD", 2, "s", "z"), ("ZSCAN", "s", 0),
        ("BZPOPMIN", "nokey", "s", 0), ("BZMPOP", 0, 1, "s", "MAX"),
    ]
    for c in commands:
        assert err(raw, *c) == WRONGTYPE, c
    assert raw.command("GET", "s") == b"x"


# -- ZCOUNT ZLEXCOUNT and range specs -------------------------------------------------------


def test_zcount_bounds(rr):
    rr.execute_command("ZADD", "z", "-inf", "n", 1, "a", 2, "b", 3, "c", "+inf", "p")
    assert rr.execute_command("ZCOUNT", "z", "-inf", "+inf") == 5
    assert rr.execute_command("ZCOUNT", "z", "(1", "3") == 2
    assert rr.execute_command("ZCOUNT", "z", "(1", "(3") == 1
    assert rr.execute_command("ZCOUNT", "z", "(-inf", "(inf") == 3
    assert rr.execute_command("ZCOUNT", "z", 3, 1) == 0
    assert rr.execute_command("ZCOUNT", "z", "(2", "2") == 0
    # strtod rules: leading spaces, hex and "" (zero) are accepted.
    assert rr.execute_command("ZCOUNT", "z", " 1", "0x2") == 2
    assert rr.execute_command("ZCOUNT", "z", "", "(") == 0
    assert rr.execute_command("ZCOUNT", "nokey", 0, 1) == 0


def test_range_spec_errors(raw):
    raw.command("ZADD", "z", 1, "a")
    for lo, hi in (("x", "1"), ("1", "nan"), ("(nan", "1"), ("1 ", "2"), ("((1", "2")):
        assert err(raw, "ZCOUNT", "z", lo, hi) == MINMAX_FLOAT
        assert err(raw, "ZRANGEBYSCORE", "z", lo, hi) == MINMAX_FLOAT
        assert err(raw, "ZREMRANGEBYSCORE", "z", lo, hi) == MINMAX_FLOAT
    for lo, hi in (("a", "+"), ("-", "b"), ("--", "+"), ("-", "++"), ("", "+")):
        assert err(raw, "ZLEXCOUNT", "z", lo, hi) == MINMAX_LEX
        assert err(raw, "ZRANGEBYLEX", "z", lo, hi) == MINMAX_LEX
        assert err(raw, "ZREMRANGEBYLEX", "z", lo, hi) == MINMAX_LEX
    # The range is parsed before the key is looked up.
    assert err(raw, "ZCOUNT", "nokey", "x", "1") == MINMAX_FLOAT


def test_lex_ranges(rr):
    rr.execute_command("ZADD", "z", 0, "a", 0, "b", 0, "bb", 0, "c", 0, "d", 0, "\xff")
    assert rr.execute_command("ZLEXCOUNT", "z", "-", "+") == 6
    assert rr.execute_command("ZRANGEBYLEX", "z", "[b", "(d") == ["b", "bb", "c"]
    assert rr.execute_command("ZRANGEBYLEX", "z", "(b", "[d") == ["bb", "c", "d"]
    assert rr.execute_command("ZRANGEBYLEX", "z", "-", "[b", "LIMIT", 1, 1) == ["b"]
    assert rr.execute_command("ZREVRANGEBYLEX", "z", "(d", "-") == ["c", "bb", "b", "a"]
    assert rr.execute_command("ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", 0, 2) == ["\xff", "d"]
    assert rr.execute_command("ZRANGE", "z", "[c", "+", "BYLEX") == ["c", "d", "\xff"]
    assert rr.execute_command("ZRANGE", "z", "+", "[c", "BYLEX", "REV") == ["\xff", "d", "c"]
    assert rr.execute_command("ZRANGEBYLEX", "z", "+", "-") == []
    assert rr.execute_command("ZRANGEBYLEX", "z", "[c", "[b") == []
    assert rr.execute_command("ZRANGEBYLEX", "z", "[", "(b") == ["a"]
    assert rr.execute_command("ZLEXCOUNT", "z", "(a", "(a") == 0
    assert rr.execute_command("ZREMRANGEBYLEX", "z", "[b", "[c") == 3
    assert rr.execute_command("ZRANGE", "z", 0, -1) == ["a", "d", "\xff"]


# -- ZRANGE family ------------------------------------------------------------------------


def test_zrange_by_rank(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c", 4, "d")
    assert rr.execute_command("ZRANGE", "z", 0, -1) == ["a", "b", "c", "d"]
    assert rr.execute_command("ZRANGE", "z", -2, 100) == ["c", "d"]
    assert rr.execute_command("ZRANGE", "z", -100, 1) == ["a", "b"]
    assert rr.execute_command("ZRANGE", "z", 2, 1) == []
    assert rr.execute_command("ZRANGE", "z", 4, 10) == []
    assert rr.execute_command("ZRANGE", "z", "-9223372036854775808", "9223372036854775807") == [
        "a", "b", "c", "d"]
    assert rr.execute_command("ZRANGE", "z", 0, 1, "REV", "WITHSCORES") == ["d", "4", "c", "3"]
    assert rr.execute_command("ZREVRANGE", "z", 1, 2) == ["c", "b"]
    assert rr.execute_command("ZREVRANGE", "z", -1, -1, "WITHSCORES") == ["a", "1"]
    assert rr.execute_command("ZRANGE", "nokey", 0, -1) == []


def test_zrange_by_score_limit(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e")
    assert rr.execute_command("ZRANGEBYSCORE", "z", "(1", 4) == ["b", "c", "d"]
    assert rr.execute_command("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", 1, 2) == ["b", "c"]
    assert rr.execute_command("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", 1, -1) == [
        "b", "c", "d", "e"]
    assert rr.execute_command("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", 1, 0) == []
    # A negative offset walks off the end in Redis: nothing.
    assert rr.execute_command("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", -1, 2) == []
    assert rr.execute_command("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", 5, 2) == []
    assert rr.execute_command("ZRANGEBYSCORE", "z", 2, 4, "WITHSCORES", "LIMIT", 1, 10) == [
        "c", "3", "d", "4"]
    assert rr.execute_command("ZREVRANGEBYSCORE", "z", "+inf", "(2") == ["e", "d", "c"]
    assert rr.execute_command("ZREVRANGEBYSCORE", "z", 4, 1, "LIMIT", 1, 2) == ["c", "b"]
    assert rr.execute_command("ZRANGE", "z", "(4", "+inf", "BYSCORE", "WITHSCORES") == ["e", "5"]
    assert rr.execute_command("ZRANGE", "z", 3, 1, "BYSCORE", "REV", "LIMIT", 0, 2) == ["c", "b"]
    assert rr.execute_command("ZRANGE", "z", 1, 3, "BYSCORE", "REV") == []


def test_zrange_option_errors(raw):
    raw.command("ZADD", "z", 1, "a")
    assert err(raw, "ZRANGE", "z", 0, 1, "LIMIT", 0, 1) == (
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
    assert err(raw, "ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES") == (
        "ERR syntax error, WITHSCORES not supported in combination with BYLEX")
    assert err(raw, "ZRANGEBYLEX", "z", "-", "+", "WITHSCORES") == (
        "ERR syntax error, WITHSCORES not supported in combination with BYLEX")
    assert err(raw, "ZRANGE", "z", 0, 1, "BYSCORE", "BYLEX") == SYNTAX
    assert err(raw, "ZRANGE", "z", 0, 1, "LIMIT", 0) == SYNTAX
    assert err(raw, "ZRANGEBYSCORE", "z", 0, 1, "REV") == SYNTAX
    assert err(raw, "ZREVRANGE", "z", 0, 1, "REV") == SYNTAX
    assert err(raw, "ZRANGE", "z", "a", 1) == NOT_INT
    assert err(raw, "ZRANGEBYSCORE", "z", 0, 1, "LIMIT", "x", 1) == NOT_INT
    assert err(raw, "ZRANGESTORE", "d", "z", 0, 1, "WITHSCORES") == SYNTAX


def test_zrange_resp3_withscores_pairs(raw):
    raw.command("ZADD", "z", 1, "a", "2.5", "b")
    hello3(raw)
    assert raw.command("ZRANGE", "z", 0, -1, "WITHSCORES") == [[b"a", 1.0], [b"b", 2.5]]
    assert raw.command("ZRANGEBYSCORE", "z", "-inf", "inf", "WITHSCORES") == [
        [b"a", 1.0], [b"b", 2.5]]
    assert raw.command("ZRANGE", "z", 0, -1) == [b"a", b"b"]
    raw.send_command("ZSCORE", "z", "b")
    assert raw.read_line() == b",2.5\r\n"


def test_zrangestore(rr):
    rr.execute_command("ZADD", "src", 1, "a", 2, "b", 3, "c", 4, "d")
    assert rr.execute_command("ZRANGESTORE", "dst", "src", 1, 2) == 2
    assert rr.execute_command("ZRANGE", "dst", 0, -1, "WITHSCORES") == ["b", "2", "c", "3"]
    assert rr.execute_command("ZRANGESTORE", "dst", "src", 4, 2, "BYSCORE", "REV", "LIMIT", 0, 2) == 2
    assert rr.execute_command("ZRANGE", "dst", 0, -1) == ["c", "d"]
    assert rr.execute_command("ZRANGESTORE", "dst", "src", "[b", "[c", "BYLEX") == 2
    assert rr.execute_command("OBJECT", "ENCODING", "dst") == "listpack"
    # An empty result deletes the destination; a missing source too.
    rr.execute_command("SET", "str", "x")
    assert rr.execute_command("ZRANGESTORE", "dst", "src", 10, 20) == 0
    assert rr.execute_command("EXISTS", "dst") == 0
    rr.execute_command("SET", "dst", "x")
    assert rr.execute_command("ZRANGESTORE", "dst", "nokey", 0, -1) == 0
    assert rr.execute_command("EXISTS", "dst") == 0
    # The destination is overwritten whatever its type, and its TTL goes.
    rr.execute_command("SET", "dst", "x", "EX", 100)
    assert rr.execute_command("ZRANGESTORE", "dst", "src", 0, 0) == 1
    assert rr.execute_command("TYPE", "dst") == "zset"
    assert rr.execute_command("TTL", "dst") == -1
    # Source and destination may be the same key.
    assert rr.execute_command("ZRANGESTORE", "src", "src", 0, 1) == 2
    assert rr.execute_command("ZRANGE", "src", 0, -1) == ["a", "b"]


# -- ZREMRANGEBY* -------------------------------------------------------------------------


def test_zremrange(rr):
    members = []
    for i in range(10):
        members += [i, f"m{i}"]
    rr.execute_command("ZADD", "z", *members)
    assert rr.execute_command("ZREMRANGEBYRANK", "z", 0, 1) == 2
    assert rr.execute_command("ZREMRANGEBYRANK", "z", -2, -1) == 2
    assert rr.execute_command("ZREMRANGEBYRANK", "z", 5, 1) == 0
    assert rr.execute_command("ZREMRANGEBYRANK", "z", 100, 200) == 0
    assert rr.execute_command("ZREMRANGEBYSCORE", "z", "(2", 4) == 2
    assert rr.execute_command("ZREMRANGEBYSCORE", "z", 100, 200) == 0
    assert rr.execute_command("ZRANGE", "z", 0, -1) == ["m2", "m5", "m6", "m7"]
    assert rr.execute_command("ZREMRANGEBYSCORE", "z", "-inf", "+inf") == 4
    assert rr.execute_command("EXISTS", "z") == 0
    assert rr.execute_command("ZREMRANGEBYRANK", "z", 0, -1) == 0


def test_zremrangebyrank_not_integer(raw):
    raw.command("ZADD", "z", 1, "a")
    assert err(raw, "ZREMRANGEBYRANK", "z", "x", 1) == NOT_INT


# -- Pops ---------------------------------------------------------------------------------


def test_zpopmin_zpopmax(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c", 4, "d")
    assert rr.execute_command("ZPOPMIN", "z") == ["a", "1"]
    assert rr.execute_command("ZPOPMAX", "z", 2) == ["d", "4", "c", "3"]
    assert rr.execute_command("ZPOPMIN", "z", 0) == []
    assert rr.execute_command("ZPOPMIN", "z", 10) == ["b", "2"]
    assert rr.execute_command("EXISTS", "z") == 0
    assert rr.execute_command("ZPOPMIN", "z") == []
    assert rr.execute_command("ZPOPMAX", "z", 3) == []


def test_zpop_errors_and_resp3(raw):
    raw.command("ZADD", "z", 1, "a", 2, "b", 3, "c")
    assert err(raw, "ZPOPMIN", "z", -1) == "ERR value is out of range, must be positive"
    assert err(raw, "ZPOPMIN", "z", "x") == "ERR value is out of range, must be positive"
    assert err(raw, "ZPOPMIN", "z", 1, 2) == SYNTAX
    hello3(raw)
    assert raw.command("ZPOPMIN", "z") == [b"a", 1.0]
    assert raw.command("ZPOPMIN", "z", 1) == [[b"b", 2.0]]
    assert raw.command("ZPOPMAX", "z", 5) == [[b"c", 3.0]]


def test_zmpop(raw):
    raw.command("ZADD", "z2", 1, "a", 2, "b", 3, "c")
    assert raw.command("ZMPOP", 2, "nokey", "z2", "MIN") == [b"z2", [[b"a", b"1"]]]
    assert raw.command("ZMPOP", 1, "z2", "max", "COUNT", 10) == [
        b"z2", [[b"c", b"3"], [b"b", b"2"]]]
    assert raw.command("EXISTS", "z2") == 0
    assert raw.command("ZMPOP", 1, "z2", "MIN") is None
    assert err(raw, "ZMPOP", 0, "z", "MIN") == "ERR numkeys should be greater than 0"
    assert err(raw, "ZMPOP", 1, "z", "MIN", "COUNT", 0) == "ERR count should be greater than 0"
    assert err(raw, "ZMPOP", 1, "z", "FOO") == SYNTAX
    assert err(raw, "ZMPOP", 2, "z", "MIN") == SYNTAX
    assert err(raw, "ZMPOP", "9223372036854775807", "z", "MIN") == SYNTAX
    assert err(raw, "ZMPOP", 1, "z", "MIN", "COUNT", 1, "COUNT", 1) == SYNTAX


# -- ZRANDMEMBER --------------------------------------------------------------------------


def test_zrandmember(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c")
    assert rr.execute_command("ZRANDMEMBER", "z") in ("a", "b", "c")
    assert rr.execute_command("ZRANDMEMBER", "nokey") is None
    assert rr.execute_command("ZRANDMEMBER", "nokey", 5) == []
    assert rr.execute_command("ZRANDMEMBER", "z", 0) == []
    # Asking for the whole set or more returns it highest first.
    assert rr.execute_command("ZRANDMEMBER", "z", 10, "WITHSCORES") == [
        "c", "3", "b", "2", "a", "1"]
    two = rr.execute_command("ZRANDMEMBER", "z", 2)
    assert len(two) == 2 and len(set(two)) == 2 and set(two) <= {"a", "b", "c"}
    many = rr.execute_command("ZRANDMEMBER", "z", -20)
    assert len(many) == 20 and set(many) <= {"a", "b", "c"}
    pairs = rr.execute_command("ZRANDMEMBER", "z", -5, "WITHSCORES")
    assert len(pairs) == 10
    for m, s in zip(pairs[::2], pairs[1::2]):
        assert {"a": "1", "b": "2", "c": "3"}[m] == s


def test_zrandmember_errors(raw):
    raw.command("ZADD", "z", 1, "a")
    assert err(raw, "ZRANDMEMBER", "z", "x") == NOT_INT
    assert err(raw, "ZRANDMEMBER", "z", "-9223372036854775808") == (
        "ERR value is out of range, value must between -9223372036854775807 and "
        "9223372036854775807")
    assert err(raw, "ZRANDMEMBER", "z", 1, "foo") == SYNTAX
    assert err(raw, "ZRANDMEMBER", "z", 1, "WITHSCORES", "x") == SYNTAX
    assert err(raw, "ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES") == \
        "ERR value is out of range"
    hello3(raw)
    assert raw.command("ZRANDMEMBER", "z", 1, "WITHSCORES") == [[b"a", 1.0]]


# -- ZUNION ZINTER ZDIFF ------------------------------------------------------------------


def test_zunion_zinter_zdiff(rr):
    rr.execute_command("ZADD", "a", 1, "x", 2, "y", 3, "z")
    rr.execute_command("ZADD", "b", 10, "y", 20, "z", 30, "w")
    assert rr.execute_command("ZUNION", 2, "a", "b", "WITHSCORES") == [
        "x", "1", "y", "12", "z", "23", "w", "30"]
    assert rr.execute_command("ZUNION", 2, "a", "b", "WEIGHTS", 2, "0.5", "AGGREGATE", "MAX") == [
        "x", "y", "z", "w"]
    assert rr.execute_command("ZINTER", 2, "a", "b", "WITHSCORES") == ["y", "12", "z", "23"]
    assert rr.execute_command("ZINTER", 2, "a", "b", "AGGREGATE", "MIN", "WITHSCORES") == [
        "y", "2", "z", "3"]
    assert rr.execute_command("ZINTER", 3, "a", "b", "nokey") == []
    assert rr.execute_command("ZDIFF", 2, "a", "b", "WITHSCORES") == ["x", "1"]
    assert rr.execute_command("ZDIFF", 2, "a", "nokey") == ["x", "y", "z"]
    assert rr.execute_command("ZDIFF", 2, "a", "a") == []
    assert rr.execute_command("ZINTERCARD", 2, "a", "b") == 2
    assert rr.execute_command("ZINTERCARD", 2, "a", "b", "LIMIT", 1) == 1
    assert rr.execute_command("ZINTERCARD", 2, "a", "b", "LIMIT", 0) == 2


def test_store_variants(rr):
    rr.execute_command("ZADD", "a", 1, "x", 2, "y")
    rr.execute_command("ZADD", "b", 3, "y", 4, "z")
    assert rr.execute_command("ZUNIONSTORE", "d", 2, "a", "b", "WEIGHTS", 1, 2) == 3
    assert rr.execute_command("ZRANGE", "d", 0, -1, "WITHSCORES") == [
        "x", "1", "y", "8", "z", "8"]
    assert rr.execute_command("ZINTERSTORE", "d", 2, "a", "b", "AGGREGATE", "MAX") == 1
    assert rr.execute_command("ZRANGE", "d", 0, -1, "WITHSCORES") == ["y", "3"]
    assert rr.execute_command("ZDIFFSTORE", "d", 2, "a", "b") == 1
    assert rr.execute_command("ZRANGE", "d", 0, -1) == ["x"]
    # An empty result deletes the destination; the destination may be an input.
    assert rr.execute_command("ZINTERSTORE", "d", 2, "a", "nokey") == 0
    assert rr.execute_command("EXISTS", "d") == 0
    assert rr.execute_command("ZUNIONSTORE", "a", 2, "a", "b") == 3
    assert rr.execute_command("ZRANGE", "a", 0, -1, "WITHSCORES") == [
        "x", "1", "z", "4", "y", "5"]


def test_infinities_and_nan_in_aggregation(rr):
    rr.execute_command("ZADD", "p", "inf", "m")
    rr.execute_command("ZADD", "n", "-inf", "m")
    # inf + -inf is 0 by Redis's convention; 0 * inf is 0 too.
    assert rr.execute_command("ZUNION", 2, "p", "n", "WITHSCORES") == ["m", "0"]
    assert rr.execute_command("ZINTER", 2, "p", "n", "WITHSCORES") == ["m", "0"]
    assert rr.execute_command("ZUNION", 1, "p", "WEIGHTS", 0, "WITHSCORES") == ["m", "0"]
    assert rr.execute_command("ZUNION", 2, "p", "n", "AGGREGATE", "MIN", "WITHSCORES") == [
        "m", "-inf"]


def test_set_op_errors(raw):
    raw.command("ZADD", "a", 1, "x")
    for cmd in ("ZUNION", "ZINTER", "ZDIFF", "ZINTERCARD"):
        assert err(raw, cmd, 0, "a") == f"ERR at least 1 input key is needed for '{cmd.lower()}' command"
        assert err(raw, cmd, "x", "a") == NOT_INT
        assert err(raw, cmd, 3, "a") == SYNTAX
    assert err(raw, "ZUNIONSTORE", "d", 0, "a") == \
        "ERR at least 1 input key is needed for 'zunionstore' command"
    assert err(raw, "ZUNION", 1, "a", "WEIGHTS", "x") == "ERR weight value is not a float"
    assert err(raw, "ZUNION", 1, "a", "WEIGHTS", 1, 2) == SYNTAX
    assert err(raw, "ZUNION", 1, "a", "AGGREGATE", "AVG") == SYNTAX
    assert err(raw, "ZDIFF", 1, "a", "WEIGHTS", 1) == SYNTAX
    assert err(raw, "ZUNIONSTORE", "d", 1, "a", "WITHSCORES") == SYNTAX
    assert err(raw, "ZINTERCARD", 1, "a", "LIMIT", -1) == "ERR LIMIT can't be negative"
    assert err(raw, "ZINTERCARD", 1, "a", "WITHSCORES") == SYNTAX


# -- ZSCAN ------------------------------------------------------------------------------


def test_zscan_listpack_in_one_call(rr):
    rr.execute_command("ZADD", "z", 1, "a", 2, "b", "1.5", "ab")
    assert rr.execute_command("ZSCAN", "z", 0) == ["0", ["a", "1", "ab", "1.5", "b", "2"]]
    assert rr.execute_command("ZSCAN", "z", 0, "MATCH", "a*") == ["0", ["a", "1", "ab", "1.5"]]
    assert rr.execute_command("ZSCAN", "nokey", 0) == ["0", []]


def test_store_of_a_large_result_keeps_negative_zero(rr):
    """ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE build a skiplist and only then convert a small result
    to a listpack, which reads -0 back as 0; ZRANGESTORE starts as a listpack when it can."""
    long = "x" * 65
    rr.execute_command("ZADD", "src", 0, long, "-0", "m")
    assert rr.execute_command("ZSCORE", "src", "m") == "-0"
    for command in (("ZUNIONSTORE", "d", 1, "src"), ("ZINTERSTORE", "d", 1, "src"),
                    ("ZDIFFSTORE", "d", 1, "src")):
        assert rr.execute_command(*command) == 2
        assert rr.execute_command("OBJECT", "ENCODING", "d") == "skiplist"
        assert rr.execute_command("ZSCORE", "d", "m") == "-0", command
    assert rr.execute_command("ZUNIONSTORE", "small", 1, "src", "WEIGHTS", 1) == 2
    rr.execute_command("ZREM", "src", long)
    assert rr.execute_command("ZUNIONSTORE", "small", 1, "src") == 1
    assert rr.execute_command("OBJECT", "ENCODING", "small") == "listpack"
    assert rr.execute_command("ZSCORE", "small", "m") == "0"


def test_zscan_scores_as_the_encoding_stores_them(rr):
    """A listpack keeps an exact integer score (|s| <= 2^62) as an integer entry, which ZSCAN
    replies as is; a skiplist formats the double (ZSCORE and ZRANGE always do)."""
    scores = ["1e17", "4611686018427387904", "5e18", "1.5", "4503599627370496"]
    rr.execute_command("ZADD", "z", *[x for i, s in enumerate(scores) for x in (s, f"m{i}")])
    expected = {"m0": "100000000000000000", "m1": "4611686018427387904", "m2": "5e+18",
                "m3": "1.5", "m4": "4503599627370496"}
    cursor, items = rr.execute_command("ZSCAN", "z", 0)
    assert dict(zip(items[::2], items[1::2])) == expected
    assert rr.execute_command("ZSCORE", "z", "m0") == "1e+17"
    rr.execute_command("ZADD", "z", 0, "x" * 65)  # now a skiplist
    cursor, items = rr.execute_command("ZSCAN", "z", 0, "COUNT", 100)
    got = dict(zip(items[::2], items[1::2]))
    assert (got["m0"], got["m1"], got["m4"]) == ("1e+17", "4.6116860184273879e+18",
                                                 "4503599627370496")


def test_zscan_skiplist_full_iteration(rr):
    members = []
    for i in range(500):
        members += [i, f"m{i}"]
    rr.execute_command("ZADD", "z", *members)
    assert rr.execute_command("OBJECT", "ENCODING", "z") == "skiplist"
    seen = {}
    cursor = "0"
    for _ in range(1000):
        cursor, items = rr.execute_command("ZSCAN", "z", cursor, "COUNT", 20)
        for m, s in zip(items[::2], items[1::2]):
            seen[m] = s
        if cursor == "0":
            break
    assert cursor == "0"
    assert seen == {f"m{i}": str(i) for i in range(500)}


def test_zscan_errors(raw):
    raw.command("ZADD", "z", 1, "a")
    assert err(raw, "ZSCAN", "z", "x") == "ERR invalid cursor"
    assert err(raw, "ZSCAN", "z", 0, "COUNT", 0) == SYNTAX
    assert err(raw, "ZSCAN", "z", 0, "COUNT", "x") == NOT_INT
    assert err(raw, "ZSCAN", "z", 0, "TYPE", "zset") == SYNTAX
    assert err(raw, "ZSCAN", "z", 0, "MATCH") == SYNTAX


# -- Encodings and config ----------------------------------------------------------------


def test_encoding_conversion(rr):
    rr.execute_command("ZADD", "z", *sum([[i, f"m{i}"] for i in range(128)], []))
    assert rr.execute_command("OBJECT", "ENCODING", "z") == "listpack"
    rr.execute_command("ZADD", "z", 200, "one-more")
    assert rr.execute_command("OBJECT", "ENCODING", "z") == "skiplist"
    # Never back, even when it shrinks.
    rr.execute_command("ZREMRANGEBYRANK", "z", 0, -3)
    assert rr.execute_command("OBJECT", "ENCODING", "z") == "skiplist"
    rr.execute_command("ZADD", "long", 1, "x" * 64)
    assert rr.execute_command("OBJECT", "ENCODING", "long") == "listpack"
    rr.execute_command("ZADD", "long", 1, "y" * 65)
    assert rr.execute_command("OBJECT", "ENCODING", "long") == "skiplist"
    # A store of a small result is listpack again.
    assert rr.execute_command("ZUNIONSTORE", "small", 1, "z") == 2
    assert rr.execute_command("OBJECT", "ENCODING", "small") == "listpack"


def test_zset_config(rr):
    assert rr.execute_command("CONFIG", "GET", "zset-max-listpack-entries") == [
        "zset-max-listpack-entries", "128"]
    assert rr.execute_command("CONFIG", "GET", "zset-max-ziplist-value") == [
        "zset-max-ziplist-value", "64"]
    try:
        assert rr.execute_command("CONFIG", "SET", "zset-max-ziplist-entries", "2") == "OK"
        assert rr.execute_command("CONFIG", "SET", "zset-max-listpack-value", "1kb") == "OK"
        assert rr.execute_command("CONFIG", "GET", "zset-max-listpack-value") == [
            "zset-max-listpack-value", "1024"]
        rr.execute_command("ZADD", "z", 1, "a", 2, "b")
        assert rr.execute_command("OBJECT", "ENCODING", "z") == "listpack"
        rr.execute_command("ZADD", "z", 3, "c")
        assert rr.execute_command("OBJECT", "ENCODING", "z") == "skiplist"
        rr.execute_command("ZADD", "w", 1, "x" * 1000)
        assert rr.execute_command("OBJECT", "ENCODING", "w") == "listpack"
    finally:
        rr.execute_command("CONFIG", "SET", "zset-max-listpack-entries", "128")
        rr.execute_command("CONFIG", "SET", "zset-max-listpack-value", "64")


def test_zset_config_errors(raw):
    assert err(raw, "CONFIG", "SET", "zset-max-listpack-entries", "-1") == (
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - "
        "argument must be between 0 and 9223372036854775807 inclusive")
    assert err(raw, "CONFIG", "SET", "zset-max-listpack-entries", "1kb") == (
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - "
        "argument couldn't be parsed into an integer")


# -- Generic commands on zset keys --------------------------------------------------------


@pytest.mark.parametrize("size", [3, 200])
def test_copy_rename_and_dirty(rr, size):
    rr.execute_command("ZADD", "z", *sum([[i, f"m{i}"] for i in range(size)], []))
    enc = rr.execute_command("OBJECT", "ENCODING", "z")
    assert rr.execute_command("COPY", "z", "c") == 1
    rr.execute_command("ZADD", "z", 1000, "only-in-z")
    assert rr.execute_command("ZCARD", "c") == size
    assert rr.execute_command("OBJECT", "ENCODING", "c") == enc
    assert rr.execute_command("ZRANGE", "c", 0, -1) == [f"m{i}" for i in range(size)]
    assert rr.execute_command("RENAME", "c", "r") == "OK"
    assert rr.execute_command("ZSCORE", "r", "m1") == "1"
    assert rr.execute_command("EXPIRE", "r", 100) == 1
    assert rr.execute_command("DEL", "r", "z") == 2


def test_dirty_counts(r):
    def dirty():
        return r.info("persistence")["rdb_changes_since_last_save"]
    before = dirty()
    r.execute_command("ZADD", "z", 1, "a", 2, "b", 3, "c")
    assert dirty() - before == 3
    before = dirty()
    r.execute_command("ZADD", "z", 1, "a")  # no change
    assert dirty() == before
    r.execute_command("ZPOPMIN", "z", 2)
    assert dirty() - before == 2
    before = dirty()
    r.execute_command("ZREM", "z", "c", "x")
    assert dirty() - before == 1


# -- Randomized comparison with a Python model ------------------------------------------


@pytest.mark.parametrize("entries", ["128", "0"])
def test_random_against_model(rr, entries):
    rr.execute_command("CONFIG", "SET", "zset-max-listpack-entries", entries)
    rng = random.Random(42)
    model = {}
    try:
        for step in range(400):
            m = f"m{rng.randint(0, 60)}"
            s = rng.randint(-20, 20) / 2
            op = rng.random()
            if op < 0.6:
                rr.execute_command("ZADD", "z", s, m)
                model[m] = s
            elif op < 0.8:
                rr.execute_command("ZREM", "z", m)
                model.pop(m, None)
            else:
                rr.execute_command("ZINCRBY", "z", s, m)
                model[m] = model.get(m, 0) + s
            if step % 20 == 0:
                order = sorted(model, key=lambda k: (model[k], k))
                assert rr.execute_command("ZRANGE", "z", 0, -1) == order
                lo, hi = sorted([rng.randint(-10, 10), rng.randint(-10, 10)])
                want = [k for k in order if lo < model[k] <= hi]
                assert rr.execute_command("ZRANGEBYSCORE", "z", f"({lo}", hi) == want
                assert rr.execute_command("ZCOUNT", "z", f"({lo}", hi) == len(want)
                if order:
                    k = rng.choice(order)
                    assert rr.execute_command("ZRANK", "z", k) == order.index(k)
                    assert rr.execute_command("ZREVRANK", "z", k) == len(order) - 1 - order.index(k)
        if entries == "0" and model:
            assert rr.execute_command("OBJECT", "ENCODING", "z") == "skiplist"
    finally:
        rr.execute_command("CONFIG", "SET", "zset-max-listpack-entries", "128")


def test_store_ops_accept_plain_sets(r):
    r.sadd("s", "a", "b", "c")
    r.zadd("z", {"a": 5, "d": 2})
    assert r.zunion(["s", "z"], withscores=True) == [
        ("b", 1.0), ("c", 1.0), ("d", 2.0), ("a", 6.0)]
    assert r.zinter(["s", "z"], withscores=True) == [("a", 6.0)]
    assert r.zdiff(["s", "z"], withscores=True) == ["b", "1", "c", "1"]  # redis-py: flat
    assert r.zunionstore("dst", {"s": 2, "z": 1}) == 4
    assert r.zrange("dst", 0, -1, withscores=True) == [
        ("b", 2.0), ("c", 2.0), ("d", 2.0), ("a", 7.0)]
    assert r.zintercard(2, ["s", "z"]) == 1
    r.set("str", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.zunion(["s", "str"])
