"""List commands (Redis 7.0 t_list.c): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX
LSET LINSERT LREM LTRIM LPOS LMOVE RPOPLPUSH LMPOP, and the generic commands on list keys.

Every expectation here was checked against redis-server 7.0.15."""

import pytest
import redis

from conftest import RespError

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INT = "ERR value is not an integer or out of range"
LLONG_MIN = "-9223372036854775808"
LLONG_MAX = "9223372036854775807"


def err(raw, *command):
    """The error text of a command that must fail."""
    reply = raw.command(*command)
    assert isinstance(reply, RespError), reply
    return str(reply)


def ref_range(items, start, stop):
    """LRANGE's index rules (addListRangeReply) on a Python list."""
    n = len(items)
    if start < 0:
        start += n
    if stop < 0:
        stop += n
    if start < 0:
        start = 0
    if start > stop or start >= n:
        return []
    return items[start:min(stop, n - 1) + 1]


# -- LPUSH / RPUSH / LPUSHX / RPUSHX ---------------------------------------------------


def test_push_order_and_lengths(r):
    assert r.rpush("l", "a") == 1
    assert r.rpush("l", "b", "c") == 3
    assert r.lpush("l", "x", "y") == 5
    assert r.lrange("l", 0, -1) == ["y", "x", "a", "b", "c"]
    assert r.type("l") == "list"


def test_pushx_only_on_existing_lists(r):
    assert r.lpushx("l", "a") == 0
    assert r.execute_command("RPUSHX", "l", "a", "b") == 0
    assert r.exists("l") == 0
    r.rpush("l", "m")
    assert r.execute_command("LPUSHX", "l", "a", "b") == 3
    assert r.execute_command("RPUSHX", "l", "y", "z") == 5
    assert r.lrange("l", 0, -1) == ["b", "a", "m", "y", "z"]


def test_push_binary_and_empty_elements(rb):
    values = [b"", b"\x00\xff\r\n", b"x" * 300, b"123", b"-0", b"9" * 30]
    assert rb.rpush("l", *values) == len(values)
    assert rb.lrange("l", 0, -1) == values
    assert rb.lindex("l", 0) == b""
    assert rb.rpop("l") == b"9" * 30


def test_push_arity(raw):
    assert err(raw, "LPUSH", "l") == "ERR wrong number of arguments for 'lpush' command"
    assert err(raw, "RPUSHX", "l") == "ERR wrong number of arguments for 'rpushx' command"


# -- LPOP / RPOP ------------------------------------------------------------------------


def test_pop_single(r):
    r.rpush("l", "a", "b", "c")
    assert r.lpop("l") == "a"
    assert r.rpop("l") == "c"
    assert r.lpop("l") == "b"
    assert r.exists("l") == 0
    assert r.lpop("l") is None
    assert r.rpop("l") is None


def test_pop_with_count(r):
    r.rpush("l", *"abcdef")
    assert r.lpop("l", 2) == ["a", "b"]
    assert r.rpop("l", 2) == ["f", "e"]
    assert r.rpop("l", 10) == ["d", "c"]
    assert r.exists("l") == 0


def test_pop_count_replies_raw(raw):
    assert raw.command("RPUSH", "l", "a", "b") == 2
    raw.send_command("LPOP", "l", "0")
    assert raw.read_line() == b"*0\r\n"
    raw.send_command("LPOP", "missing", "0")
    assert raw.read_line() == b"*-1\r\n"
    raw.send_command("RPOP", "missing", "3")
    assert raw.read_line() == b"*-1\r\n"
    raw.send_command("LPOP", "missing")
    assert raw.read_line() == b"$-1\r\n"
    raw.send_command("LPOP", "l", "1")
    assert raw.read_line() == b"*1\r\n"
    assert raw.read_line() == b"$1\r\n"
    assert raw.read_line() == b"a\r\n"
    raw.send_command("RPOP", "l")
    assert raw.read_exact(7) == b"$1\r\nb\r\n"


def test_pop_count_resp3_nulls(raw):
    raw.command("HELLO", "3")
    raw.send_command("LPOP", "missing", "2")
    assert raw.read_line() == b"_\r\n"
    raw.send_command("RPOP", "missing")
    assert raw.read_line() == b"_\r\n"


