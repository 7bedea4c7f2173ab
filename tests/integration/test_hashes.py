"""Hash commands (Redis 7.0 t_hash.c): HSET HSETNX HMSET HGET HMGET HDEL HLEN HSTRLEN HEXISTS
HKEYS HVALS HGETALL HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN, the listpack -> hashtable encodings
and their directives, and the generic commands on hash keys.

Every expectation here was checked against redis-server 7.0.15."""

import pytest

from conftest import RespError

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INT = "ERR value is not an integer or out of range"


def err(raw, *command):
    reply = raw.command(*command)
    assert isinstance(reply, RespError), reply
    return str(reply)


def dirty(r):
    return r.info("persistence")["rdb_changes_since_last_save"]


# -- writes ----------------------------------------------------------------------------


def test_hset_counts_new_fields_and_keeps_insertion_order(r, rr):
    assert r.hset("h", mapping={"b": "1", "a": "2"}) == 2
    assert rr.execute_command("HSET", "h", "b", "3", "c", "4") == 1
    assert rr.execute_command("HGETALL", "h") == ["b", "3", "a", "2", "c", "4"]
    assert rr.execute_command("HMSET", "h", "d", "5") == "OK"
    assert r.hkeys("h") == ["b", "a", "c", "d"]
    assert r.hvals("h") == ["3", "2", "4", "5"]
    assert r.type("h") == "hash"
    assert r.object("encoding", "h") == "listpack"


def test_hset_arity_errors(raw):
    assert err(raw, "HSET", "h", "f") == "ERR wrong number of arguments for 'hset' command"
    assert err(raw, "HSET", "h", "f", "v", "g") == "ERR wrong number of arguments for 'hset' command"
    assert err(raw, "HMSET", "h", "f", "v", "g") == "ERR wrong number of arguments for 'hmset' command"
    assert raw.command("EXISTS", "h") == 0


def test_hsetnx(r):
    assert r.hsetnx("h", "f", "1") == 1
    assert r.hsetnx("h", "f", "2") == 0
    assert r.hget("h", "f") == "1"


def test_hdel_and_empty_hash_disappears(r):
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    assert r.hdel("h", "nope") == 0
    assert r.hdel("h", "a", "a", "b") == 2
    assert r.hlen("h") == 1
    assert r.hdel("h", "c", "zz") == 1
    assert r.exists("h") == 0
    assert r.hdel("h", "c") == 0


def test_reads_on_missing_keys(r, rr):
    assert r.hget("nokey", "f") is None
    assert r.hmget("nokey", "a", "b") == [None, None]
    assert r.hlen("nokey") == 0
    assert r.hstrlen("nokey", "f") == 0
    assert r.hexists("nokey", "f") is False
    assert rr.execute_command("HKEYS", "nokey") == []
    assert rr.execute_command("HVALS", "nokey") == []
    assert rr.execute_command("HGETALL", "nokey") == []
    assert rr.execute_command("HRANDFIELD", "nokey") is None
    assert rr.execute_command("HRANDFIELD", "nokey", "3") == []
    assert rr.execute_command("HSCAN", "nokey", "0") == ["0", []]


def test_reads(r):
    r.hset("h", mapping={"f": "hello", "e": ""})
    assert r.hmget("h", "f", "x", "e") == ["hello", None, ""]
    assert r.hstrlen("h", "f") == 5
    assert r.hstrlen("h", "x") == 0
    assert r.hexists("h", "e") is True
    assert r.hexists("h", "x") is False


def test_binary_fields_and_values(rb):
    fields = {b"\x00\xff": b"\r\n", b"": b"empty field", b"k" * 100: b"v" * 1000}
    rb.hset("h", mapping=fields)
    assert rb.hgetall("h") == fields
    assert rb.object("encoding", "h") == b"hashtable"


@pytest.mark.parametrize("command", [
    ("HSET", "s", "f", "v"), ("HSETNX", "s", "f", "v"), ("HMSET", "s", "f", "v"),
    ("HGET", "s", "f"), ("HMGET", "s", "f"), ("HDEL", "s", "f"), ("HLEN", "s"),
    ("HSTRLEN", "s", "f"), ("HEXISTS", "s", "f"), ("HKEYS", "s"), ("HVALS", "s"),
    ("HGETALL", "s"), ("HINCRBY", "s", "f", "1"), ("HINCRBYFLOAT", "s", "f", "1"),
    ("HRANDFIELD", "s"), ("HRANDFIELD", "s", "2"), ("HSCAN", "s", "0"),
])
def test_wrongtype(raw, command):
    raw.command("SET", "s", "x")
    assert err(raw, *command) == WRONGTYPE


# -- HINCRBY / HINCRBYFLOAT ------------------------------------------------------------


