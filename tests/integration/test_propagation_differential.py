"""Command propagation (what a server writes to its AOF / replicas) compared with redis-server
7.0.15, entry by entry.

Each test runs one command script against a fresh reference redis-server (its stream is the
AOF: ``--appendonly yes``) and a fresh server under test. cairn-server is started with
``--propagation-log <file>`` and writes the same RESP arrays there; when the server under test
is redis-server itself (CAIRN_SERVER unset) its AOF is read too, so the suite checks itself.
The streams must be equal, except for the absolute times a server computes from a relative
expiry (SET EX -> SET PXAT, EXPIRE -> PEXPIREAT), which must agree relative to each run's own
clock, and for the random picks of SPOP (sections marked loose: same commands, keys and
argument counts). See propagation.py for the script steps and the comparison.

The full script (test_full_script_matches_redis) covers every write command Cairn implements;
the small tests name one propagation rule each and also check Redis against the expected
entries, so they document the rules (``<ts>`` stands for a time near now, in ms)."""

import os

import pytest

import conftest
from conftest import DEFAULT_SERVER, ReferenceServer, ServerProcess, is_cairn, not_on_windows
from propagation import (Await, Block, Pipe, Section, Sleep, aof_stream, compare_runs,
                         log_stream, parse_stream, Run, run_script, show)
from propagation_script import FULL, PAST

pytestmark = not_on_windows("the reference redis-server is a Linux program")

AOF_ARGS = ["--appendonly", "yes", "--auto-aof-rewrite-percentage", "0"]
# Cairn's write commands (COMMAND LIST, the write or may-replicate ones): the full script
# sends each of them at least once.
WRITE_COMMANDS = set("""
APPEND BITFIELD BITOP BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH BZMPOP BZPOPMAX BZPOPMIN COPY DECR
DECRBY DEL EXPIRE EXPIREAT FLUSHALL FLUSHDB GETDEL GETEX GETSET HDEL HINCRBY HINCRBYFLOAT HMSET
HSET HSETNX INCR INCRBY INCRBYFLOAT LINSERT LMOVE LMPOP LPOP LPUSH LPUSHX LREM LSET LTRIM MOVE
MSET MSETNX PERSIST PEXPIRE PEXPIREAT PFADD PFCOUNT PFMERGE PSETEX PUBLISH RENAME RENAMENX RPOP
RPOPLPUSH RPUSH RPUSHX SADD SDIFFSTORE SET SETBIT SETEX SETNX SETRANGE SINTERSTORE SMOVE SORT
SPOP SPUBLISH SREM SUNIONSTORE SWAPDB UNLINK ZADD ZDIFFSTORE ZINCRBY ZINTERSTORE ZMPOP ZPOPMAX
ZPOPMIN ZRANGESTORE ZREM ZREMRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZUNIONSTORE
XACK XADD XAUTOCLAIM XCLAIM XDEL XGROUP XREADGROUP XSETID XTRIM
""".split())


def make_side(under_test):
    """(server, read_stream) for the server under test or the reference, not started yet."""
    if under_test and is_cairn():
        s = ServerProcess(name="server under test")
        path = os.path.join(s.dir, "propagation.log")
        s.extra_args += ["--propagation-log", path]
        return s, lambda: log_stream(path)
    cls = ServerProcess if under_test else ReferenceServer
    s = cls(AOF_ARGS, name="server under test" if under_test else "reference redis-server")
    return s, lambda: aof_stream(s.dir)


@pytest.fixture
def sides():
    """[(reference, read_stream), (server under test, read_stream)], both fresh."""
    if not os.access(DEFAULT_SERVER, os.X_OK):
        pytest.skip("no reference redis-server")
    started = []
    try:
        for under_test in (False, True):
            started.append(make_side(under_test))
            conftest._active_servers.append(started[-1][0])  # logs shown on failure
            started[-1][0].start()
        yield started
    finally:
        for s, _ in started:
            conftest._active_servers.remove(s)
            s.cleanup()