def test_pop_count_errors(raw):
    raw.command("RPUSH", "l", "a")
    for bad in ("-1", "x", "1.5", LLONG_MIN, "99999999999999999999"):
        assert err(raw, "LPOP", "l", bad) == "ERR value is out of range, must be positive"
        assert err(raw, "RPOP", "missing", bad) == "ERR value is out of range, must be positive"
    assert err(raw, "LPOP", "l", "1", "2") == "ERR wrong number of arguments for 'lpop' command"
    assert err(raw, "RPOP", "l", "1", "2") == "ERR wrong number of arguments for 'rpop' command"
    assert raw.command("LLEN", "l") == 1


def test_pop_count_zero_on_wrongtype(raw):
    raw.command("SET", "s", "v")
    assert err(raw, "LPOP", "s", "0") == WRONGTYPE
    assert err(raw, "RPOP", "s") == WRONGTYPE


# -- LLEN / LRANGE / LINDEX ----------------------------------------------------------


def test_llen(r):
    assert r.llen("missing") == 0
    r.rpush("l", *range(7))
    assert r.llen("l") == 7


@pytest.mark.parametrize("size", [0, 1, 5, 300])
def test_lrange_index_rules(r, size):
    items = [str(i) for i in range(size)]
    if items:
        r.rpush("l", *items)
    points = [-size - 5, -size - 1, -size, -size + 1, -3, -2, -1, 0, 1, 2, 3, size - 2, size - 1,
              size, size + 5]
    for start in points:
        for stop in points:
            assert r.lrange("l", start, stop) == ref_range(items, start, stop), (start, stop)


def test_lrange_extreme_indexes(rr):
    rr.rpush("l", "a", "b", "c")
    assert rr.execute_command("LRANGE", "l", LLONG_MIN, LLONG_MAX) == ["a", "b", "c"]
    assert rr.execute_command("LRANGE", "l", LLONG_MAX, LLONG_MIN) == []
    assert rr.execute_command("LRANGE", "l", "-1", LLONG_MAX) == ["c"]


def test_lrange_errors_and_missing(raw):
    assert raw.command("LRANGE", "missing", "0", "-1") == []
    assert err(raw, "LRANGE", "missing", "a", "1") == NOT_INT
    assert err(raw, "LRANGE", "missing", "0", "1.0") == NOT_INT
    raw.command("SET", "s", "v")
    assert err(raw, "LRANGE", "s", "0", "-1") == WRONGTYPE
    # The indexes are parsed before the key is looked up.
    assert err(raw, "LRANGE", "s", "x", "-1") == NOT_INT


def test_lindex(r):
    r.rpush("l", *"abcde")
    assert [r.lindex("l", i) for i in range(-7, 7)] == [
        None, None, "a", "b", "c", "d", "e", "a", "b", "c", "d", "e", None, None]
    assert r.lindex("missing", 0) is None


def test_lindex_errors(raw):
    raw.command("RPUSH", "l", "a")
    assert err(raw, "LINDEX", "l", "x") == NOT_INT
    assert raw.command("LINDEX", "l", LLONG_MIN) is None
    assert raw.command("LINDEX", "l", LLONG_MAX) is None
    # Missing key first: nil even with a bad index; WRONGTYPE before the index is parsed.
    assert raw.command("LINDEX", "missing", "x") is None
    raw.command("SET", "s", "v")
    assert err(raw, "LINDEX", "s", "x") == WRONGTYPE


# -- LSET / LINSERT ---------------------------------------------------------------------


def test_lset(r):
    r.rpush("l", *"abc")
    assert r.lset("l", 0, "A") is True
    assert r.lset("l", -1, "C") is True
    assert r.lset("l", 1, "B" * 1000) is True
    assert r.lrange("l", 0, -1) == ["A", "B" * 1000, "C"]


def test_lset_errors(raw):
    assert err(raw, "LSET", "missing", "0", "x") == "ERR no such key"
    assert err(raw, "LSET", "missing", "nan", "x") == "ERR no such key"
    raw.command("RPUSH", "l", "a", "b")
    assert err(raw, "LSET", "l", "2", "x") == "ERR index out of range"
    assert err(raw, "LSET", "l", "-3", "x") == "ERR index out of range"
    assert err(raw, "LSET", "l", LLONG_MIN, "x") == "ERR index out of range"
    assert err(raw, "LSET", "l", "1x", "x") == NOT_INT
    raw.command("SET", "s", "v")
    assert err(raw, "LSET", "s", "0", "x") == WRONGTYPE
    assert raw.command("LRANGE", "l", "0", "-1") == [b"a", b"b"]