def test_hincrby(r, raw):
    assert r.hincrby("h", "n", 5) == 5
    assert r.hincrby("h", "n", -10) == -5
    r.hset("h", "s", "abc")
    assert err(raw, "HINCRBY", "h", "s", "1") == "ERR hash value is not an integer"
    assert err(raw, "HINCRBY", "h", "n", "x") == NOT_INT
    r.hset("h", "big", "9223372036854775807")
    assert err(raw, "HINCRBY", "h", "big", "1") == "ERR increment or decrement would overflow"
    r.hset("h", "small", "-9223372036854775808")
    assert err(raw, "HINCRBY", "h", "small", "-1") == "ERR increment or decrement would overflow"
    assert err(raw, "HINCRBY", "nokey", "f", "x") == NOT_INT
    assert r.exists("nokey") == 0


def test_hincrbyfloat(r, raw):
    assert r.hincrbyfloat("h", "f", 1.5) == 1.5
    assert raw.command("HINCRBYFLOAT", "h", "f", "1e10") == b"10000000001.5"
    r.hset("h", "e", "1.5e3")
    assert raw.command("HINCRBYFLOAT", "h", "e", "1") == b"1501"
    r.hset("h", "s", "abc")
    assert err(raw, "HINCRBYFLOAT", "h", "s", "1") == "ERR hash value is not a float"
    assert err(raw, "HINCRBYFLOAT", "h", "f", "x") == "ERR value is not a valid float"
    assert err(raw, "HINCRBYFLOAT", "h", "f", "inf") == "ERR value is NaN or Infinity"
    r.hset("h", "m", "1.1e4932")
    assert err(raw, "HINCRBYFLOAT", "h", "m", "1.1e4932") == \
        "ERR increment would produce NaN or Infinity"


def test_long_float_result_converts_listpack(r):
    r.hset("h", "a", "1")
    r.hincrbyfloat("h", "a", "1e300")
    assert r.object("encoding", "h") == "hashtable"


# -- HRANDFIELD ------------------------------------------------------------------------


def test_hrandfield_counts(r, rr, raw):
    fields = {f"f{i}": str(i) for i in range(5)}
    r.hset("h", mapping=fields)
    assert r.hrandfield("h") in fields
    assert rr.execute_command("HRANDFIELD", "h", "0") == []
    assert sorted(rr.execute_command("HRANDFIELD", "h", "100")) == sorted(fields)
    three = rr.execute_command("HRANDFIELD", "h", "3")
    assert len(set(three)) == 3 and set(three) <= set(fields)
    repeats = rr.execute_command("HRANDFIELD", "h", "-20")
    assert len(repeats) == 20 and set(repeats) <= set(fields)
    flat = rr.execute_command("HRANDFIELD", "h", "-7", "WITHVALUES")
    assert len(flat) == 14
    for f, v in zip(flat[::2], flat[1::2]):
        assert fields[f] == v
    both = rr.execute_command("HRANDFIELD", "h", "10", "withvalues")
    assert dict(zip(both[::2], both[1::2])) == fields


def test_hrandfield_errors(r, raw):
    r.hset("h", "a", "1")
    assert err(raw, "HRANDFIELD", "h", "x") == NOT_INT
    assert err(raw, "HRANDFIELD", "h", "-9223372036854775808") == \
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
    assert err(raw, "HRANDFIELD", "h", "1", "foo") == "ERR syntax error"
    assert err(raw, "HRANDFIELD", "h", "1", "withvalues", "x") == "ERR syntax error"
    assert err(raw, "HRANDFIELD", "h", "4611686018427387904", "withvalues") == \
        "ERR value is out of range"
    assert err(raw, "HRANDFIELD", "h", "-4611686018427387904", "withvalues") == \
        "ERR value is out of range"


def test_hrandfield_resp3_pairs(r, raw):
    r.hset("h", mapping={"a": "1", "b": "2"})
    raw.command("HELLO", "3")
    pairs = raw.command("HRANDFIELD", "h", "-3", "WITHVALUES")
    assert len(pairs) == 3
    for p in pairs:
        assert p in ([b"a", b"1"], [b"b", b"2"])
    assert raw.command("HGETALL", "h") == {b"a": b"1", b"b": b"2"}
    assert raw.command("HGETALL", "nokey") == {}


# -- HSCAN -----------------------------------------------------------------------------


def test_hscan_small_hash_in_one_call(r, rr):
    r.hset("h", mapping={"a1": "1", "b1": "2", "a2": "3"})
    assert rr.execute_command("HSCAN", "h", "0", "COUNT", "1") == ["0", ["a1", "1", "b1", "2", "a2", "3"]]
    assert rr.execute_command("HSCAN", "h", "0", "MATCH", "a*") == ["0", ["a1", "1", "a2", "3"]]