def check(sides, steps, expect=None):
    """Runs `steps` on both servers and compares the streams. With `expect` Redis's own stream
    is checked first against those lines (the stream without its end marker; a leading
    SELECT 0 may be left out): a word "<ts>" stands for a time near now (ms), "*" for any."""
    (ref, ref_read), (tested, tested_read) = sides
    want = run_script(ref.port, ref_read, steps, token="reference")
    got = run_script(tested.port, tested_read, steps, token="tested")
    # Each stream ends with its own end marker (the tokens differ on purpose).
    got.entries, want.entries = got.entries[:-1], want.entries[:-1]
    if expect is not None:
        assert_stream(want, expect)
    loose = {s.name for s in steps if isinstance(s, Section) and s.loose}
    compare_runs(got, want, loose, got_name="tested", want_name="redis-server")


def assert_stream(run, expect):
    body = run.entries
    if body[:1] == [(b"SELECT", b"0")] and not (expect and expect[0].startswith("SELECT ")):
        body = body[1:]
    ok = len(body) == len(expect)
    for entry, line in zip(body, expect):
        words = [w.encode() for w in line.split(" ")]
        ok = ok and len(entry) == len(words) and all(
            w in (a, b"*") or (w == b"<ts>" and a.isdigit()
                               and abs(int(a) - run.start_ms) < 3600_000)
            for w, a in zip(words, entry))
    assert ok, ("Redis's stream is not the documented one (has Redis changed?)\n  got:  "
                + "\n        ".join(show(e) for e in body)
                + "\n  want: " + "\n        ".join(expect))


# -- one rule each ------------------------------------------------------------------------------

def test_reads_propagate_nothing(sides):
    check(sides, [
        ("SET", "k", "v"), ("RPUSH", "l", "a"), ("SADD", "s", "m"), ("ZADD", "z", "1", "m"),
        ("HSET", "h", "f", "v"), ("PFADD", "hll", "a"), ("PFCOUNT", "hll"),
        ("GET", "k"), ("MGET", "k", "nok"), ("EXISTS", "k"), ("TTL", "k"), ("TYPE", "l"),
        ("LRANGE", "l", "0", "-1"), ("SMEMBERS", "s"), ("SRANDMEMBER", "s"),
        ("ZRANGE", "z", "0", "-1"), ("ZRANDMEMBER", "z"), ("HGETALL", "h"), ("HRANDFIELD", "h"),
        ("SCAN", "0"), ("KEYS", "*"),
        ("PFCOUNT", "hll"), ("SORT", "l", "ALPHA"), ("BITCOUNT", "k"), ("GETEX", "k"),
        ("BITFIELD", "k", "GET", "u8", "0"), ("SINTER", "s", "s"), ("DBSIZE",),
    ], expect=["SET k v", "RPUSH l a", "SADD s m", "ZADD z 1 m", "HSET h f v", "PFADD hll a",
               "PFCOUNT hll"])


def test_writes_that_change_nothing_propagate_nothing(sides):
    check(sides, [
        ("SET", "k", "v"), ("SADD", "s", "m"), ("ZADD", "z", "1", "m"), ("HSET", "h", "f", "v"),
        ("RPUSH", "l", "a"), ("SET", "b", "\x01"),
        ("DEL", "nok"), ("UNLINK", "nok"), ("SADD", "s", "m"), ("SREM", "s", "x"),
        ("EXPIRE", "nok", "10"), ("PERSIST", "k"), ("HSETNX", "h", "f", "w"), ("HDEL", "h", "x"),
        ("ZADD", "z", "1", "m"), ("ZINCRBY", "z", "0", "m"), ("ZREM", "z", "x"),
        ("SETBIT", "b", "7", "1"), ("RENAME", "k", "k"), ("SMOVE", "s", "s", "m"),
        ("LREM", "l", "0", "x"), ("LPOP", "l", "0"), ("PFADD", "hll"), ("PFADD", "hll"),
        ("SET", "k", "w", "NX"), ("MSETNX", "k", "1"), ("MOVE", "nok", "1"),
        ("EXPIRE", "k", "10", "XX"), ("SINTERSTORE", "d", "nok", "s"), ("SPOP", "nok"),
        ("LTRIM", "l", "0", "-1"),
        ("BITFIELD", "b", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "999"),
    ], expect=["SET k v", "SADD s m", "ZADD z 1 m", "HSET h f v", "RPUSH l a", "SET b \x01",
               "PFADD hll"])