def test_linsert(r):
    r.rpush("l", "a", "c", "c")
    assert r.linsert("l", "before", "c", "b") == 4
    assert r.linsert("l", "AFTER", "c", "d") == 5
    assert r.lrange("l", 0, -1) == ["a", "b", "c", "d", "c"]
    assert r.linsert("l", "after", "zz", "x") == -1
    assert r.linsert("missing", "after", "a", "x") == 0
    assert r.exists("missing") == 0
    assert r.linsert("l", "before", "a", "0") == 6
    assert r.linsert("l", "after", "c", "end") == 7  # the first "c" only
    assert r.lrange("l", 0, -1) == ["0", "a", "b", "c", "end", "d", "c"]


def test_linsert_errors(raw):
    # The position word is checked before the key.
    assert err(raw, "LINSERT", "missing", "middle", "a", "x") == "ERR syntax error"
    raw.command("SET", "s", "v")
    assert err(raw, "LINSERT", "s", "before", "a", "x") == WRONGTYPE
    assert err(raw, "LINSERT", "s", "inside", "a", "x") == "ERR syntax error"


# -- LREM / LTRIM ------------------------------------------------------------------------


@pytest.mark.parametrize("count, expected_removed, expected", [
    (0, 4, ["b", "c", "b"]),
    (1, 1, ["b", "a", "c", "a", "b", "a"]),
    (2, 2, ["b", "c", "a", "b", "a"]),
    (-1, 1, ["a", "b", "a", "c", "a", "b"]),
    (-3, 3, ["a", "b", "c", "b"]),
    (100, 4, ["b", "c", "b"]),
    (-100, 4, ["b", "c", "b"]),
])
def test_lrem_counts(r, count, expected_removed, expected):
    r.rpush("l", "a", "b", "a", "c", "a", "b", "a")
    assert r.lrem("l", count, "a") == expected_removed
    assert r.lrange("l", 0, -1) == expected


def test_lrem_edge_cases(raw):
    assert raw.command("LREM", "missing", "0", "a") == 0
    raw.command("RPUSH", "l", "a", "a", "b")
    assert raw.command("LREM", "l", "0", "zz") == 0
    assert raw.command("LREM", "l", LLONG_MIN, "a") == 2
    assert raw.command("LREM", "l", "1", "b") == 1
    assert raw.command("EXISTS", "l") == 0
    assert err(raw, "LREM", "l", "x", "a") == NOT_INT
    raw.command("SET", "s", "v")
    assert err(raw, "LREM", "s", "0", "a") == WRONGTYPE


@pytest.mark.parametrize("start, stop", [
    (0, -1), (1, -1), (0, 0), (2, 3), (-2, -1), (-100, 100), (3, 1), (5, 10), (-1, -2),
    (0, -6), (-6, 0),
])
def test_ltrim(r, start, stop):
    items = list("abcde")
    r.rpush("l", *items)
    assert r.ltrim("l", start, stop) is True
    kept = ref_range(items, start, stop)
    assert r.lrange("l", 0, -1) == kept
    assert r.exists("l") == (1 if kept else 0)


def test_ltrim_missing_and_errors(raw):
    assert raw.command("LTRIM", "missing", "0", "1") == "OK"
    assert raw.command("EXISTS", "missing") == 0
    assert err(raw, "LTRIM", "missing", "0", "x") == NOT_INT
    raw.command("SET", "s", "v")
    assert err(raw, "LTRIM", "s", "0", "1") == WRONGTYPE


# -- LPOS ------------------------------------------------------------------------------


def test_lpos_basics(rr):
    rr.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c")
    lpos = lambda *args: rr.execute_command("LPOS", "l", *args)  # noqa: E731
    assert lpos("c") == 2
    assert lpos("zz") is None
    assert lpos("c", "RANK", "2") == 6
    assert lpos("c", "RANK", "-1") == 7
    assert lpos("c", "RANK", "-2") == 6
    assert lpos("c", "RANK", "4") is None
    assert lpos("c", "COUNT", "0") == [2, 6, 7]
    assert lpos("c", "COUNT", "2") == [2, 6]
    assert lpos("c", "COUNT", "0", "RANK", "-1") == [7, 6, 2]
    assert lpos("c", "COUNT", "0", "RANK", "2") == [6, 7]
    assert lpos("c", "COUNT", "0", "MAXLEN", "3") == [2]
    assert lpos("c", "MAXLEN", "2") is None
    assert lpos("c", "COUNT", "0", "RANK", "-1", "MAXLEN", "2") == [7, 6]
    assert lpos("zz", "COUNT", "5") == []
    assert lpos("c", "rank", "1", "count", "1", "maxlen", "0") == [2]
    # Options may repeat; the last one wins.
    assert lpos("c", "RANK", "1", "RANK", "3") == 7


