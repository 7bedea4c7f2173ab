"""Blocking list pops: BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP, CLIENT UNBLOCK, timeouts, order."""

import threading
import time

import pytest
import redis

from conftest import encode_command, recv_exact, wait_blocked
from conftest import open_socket as raw  # these tests pace their own reads


def test_served_at_once_when_data_exists(r):
    r.rpush("l", "a", "b")
    assert r.blpop(["missing", "l"], timeout=1) == ("l", "a")
    assert r.brpop(["l"], timeout=1) == ("l", "b")
    assert r.exists("l") == 0


def test_timeout_returns_null(r):
    t0 = time.monotonic()
    assert r.blpop(["nothing"], timeout=0.2) is None
    assert 0.15 <= time.monotonic() - t0 < 2.0


def test_timeout_bytes_resp2_and_resp3(server, r):
    s = raw(server)
    s.sendall(encode_command("BLPOP", "none", "0.05"))
    assert recv_exact(s, 5) == b"*-1\r\n"
    s.sendall(encode_command("HELLO", "3"))
    s.recv(4096)
    s.sendall(encode_command("BLPOP", "none", "0.05"))
    assert recv_exact(s, 3) == b"_\r\n"
    s.close()


def test_push_wakes_blocked_clients_in_order(server, r):
    a, b = raw(server), raw(server)
    a.sendall(encode_command("BLPOP", "q", "0"))
    assert wait_blocked(r, 1)
    b.sendall(encode_command("BLPOP", "q", "0"))
    assert wait_blocked(r, 2)
    assert r.rpush("q", "one") == 1
    assert recv_exact(a, 20) == b"*2\r\n$1\r\nq\r\n$3\r\none\r\n"
    assert r.info("clients")["blocked_clients"] == 1
    r.rpush("q", "two", "three")
    assert recv_exact(b, 20) == b"*2\r\n$1\r\nq\r\n$3\r\ntwo\r\n"
    assert r.lrange("q", 0, -1) == ["three"]  # each element delivered once
    a.close()
    b.close()


def test_blocked_client_runs_its_pipeline_after_being_served(server, r):
    a = raw(server)
    a.sendall(encode_command("BLPOP", "p", "0") + encode_command("PING"))
    assert wait_blocked(r, 1)
    r.lpush("p", "x")
    assert recv_exact(a, 18 + 7) == b"*2\r\n$1\r\np\r\n$1\r\nx\r\n+PONG\r\n"
    a.close()


def test_blmove_and_brpoplpush_chain(server, r):
    a, b = raw(server), raw(server)
    a.sendall(encode_command("BLMOVE", "src", "mid", "LEFT", "RIGHT", "0"))
    b.sendall(encode_command("BRPOPLPUSH", "mid", "dst", "0"))
    assert wait_blocked(r, 2)
    r.rpush("src", "v")
    assert recv_exact(a, 7) == b"$1\r\nv\r\n"
    assert recv_exact(b, 7) == b"$1\r\nv\r\n"  # served by the push BLMOVE made
    assert r.lrange("dst", 0, -1) == ["v"]
    assert r.exists("src", "mid") == 0
    a.close()
    b.close()


def test_blmpop(server, r):
    r.rpush("m2", "a", "b", "c")
    assert r.execute_command("BLMPOP", "1", "2", "m1", "m2", "RIGHT", "COUNT", "2") == \
        ["m2", ["c", "b"]]
    a = raw(server)
    a.sendall(encode_command("BLMPOP", "0", "1", "m3", "LEFT", "COUNT", "5"))
    assert wait_blocked(r, 1)
    r.rpush("m3", "x", "y")
    expected = b"*2\r\n$2\r\nm3\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n"
    assert recv_exact(a, len(expected)) == expected
    a.close()


@pytest.mark.parametrize("reason,reply", [(None, b"*-1\r\n"), ("TIMEOUT", b"*-1\r\n"),
                                           ("ERROR", b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n")])
def test_client_unblock(server, r, reason, reply):
    a = raw(server)
    a.sendall(encode_command("CLIENT", "ID"))
    cid = int(a.recv(64)[1:-2])
    a.sendall(encode_command("BRPOP", "nokey", "0"))
    assert wait_blocked(r, 1)
    args = ["CLIENT", "UNBLOCK", cid] + ([reason] if reason else [])
    assert r.execute_command(*args) == 1
    assert recv_exact(a, len(reply)) == reply
    assert r.execute_command("CLIENT", "UNBLOCK", cid) == 0
    a.close()


def test_errors(r):
    with pytest.raises(redis.ResponseError, match="timeout is not a float or out of range"):
        r.execute_command("BLPOP", "k", "abc")
    with pytest.raises(redis.ResponseError, match="timeout is negative"):
        r.execute_command("BLPOP", "k", "-1")
    r.set("str", "x")
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        r.execute_command("BLPOP", "str", "0")
    with pytest.raises(redis.ResponseError, match="syntax error"):
        r.execute_command("BLMOVE", "a", "b", "UP", "LEFT", "0")


def test_disconnected_blocked_client_is_cleaned_up(server, r):
    a = raw(server)
    a.sendall(encode_command("BLPOP", "gone", "0"))
    assert wait_blocked(r, 1)
    a.close()
    assert wait_blocked(r, 0)
    r.rpush("gone", "kept")
    assert r.lrange("gone", 0, -1) == ["kept"]  # nobody took it


def test_blocked_clients_survive_idle_timeout(server_factory):
    s = server_factory(extra_args=["--timeout", "1"])
    a = raw(s)
    a.sendall(encode_command("BLPOP", "slow", "0"))
    time.sleep(2.5)
    r = s.client(decode_responses=True)
    r.rpush("slow", "v")
    assert recv_exact(a, 21) == b"*2\r\n$4\r\nslow\r\n$1\r\nv\r\n"
    a.close()


def test_redis_py_threads(server, r):
    got = []

    def consumer():
        c = server.client(decode_responses=True)
        got.append(c.blpop(["work"], timeout=5))

    threads = [threading.Thread(target=consumer) for _ in range(3)]
    for t in threads:
        t.start()
    assert wait_blocked(r, 3)
    r.rpush("work", "1", "2", "3")
    for t in threads:
        t.join(10)
    assert sorted(v for _, v in got) == ["1", "2", "3"]