def test_exec_with_one_write_is_not_wrapped(sides):
    check(sides, [
        ("MULTI",), ("SET", "a", "1"), ("GET", "a"), ("DEL", "nok"), ("EXEC",),
        ("MULTI",), ("GET", "a"), ("EXEC",), ("MULTI",), ("EXEC",),
        # PUBLISH goes to replicas only, and with no replica (nor backlog) Redis does not even
        # queue it: one op left, no wrapper. (With a replica: MULTI, SET, EXEC in the AOF.)
        ("MULTI",), ("SET", "t", "1"), ("PUBLISH", "ch", "m"), ("EXEC",),
    ], expect=["SET a 1", "SET t 1"])


def test_exec_wraps_its_writes_and_leaves_out_failed_ones(sides):
    check(sides, [
        ("multi",), ("SET", "a", "x"), ("INCR", "a"), ("set", "b", "1"), ("exec",),
        ("MULTI",), ("SET", "a", "1"), ("NOSUCHCOMMAND",), ("EXEC",),
        ("WATCH", "a"), ("SET", "a", "2"), ("MULTI",), ("SET", "c", "1"), ("SET", "d", "1"),
        ("EXEC",),
    ], expect=["MULTI", "SET a x", "set b 1", "EXEC", "SET a 2"])


def test_exec_wrapper_is_selected_into_the_db_of_its_first_write(sides):
    check(sides, [
        ("MULTI",), ("SELECT", "4"), ("SET", "a", "1"), ("SELECT", "0"), ("SET", "a", "1"),
        ("EXEC",), ("SET", "b", "1"),
    ], expect=["SELECT 4", "MULTI", "SET a 1", "SELECT 0", "SET a 1", "EXEC", "SET b 1"])


def test_lazy_expire_inside_a_write_is_wrapped_with_it(sides):
    check(sides, [
        Pipe(("SET", "k", "v", "PXAT", PAST), ("set", "k", "v2")),
        Pipe(("SET", "k", "v", "PXAT", PAST), ("LPUSH", "k", "x")),
        Pipe(("SET", "k", "v", "PXAT", PAST), ("DEL", "k")),
    ], expect=[f"SET k v PXAT {PAST}", "MULTI", "DEL k", "set k v2", "EXEC",
               f"SET k v PXAT {PAST}", "MULTI", "DEL k", "LPUSH k x", "EXEC",
               f"SET k v PXAT {PAST}", "DEL k"])


def test_lazy_expire_by_a_read_is_a_del(sides):
    check(sides, [
        ("SET", "k", "v", "PX", "1"), Sleep(25), ("GET", "k"),
        Pipe(("SET", "a", "v", "PXAT", PAST), ("SET", "b", "v", "PXAT", PAST), ("MGET", "a", "b")),
    ], expect=["SET k v PXAT <ts>", "DEL k", f"SET a v PXAT {PAST}", f"SET b v PXAT {PAST}",
               "MULTI", "DEL a", "DEL b", "EXEC"])


def test_relative_expiries_become_absolute_times_in_ms(sides):
    check(sides, [
        ("SET", "k", "v", "EX", "100"), ("set", "k", "v", "px", "100000", "get"),
        ("SETEX", "k", "100", "v"), ("psetex", "k", "100000", "v"),
        ("SET", "k", "v", "EXAT", "4102444800"), ("EXPIRE", "k", "100"),
        ("pexpire", "k", "200000", "xx"), ("EXPIREAT", "k", "4102444800"),
        ("GETEX", "k", "EX", "100"), ("GETEX", "k", "PXAT", "4102444800001"),
        ("GETEX", "k", "PERSIST"), ("INCRBYFLOAT", "n", "1.5"),
    ], expect=["SET k v PXAT <ts>", "SET k v PXAT <ts>", "SET k v PXAT <ts>",
               "SET k v PXAT <ts>", "SET k v PXAT 4102444800000", "PEXPIREAT k <ts>",
               "PEXPIREAT k <ts> xx", "PEXPIREAT k 4102444800000", "PEXPIREAT k <ts>",
               "PEXPIREAT k 4102444800001", "PERSIST k", "SET n 1.5 KEEPTTL"])


