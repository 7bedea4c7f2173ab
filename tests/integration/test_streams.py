"""Streams: XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID XREAD XREADGROUP XGROUP XACK XPENDING
XCLAIM XAUTOCLAIM XINFO, their errors byte for byte (scripted sessions replayed on Cairn and on
redis-server 7.0.15 and compared), blocking reads, keyspace events, RDB / DUMP interchange
with redis-server and the AOF rewrite."""

import os
import shutil
import time

import pytest
import redis

from conftest import (RawConnection, ReferenceServer, encode_command, read_raw, recv_exact,
                      wait_blocked)
from conftest import open_socket as raw_socket

needs_reference = pytest.mark.skipif(
    not os.access("/usr/bin/redis-server", os.X_OK),
    reason="needs the Linux reference redis-server")


# ------------------------------------------------------------------------------------------
# Behaviour with explicit expectations
# ------------------------------------------------------------------------------------------

def test_xadd_ids_and_ranges(rr):
    r = rr
    assert r.execute_command("XADD", "s", "1-1", "a", "1") == "1-1"
    assert r.execute_command("XADD", "s", "1-*", "b", "2") == "1-2"
    assert r.execute_command("XADD", "s", "5", "c", "3") == "5-0"
    auto = r.execute_command("XADD", "s", "*", "d", "4")
    ms, seq = map(int, auto.split("-"))
    assert ms > 5
    assert r.xlen("s") == 4
    assert r.execute_command("XRANGE", "s", "-", "+", "COUNT", "2") == [
        ["1-1", ["a", "1"]], ["1-2", ["b", "2"]]]
    assert r.execute_command("XREVRANGE", "s", "5", "(1-1") == [
        ["5-0", ["c", "3"]], ["1-2", ["b", "2"]]]
    assert r.execute_command("XRANGE", "s", "-", "+", "COUNT", "0") is None
    assert r.execute_command("XRANGE", "missing", "-", "+") == []


def test_xadd_errors(rr):
    r = rr
    r.execute_command("XADD", "s", "5-5", "a", "1")
    with pytest.raises(redis.ResponseError, match="equal or smaller than the target stream top"):
        r.execute_command("XADD", "s", "5-5", "a", "1")
    with pytest.raises(redis.ResponseError, match="must be greater than 0-0"):
        r.execute_command("XADD", "t", "0-0", "a", "1")
    with pytest.raises(redis.ResponseError, match="Invalid stream ID"):
        r.execute_command("XADD", "s", "x-1", "a", "1")
    with pytest.raises(redis.ResponseError, match="wrong number of arguments for 'xadd'"):
        r.execute_command("XADD", "s", "*", "a")
    assert r.execute_command("XADD", "nokey", "NOMKSTREAM", "*", "a", "1") is None
    assert r.exists("nokey") == 0
    r.set("str", "x")
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        r.execute_command("XADD", "str", "*", "a", "1")


def test_trimming(rr):
    r = rr
    for i in range(1, 301):
        r.execute_command("XADD", "s", f"{i}-0", "f", "v")
    # Approximate trims whole nodes only (100 entries per node by default).
    r.execute_command("XADD", "s", "MAXLEN", "~", "150", "301-0", "f", "v")
    assert r.xlen("s") == 201
    assert r.execute_command("XTRIM", "s", "MAXLEN", "=", "10") == 191
    assert r.xlen("s") == 10
    assert r.execute_command("XTRIM", "s", "MINID", "295") == 3  # 292-0 .. 294-0
    assert r.execute_command("XRANGE", "s", "-", "+", "COUNT", "1")[0][0] == "295-0"
    with pytest.raises(redis.ResponseError, match="LIMIT cannot be used without the special ~"):
        r.execute_command("XTRIM", "s", "MAXLEN", "10", "LIMIT", "5")
    with pytest.raises(redis.ResponseError, match="XTRIM must be called with a trimming"):
        r.execute_command("XTRIM", "s", "LIMIT", "0")


def test_xdel_and_first_id(rr):
    r = rr
    for i in range(1, 4):
        r.execute_command("XADD", "s", f"{i}-0", "f", "v")
    assert r.execute_command("XDEL", "s", "1-0", "9-0") == 1
    info = r.execute_command("XINFO", "STREAM", "s")
    fields = dict(zip(info[::2], info[1::2]))
    assert fields["length"] == 2
    assert fields["max-deleted-entry-id"] == "1-0"
    assert fields["recorded-first-entry-id"] == "2-0"
    assert fields["entries-added"] == 3