def test_lpos_extreme_ranks(rr):
    rr.rpush("l", "a", "b", "a", "c", "a")
    # Redis negates the rank; LLONG_MIN stays negative, so it matches from the first hit at
    # the tail.
    assert rr.execute_command("LPOS", "l", "a", "RANK", LLONG_MIN) == 4
    assert rr.execute_command("LPOS", "l", "a", "RANK", "-" + LLONG_MAX, "COUNT", "0") == []
    assert rr.execute_command("LPOS", "l", "a", "RANK", LLONG_MAX) is None


def test_lpos_missing_key(raw):
    raw.send_command("LPOS", "missing", "a")
    assert raw.read_line() == b"$-1\r\n"
    raw.send_command("LPOS", "missing", "a", "COUNT", "0")
    assert raw.read_line() == b"*0\r\n"


def test_lpos_errors(raw):
    rank0 = ("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
             "or use negative to start from the end of the list")
    raw.command("RPUSH", "l", "a")
    assert err(raw, "LPOS", "l", "a", "RANK", "0") == rank0
    assert err(raw, "LPOS", "missing", "a", "RANK", "0") == rank0
    assert err(raw, "LPOS", "l", "a", "RANK", "x") == NOT_INT
    assert err(raw, "LPOS", "l", "a", "COUNT", "-1") == "ERR COUNT can't be negative"
    assert err(raw, "LPOS", "l", "a", "COUNT", "x") == "ERR COUNT can't be negative"
    assert err(raw, "LPOS", "l", "a", "MAXLEN", "-1") == "ERR MAXLEN can't be negative"
    assert err(raw, "LPOS", "l", "a", "MAXLEN", "x") == "ERR MAXLEN can't be negative"
    assert err(raw, "LPOS", "l", "a", "RANK") == "ERR syntax error"
    assert err(raw, "LPOS", "l", "a", "FOO", "1") == "ERR syntax error"
    raw.command("SET", "s", "v")
    assert err(raw, "LPOS", "s", "a") == WRONGTYPE
    # Options are parsed before the key is looked up.
    assert err(raw, "LPOS", "s", "a", "COUNT", "-1") == "ERR COUNT can't be negative"


# -- LMOVE / RPOPLPUSH ------------------------------------------------------------------


@pytest.mark.parametrize("wherefrom, whereto, moved, src, dst", [
    ("LEFT", "LEFT", "a", ["b", "c"], ["a", "x", "y"]),
    ("LEFT", "RIGHT", "a", ["b", "c"], ["x", "y", "a"]),
    ("RIGHT", "LEFT", "c", ["a", "b"], ["c", "x", "y"]),
    ("right", "right", "c", ["a", "b"], ["x", "y", "c"]),
])
def test_lmove_directions(r, wherefrom, whereto, moved, src, dst):
    r.rpush("s", "a", "b", "c")
    r.rpush("d", "x", "y")
    assert r.execute_command("LMOVE", "s", "d", wherefrom, whereto) == moved
    assert r.lrange("s", 0, -1) == src
    assert r.lrange("d", 0, -1) == dst


def test_lmove_creates_destination_and_deletes_empty_source(r):
    r.rpush("s", "only")
    r.expire("s", 100)
    assert r.lmove("s", "d", "LEFT", "RIGHT") == "only"
    assert r.exists("s") == 0
    assert r.lrange("d", 0, -1) == ["only"]
    assert r.ttl("d") == -1


def test_lmove_keeps_destination_ttl(r):
    r.rpush("s", "a")
    r.rpush("d", "b")
    r.expire("d", 100)
    r.lmove("s", "d", "LEFT", "LEFT")
    assert 0 < r.ttl("d") <= 100
    assert r.lrange("d", 0, -1) == ["a", "b"]