def test_expiry_in_the_past_deletes(sides):
    check(sides, [
        ("SET", "k", "v"), ("EXPIRE", "k", "-1"), ("SET", "k", "v"), ("pexpireat", "k", "1"),
        ("SET", "k", "v"), ("GETEX", "k", "EXAT", "1"), ("SET", "k", "v", "EX", "100"),
        ("EXPIRE", "k", "-5", "GT"), ("EXPIRE", "k", "-5", "LT"),
    ], expect=["SET k v", "DEL k", "SET k v", "DEL k", "SET k v", "DEL k", "SET k v PXAT <ts>",
               "DEL k"])


def test_rewritten_commands_are_upper_case_the_others_as_sent(sides):
    check(sides, [
        ("getset", "k", "1"), ("getdel", "k"), ("incrbyfloat", "f", "2"),
        ("hincrbyfloat", "h", "f", "2"), ("set", "k", "v", "get", "xx"), ("set", "k", "v", "get"),
        ("sadd", "s", "m"), ("spop", "s"), ("rpush", "l", "a", "b"), ("lmpop", "1", "l", "left"),
        ("Zadd", "z", "1", "a"), ("zmpop", "1", "z", "max"), ("dEl", "l"),
    ], expect=["SET k 1", "DEL k", "SET f 2 KEEPTTL", "HSET h f 2", "set k v", "sadd s m",
               "SREM s m", "rpush l a b", "LPOP l 1", "Zadd z 1 a", "ZPOPMAX z 1", "dEl l"])


def test_spop_becomes_srem_or_del(sides):
    check(sides, [
        ("SADD", "s", "m"), ("SPOP", "s"), ("SADD", "s", "a", "b"), ("SPOP", "s", "5"),
        Section("random", loose=True), ("SADD", "s", "a", "b", "c"), ("SPOP", "s", "2"),
    ], expect=["SADD s m", "SREM s m", "SADD s a b", "DEL s", "SET __section__ random",
               "SADD s a b c", "MULTI", "SREM s *", "SREM s *", "EXEC"])


def test_mpop_becomes_pop_with_the_count_popped(sides):
    check(sides, [
        ("RPUSH", "l", "a", "b", "c"), ("LMPOP", "2", "nok", "l", "LEFT"),
        ("LMPOP", "1", "l", "RIGHT", "COUNT", "5"), ("ZADD", "z", "1", "a", "2", "b"),
        ("ZMPOP", "1", "z", "MIN", "COUNT", "9"),
    ], expect=["RPUSH l a b c", "LPOP l 1", "RPOP l 2", "ZADD z 1 a 2 b", "ZPOPMIN z 2"])


def test_blocked_pops_are_propagated_after_the_push(sides):
    check(sides, [
        Block("BLPOP", "l", "0"), ("RPUSH", "l", "a", "b"), Await(),
        Block("BLMOVE", "l1", "d", "LEFT", "RIGHT", "0"), ("RPUSH", "l1", "c"), Await(),
        Block("BLMPOP", "0", "1", "l2", "LEFT", "COUNT", "5"), ("RPUSH", "l2", "a", "b"), Await(),
        Block("BZPOPMIN", "z", "0"), ("ZADD", "z", "1", "a"), Await(),
        Block("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"), ("ZADD", "z", "1", "a", "2", "b"),
        Await(),
        Block("BLPOP", "m", "0"), ("MULTI",), ("RPUSH", "m", "x"), ("SET", "y", "1"), ("EXEC",),
        Await(),
    ], expect=["RPUSH l a b", "LPOP l", "RPUSH l1 c", "LMOVE l1 d left right", "RPUSH l2 a b",
               "LPOP l2 2", "ZADD z 1 a", "ZPOPMIN z", "ZADD z 1 a 2 b", "ZPOPMAX z 2",
               "MULTI", "RPUSH m x", "SET y 1", "EXEC", "LPOP m"])