def test_groups_pending_claim(rr):
    r = rr
    for i in range(1, 4):
        r.execute_command("XADD", "s", f"{i}-0", "f", str(i))
    assert r.execute_command("XGROUP", "CREATE", "s", "g", "0") == "OK"
    with pytest.raises(redis.ResponseError, match="^BUSYGROUP Consumer Group name already exists"):
        r.execute_command("XGROUP", "CREATE", "s", "g", "0")
    got = r.execute_command("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">")
    assert got == [["s", [["1-0", ["f", "1"]], ["2-0", ["f", "2"]]]]]
    summary = r.execute_command("XPENDING", "s", "g")
    assert summary == [2, "1-0", "2-0", [["alice", "2"]]]
    assert r.execute_command("XACK", "s", "g", "1-0", "1-0") == 1
    claimed = r.execute_command("XCLAIM", "s", "g", "bob", "0", "2-0", "JUSTID")
    assert claimed == ["2-0"]
    pend = r.execute_command("XPENDING", "s", "g", "-", "+", "10")
    assert pend[0][0] == "2-0" and pend[0][1] == "bob" and pend[0][3] == 1
    r.execute_command("XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">")
    r.execute_command("XDEL", "s", "3-0")
    cursor, entries, deleted = r.execute_command("XAUTOCLAIM", "s", "g", "carol", "0", "0")
    assert cursor == "0-0"
    assert entries == [["2-0", ["f", "2"]]]
    assert deleted == ["3-0"]
    groups = r.execute_command("XINFO", "GROUPS", "s")
    g = dict(zip(groups[0][::2], groups[0][1::2]))
    assert g["name"] == "g" and g["pending"] == 1 and g["entries-read"] == 3
    assert r.execute_command("XGROUP", "DELCONSUMER", "s", "g", "carol") == 1
    assert r.execute_command("XGROUP", "CREATECONSUMER", "s", "g", "dave") == 1
    assert r.execute_command("XGROUP", "CREATECONSUMER", "s", "g", "dave") == 0
    assert r.execute_command("XGROUP", "DESTROY", "s", "g") == 1
    assert r.execute_command("XGROUP", "DESTROY", "s", "g") == 0


def test_type_encoding_scan_copy_rename(r):
    r.execute_command("XADD", "s", "1-0", "a", "1")
    r.execute_command("XGROUP", "CREATE", "s", "g", "$")
    assert r.type("s") == "stream"
    assert r.object("encoding", "s") == "stream"
    assert r.scan(0, _type="stream") == (0, ["s"])
    assert r.execute_command("COPY", "s", "s2") == 1
    r.execute_command("XADD", "s2", "2-0", "b", "2")
    assert r.xlen("s") == 1 and r.xlen("s2") == 2
    assert len(r.xinfo_groups("s2")) == 1
    r.rename("s2", "s3")
    assert r.xlen("s3") == 2
    assert r.memory_usage("s") > 0
    payload = r.dump("s3")
    r.restore("s4", 0, payload)
    assert r.execute_command("XRANGE", "s4", "-", "+") == r.execute_command("XRANGE", "s3", "-", "+")


def test_stream_node_config_takes_effect(r, rr):
    assert r.config_get("stream-node-max-entries") == {"stream-node-max-entries": "100"}
    r.config_set("stream-node-max-entries", "2")
    try:
        for i in range(1, 6):
            r.execute_command("XADD", "s", f"{i}-0", "f", "v")
        info = rr.execute_command("XINFO", "STREAM", "s")
        assert dict(zip(info[::2], info[1::2]))["radix-tree-keys"] == 3
    finally:
        r.config_set("stream-node-max-entries", "100")


def test_keyspace_events(server, r):
    r.config_set("notify-keyspace-events", "KEt")
    p = r.pubsub()
    p.psubscribe("__keyspace@0__:*")
    p.get_message(timeout=1)
    try:
        r.execute_command("XADD", "s", "MAXLEN", "1", "1-0", "a", "1")
        r.execute_command("XADD", "s", "MAXLEN", "1", "2-0", "a", "1")
        r.execute_command("XDEL", "s", "2-0")
        r.execute_command("XGROUP", "CREATE", "s", "g", "0")
        r.execute_command("XGROUP", "CREATECONSUMER", "s", "g", "c")
        r.execute_command("XGROUP", "SETID", "s", "g", "0")
        r.execute_command("XGROUP", "DELCONSUMER", "s", "g", "c")
        r.execute_command("XGROUP", "DESTROY", "s", "g")
        r.execute_command("XSETID", "s", "5-0")
        events = []
        deadline = time.time() + 3
        while len(events) < 10 and time.time() < deadline:
            m = p.get_message(timeout=0.5)
            if m and m["type"] == "pmessage":
                events.append(m["data"])
        assert events == ["xadd", "xadd", "xtrim", "xdel", "xgroup-create",
                          "xgroup-createconsumer", "xgroup-setid", "xgroup-delconsumer",
                          "xgroup-destroy", "xsetid"]
    finally:
        p.close()
        r.config_set("notify-keyspace-events", "")


# ------------------------------------------------------------------------------------------
# Blocking
# ------------------------------------------------------------------------------------------

def test_xread_block_served_in_order(server, r):
    r.execute_command("XADD", "s", "1-0", "a", "1")
    a, b = raw_socket(server), raw_socket(server)
    a.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))
    assert wait_blocked(r, 1)
    b.sendall(encode_command("XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", "$"))
    assert wait_blocked(r, 2)
    r.execute_command("XADD", "s", "2-0", "b", "2")
    want = b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"
    assert recv_exact(a, len(want)) == want
    assert recv_exact(b, len(want)) == want
    a.close()
    b.close()