def test_hscan_hashtable_iterates_everything(r):
    fields = {f"field:{i}": str(i) for i in range(1000)}
    r.hset("h", mapping=fields)
    assert r.object("encoding", "h") == "hashtable"
    seen = {}
    cursor, calls = 0, 0
    while True:
        cursor, part = r.hscan("h", cursor, count=20)
        seen.update(part)
        calls += 1
        if cursor == 0 or calls > 10000:
            break
    assert seen == fields
    assert calls > 1
    matched = {}
    cursor = 0
    while True:
        cursor, part = r.hscan("h", cursor, match="field:1??", count=50)
        matched.update(part)
        if cursor == 0:
            break
    assert matched == {k: v for k, v in fields.items() if len(k) == 9 and k.startswith("field:1")}


def test_hscan_errors(r, raw):
    r.hset("h", "a", "1")
    assert err(raw, "HSCAN", "h", "x") == "ERR invalid cursor"
    assert err(raw, "HSCAN", "h", "0", "COUNT", "0") == "ERR syntax error"
    assert err(raw, "HSCAN", "h", "0", "COUNT", "x") == NOT_INT
    assert err(raw, "HSCAN", "h", "0", "MATCH") == "ERR syntax error"
    assert err(raw, "HSCAN", "h", "0", "TYPE", "string") == "ERR syntax error"
    assert raw.command("HSCAN", "nokey", "0", "COUNT", "0") == [b"0", []]


# -- encodings and directives ----------------------------------------------------------


def test_encoding_thresholds(r):
    assert r.config_get("hash-max-listpack-entries") == {"hash-max-listpack-entries": "512"}
    assert r.config_get("hash-max-ziplist-value") == {"hash-max-ziplist-value": "64"}
    r.hset("h", mapping={f"f{i}": "v" for i in range(512)})
    assert r.object("encoding", "h") == "listpack"
    r.hset("h", "one-more", "v")
    assert r.object("encoding", "h") == "hashtable"
    r.hset("long", "f", "x" * 64)
    assert r.object("encoding", "long") == "listpack"
    r.hset("long", "g", "x" * 65)
    assert r.object("encoding", "long") == "hashtable"
    r.hset("longfield", "y" * 65, "1")
    assert r.object("encoding", "longfield") == "hashtable"


def test_encoding_directives_are_settable(r):
    try:
        assert r.config_set("hash-max-ziplist-entries", "2")
        assert r.config_get("hash-max-listpack-entries") == {"hash-max-listpack-entries": "2"}
        r.hset("h", mapping={"a": "1", "b": "2"})
        assert r.object("encoding", "h") == "listpack"
        r.hset("h", "c", "3")
        assert r.object("encoding", "h") == "hashtable"
        assert r.config_set("hash-max-listpack-value", "1kb")
        assert r.config_get("hash-max-listpack-value") == {"hash-max-listpack-value": "1024"}
        with pytest.raises(Exception, match="must be between 0 and 9223372036854775807"):
            r.config_set("hash-max-listpack-entries", "-1")
    finally:
        r.config_set("hash-max-listpack-entries", "512")
        r.config_set("hash-max-listpack-value", "64")


# -- generic commands, dirty counter -------------------------------------------


def test_copy_rename_scan_type(r):
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert r.copy("h", "h2") is True
    r.hset("h2", "c", "3")
    assert r.hgetall("h") == {"a": "1", "b": "2"}
    assert r.hgetall("h2") == {"a": "1", "b": "2", "c": "3"}
    r.rename("h2", "h3")
    assert r.hlen("h3") == 3
    r.set("s", "x")
    assert sorted(r.scan(0, _type="hash", count=100)[1]) == ["h", "h3"]
    assert r.delete("h", "h3") == 2


def test_dirty_counter(r):
    base = dirty(r)
    r.hset("h", mapping={"a": "1", "b": "2"})
    assert dirty(r) == base + 2
    r.hset("h", "a", "1")
    assert dirty(r) == base + 3
    r.hsetnx("h", "a", "x")
    assert dirty(r) == base + 3
    r.hdel("h", "a", "b", "zz")
    assert dirty(r) == base + 5
    r.hdel("h", "zz")
    assert dirty(r) == base + 5



def test_long_field_from_hincrby_converts_listpack(r):
    for command, increment in (("HINCRBY", "1"), ("HINCRBYFLOAT", "1.5")):
        r.delete("h")
        r.hset("h", "a", "1")
        r.execute_command(command, "h", "f" * 70, increment)
        assert r.object("encoding", "h") == "hashtable", command
