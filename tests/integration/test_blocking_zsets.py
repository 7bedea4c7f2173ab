"""Blocking sorted-set pops: BZPOPMIN BZPOPMAX BZMPOP, order of service, timeouts,
CLIENT UNBLOCK, WRONGTYPE and argument errors.

Every expectation here was checked against redis-server 7.0.15."""

import time

import pytest
import redis

from conftest import encode_command, recv_exact, wait_blocked
from conftest import open_socket as raw  # these tests pace their own reads


def test_served_at_once_when_data_exists(r):
    r.zadd("z", {"a": 1, "b": 2, "c": 3})
    assert r.bzpopmin(["missing", "z"], 1) == ("z", "a", 1.0)
    assert r.bzpopmax(["z"], 1) == ("z", "c", 3.0)
    assert r.execute_command("BZMPOP", 1, 2, "missing", "z", "MIN", "COUNT", 5) == [
        "z", [["b", "2"]]]
    assert r.exists("z") == 0


def test_timeout_returns_null(server, r):
    t0 = time.monotonic()
    assert r.execute_command("BZPOPMIN", "nothing", "0.2") is None
    assert 0.15 <= time.monotonic() - t0 < 2.0
    s = raw(server)
    s.sendall(encode_command("BZMPOP", "0.05", 1, "none", "MAX"))
    assert recv_exact(s, 5) == b"*-1\r\n"
    s.sendall(encode_command("HELLO", "3"))
    s.recv(4096)
    s.sendall(encode_command("BZPOPMAX", "none", "0.05"))
    assert recv_exact(s, 3) == b"_\r\n"
    s.close()


def test_zadd_wakes_blocked_clients_in_order(server, r):
    a, b = raw(server), raw(server)
    a.sendall(encode_command("BZPOPMIN", "q", "0"))
    assert wait_blocked(r, 1)
    b.sendall(encode_command("BZPOPMAX", "q", "0"))
    assert wait_blocked(r, 2)
    r.zadd("q", {"one": 1})
    assert recv_exact(a, 27) == b"*3\r\n$1\r\nq\r\n$3\r\none\r\n$1\r\n1\r\n"
    assert r.info("clients")["blocked_clients"] == 1
    r.zadd("q", {"two": 2, "three": 3})
    assert recv_exact(b, 29) == b"*3\r\n$1\r\nq\r\n$5\r\nthree\r\n$1\r\n3\r\n"
    assert r.zrange("q", 0, -1) == ["two"]  # each element delivered once
    a.close()
    b.close()


def test_bzmpop_blocks_and_serves_count(server, r):
    a = raw(server)
    a.sendall(encode_command("BZMPOP", "0", "2", "k1", "k2", "MAX", "COUNT", "2"))
    assert wait_blocked(r, 1)
    r.zadd("k2", {"x": 1, "y": 2, "z": 3})
    expected = b"*2\r\n$2\r\nk2\r\n*2\r\n*2\r\n$1\r\nz\r\n$1\r\n3\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n"
    assert recv_exact(a, len(expected)) == expected
    assert r.zrange("k2", 0, -1) == ["x"]
    a.close()


def test_resp3_shapes(server, r):
    r.zadd("z", {"a": 1, "b": 2})
    s = raw(server)
    s.sendall(encode_command("HELLO", "3"))
    s.recv(4096)
    s.sendall(encode_command("BZPOPMIN", "z", "0"))
    assert recv_exact(s, 22) == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n"
    s.sendall(encode_command("BZMPOP", "0", "1", "z", "MIN"))
    expected = b"*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"
    assert recv_exact(s, len(expected)) == expected
    s.close()


def test_other_type_written_to_key_keeps_client_blocked(server, r):
    a = raw(server)
    a.sendall(encode_command("BZPOPMIN", "k", "0"))
    assert wait_blocked(r, 1)
    r.rpush("k", "listvalue")
    time.sleep(0.1)
    assert r.info("clients")["blocked_clients"] == 1
    r.delete("k")
    r.zadd("k", {"m": 5})
    assert recv_exact(a, 25) == b"*3\r\n$1\r\nk\r\n$1\r\nm\r\n$1\r\n5\r\n"
    a.close()


@pytest.mark.parametrize("reason,reply", [(None, b"*-1\r\n"), ("TIMEOUT", b"*-1\r\n"),
                                           ("ERROR", b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n")])
def test_client_unblock(server, r, reason, reply):
    a = raw(server)
    a.sendall(encode_command("CLIENT", "ID"))
    cid = int(a.recv(64)[1:-2])
    a.sendall(encode_command("BZPOPMAX", "nokey", "0"))
    assert wait_blocked(r, 1)
    args = ["CLIENT", "UNBLOCK", cid] + ([reason] if reason else [])
    assert r.execute_command(*args) == 1
    assert recv_exact(a, len(reply)) == reply
    assert r.execute_command("CLIENT", "UNBLOCK", cid) == 0
    a.close()


def test_errors(r):
    with pytest.raises(redis.ResponseError, match="^timeout is not a float or out of range$"):
        r.execute_command("BZPOPMIN", "k", "abc")
    with pytest.raises(redis.ResponseError, match="^timeout is negative$"):
        r.execute_command("BZPOPMAX", "k", "-1")
    with pytest.raises(redis.ResponseError, match="^timeout is not a float or out of range$"):
        r.execute_command("BZMPOP", "x", 1, "k", "MIN")
    with pytest.raises(redis.ResponseError, match="^numkeys should be greater than 0$"):
        r.execute_command("BZMPOP", 0, 0, "k", "MIN")
    with pytest.raises(redis.ResponseError, match="^count should be greater than 0$"):
        r.execute_command("BZMPOP", 0, 1, "k", "MIN", "COUNT", 0)
    with pytest.raises(redis.ResponseError, match="^syntax error$"):
        r.execute_command("BZMPOP", 0, 1, "k", "LEFT")
    r.set("str", "x")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.execute_command("BZPOPMIN", "missing", "str", "0")
    with pytest.raises(redis.ResponseError, match="^WRONGTYPE"):
        r.execute_command("BZMPOP", "0", 1, "str", "MAX")
    assert r.info("clients")["blocked_clients"] == 0


def test_disconnected_blocked_client_is_cleaned_up(server, r):
    a = raw(server)
    a.sendall(encode_command("BZPOPMIN", "gone", "0"))
    assert wait_blocked(r, 1)
    a.close()
    assert wait_blocked(r, 0)
    r.zadd("gone", {"kept": 1})
    assert r.zrange("gone", 0, -1) == ["kept"]