def test_xread_block_timeout_and_multi(server, r, rr):
    t0 = time.monotonic()
    assert rr.execute_command("XREAD", "BLOCK", "100", "STREAMS", "none", "$") is None
    assert time.monotonic() - t0 >= 0.09
    pipe = rr.pipeline(transaction=True)
    pipe.execute_command("XREAD", "BLOCK", "0", "STREAMS", "none", "$")
    assert pipe.execute() == [None]


def test_client_unblock(server, r):
    s = raw_socket(server)
    s.sendall(encode_command("CLIENT", "ID"))
    cid = int(s.recv(100)[1:-2])
    s.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "none", "$"))
    assert wait_blocked(r, 1)
    assert r.execute_command("CLIENT", "UNBLOCK", cid, "TIMEOUT") == 1
    assert recv_exact(s, 5) == b"*-1\r\n"
    s.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "none", "$"))
    assert wait_blocked(r, 1)
    assert r.execute_command("CLIENT", "UNBLOCK", cid, "ERROR") == 1
    want = b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    assert recv_exact(s, len(want)) == want
    s.close()


def test_xreadgroup_block_and_group_destroyed(server, r, rr):
    rr.execute_command("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    a = raw_socket(server)
    a.sendall(encode_command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"))
    assert wait_blocked(r, 1)
    rr.execute_command("XADD", "s", "1-0", "f", "v")
    want = b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert recv_exact(a, len(want)) == want
    assert rr.execute_command("XPENDING", "s", "g")[0] == 1
    a.sendall(encode_command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"))
    assert wait_blocked(r, 1)
    rr.execute_command("XGROUP", "DESTROY", "s", "g")
    want = b"-NOGROUP the consumer group this client was blocked on no longer exists\r\n"
    assert recv_exact(a, len(want)) == want
    rr.execute_command("XGROUP", "CREATE", "s", "g", "$")
    a.sendall(encode_command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"))
    assert wait_blocked(r, 1)
    r.delete("s")
    want = b"-UNBLOCKED the stream key no longer exists\r\n"
    assert recv_exact(a, len(want)) == want
    a.close()


# ------------------------------------------------------------------------------------------
# Scripted sessions compared with redis-server 7.0.15, byte for byte
# ------------------------------------------------------------------------------------------

SESSIONS = [
    [["XADD", "s", "1-1", "a", "1", "b", "2"], ["XADD", "s", "1-1", "a", "1"],
     ["XADD", "s", "MAXLEN", "x", "*", "a", "1"], ["XADD", "s", "MAXLEN", "-1", "2-0", "a", "1"],
     ["XADD", "s", "MAXLEN", "1", "MINID", "1", "2-0", "a", "1"],
     ["XADD", "s", "LIMIT", "10", "2-0", "a", "1"], ["XADD", "s", "MAXLEN", "=", "1", "LIMIT", "3", "2-0", "a", "1"],
     ["XADD", "s", "MAXLEN", "~", "1", "LIMIT", "-3", "2-0", "a", "1"],
     ["XADD", "s", "NOMKSTREAM", "3-*", "a", "1"], ["XADD", "s", "18446744073709551615-18446744073709551615", "a", "1"],
     ["XADD", "s", "*", "a", "1"], ["XADD", "s", "18446744073709551615-*", "a", "1"],
     ["XLEN", "s"], ["XRANGE", "s", "-", "+"], ["XRANGE", "s", "(1-1", "+"], ["XRANGE", "s", "(-", "+"],
     ["XRANGE", "s", "-", "(+"], ["XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"],
     ["XRANGE", "s", "-", "(0-0"], ["XRANGE", "s", "-", "+", "COUNT"], ["XRANGE", "s", "-", "+", "COUNT", "x"],
     ["XRANGE", "s", "-", "+", "COUNT", "-1"], ["XRANGE", "s", "abc", "+"], ["XREVRANGE", "s", "+", "-", "COUNT", "1"],
     ["XDEL", "s", "x"], ["XDEL", "s", "1-1", "1-1"], ["XINFO", "STREAM", "s"], ["XLEN", "nokey"]],
    [["XADD", "s", "1-0", "a", "1"], ["XADD", "s", "2-0", "a", "2"], ["XADD", "s", "3-0", "b", "3"],
     ["XGROUP", "CREATE", "s", "g", "0"], ["XGROUP", "CREATE", "s", "g", "0"],
     ["XGROUP", "CREATE", "nokey", "g", "0"], ["XGROUP", "CREATE", "s", "g2", "bad"],
     ["XGROUP", "CREATE", "s", "g3", "$", "ENTRIESREAD", "-5"], ["XGROUP", "CREATE", "s", "g3", "$", "FOO"],
     ["XGROUP", "SETID", "s", "nog", "0"], ["XGROUP", "CREATECONSUMER", "s", "nog", "c"],
     ["XGROUP", "FOO", "s", "g"], ["XGROUP", "HELP"], ["XGROUP", "DESTROY", "s"],
     ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">"],
     ["XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"],
     ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"],
     ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "$"],
     ["XREADGROUP", "GROUP", "nog", "c1", "STREAMS", "s", ">"],
     ["XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s"], ["XREADGROUP", "STREAMS", "s", ">"],
     ["XREAD", "GROUP", "g", "c", "STREAMS", "s", ">"], ["XREAD", "STREAMS", "s", ">"],
     ["XREAD", "NOACK", "STREAMS", "s", "0"], ["XREAD", "COUNT", "2", "STREAMS", "s", "nokey", "0", "0"],
     ["XREAD", "STREAMS", "s", "$"], ["XREAD", "BLOCK", "-1", "STREAMS", "s", "$"],
     ["XREAD", "BLOCK", "x", "STREAMS", "s", "$"], ["XREAD", "COUNT", "1"],
     ["XPENDING", "s", "g"], ["XPENDING", "s", "g", "IDLE", "100000000", "-", "+", "10", "c1"], ["XPENDING", "s", "g", "-", "+", "0", "c1"],
     ["XPENDING", "s", "g", "IDLE", "x", "-", "+", "10"], ["XPENDING", "s", "g", "-", "+"],
     ["XPENDING", "s", "nog"], ["XPENDING", "s", "g", "(3-0", "+", "10"],
     ["XACK", "s", "g", "1-0", "x"], ["XACK", "s", "g", "1-0", "5-0"], ["XACK", "nokey", "g", "1-0"],
     ["XCLAIM", "s", "g", "c3", "x", "2-0"], ["XCLAIM", "s", "g", "c3", "0", "2-0", "FOO"],
     ["XCLAIM", "s", "g", "c3", "0", "2-0", "RETRYCOUNT", "x"],
     ["XCLAIM", "s", "g", "c3", "0", "2-0", "3-0", "RETRYCOUNT", "7", "JUSTID"],
     ["XCLAIM", "s", "g", "c3", "3600000", "2-0"], ["XCLAIM", "s", "nog", "c3", "0", "2-0"],
     ["XCLAIM", "s", "g", "c4", "0", "1-0", "FORCE"],
     ["XAUTOCLAIM", "s", "g", "c5", "0", "0", "COUNT", "0"], ["XAUTOCLAIM", "s", "g", "c5", "x", "0"],
     ["XAUTOCLAIM", "s", "g", "c5", "0", "0", "COUNT", "1", "JUSTID"],
     ["XAUTOCLAIM", "s", "g", "c5", "0", "0", "FOO"], ["XAUTOCLAIM", "s", "nog", "c5", "0", "0"],
     ["XDEL", "s", "3-0"], ["XAUTOCLAIM", "s", "g", "c5", "0", "0"],
     ["XINFO", "GROUPS", "s"], ["XINFO", "STREAM", "s"], ["XINFO", "STREAM", "s", "FOO"],
     ["XINFO", "STREAM", "nokey"], ["XINFO", "CONSUMERS", "s", "nog"], ["XINFO", "HELP"],
     ["XGROUP", "SETID", "s", "g", "$", "ENTRIESREAD", "3"], ["XINFO", "GROUPS", "s"],
     ["XGROUP", "DELCONSUMER", "s", "g", "c1"], ["XGROUP", "DELCONSUMER", "s", "g", "zz"],
     ["XGROUP", "CREATECONSUMER", "s", "g", "new"], ["XGROUP", "DESTROY", "s", "g"],
     ["XGROUP", "DESTROY", "s", "g"]],
    [["XSETID", "nokey", "1-0"], ["XADD", "s", "5-0", "a", "1"], ["XSETID", "s", "4-0"],
     ["XSETID", "s", "6-0", "ENTRIESADDED", "0"], ["XSETID", "s", "6-0", "ENTRIESADDED", "-1"],
     ["XSETID", "s", "6-0", "MAXDELETEDID", "7-0"], ["XSETID", "s", "6-0", "FOO"],
     ["XSETID", "s", "10-0", "ENTRIESADDED", "5", "MAXDELETEDID", "3-0"], ["XINFO", "STREAM", "s"],
     ["XSETID", "s", "2-0"], ["XDEL", "s", "5-0"], ["XINFO", "STREAM", "s"], ["XADD", "s", "9-0", "a", "1"],
     ["XTRIM", "s", "MAXLEN"], ["XTRIM", "s", "FOO", "1"], ["XTRIM", "s", "MINID", "x"],
     ["XTRIM", "s", "LIMIT", "1"], ["XTRIM", "nokey", "MAXLEN", "1"], ["XTRIM", "s", "MAXLEN", "~", "0"],
     ["XTRIM", "s", "MINID", "20"], ["XINFO", "STREAM", "s", "FULL"], ["SET", "str", "x"],
     ["XRANGE", "str", "-", "+"], ["XLEN", "str"], ["XREAD", "STREAMS", "str", "0"],
     ["XINFO", "STREAM", "str"], ["XGROUP", "CREATE", "str", "g", "0"], ["XTRIM", "str", "MAXLEN", "0"]],
    # From scripts: BLOCK is refused (named as the script spelled the command), trims with
    # LIMIT follow the client's rules (only the AOF loader skips them), the rest as usual.
    [["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
     ["EVAL", "return redis.pcall('XREAD', 'BLOCK', '10', 'STREAMS', 's', '0')", "0"],
     ["EVAL", "return redis.pcall('xreadgroup', 'group', 'g', 'c', 'block', '0', 'streams', 's', '>')", "0"],
     ["EVAL", "return redis.call('XADD', KEYS[1], 'MAXLEN', '=', '5', 'LIMIT', '10', '1-0', 'f', 'v')", "1", "s"],
     ["EVAL", "return redis.call('XADD', KEYS[1], 'MAXLEN', '~', '5', 'LIMIT', '10', '1-0', 'f', 'v')", "1", "s"],
     ["EVAL", "return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', KEYS[1], '>')", "1", "s"],
     ["EVAL", "return redis.call('XPENDING', KEYS[1], 'g')", "1", "s"]],
]


@needs_reference
@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("session", range(len(SESSIONS)))
def test_sessions_match_redis(server, reference, session, protocol):
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        for c in (a, b):
            c.command("FLUSHALL")
            if protocol == 3:
                c.command("HELLO", "3")
        for i, cmd in enumerate(SESSIONS[session]):
            a.send_command(*cmd)
            b.send_command(*cmd)
            got, want = read_raw(a), read_raw(b)
            assert got == want, f"step {i}: {cmd}"


# ------------------------------------------------------------------------------------------
# Persistence: RDB and DUMP with redis-server both ways, AOF rewrite
# ------------------------------------------------------------------------------------------

def plain(server):
    """A decoding client without redis-py's reply callbacks (the server's replies as sent)."""
    c = server.client(decode_responses=True)
    c.response_callbacks.clear()
    return c


def populate(c):
    for i in range(1, 260):
        c.execute_command("XADD", "s", f"{i}-{i % 3}", "f", str(i), *(["g", "x"] if i % 7 == 0 else []))
    c.execute_command("XDEL", "s", "5-2", "100-1")
    c.execute_command("XGROUP", "CREATE", "s", "g1", "0")
    c.execute_command("XGROUP", "CREATE", "s", "g2", "$", "ENTRIESREAD", "7")
    c.execute_command("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s", ">")
    c.execute_command("XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s", ">")
    c.execute_command("XGROUP", "CREATECONSUMER", "s", "g1", "idle")
    c.execute_command("XADD", "empty", "1-0", "a", "1")
    c.execute_command("XDEL", "empty", "1-0")


def snapshot(c):
    out = {}
    for key in ("s", "empty"):
        out[key] = (c.execute_command("XRANGE", key, "-", "+"),
                    c.execute_command("XINFO", "STREAM", key),
                    c.execute_command("XINFO", "GROUPS", key))
    full = c.execute_command("XINFO", "STREAM", "s", "FULL", "COUNT", "0")
    out["pending"] = c.execute_command("XPENDING", "s", "g1", "-", "+", "100")
    out["pending"] = [[e[0], e[1], e[3]] for e in out["pending"]]
    out["consumers"] = [[x[1], x[3]] for x in c.execute_command("XINFO", "CONSUMERS", "s", "g1")]
    out["digest"] = c.execute_command("DEBUG", "DIGEST-VALUE", "s")
    return out, full


def wait_save(c):
    c.execute_command("SAVE")


@needs_reference
def test_rdb_interchange_both_ways(server_factory):
    ref = ReferenceServer(["--enable-debug-command", "yes"], name="reference").start()
    try:
        rc = plain(ref)
        populate(rc)
        want, want_full = snapshot(rc)
        wait_save(rc)
        ours = server_factory(extra_args=["--enable-debug-command", "yes"], start=False)
        shutil.copy(os.path.join(ref.dir, "dump.rdb"), os.path.join(ours.dir, "dump.rdb"))
        ours.start()
        oc = plain(ours)
        got, got_full = snapshot(oc)
        assert got == want
        assert got_full == want_full  # seen-times and delivery times come from the file
        # Cairn writes it back; redis-server loads it.
        wait_save(oc)
        rc.execute_command("FLUSHALL")
        rc.close()
        ref.stop()
        shutil.copy(os.path.join(ours.dir, "dump.rdb"), os.path.join(ref.dir, "dump.rdb"))
        ref.start()
        rc = plain(ref)
        again, _ = snapshot(rc)
        assert again == want
        # DUMP / RESTORE both ways: the payloads are byte-identical.
        ob, rb = ours.client(), ref.client()
        payload = ob.dump("s")
        assert payload == rb.dump("s")
        rb.restore("copy", 0, ob.dump("s"))
        ob.restore("copy", 0, rb.dump("s"))
        assert rc.execute_command("XRANGE", "copy", "-", "+") == oc.execute_command("XRANGE", "copy", "-", "+")
        assert rc.execute_command("XINFO", "GROUPS", "copy") == oc.execute_command("XINFO", "GROUPS", "copy")
        ob.close()
        rb.close()
        oc.close()
        rc.close()
    finally:
        ref.cleanup()


def test_aof_rewrite_restores_streams(server_factory):
    s = server_factory(extra_args=["--appendonly", "yes", "--aof-use-rdb-preamble", "no",
                                   "--enable-debug-command", "yes"])
    c = plain(s)
    populate(c)
    want, _ = snapshot(c)
    c.execute_command("BGREWRITEAOF")
    deadline = time.time() + 20
    while time.time() < deadline:
        info = s.client(decode_responses=True).info("persistence")
        if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
            break
        time.sleep(0.1)
    c.execute_command("DEBUG", "LOADAOF")
    got, _ = snapshot(c)
    assert got == want
    c.close()


def test_blocked_reader_gets_only_the_key_that_woke_it(server, r, rr):
    a = raw_socket(server)
    a.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "k1", "k2", "$", "$"))
    assert wait_blocked(r, 1)
    pipe = rr.pipeline(transaction=True)
    pipe.execute_command("XADD", "k2", "1-0", "a", "1")
    pipe.execute_command("XADD", "k1", "1-0", "b", "2")
    pipe.execute()
    want = b"*1\r\n*2\r\n$2\r\nk2\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert recv_exact(a, len(want)) == want
    a.close()


def test_xreadgroup_blocked_consumer_created_when_served(server, r, rr):
    rr.execute_command("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    a = raw_socket(server)
    a.sendall(encode_command("XREADGROUP", "GROUP", "g", "late", "BLOCK", "0", "STREAMS", "s", ">"))
    assert wait_blocked(r, 1)
    assert rr.execute_command("XINFO", "CONSUMERS", "s", "g") == []
    rr.execute_command("XADD", "s", "1-0", "f", "v")
    want = b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert recv_exact(a, len(want)) == want
    consumers = rr.execute_command("XINFO", "CONSUMERS", "s", "g")
    assert [c[1] for c in consumers] == ["late"] and consumers[0][3] == 1
    a.close()


def test_xread_block_resp3_shape(server, r, rr):
    s = raw_socket(server)
    s.sendall(encode_command("HELLO", "3"))
    s.recv(4096)
    s.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))
    assert wait_blocked(r, 1)
    rr.execute_command("XADD", "s", "1-0", "f", "v")
    want = b"%1\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert recv_exact(s, len(want)) == want
    s.sendall(encode_command("XREAD", "BLOCK", "10", "STREAMS", "s", "$"))
    assert recv_exact(s, 3) == b"_\r\n"
    s.close()