def test_blocking_commands_that_find_data_propagate_the_plain_pop(sides):
    check(sides, [
        ("RPUSH", "l", "a", "b", "c", "d"), ("BLPOP", "l", "0"), ("BRPOP", "l", "0"),
        ("BLMOVE", "l", "d", "LEFT", "right", "0"), ("BRPOPLPUSH", "d", "l", "0"),
        ("BLMPOP", "0", "1", "l", "RIGHT"), ("ZADD", "z", "1", "a", "2", "b"),
        ("BZPOPMAX", "z", "0"), ("BZMPOP", "0", "1", "z", "MIN", "COUNT", "3"),
    ], expect=["RPUSH l a b c d", "LPOP l", "RPOP l", "LMOVE l d LEFT right", "RPOPLPUSH d l",
               "RPOP l 1", "ZADD z 1 a 2 b", "ZPOPMAX z", "ZPOPMIN z 1"])


def test_stream_writes_propagate_as_redis_rewrites_them(sides):
    check(sides, [
        ("XADD", "s", "1-*", "a", "1"),
        ("XADD", "s", "MAXLEN", "~", "0", "2-0", "a", "1"),
        ("XGROUP", "CREATE", "s", "g", "0"),
        ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"),
        ("XREADGROUP", "GROUP", "g", "d", "NOACK", "STREAMS", "s", "0"),
        ("XADD", "s", "3-0", "a", "1"),
        ("XREADGROUP", "GROUP", "g", "d", "NOACK", "STREAMS", "s", ">"),
        ("XREADGROUP", "GROUP", "g", "e", "NOACK", "STREAMS", "s", ">"),
        ("XADD", "s", "4-0", "a", "1"),
        ("XREADGROUP", "GROUP", "g", "f", "NOACK", "STREAMS", "s", ">"),
    ], expect=["XADD s 1-0 a 1", "XADD s MAXLEN = 0 2-0 a 1", "XGROUP CREATE s g 0",
               "XGROUP CREATECONSUMER s g d", "XADD s 3-0 a 1",
               "XGROUP SETID s g 3-0 ENTRIESREAD 3", "XADD s 4-0 a 1",
               "MULTI", "XGROUP CREATECONSUMER s g f", "XGROUP SETID s g 4-0 ENTRIESREAD 4",
               "EXEC"])


