"""Set commands (Redis 7.0 t_set.c): SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP
SRANDMEMBER SMOVE SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN, the
intset -> hashtable encodings, set-max-intset-entries, and the generic commands on set keys.

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


# -- SADD / SREM / reads --------------------------------------------------------------


def test_sadd_srem_and_empty_set_disappears(r):
    assert r.sadd("s", "a", "b", "a") == 2
    assert r.sadd("s", "b", "c") == 1
    assert r.smembers("s") == {"a", "b", "c"}
    assert r.scard("s") == 3
    assert r.type("s") == "set"
    assert r.srem("s", "zz") == 0
    assert r.srem("s", "a", "a", "b") == 2
    assert r.srem("s", "c", "d") == 1
    assert r.exists("s") == 0
    assert r.srem("s", "c") == 0


def test_intset_is_sorted_and_converts(r, rr):
    assert r.sadd("s", 3, -1, 2, "9223372036854775807", "-9223372036854775808") == 5
    assert r.object("encoding", "s") == "intset"
    assert rr.execute_command("SMEMBERS", "s") == \
        ["-9223372036854775808", "-1", "2", "3", "9223372036854775807"]
    r.sadd("s", "a")
    assert r.object("encoding", "s") == "hashtable"
    for first, encoding in [("12", "intset"), ("012", "hashtable"), ("+1", "hashtable"),
                            ("9223372036854775808", "hashtable"), ("x", "hashtable")]:
        r.delete("t")
        r.sadd("t", first)
        assert r.object("encoding", "t") == encoding, first


def test_intset_entry_limit(r):
    assert r.config_get("set-max-intset-entries") == {"set-max-intset-entries": "512"}
    r.sadd("s", *range(512))
    assert r.object("encoding", "s") == "intset"
    r.sadd("s", 512)
    assert r.object("encoding", "s") == "hashtable"
    try:
        r.config_set("set-max-intset-entries", "2")
        r.sadd("u", 1, 2)
        assert r.object("encoding", "u") == "intset"
        r.sadd("u", 3)
        assert r.object("encoding", "u") == "hashtable"
    finally:
        r.config_set("set-max-intset-entries", "512")


def test_membership(r):
    r.sadd("s", "a", 1)
    assert r.sismember("s", "a") is True
    assert r.sismember("s", "01") is False
    assert r.sismember("nokey", "a") is False
    assert r.smismember("s", "a", "x", "1") == [1, 0, 1]
    assert r.smismember("nokey", "a", "b") == [0, 0]
    assert r.scard("nokey") == 0
    assert r.smembers("nokey") == set()


@pytest.mark.parametrize("command", [
    ("SADD", "k", "a"), ("SREM", "k", "a"), ("SMEMBERS", "k"), ("SISMEMBER", "k", "a"),
    ("SMISMEMBER", "k", "a"), ("SCARD", "k"), ("SPOP", "k"), ("SPOP", "k", "1"),
    ("SRANDMEMBER", "k"), ("SRANDMEMBER", "k", "1"), ("SMOVE", "k", "other", "a"),
    ("SMOVE", "set", "k", "a"), ("SINTER", "set", "k"), ("SINTER", "nokey", "k"),
    ("SINTERCARD", "2", "set", "k"), ("SINTERSTORE", "d", "set", "k"), ("SUNION", "set", "k"),
    ("SUNIONSTORE", "d", "k"), ("SDIFF", "set", "k"), ("SDIFF", "nokey", "k"),
    ("SDIFFSTORE", "d", "set", "k"), ("SSCAN", "k", "0"),
])
def test_wrongtype(raw, command):
    raw.command("SET", "k", "x")
    raw.command("SADD", "set", "a")
    assert err(raw, *command) == WRONGTYPE


# -- SPOP / SRANDMEMBER ---------------------------------------------------------------


def test_spop(r, rr, raw):
    r.sadd("s", *range(10))
    one = r.spop("s")
    assert one not in r.smembers("s") and 0 <= int(one) < 10
    three = r.spop("s", 3)
    assert len(three) == 3 and r.scard("s") == 6
    rest = r.spop("s", 100)
    assert len(rest) == 6
    assert r.exists("s") == 0
    assert r.spop("nokey") is None
    assert rr.execute_command("SPOP", "nokey", "3") == []
    r.sadd("s", "a")
    assert rr.execute_command("SPOP", "s", "0") == []
    assert err(raw, "SPOP", "s", "-1") == "ERR value is out of range, must be positive"
    assert err(raw, "SPOP", "s", "x") == "ERR value is out of range, must be positive"
    assert err(raw, "SPOP", "s", "1", "2") == "ERR syntax error"


def test_srandmember(r, rr, raw):
    members = {str(i) for i in range(10)}
    r.sadd("s", *members)
    assert r.srandmember("s") in members
    assert rr.execute_command("SRANDMEMBER", "s", "0") == []
    three = rr.execute_command("SRANDMEMBER", "s", "3")
    assert len(set(three)) == 3 and set(three) <= members
    assert sorted(rr.execute_command("SRANDMEMBER", "s", "100")) == sorted(members)
    repeats = rr.execute_command("SRANDMEMBER", "s", "-25")
    assert len(repeats) == 25 and set(repeats) <= members
    assert r.scard("s") == 10
    assert r.srandmember("nokey") is None
    assert rr.execute_command("SRANDMEMBER", "nokey", "-5") == []
    assert err(raw, "SRANDMEMBER", "s", "x") == NOT_INT
    assert err(raw, "SRANDMEMBER", "s", "-9223372036854775808") == \
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
    assert err(raw, "SRANDMEMBER", "s", "1", "2") == "ERR syntax error"


def test_resp3_reply_types(r, raw):
    r.sadd("s", *range(5))
    raw.command("HELLO", "3")
    assert isinstance(raw.command("SMEMBERS", "s"), set)
    assert isinstance(raw.command("SPOP", "s", "1"), set)
    assert isinstance(raw.command("SRANDMEMBER", "s", "100"), list)
    assert isinstance(raw.command("SRANDMEMBER", "s", "2"), list)
    assert isinstance(raw.command("SINTER", "s"), set)
    assert isinstance(raw.command("SUNION", "s", "nokey"), set)
    assert isinstance(raw.command("SDIFF", "s"), set)
    assert raw.command("SMEMBERS", "nokey") == set()


# -- SMOVE ----------------------------------------------------------------------------


def test_smove(r):
    r.sadd("a", 1, 2, "x")
    r.sadd("b", 2)
    assert r.smove("a", "b", "x") is True
    assert r.object("encoding", "b") == "hashtable"
    assert r.smove("a", "b", 2) is True  # already in b: still moved out of a
    assert r.smembers("a") == {"1"}
    assert r.smove("a", "b", "nope") is False
    assert r.smove("nokey", "b", 1) is False
    assert r.smove("b", "b", "x") is True
    assert r.smove("b", "b", "nope") is False
    assert r.smove("a", "new", 1) is True
    assert r.exists("a") == 0
    assert r.object("encoding", "new") == "intset"
    assert r.smembers("new") == {"1"}


# -- algebra --------------------------------------------------------------------------


def test_inter_union_diff(r):
    r.sadd("a", 1, 2, 3, 4, "x")
    r.sadd("b", 3, 4, 5)
    r.sadd("c", 4, "y")
    assert r.sinter("a", "b") == {"3", "4"}
    assert r.sinter("a", "b", "c") == {"4"}
    assert r.sinter("a", "nokey") == set()
    assert r.sunion("a", "b", "c") == {"1", "2", "3", "4", "5", "x", "y"}
    assert r.sunion("nokey", "nokey2") == set()
    assert r.sdiff("a", "b", "c") == {"1", "2", "x"}
    assert r.sdiff("a", "a") == set()
    assert r.sdiff("nokey", "a") == set()
    assert r.sdiff("a", "nokey") == {"1", "2", "3", "4", "x"}


def test_store_variants(r):
    r.sadd("a", 1, 2, 3, 4, "x")
    r.sadd("b", 3, 4, 5)
    r.sadd("c", 4, "y")
    assert r.sinterstore("d", "a", "b") == 2
    assert r.smembers("d") == {"3", "4"}
    assert r.object("encoding", "d") == "intset"
    assert r.sunionstore("d", "a", "b") == 6
    assert r.object("encoding", "d") == "hashtable"
    assert r.sunionstore("d", "b", "c") == 4
    assert r.sdiffstore("d", "a", "c") == 4
    assert r.smembers("d") == {"1", "2", "3", "x"}
    assert r.sinterstore("d", "a", "nokey") == 0
    assert r.exists("d") == 0
    assert r.sdiffstore("d", "a", "a") == 0
    assert r.exists("d") == 0
    r.set("d", "string")
    r.expire("d", 100)
    assert r.sunionstore("d", "b") == 3
    assert r.type("d") == "set"
    assert r.ttl("d") == -1


def test_sdiffstore_encoding_follows_redis_algorithm(r):
    # A big first set against a small one uses algorithm 2 (add all, then remove): the
    # string member that is removed again still converted the result to a hashtable.
    r.sadd("big", "s", *range(20))
    r.sadd("small", "s")
    r.sadd("small2", "q")
    assert r.sdiffstore("d", "big", "small", "small2") == 20
    assert r.object("encoding", "d") == "hashtable"
    # Comparable sizes use algorithm 1, which only adds survivors.
    r.sadd("a", "s", 1, 2)
    r.sadd("b", "s", 5, 6)
    assert r.sdiffstore("d2", "a", "b") == 2
    assert r.object("encoding", "d2") == "intset"


def test_sintercard(r, raw):
    r.sadd("a", 1, 2, 3, 4)
    r.sadd("b", 2, 3, 4, 5)
    assert raw.command("SINTERCARD", "2", "a", "b") == 3
    assert raw.command("SINTERCARD", "2", "a", "b", "LIMIT", "2") == 2
    assert raw.command("SINTERCARD", "2", "a", "b", "limit", "0") == 3
    assert raw.command("SINTERCARD", "1", "a", "LIMIT", "2", "LIMIT", "10") == 4
    assert raw.command("SINTERCARD", "2", "a", "nokey") == 0
    assert err(raw, "SINTERCARD", "0", "a") == "ERR numkeys should be greater than 0"
    assert err(raw, "SINTERCARD", "x", "a") == "ERR numkeys should be greater than 0"
    assert err(raw, "SINTERCARD", "3", "a", "b") == \
        "ERR Number of keys can't be greater than number of args"
    assert err(raw, "SINTERCARD", "2", "a", "b", "LIMIT", "-1") == "ERR LIMIT can't be negative"
    assert err(raw, "SINTERCARD", "2", "a", "b", "LIMIT", "x") == "ERR LIMIT can't be negative"
    assert err(raw, "SINTERCARD", "2", "a", "b", "LIMIT") == "ERR syntax error"
    assert err(raw, "SINTERCARD", "2", "a", "b", "foo") == "ERR syntax error"


# -- SSCAN ----------------------------------------------------------------------------


def test_sscan_intset_in_one_call(r, rr):
    r.sadd("s", 3, 1, 2)
    assert rr.execute_command("SSCAN", "s", "0", "COUNT", "1") == ["0", ["1", "2", "3"]]
    assert rr.execute_command("SSCAN", "s", "0", "MATCH", "2") == ["0", ["2"]]


def test_sscan_hashtable_iterates_everything(r):
    members = {f"m:{i}" for i in range(1000)}
    r.sadd("s", *members)
    seen, cursor, calls = set(), 0, 0
    while True:
        cursor, part = r.sscan("s", cursor, count=25)
        seen.update(part)
        calls += 1
        if cursor == 0 or calls > 10000:
            break
    assert seen == members
    assert calls > 1
    assert set(r.sscan_iter("s", match="m:99?")) == {f"m:99{i}" for i in range(10)}


def test_sscan_errors(r, raw):
    r.sadd("s", "a")
    assert err(raw, "SSCAN", "s", "x") == "ERR invalid cursor"
    assert err(raw, "SSCAN", "s", "0", "COUNT", "0") == "ERR syntax error"
    assert err(raw, "SSCAN", "s", "0", "TYPE", "set") == "ERR syntax error"
    assert raw.command("SSCAN", "nokey", "0") == [b"0", []]


# -- generic commands and the dirty counter --------------------------------------------


def test_copy_and_scan_type(r):
    r.sadd("s", 1, 2)
    r.sadd("t", "a")
    assert r.copy("s", "s2") is True
    r.sadd("s2", "x")
    assert r.smembers("s") == {"1", "2"}
    assert r.object("encoding", "s") == "intset"
    assert r.object("encoding", "s2") == "hashtable"
    r.hset("h", "a", "1")
    assert sorted(r.scan(0, _type="set", count=100)[1]) == ["s", "s2", "t"]


def test_dirty_counter(r):
    steps = [
        (("SADD", "s", *range(10)), 10), (("SADD", "s", 1, 2, 99), 1), (("SPOP", "s", 3), 3),
        (("SPOP", "s", 0), 0), (("SPOP", "s", 100), 8), (("SADD", "a", 1, 2), 2),
        (("SADD", "b", 2, 3), 2), (("SMOVE", "a", "b", 1), 2), (("SMOVE", "a", "b", 2), 1),
        (("SMOVE", "b", "b", 3), 0), (("SUNIONSTORE", "d", "nokey"), 0),
        (("SUNIONSTORE", "d", "b"), 1), (("SDIFFSTORE", "d", "b", "b"), 1),
        (("SDIFFSTORE", "d", "b", "b"), 0), (("SINTERSTORE", "d", "b", "nokey"), 0),
    ]
    for command, delta in steps:
        before = dirty(r)
        r.execute_command(*command)
        assert dirty(r) - before == delta, command


def test_keyspace_hits_and_misses(r):
    """The STORE variants read their sources (hits and misses count), SMOVE does not, and
    SPOP with a count that takes the whole set counts one hit (Redis replies via SUNION)."""
    r.sadd("a", 1, 2)
    r.sadd("b", 2, 3)
    steps = [
        (("SINTERSTORE", "d", "a", "b"), (2, 0)), (("SINTERSTORE", "d", "a", "nokey"), (1, 1)),
        (("SUNIONSTORE", "d", "a", "nokey"), (1, 1)), (("SDIFFSTORE", "d", "a", "b"), (2, 0)),
        (("SINTER", "a", "b"), (2, 0)), (("SMOVE", "a", "b", 1), (0, 0)),
        (("SPOP", "b", 1), (0, 0)), (("SPOP", "b", 5), (1, 0)), (("SPOP", "nokey", 5), (0, 0)),
    ]
    for command, (hits, misses) in steps:
        before = r.info("stats")
        r.execute_command(*command)
        after = r.info("stats")
        assert (after["keyspace_hits"] - before["keyspace_hits"],
                after["keyspace_misses"] - before["keyspace_misses"]) == (hits, misses), command
