"""The server keeps serving everyone while single clients misbehave."""

import random
import socket
import threading
import time

import pytest

from conftest import encode_command


def assert_server_healthy(server, r):
    assert server.alive(), "server process died"
    r.set("health", "ok")
    assert r.get("health") == "ok"
    with server.raw() as c:
        assert c.command("PING") == "PONG"


# -- garbage and hostile lengths ----------------------------------------------------------


def test_random_garbage(server, r):
    rng = random.Random(1234)
    for i in range(30):
        payload = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
        with server.raw(timeout=2.0) as c:
            try:
                c.send(payload)
                c.read_available(quiet=0.02)
            except OSError:
                pass
    assert_server_healthy(server, r)


def test_garbage_text_is_an_unknown_command(raw):
    raw.send(b"garbage\r\nPING\r\n")
    expected = b"-ERR unknown command 'garbage', with args beginning with: \r\n+PONG\r\n"
    assert raw.read_exact(len(expected)) == expected


@pytest.mark.parametrize("payload", [
    b"*1\r\n$999999999999\r\n",
    b"*2147483647\r\n",
    b"*1048576\r\n$3\r\nGET\r\n",
    b"*1\r\n$1048576\r\n" + b"x" * 100000,
    b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$50000000\r\nabc",
    b"*-5\r\n*0\r\n*-1\r\n",
    b"$5\r\nhello\r\n",
    b"\x00" * 10000,
    b"\r\n" * 10000,
])
def test_hostile_lengths_then_disconnect(server, r, payload):
    with server.raw(timeout=2.0) as c:
        c.send(payload)
        c.read_available(quiet=0.05)
    assert_server_healthy(server, r)
    assert r.exists("k") == 0


# -- binary safety ------------------------------------------------------------------------------


BINARY_KEYS = [b"a\x00b", b"\r\n", b"key\r\nwith\r\ncrlf", b"\x00", b"\xff\xfe\xfd", b" ", b"*1\r\n$4\r\nPING\r\n"]


def test_binary_keys_and_values_round_trip(rb):
    for i, key in enumerate(BINARY_KEYS):
        value = key + b"\x00value\r\n" + bytes([i])
        assert rb.set(key, value) is True
        assert rb.get(key) == value
        assert rb.exists(key) == 1
        assert rb.type(key) == b"string"
        assert rb.strlen(key) == len(value)
    assert sorted(rb.keys(b"*")) == sorted(BINARY_KEYS)
    assert sorted(rb.scan_iter(count=2)) == sorted(BINARY_KEYS)
    assert rb.mget(BINARY_KEYS) == [k + b"\x00value\r\n" + bytes([i]) for i, k in enumerate(BINARY_KEYS)]
    assert rb.rename(b"a\x00b", b"a\x00c") is True
    assert rb.get(b"a\x00c").startswith(b"a\x00b")
    assert rb.delete(*BINARY_KEYS) == len(BINARY_KEYS) - 1


def test_binary_pattern_match(rb):
    rb.set(b"pre\x00fix:1", b"1")
    rb.set(b"pre\x00fix:2", b"2")
    rb.set(b"prefix:3", b"3")
    assert sorted(rb.keys(b"pre\x00fix:*")) == [b"pre\x00fix:1", b"pre\x00fix:2"]
    assert sorted(rb.keys(b"pre?fix:*")) == [b"pre\x00fix:1", b"pre\x00fix:2"]


def test_all_byte_values_in_append_and_setrange(rb):
    blob = bytes(range(256)) * 4
    for i in range(0, len(blob), 100):
        rb.append(b"blob", blob[i:i + 100])
    assert rb.get(b"blob") == blob
    rb.setrange(b"blob", 10, b"\x00\r\n\x00")
    assert rb.getrange(b"blob", 8, 15) == blob[8:10] + b"\x00\r\n\x00" + blob[14:16]


# -- half commands and abrupt disconnects ------------------------------------------------------------


@pytest.mark.parametrize("partial", [
    b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\nabc",      # half a bulk
    b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n",                 # missing last argument
    b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$",                # inside a length
    b"SET k v",                                         # inline without newline
])
def test_disconnect_mid_command(server, r, partial):
    other = server.raw()
    try:
        assert other.command("SET", "other", "1") == "OK"
        c = server.raw()
        c.send(partial)
        time.sleep(0.05)
        # Other clients are served while the partial command is pending ...
        assert other.command("INCR", "other") == 2
        c.close()
        time.sleep(0.05)
        # ... and after the half-sent client vanished. Its command never ran.
        assert other.command("INCR", "other") == 3
        assert other.command("EXISTS", "k") == 0
    finally:
        other.close()
    assert_server_healthy(server, r)