# ------------------------------------------------------------------------------------------
# Older encodings: RDB_TYPE_STREAM_LISTPACKS (15), as Redis 5 / 6 wrote streams
# ------------------------------------------------------------------------------------------

def _crc64(data):
    """Redis's crc64 (Jones polynomial, reflected), as DUMP payloads carry it."""
    poly = 0x95AC9329AC4BC9B5
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
    return crc


class _Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def length(self):
        b = self.data[self.pos]
        kind = b >> 6
        if kind == 0:
            self.pos += 1
            return b & 0x3F, False
        if kind == 1:
            v = ((b & 0x3F) << 8) | self.data[self.pos + 1]
            self.pos += 2
            return v, False
        if b == 0x80:
            v = int.from_bytes(self.data[self.pos + 1:self.pos + 5], "big")
            self.pos += 5
            return v, False
        if b == 0x81:
            v = int.from_bytes(self.data[self.pos + 1:self.pos + 9], "big")
            self.pos += 9
            return v, False
        self.pos += 1
        return b & 0x3F, True

    def skip_string(self):
        n, enc = self.length()
        if not enc:
            self.pos += n
        elif n == 3:  # LZF: compressed length, original length, data
            clen, _ = self.length()
            self.length()
            self.pos += clen
        else:
            self.pos += {0: 1, 1: 2, 2: 4}[n]