def test_lmove_same_key_rotates(r):
    r.rpush("l", "a", "b", "c")
    assert r.lmove("l", "l", "LEFT", "RIGHT") == "a"
    assert r.lrange("l", 0, -1) == ["b", "c", "a"]
    assert r.lmove("l", "l", "RIGHT", "LEFT") == "a"
    assert r.lrange("l", 0, -1) == ["a", "b", "c"]
    assert r.rpoplpush("l", "l") == "c"
    assert r.lrange("l", 0, -1) == ["c", "a", "b"]
    r.delete("l")
    r.rpush("one", "x")
    assert r.lmove("one", "one", "LEFT", "LEFT") == "x"
    assert r.lrange("one", 0, -1) == ["x"]


def test_lmove_errors(raw):
    raw.send_command("LMOVE", "missing", "d", "LEFT", "RIGHT")
    assert raw.read_line() == b"$-1\r\n"
    raw.send_command("RPOPLPUSH", "missing", "d")
    assert raw.read_line() == b"$-1\r\n"
    assert raw.command("EXISTS", "d") == 0
    assert err(raw, "LMOVE", "missing", "d", "UP", "RIGHT") == "ERR syntax error"
    assert err(raw, "LMOVE", "missing", "d", "LEFT", "DOWN") == "ERR syntax error"
    raw.command("SET", "str", "v")
    raw.command("RPUSH", "l", "a", "b")
    assert err(raw, "LMOVE", "l", "str", "LEFT", "RIGHT") == WRONGTYPE
    assert err(raw, "RPOPLPUSH", "l", "str") == WRONGTYPE
    assert raw.command("LRANGE", "l", "0", "-1") == [b"a", b"b"]
    assert err(raw, "LMOVE", "str", "l", "LEFT", "RIGHT") == WRONGTYPE
    # A missing source wins over a wrong-typed destination.
    raw.send_command("RPOPLPUSH", "missing", "str")
    assert raw.read_line() == b"$-1\r\n"


def test_rpoplpush(r):
    r.rpush("s", "a", "b")
    assert r.rpoplpush("s", "d") == "b"
    assert r.rpoplpush("s", "d") == "a"
    assert r.rpoplpush("s", "d") is None
    assert r.lrange("d", 0, -1) == ["a", "b"]
    assert r.exists("s") == 0


# -- LMPOP -----------------------------------------------------------------------------


def test_lmpop(rr):
    rr.rpush("b", "1", "2", "3")
    rr.rpush("c", "x")
    assert rr.execute_command("LMPOP", "3", "a", "b", "c", "LEFT") == ["b", ["1"]]
    assert rr.execute_command("LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "5") == ["b", ["3", "2"]]
    assert rr.execute_command("EXISTS", "b") == 0
    assert rr.execute_command("LMPOP", "2", "b", "c", "left", "count", "1") == ["c", ["x"]]
    assert rr.execute_command("LMPOP", "2", "b", "c", "LEFT") is None


def test_lmpop_raw_replies(raw):
    raw.send_command("LMPOP", "1", "missing", "LEFT")
    assert raw.read_line() == b"*-1\r\n"
    raw.command("RPUSH", "k", "a")
    raw.send_command("LMPOP", "1", "k", "LEFT")
    expected = b"*2\r\n$1\r\nk\r\n*1\r\n$1\r\na\r\n"
    assert raw.read_exact(len(expected)) == expected
    raw.command("HELLO", "3")
    raw.send_command("LMPOP", "1", "missing", "RIGHT")
    assert raw.read_line() == b"_\r\n"


def test_lmpop_errors(raw):
    numkeys = "ERR numkeys should be greater than 0"
    count = "ERR count should be greater than 0"
    assert err(raw, "LMPOP", "0", "a", "LEFT") == numkeys
    assert err(raw, "LMPOP", "-1", "a", "LEFT") == numkeys
    assert err(raw, "LMPOP", "x", "a", "LEFT") == numkeys
    assert err(raw, "LMPOP", "2", "a", "LEFT") == "ERR syntax error"
    assert err(raw, "LMPOP", "5", "a", "b", "LEFT") == "ERR syntax error"
    assert err(raw, "LMPOP", LLONG_MAX, "a", "LEFT") == "ERR syntax error"
    assert err(raw, "LMPOP", "1", "a", "MIDDLE") == "ERR syntax error"
    assert err(raw, "LMPOP", "1", "a", "LEFT", "COUNT", "0") == count
    assert err(raw, "LMPOP", "1", "a", "LEFT", "COUNT", "-2") == count
    assert err(raw, "LMPOP", "1", "a", "LEFT", "COUNT", "x") == count
    assert err(raw, "LMPOP", "1", "a", "LEFT", "COUNT") == "ERR syntax error"
    assert err(raw, "LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1") == "ERR syntax error"
    assert err(raw, "LMPOP", "1", "a", "LEFT", "extra") == "ERR syntax error"
    assert err(raw, "LMPOP", "1", "a") == "ERR wrong number of arguments for 'lmpop' command"
    raw.command("SET", "s", "v")
    raw.command("RPUSH", "l", "a")
    # The first existing key decides: a string before a list is WRONGTYPE.
    assert err(raw, "LMPOP", "3", "missing", "s", "l", "LEFT") == WRONGTYPE
    assert raw.command("LMPOP", "2", "l", "s", "LEFT") == [b"l", [b"a"]]


# -- WRONGTYPE everywhere --------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ("LPUSH", "s", "x"), ("RPUSH", "s", "x"), ("LPUSHX", "s", "x"), ("RPUSHX", "s", "x"),
    ("LPOP", "s"), ("RPOP", "s", "2"), ("LLEN", "s"), ("LRANGE", "s", "0", "-1"),
    ("LINDEX", "s", "0"), ("LSET", "s", "0", "x"), ("LINSERT", "s", "BEFORE", "a", "b"),
    ("LREM", "s", "0", "a"), ("LTRIM", "s", "0", "1"), ("LPOS", "s", "a"),
    ("LMOVE", "s", "d", "LEFT", "LEFT"), ("RPOPLPUSH", "s", "d"), ("LMPOP", "1", "s", "LEFT"),
])
def test_list_commands_reject_strings(raw, command):
    raw.command("SET", "s", "value")
    assert err(raw, *command) == WRONGTYPE
    assert raw.command("GET", "s") == b"value"
    assert raw.command("EXISTS", "d") == 0


