"""The event loop's handling of connections, on whichever wait the server runs (INFO
multiplexing_api: io_uring or epoll on Linux; ctest runs this suite on both): replies that
leave in order whatever their sizes, the last reply before a close, a client that stops
reading and is then killed, and an idle client's read buffer given back."""

import os
import socket
import time

import pytest

from conftest import (cairn_only, encode_command, expected_multiplexing_api, is_windows_server,
                      recv_exact)

linux_only = pytest.mark.skipif(is_windows_server() or not os.path.exists("/proc/net/tcp"),
                                reason="reads the server's socket state from /proc/net/tcp")


# Every socket here waits at most this long for a reply (recv_exact has no bound of its own).
REPLY_TIMEOUT = 30.0


def read_until_closed(sock, timeout=30.0):
    """Everything the server sends until it closes the connection (bounded)."""
    sock.settimeout(timeout)
    data = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(1 << 20)
        except ConnectionResetError:
            return bytes(data), True
        if not chunk:
            return bytes(data), True
        data += chunk
    return bytes(data), False


def client_line(r, client_id):
    for line in r.execute_command("CLIENT", "LIST").splitlines():
        fields = dict(f.split("=", 1) for f in line.split(" ") if "=" in f)
        if fields["id"] == str(client_id):
            return fields
    return None


def tcp_state(local_port, remote_port):
    """The state (hex, as /proc/net/tcp has it: "01" ESTABLISHED) of this machine's IPv4
    socket with these ports, or None."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if (int(local.split(":")[1], 16) == local_port
                    and int(remote.split(":")[1], 16) == remote_port):
                return state
    return None


def test_info_names_the_wait(r):
    assert r.info("server")["multiplexing_api"] == expected_multiplexing_api()


def test_pipeline_of_small_and_large_replies_keeps_its_order(server, r):
    """Small replies (which Cairn's io_uring loop copies and sends through the ring) and
    large ones (sent at once, waiting for room) interleaved in one pipeline arrive whole and
    in order, read slowly and quickly."""
    big = b"B" * 300_000
    r.set("big", big)
    r.set("small", "s")
    commands = []
    expected = b""
    for i in range(40):
        if i % 3 == 0:
            commands.append(encode_command("GET", "big"))
            expected += b"$300000\r\n" + big + b"\r\n"
        else:
            commands.append(encode_command("GET", "small"))
            expected += b"$1\r\ns\r\n"
        commands.append(encode_command("PING"))
        expected += b"+PONG\r\n"
    for slow in (False, True):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as c:
            if slow:  # a small window: the output piles up in the server while it is full
                c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            c.settimeout(REPLY_TIMEOUT)
            c.connect(("127.0.0.1", server.port))
            c.sendall(b"".join(commands))
            if slow:
                cid = c_id(r, c)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and int(client_line(r, cid)["omem"]) == 0:
                    time.sleep(0.01)
                assert int(client_line(r, cid)["omem"]) > 0
            assert recv_exact(c, len(expected)) == expected


def c_id(r, sock, timeout=30.0):
    """The id of the client whose local address is sock's, once the server has accepted it
    (the kernel completes a connection before the server takes it)."""
    host, port = sock.getsockname()[:2]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in r.execute_command("CLIENT", "LIST").splitlines():
            fields = dict(f.split("=", 1) for f in line.split(" ") if "=" in f)
            if fields["addr"] == f"{host}:{port}":
                return int(fields["id"])
        time.sleep(0.01)
    raise AssertionError("client not listed")


def test_last_reply_arrives_before_the_close(server):
    """QUIT's +OK and a protocol error's reply leave before the server closes, even when
    the server closes right after writing them."""
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", server.port), timeout=REPLY_TIMEOUT) as c:
            c.sendall(b"SET k v\r\nGET k\r\nQUIT\r\n")
            data, closed = read_until_closed(c)
            assert closed and data == b"+OK\r\n$1\r\nv\r\n+OK\r\n"
        with socket.create_connection(("127.0.0.1", server.port), timeout=REPLY_TIMEOUT) as c:
            c.sendall(b"PING\r\n*1\r\n$x\r\n")
            data, closed = read_until_closed(c)
            assert closed and data.startswith(b"+PONG\r\n-ERR Protocol error")


@linux_only
def test_killed_subscriber_that_stopped_reading_is_closed(server, r):
    """A subscriber that does not read while messages keep coming: its socket fills, the
    output waits in the server; CLIENT KILL then closes the server's socket at once (it
    leaves ESTABLISHED while the client still reads nothing), with the output unsent."""
    sub = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sub.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sub.settimeout(REPLY_TIMEOUT)
    sub.connect(("127.0.0.1", server.port))
    try:
        sub.sendall(encode_command("SUBSCRIBE", "news"))
        assert recv_exact(sub, len(b"*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n")).endswith(
            b":1\r\n")
        sub_id = c_id(r, sub)
        sub_port = sub.getsockname()[1]
        assert tcp_state(server.port, sub_port) == "01"
        deadline = time.monotonic() + 30
        stuck = False
        while time.monotonic() < deadline and not stuck:
            for _ in range(50):
                r.publish("news", "m" * 200)
            stuck = int(client_line(r, sub_id)["omem"]) > 0
        assert stuck, "the subscriber's output never had to wait"
        for _ in range(20):  # small messages now queue behind what the socket holds
            r.publish("news", "tail")
        assert r.client_kill_filter(_id=sub_id) == 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and tcp_state(server.port, sub_port) == "01":
            time.sleep(0.01)
        assert tcp_state(server.port, sub_port) != "01"
        assert client_line(r, sub_id) is None
        _, closed = read_until_closed(sub)
        assert closed
    finally:
        sub.close()


@cairn_only
def test_idle_client_gives_back_its_read_buffer(server, r):
    """A client that sent more than a small read's worth reads into a real buffer; idle for
    2 s, it gives the buffer back (CLIENT LIST qbuf-free=0) and is still served."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=REPLY_TIMEOUT) as c:
        value = b"v" * 5000
        c.sendall(encode_command("SET", "k", value) * 3)
        assert recv_exact(c, 15) == b"+OK\r\n" * 3
        cid = c_id(r, c)
        assert int(client_line(r, cid)["qbuf-free"]) > 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and int(client_line(r, cid)["qbuf-free"]) > 0:
            time.sleep(0.05)
        assert client_line(r, cid)["qbuf-free"] == "0"
        c.sendall(encode_command("GET", "k"))
        assert recv_exact(c, 5000 + 9) == b"$5000\r\n" + value + b"\r\n"


def test_many_clients_pipelining_at_once(server):
    """200 connections, each with a pipeline of 50 commands in flight at once, all answered
    in order: many completions per turn of the loop."""
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=REPLY_TIMEOUT) for _ in range(200)]
    try:
        for i, s in enumerate(socks):
            s.sendall(b"".join(encode_command("INCR", f"n{i}") for _ in range(50)))
        for i, s in enumerate(socks):
            expected = b"".join(b":%d\r\n" % n for n in range(1, 51))
            assert recv_exact(s, len(expected)) == expected
    finally:
        for s in socks:
            s.close()