def to_type15(payload):
    """A type-19 DUMP payload rewritten as type 15: without the stream's first ID, max deleted
    ID and entries-added, and without each group's entries-read."""
    body = payload[:-10]
    assert body[0] == 19
    r = _Reader(body, 1)
    out = bytearray([15])
    nodes, _ = r.length()
    for _ in range(nodes):
        r.skip_string()
        r.skip_string()
    for _ in range(3):  # length, last ID
        r.length()
    out += body[1:r.pos]
    for _ in range(5):  # first ID, max deleted ID, entries added: dropped
        r.length()
    start = r.pos
    groups, _ = r.length()
    out += body[start:r.pos]
    for _ in range(groups):
        start = r.pos
        r.skip_string()
        r.length()
        r.length()
        out += body[start:r.pos]
        r.length()  # entries read: dropped
        start = r.pos
        pel, _ = r.length()
        for _ in range(pel):
            r.pos += 16 + 8
            r.length()
        consumers, _ = r.length()
        for _ in range(consumers):
            r.skip_string()
            r.pos += 8
            n, _ = r.length()
            r.pos += 16 * n
        out += body[start:r.pos]
    assert r.pos == len(body)
    out += bytes([9, 0])  # RDB version 9
    return bytes(out) + _crc64(bytes(out)).to_bytes(8, "little")