@pytest.mark.parametrize("command, error", [
    (("GET", "l"), WRONGTYPE),
    (("INCR", "l"), WRONGTYPE),
    (("DECRBY", "l", "2"), WRONGTYPE),
    (("APPEND", "l", "x"), WRONGTYPE),
    (("STRLEN", "l"), WRONGTYPE),
    (("SETRANGE", "l", "0", "x"), WRONGTYPE),
    (("GETRANGE", "l", "0", "1"), WRONGTYPE),
    (("GETDEL", "l"), WRONGTYPE),
    (("GETEX", "l", "PERSIST"), WRONGTYPE),
    (("SET", "l", "x", "GET"), WRONGTYPE),
    (("SETNX", "l", "x"), None),
    (("LCS", "l", "l"), "ERR The specified keys must contain string values"),
])
def test_string_commands_reject_lists(raw, command, error):
    raw.command("RPUSH", "l", "a", "b")
    reply = raw.command(*command)
    if error is None:
        assert reply == 0
    else:
        assert str(reply) == error
    assert raw.command("LRANGE", "l", "0", "-1") == [b"a", b"b"]


# -- generic commands on lists ---------------------------------------------------------


def test_generic_commands_on_lists(r):
    r.rpush("l", "a", "b")
    assert r.type("l") == "list"
    assert r.object("encoding", "l") == "quicklist"
    assert r.mget("l") == [None]
    assert r.exists("l") == 1
    assert r.expire("l", 100) is True
    assert 0 < r.ttl("l") <= 100
    assert r.persist("l") is True
    assert list(r.scan_iter(_type="list")) == ["l"]
    assert r.delete("l") == 1
    assert r.exists("l") == 0


def test_copy_is_a_deep_copy(r):
    r.rpush("l", *[str(i) for i in range(2000)])
    assert r.copy("l", "c") is True
    r.lpop("l", 10)
    r.lset("l", 0, "changed")
    r.rpush("c", "tail")
    assert r.llen("l") == 1990
    assert r.llen("c") == 2001
    assert r.lrange("c", 0, 2) == ["0", "1", "2"]
    assert r.lindex("l", 0) == "changed"
    assert r.type("c") == "list"
    assert r.copy("l", "c") is False
    assert r.copy("l", "c", replace=True) is True
    assert r.llen("c") == 1990


def test_rename_move_and_set_over_a_list(r, server):
    r.rpush("l", "a", "b")
    assert r.rename("l", "m") is True
    assert r.lrange("m", 0, -1) == ["a", "b"]
    assert r.move("m", 1) is True
    other = server.client(decode_responses=True, db=1)
    try:
        assert other.lrange("m", 0, -1) == ["a", "b"]
        other.delete("m")
    finally:
        other.close()
    r.rpush("x", "1")
    assert r.set("x", "str") is True
    assert r.type("x") == "string"