def test_stream_reads_propagate_xclaim_with_lastid(sides):
    check(sides, [
        ("XADD", "s", "1-0", "a", "1"), ("XADD", "s", "2-0", "a", "1"),
        ("XGROUP", "CREATE", "s", "g", "0"),
        ("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">"),
        ("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"),
        ("XCLAIM", "s", "g", "d", "0", "1-0", "2", "JUSTID"),
        ("XDEL", "s", "1-0"), ("XAUTOCLAIM", "s", "g", "e", "0", "0"),
        ("XCLAIM", "s", "g", "d", "0", "77-0", "LASTID", "9-0"),
        ("XTRIM", "s", "MAXLEN", "~", "0"),
    ], expect=["XADD s 1-0 a 1", "XADD s 2-0 a 1", "XGROUP CREATE s g 0",
               "XCLAIM s g c 0 1-0 TIME <ts> RETRYCOUNT 1 FORCE JUSTID LASTID 1-0",
               "XCLAIM s g c 0 2-0 TIME <ts> RETRYCOUNT 1 FORCE JUSTID LASTID 2-0",
               "MULTI", "XCLAIM s g d 0 1-0 TIME <ts> RETRYCOUNT 1 FORCE JUSTID LASTID 2-0",
               "XCLAIM s g d 0 2 TIME <ts> RETRYCOUNT 1 FORCE JUSTID LASTID 2-0", "EXEC",
               "XDEL s 1-0", "MULTI",
               "XCLAIM s g d 0 1-0 TIME <ts> RETRYCOUNT 1 FORCE JUSTID LASTID 2-0",
               "XCLAIM s g e 0 2-0 TIME <ts> RETRYCOUNT 2 FORCE JUSTID LASTID 2-0", "EXEC",
               "XGROUP SETID s g 9-0 ENTRIESREAD 2", "XTRIM s MAXLEN = 0"])


def test_publish_is_not_in_the_stream(sides):
    # Redis sends PUBLISH / SPUBLISH to replicas only (never to the AOF), and only if it has
    # a replica or a backlog: the servers here have neither.
    check(sides, [("PUBLISH", "ch", "m"), ("SPUBLISH", "ch", "m"), ("SET", "k", "v")],
          expect=["SET k v"])


def test_select_is_written_when_the_db_of_a_write_changes(sides):
    check(sides, [
        ("SELECT", "3"), ("SET", "a", "1"), ("SELECT", "4"), ("GET", "a"), ("SELECT", "3"),
        ("SET", "b", "1"), ("SELECT", "0"), ("SET", "c", "1"), ("SELECT", "9"),
        ("SWAPDB", "1", "1"), ("FLUSHDB", "ASYNC"), ("flushall",),
    ], expect=["SELECT 3", "SET a 1", "SET b 1", "SELECT 0", "SET c 1", "SELECT 9",
               "SWAPDB 1 1", "FLUSHDB ASYNC", "flushall", "SELECT 0"])


def test_keyspace_commands_are_propagated_as_sent(sides):
    check(sides, [
        ("SET", "k", "v"), ("COPY", "k", "k2", "DB", "3"), ("copy", "k", "k2"),
        ("MOVE", "k2", "3"), ("MOVE", "k2", "4"), ("RENAME", "k", "k3"), ("RENAMENX", "k3", "k2"),
        ("SET", "k", "v"), ("RENAMENX", "k2", "k"), ("RENAME", "k", "k"),
    ], expect=["SET k v", "COPY k k2 DB 3", "copy k k2", "MOVE k2 4", "RENAME k k3",
               "RENAMENX k3 k2", "SET k v"])


def test_pfcount_writes_back_a_stale_cache(sides):
    check(sides, [
        ("PFADD", "h", "a"), ("PFCOUNT", "h"), ("PFCOUNT", "h"), ("PFADD", "h2", "b"),
        ("PFCOUNT", "h", "h2"), ("PFMERGE", "h", "h2"), ("PFCOUNT", "h"), ("PFMERGE", "h"),
    ], expect=["PFADD h a", "PFCOUNT h", "PFADD h2 b", "PFMERGE h h2", "PFCOUNT h",
               "PFMERGE h"])


def test_stores_propagate_as_sent_when_they_change_the_destination(sides):
    check(sides, [
        ("RPUSH", "l", "2", "1"), ("SORT", "l", "STORE", "d"), ("SORT", "nok", "STORE", "d"),
        ("SORT", "nok", "STORE", "d"), ("BITFIELD", "b", "SET", "u8", "0", "1", "GET", "u8", "0"),
        ("BITOP", "NOT", "b2", "b"), ("SADD", "s", "a"), ("SINTERSTORE", "d", "s", "nok"),
        ("SUNIONSTORE", "d", "s"), ("ZADD", "z", "1", "a"), ("ZRANGESTORE", "d", "z", "0", "-1"),
    ], expect=["RPUSH l 2 1", "SORT l STORE d", "SORT nok STORE d",
               "BITFIELD b SET u8 0 1 GET u8 0", "BITOP NOT b2 b", "SADD s a",
               "SUNIONSTORE d s", "ZADD z 1 a", "ZRANGESTORE d z 0 -1"])


def test_stream_parser_drops_a_torn_tail():
    data = b"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n"
    assert parse_stream(data) == [(b"SELECT", b"0")]
    assert parse_stream(data + b"v\r\n") == [(b"SELECT", b"0"), (b"SET", b"k", b"v")]
    assert parse_stream(b"") == []


def test_times_are_compared_relative_to_each_run():
    def run(ts, clock):
        return Run([(b"SET", b"k", b"v", b"PXAT", ts)], {"<start>": clock})
    want = run(b"1796400100000", 1796400000000)  # 100 s after its own clock
    assert compare_runs(run(b"1796400104000", 1796400002000), want) is None  # 102 s
    with pytest.raises(AssertionError, match="differ at entry 0"):
        compare_runs(run(b"1796400110000", 1796400002000), want)  # 108 s
    want = run(b"4102444800000", 1796400000000)  # far from now: given by the script, exact
    assert compare_runs(run(b"4102444800000", 1796400002000), want) is None
    with pytest.raises(AssertionError, match="differ at entry 0"):
        compare_runs(run(b"4102444800001", 1796400002000), want)


# -- everything -------------------------------------------------------------------------------

def test_full_script_covers_every_write_command():
    sent = [s.args if isinstance(s, Block) else s for s in FULL if isinstance(s, (tuple, Block))]
    sent += [c for s in FULL if isinstance(s, Pipe) for c in s.commands]
    assert len(sent) >= 300
    names = {c[0].upper() for c in sent}
    assert WRITE_COMMANDS <= names, sorted(WRITE_COMMANDS - names)


def test_full_script_matches_redis(sides):
    check(sides, FULL)


# -- Scripts and functions (effects replication, Redis 7.0) -------------------------------------

def test_script_propagates_its_writes_not_itself(sides):
    check(sides, [
        ("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "a", "1"),
        ("EVAL", "redis.call('set', 'b', '1') redis.call('incr', 'b') return 1", "0"),
        ("EVAL", "return redis.call('get', 'a')", "0"),
        ("EVAL_RO", "return redis.call('get', 'a')", "0"),
        ("EVAL", "return redis.call('del', 'nokey')", "0"),
    ], expect=["set a 1", "MULTI", "set b 1", "incr b", "EXEC"])


def test_script_rewritten_commands_and_select(sides):
    check(sides, [
        ("EVAL", "redis.call('incrbyfloat', 'f', '1.5') redis.call('expire', 'f', 100) "
         "redis.call('select', 3) redis.call('set', 'x', 'y') return 1", "0"),
        ("SET", "after", "1"),
        ("EVAL", "redis.call('spop', 'noset') redis.call('lpush', 'l', 'a') "
         "return redis.call('lpop', 'l')", "0"),
    ])


def test_script_set_repl_and_script_cache_commands(sides):
    check(sides, [
        ("SCRIPT", "LOAD", "return redis.call('set', 'loaded', '1')"),
        ("EVALSHA", "8ea6ef7fd8b5c8ab0b1d64ee35ec1ec5c5bd8bf0", "0"),
        ("EVAL", "redis.set_repl(redis.REPL_NONE) redis.call('set', 'none', '1') "
         "redis.set_repl(redis.REPL_ALL) redis.call('set', 'all', '1') return 1", "0"),
        ("EVAL", "redis.set_repl(redis.REPL_REPLICA) redis.call('set', 'replica_only', '1') "
         "redis.set_repl(redis.REPL_AOF) redis.call('set', 'aof_only', '1') return 1", "0"),
        ("SCRIPT", "FLUSH"),
        ("MULTI",), ("EVAL", "return redis.call('set', 'm1', '1')", "0"), ("SET", "m2", "1"),
        ("EXEC",),
    ])


def test_functions_propagate_as_redis(sides):
    lib = ("#!lua name=plib\nredis.register_function('pset', function(keys, args) "
           "return redis.call('set', keys[1], args[1]) end)\n")
    check(sides, [
        ("FUNCTION", "LOAD", lib),
        ("FCALL", "pset", "1", "fk", "fv"),
        ("FUNCTION", "LOAD", lib),  # fails: nothing propagated
        ("FUNCTION", "DELETE", "plib"),
        ("FUNCTION", "DELETE", "plib"),
        ("FUNCTION", "LOAD", lib),
        ("FUNCTION", "FLUSH"),
    ], expect=["FUNCTION LOAD *", "set fk fv", "FUNCTION DELETE plib", "FUNCTION LOAD *",
               "FUNCTION FLUSH"])