@needs_reference
def test_restore_of_type_15_payload_matches_redis(server, reference):
    ref = reference.client()
    ref.flushall()
    for i in range(1, 40):
        ref.execute_command("XADD", "s", f"{i}-0", "f", str(i))
    ref.execute_command("XDEL", "s", "3-0")
    ref.execute_command("XGROUP", "CREATE", "s", "g", "0")
    ref.execute_command("XREADGROUP", "GROUP", "g", "c", "COUNT", "4", "STREAMS", "s", ">")
    old = to_type15(ref.dump("s"))
    ours = server.client()
    ours.flushall()
    for c in (ref, ours):
        c.restore("old", 0, old)
        c.response_callbacks.clear()
    for cmd in (("XINFO", "STREAM", "old"), ("XINFO", "GROUPS", "old"),
                ("XRANGE", "old", "-", "+"), ("XPENDING", "old", "g")):
        assert ours.execute_command(*cmd) == ref.execute_command(*cmd), cmd
    assert ours.dump("old") == ref.dump("old")  # written back as type 19 alike
    ours.close()
    ref.close()


@needs_reference
def test_memory_usage_close_to_redis(server, reference):
    ref, ours = reference.client(), server.client()
    for c in (ref, ours):
        c.flushall()
        for i in range(1, 301):
            c.execute_command("XADD", "s", f"{i}-0", "field", str(i))
        c.execute_command("XGROUP", "CREATE", "s", "g", "0")
        c.execute_command("XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "s", ">")
    # The same estimate; the object header differs (Cairn's value object is not a robj).
    assert abs(ours.memory_usage("s") - ref.memory_usage("s")) <= 64
    ours.close()
    ref.close()


def test_flushall_unblocks_group_readers(server, r):
    r.execute_command("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
    a, b = raw_socket(server), raw_socket(server)
    a.sendall(encode_command("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"))
    b.sendall(encode_command("XREAD", "BLOCK", "0", "STREAMS", "s", "$"))
    assert wait_blocked(r, 2)
    r.flushall()
    want = b"-UNBLOCKED the stream key no longer exists\r\n"
    assert recv_exact(a, len(want)) == want
    assert wait_blocked(r, 1)  # the plain reader waits on
    r.execute_command("XADD", "s", "1-0", "f", "v")
    want = b"*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert recv_exact(b, len(want)) == want
    a.close()
    b.close()


def test_aof_replays_rewritten_trims(server_factory):
    s = server_factory(extra_args=["--appendonly", "yes", "--enable-debug-command", "yes"])
    c = plain(s)
    for i in range(1, 251):
        c.execute_command("XADD", "s", f"{i}-0", "f", "v")
    # Propagated as "MINID = <first id> LIMIT 50" / "MAXLEN = <length>": the AOF client
    # replays them without the LIMIT check.
    c.execute_command("XADD", "s", "MINID", "~", "160", "LIMIT", "150", "251-0", "f", "v")
    c.execute_command("XTRIM", "s", "MAXLEN", "~", "20", "LIMIT", "100")
    c.execute_command("XADD", "s", "MAXLEN", "~", "10", "*", "f", "v")
    want = (c.execute_command("XLEN", "s"), c.execute_command("XRANGE", "s", "-", "+"),
            c.execute_command("XINFO", "STREAM", "s"))
    assert want[0] < 252
    c.execute_command("DEBUG", "LOADAOF")
    got = (c.execute_command("XLEN", "s"), c.execute_command("XRANGE", "s", "-", "+"),
           c.execute_command("XINFO", "STREAM", "s"))
    assert got == want
    c.close()


def test_group_commands_do_not_touch_watched_keys(server, r):
    """As in Redis 7.0.15, only changes to the entries (and MKSTREAM) count for WATCH."""
    r.execute_command("XADD", "s", "1-0", "a", "1")
    other = server.client()
    cmds = [["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
            ["XACK", "s", "g", "1-0"], ["XGROUP", "SETID", "s", "g", "0"],
            ["XGROUP", "CREATECONSUMER", "s", "g", "d"], ["XGROUP", "DELCONSUMER", "s", "g", "d"],
            ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"],
            ["XCLAIM", "s", "g", "x", "0", "1-0"], ["XAUTOCLAIM", "s", "g", "y", "0", "0"],
            ["XGROUP", "DESTROY", "s", "g"]]
    for cmd in cmds:
        p = r.pipeline(transaction=True)
        p.watch("s")
        other.execute_command(*cmd)
        p.multi()
        p.ping()
        assert p.execute() == [True], cmd
    p = r.pipeline(transaction=True)
    p.watch("s")
    other.execute_command("XADD", "s", "2-0", "a", "1")
    p.multi()
    p.ping()
    with pytest.raises(redis.WatchError):
        p.execute()
    other.close()