def test_object_encoding_is_quicklist_at_every_size(r):
    # Redis 7.0 has no listpack lists: every list reports "quicklist" (7.2 starts small
    # lists as listpack).
    r.rpush("small", "a")
    assert r.object("encoding", "small") == "quicklist"
    r.rpush("entries", *["x"] * 128)
    assert r.object("encoding", "entries") == "quicklist"
    r.rpush("entries", "x")
    assert r.object("encoding", "entries") == "quicklist"
    r.rpush("bytes", "v" * 8000)
    assert r.object("encoding", "bytes") == "quicklist"
    r.rpush("bytes", "v" * 500)
    assert r.object("encoding", "bytes") == "quicklist"
    r.ltrim("bytes", 0, 0)
    assert r.object("encoding", "bytes") == "quicklist"


def test_empty_lists_disappear(r):
    r.rpush("l", "a")
    r.lrem("l", 0, "a")
    assert r.exists("l") == 0
    r.rpush("l", "a", "b")
    r.ltrim("l", 5, 10)
    assert r.exists("l") == 0
    r.rpush("l", "a")
    r.execute_command("LMPOP", "1", "l", "LEFT")
    assert r.exists("l") == 0
    assert r.dbsize() == 0


def test_dirty_counter_counts_elements(r):
    def dirty():
        return r.info("persistence")["rdb_changes_since_last_save"]

    base = dirty()
    r.rpush("l", "a", "b", "c")
    assert dirty() == base + 3
    r.lpop("l", 2)
    assert dirty() == base + 5
    r.lmove("l", "m", "LEFT", "LEFT")
    assert dirty() == base + 6
    r.rpush("l", *"abcabc")
    base = dirty()
    assert r.lrem("l", 0, "a") == 2
    assert dirty() == base + 2
    r.ltrim("l", 0, -1)
    assert dirty() == base + 2
    r.ltrim("l", 1, 1)
    assert dirty() == base + 5


# -- large lists (many quicklist nodes) ------------------------------------------------


def test_large_list_operations(r):
    n = 20000
    items = [f"item:{i}" for i in range(n)]
    for i in range(0, n, 1000):
        r.rpush("big", *items[i:i + 1000])
    assert r.llen("big") == n
    assert r.lindex("big", 12345) == items[12345]
    assert r.lindex("big", -7777) == items[-7777]
    assert r.lrange("big", 9990, 10010) == items[9990:10011]
    assert r.lrange("big", -5, -1) == items[-5:]
    assert r.lpos("big", "item:15000") == 15000
    assert r.lpos("big", "item:15000", rank=-1) == 15000
    assert r.lset("big", 10000, "X" * 20000) is True
    assert r.lindex("big", 10000) == "X" * 20000
    items[10000] = "X" * 20000
    assert r.linsert("big", "BEFORE", "item:5000", "new") == n + 1
    items.insert(5000, "new")
    assert r.lrange("big", 4998, 5002) == items[4998:5003]
    assert r.lrem("big", 0, "new") == 1
    items.remove("new")
    assert r.lrange("big", 0, -1) == items
    assert r.ltrim("big", 1000, -1001) is True
    items = items[1000:-1000]
    assert r.llen("big") == len(items)
    assert r.lrange("big", 0, 9) == items[:10]
    assert r.lpop("big", 500) == items[:500]
    assert r.rpop("big", 500) == items[-500:][::-1]
    items = items[500:-500]
    assert r.lrange("big", 0, -1) == items


def test_many_big_elements(rb):
    values = [bytes([65 + i % 26]) * (i * 997 % 30000) for i in range(60)]
    rb.rpush("l", *values)
    assert rb.lrange("l", 0, -1) == values
    rb.lrem("l", 0, values[7])
    values = [v for v in values if v != values[7]]
    assert rb.lrange("l", 0, -1) == values


# -- configuration ---------------------------------------------------------------------