def test_slow_client_byte_by_byte(server, r):
    with server.raw() as slow, server.raw() as fast:
        cmd = encode_command("SET", "slow", "value with spaces")
        for i, byte in enumerate(cmd):
            slow.send(bytes([byte]))
            if i % 10 == 0:
                assert fast.command("PING") == "PONG"
        assert slow.read_line() == b"+OK\r\n"
    assert r.get("slow") == "value with spaces"


def test_client_closes_without_reading_large_reply(server, r):
    r.set("big", "x" * (5 * 1024 * 1024))
    for _ in range(5):
        with server.raw() as c:
            c.send(encode_command("GET", "big") * 3)
    assert_server_healthy(server, r)


def test_rst_close_mid_reply(server, r):
    r.set("big", "y" * (2 * 1024 * 1024))
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(encode_command("GET", "big"))
        s.recv(1000)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()   # RST
    assert_server_healthy(server, r)


# -- large values ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1024 * 1024, 10 * 1024 * 1024])
def test_large_values_round_trip(rb, size):
    value = (bytes(range(256)) * (size // 256 + 1))[:size]
    assert rb.set(b"big", value) is True
    assert rb.strlen(b"big") == size
    assert rb.get(b"big") == value
    assert rb.getrange(b"big", size - 10, -1) == value[-10:]
    assert rb.append(b"big", b"!") == size + 1
    assert rb.getdel(b"big")[-2:] == value[-1:] + b"!"


def test_large_value_raw_exact_framing(server, raw):
    size = 3 * 1024 * 1024 + 7
    value = b"z" * size
    raw.send(encode_command("SET", "big", value))
    assert raw.read_line() == b"+OK\r\n"
    raw.send(encode_command("GET", "big") + encode_command("PING"))
    assert raw.read_line() == b"$%d\r\n" % size
    assert raw.read_exact(size + 2) == value + b"\r\n"
    assert raw.read_line() == b"+PONG\r\n"


# -- pipelining and concurrency ------------------------------------------------------------------------


def test_pipeline_of_10000_commands_on_one_socket(server, r):
    n = 10000
    payload = b"".join(encode_command("INCR", "counter") if i % 2 == 0 else
                       encode_command("SET", f"k{i}", f"v{i}") for i in range(n))
    expected = b"".join(b":%d\r\n" % (i // 2 + 1) if i % 2 == 0 else b"+OK\r\n" for i in range(n))
    with server.raw(timeout=30) as c:
        # Write from a thread so that a server applying backpressure cannot deadlock us.
        errors = []

        def writer():
            try:
                c.send(payload)
            except OSError as e:
                errors.append(e)

        t = threading.Thread(target=writer)
        t.start()
        got = c.read_exact(len(expected))
        t.join(30)
        assert not errors
        assert got == expected
        assert c.read_available(quiet=0.1) == b""
    assert r.get("counter") == str(n // 2)
    assert r.dbsize() == n // 2 + 1


def test_pipelined_large_mixed_replies(server, raw):
    raw.send(encode_command("SET", "v", b"q" * 100000))
    assert raw.read_line() == b"+OK\r\n"
    raw.send((encode_command("GET", "v") + encode_command("GET", "missing") + encode_command("PING")) * 200)
    one = b"$100000\r\n" + b"q" * 100000 + b"\r\n" + b"$-1\r\n" + b"+PONG\r\n"
    assert raw.read_exact(len(one) * 200) == one * 200


def test_many_concurrent_connections(server, r):
    conns = []
    try:
        for _ in range(200):
            conns.append(server.raw())
        for i, c in enumerate(conns):
            c.send_command("SET", f"c{i}", str(i))
        for c in conns:
            assert c.read_line() == b"+OK\r\n"
        for i, c in enumerate(conns):
            c.send_command("GET", f"c{i}")
        for i, c in enumerate(conns):
            assert c.read_reply() == str(i).encode()
    finally:
        for c in conns:
            c.close()
    assert_server_healthy(server, r)


def test_interleaved_clients_threads(server, r):
    failures = []

    def worker(idx):
        try:
            with server.raw(timeout=20) as c:
                for j in range(300):
                    assert c.command("SET", f"t{idx}:{j}", f"{idx}-{j}") == "OK"
                    assert c.command("GET", f"t{idx}:{j}") == f"{idx}-{j}".encode()
                    assert c.command("INCR", "shared") > 0
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    assert r.get("shared") == str(8 * 300)