def test_list_config_directives(rr):
    assert rr.execute_command("CONFIG", "GET", "list-max-listpack-size") == [
        "list-max-listpack-size", "-2"]
    assert rr.execute_command("CONFIG", "GET", "list-max-ziplist-size") == [
        "list-max-ziplist-size", "-2"]
    assert rr.execute_command("CONFIG", "GET", "list-compress-depth") == ["list-compress-depth", "0"]
    got = rr.execute_command("CONFIG", "GET", "list-*")
    assert dict(zip(got[::2], got[1::2])) == {
        "list-max-listpack-size": "-2", "list-max-ziplist-size": "-2", "list-compress-depth": "0"}
    try:
        assert rr.execute_command("CONFIG", "SET", "list-max-ziplist-size", "5") == "OK"
        assert rr.execute_command("CONFIG", "GET", "list-max-listpack-size")[1] == "5"
        assert rr.execute_command("CONFIG", "SET", "list-compress-depth", "2") == "OK"
        rr.rpush("l", *[str(i) for i in range(100)])
        assert rr.lrange("l", 0, -1) == [str(i) for i in range(100)]
        assert rr.execute_command("LINSERT", "l", "AFTER", "50", "x") == 101
        assert rr.lrange("l", 49, 53) == ["49", "50", "x", "51", "52"]
        assert rr.execute_command("CONFIG", "SET", "list-max-listpack-size", "-5") == "OK"
        assert rr.execute_command("CONFIG", "SET", "list-max-listpack-size", "-2147483648") == "OK"
        rr.rpush("m", "a", "b")
        assert rr.lrange("m", 0, -1) == ["a", "b"]
        with pytest.raises(redis.ResponseError) as e:
            rr.execute_command("CONFIG", "SET", "list-compress-depth", "-1")
        assert str(e.value) == ("CONFIG SET failed (possibly related to argument "
                                "'list-compress-depth') - argument must be between 0 and "
                                "2147483647 inclusive")
        with pytest.raises(redis.ResponseError) as e:
            rr.execute_command("CONFIG", "SET", "list-max-listpack-size", "2147483648")
        assert "argument must be between -2147483648 and 2147483647 inclusive" in str(e.value)
    finally:
        rr.execute_command("CONFIG", "SET", "list-max-listpack-size", "-2",
                           "list-compress-depth", "0")


def test_list_config_from_command_line(server_factory):
    s = server_factory(extra_args=["--list-max-ziplist-size", "3", "--list-compress-depth", "1"])
    c = s.client(decode_responses=True)
    try:
        assert c.config_get("list-max-listpack-size") == {"list-max-listpack-size": "3"}
        assert c.config_get("list-compress-depth") == {"list-compress-depth": "1"}
        c.rpush("l", *range(50))
        assert c.lrange("l", 0, -1) == [str(i) for i in range(50)]
        assert c.object("encoding", "l") == "quicklist"
    finally:
        c.close()


# -- introspection ----------------------------------------------------------------------


@pytest.mark.parametrize("name, arity, flags, first, last, step", [
    ("lpush", -3, ["write", "denyoom", "fast"], 1, 1, 1),
    ("rpushx", -3, ["write", "denyoom", "fast"], 1, 1, 1),
    ("lpop", -2, ["write", "fast"], 1, 1, 1),
    ("llen", 2, ["readonly", "fast"], 1, 1, 1),
    ("lrange", 4, ["readonly"], 1, 1, 1),
    ("lset", 4, ["write", "denyoom"], 1, 1, 1),
    ("lrem", 4, ["write"], 1, 1, 1),
    ("lpos", -3, ["readonly"], 1, 1, 1),
    ("lmove", 5, ["write", "denyoom"], 1, 2, 1),
    ("rpoplpush", 3, ["write", "denyoom"], 1, 2, 1),
    ("lmpop", -4, ["write", "movablekeys"], 0, 0, 0),
])
def test_command_info(rr, name, arity, flags, first, last, step):
    info = rr.execute_command("COMMAND", "INFO", name)[0]
    assert info[:6] == [name, arity, flags, first, last, step]


def test_command_docs_lmpop(rr):
    docs = rr.execute_command("COMMAND", "DOCS", "lmpop")
    d = dict(zip(docs[1][::2], docs[1][1::2]))
    assert d["summary"] == "Pop elements from a list"
    assert d["since"] == "7.0.0"
    assert d["group"] == "list"
    names = [dict(zip(a[::2], a[1::2]))["name"] for a in d["arguments"]]
    assert names == ["numkeys", "key", "where", "count"]


def test_command_getkeys(rr):
    assert rr.execute_command("COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT") == ["a", "b"]
    assert rr.execute_command("COMMAND", "GETKEYS", "LMOVE", "s", "d", "LEFT", "RIGHT") == ["s", "d"]
