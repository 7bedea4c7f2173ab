"""Every way a client is closed or refused: maxclients, idle timeout, query and output buffer
limits, AUTH, keepalive. Each case checks that the server and the other clients are unharmed."""

import re
import socket
import subprocess
import time

import pytest
import redis

from conftest import is_cairn


def read_until_closed(sock, limit=1 << 20, timeout=5.0):
    """Everything the server sends until it closes the connection (bounded)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < limit and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    return data


def is_closed(sock, timeout=5.0):
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def wait_clients(port, count, timeout=30.0):
    """Waits until INFO shows `count` clients besides the one asking (bounded). Under
    maxclients the probe itself may be refused while the server has not yet seen other
    clients close (it writes the error and closes; the unread INFO makes that a reset):
    that is "not yet" too."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = b""
        try:
            with socket.create_connection(("127.0.0.1", port)) as c:
                c.sendall(b"INFO clients\r\n")
                c.settimeout(30)
                while b"connected_clients:" not in data or not data.endswith(b"\r\n"):
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    data += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass
        line = [l for l in data.split(b"\r\n") if l.startswith(b"connected_clients:")]
        if line and int(line[0].split(b":")[1]) - 1 == count:
            return True
        time.sleep(0.05)
    return False


def wait_clients_seen_by(sock, count, timeout=30.0):
    """Waits until INFO clients, asked on the open connection `sock`, shows `count` clients
    (the asking one included; bounded)."""
    deadline = time.monotonic() + timeout
    sock.settimeout(30)
    with sock.makefile("rb") as reader:
        while time.monotonic() < deadline:
            sock.sendall(b"INFO clients\r\n")
            header = reader.readline()
            assert header.startswith(b"$"), header
            body = reader.read(int(header[1:]) + 2)
            line = [l for l in body.split(b"\r\n") if l.startswith(b"connected_clients:")]
            if line and int(line[0].split(b":")[1]) == count:
                return True
            time.sleep(0.05)
    return False


def test_maxclients_refuses_the_extra_connection(server_factory):
    s = server_factory(extra_args=["--maxclients", "2"])
    # The readiness probe's connection may still be closing: wait until no client is left.
    assert wait_clients(s.port, 0)
    a = socket.create_connection(("127.0.0.1", s.port))
    a.sendall(b"PING\r\n")
    assert a.recv(64) == b"+PONG\r\n"
    b = socket.create_connection(("127.0.0.1", s.port))
    b.sendall(b"PING\r\n")
    assert b.recv(64) == b"+PONG\r\n"
    c = socket.create_connection(("127.0.0.1", s.port))
    assert read_until_closed(c) == b"-ERR max number of clients reached\r\n"
    c.close()
    # The two admitted clients are unharmed.
    a.sendall(b"PING\r\n")
    assert a.recv(64) == b"+PONG\r\n"
    b.close()
    # Asked through a: a new connection made before the server has seen b go would be
    # refused too, and counted.
    assert wait_clients_seen_by(a, 1)
    a.close()
    probe = redis.Redis(port=s.port)
    assert probe.info("stats")["rejected_connections"] == 1
    probe.connection_pool.disconnect()


def test_idle_timeout_closes_idle_clients_only(server_factory):
    s = server_factory(extra_args=["--timeout", "1"])
    idle = socket.create_connection(("127.0.0.1", s.port))
    idle.sendall(b"PING\r\n")
    assert idle.recv(64) == b"+PONG\r\n"
    busy = socket.create_connection(("127.0.0.1", s.port))
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        busy.sendall(b"PING\r\n")
        assert busy.recv(64) == b"+PONG\r\n"
        time.sleep(0.2)
    assert is_closed(idle, timeout=2)
    busy.sendall(b"PING\r\n")
    assert busy.recv(64) == b"+PONG\r\n"
    busy.close()
    idle.close()


def test_timeout_set_at_runtime(server_factory):
    s = server_factory()
    idle = socket.create_connection(("127.0.0.1", s.port))
    idle.sendall(b"PING\r\n")
    assert idle.recv(64) == b"+PONG\r\n"
    r = s.client()
    assert r.config_set("timeout", 1)
    assert is_closed(idle, timeout=5)
    # `r` went idle too and may have been closed as well: use a fresh connection.
    fresh = s.client()
    fresh.config_set("timeout", 0)
    assert fresh.ping()


def test_query_buffer_limit_closes_the_client(server_factory):
    s = server_factory(extra_args=["--client-query-buffer-limit", "1mb"])
    other = s.client()
    other.set("k", "v")
    hog = socket.create_connection(("127.0.0.1", s.port))
    # A 4 MB bulk (allowed by proto-max-bulk-len) streamed into a 1 MB query buffer limit.
    hog.sendall(b"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$4194304\r\n")
    sent = 0
    chunk = b"x" * 65536
    hog.settimeout(5)
    try:
        while sent < 4 * 1024 * 1024:
            hog.sendall(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert is_closed(hog)
    hog.close()
    assert other.get("k") == b"v"
    assert other.exists("big") == 0
    if is_cairn():
        assert "Closing client that reached max query buffer length" in s.log()


def test_output_buffer_hard_limit_drops_a_slow_reader(server_factory):
    s = server_factory(extra_args=["--client-output-buffer-limit", "normal 1mb 0 0"])
    r = s.client()
    r.set("big", "x" * 100_000)
    slow = socket.create_connection(("127.0.0.1", s.port))
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    # Ask for ~20 MB of replies and never read them.
    slow.sendall(b"GET big\r\n" * 200)
    deadline = time.monotonic() + 10
    gone = False
    while time.monotonic() < deadline and not gone:
        clients = r.client_list()
        gone = len(clients) == 1
        time.sleep(0.1)
    assert gone, "the slow reader was not disconnected"
    assert r.get("big") == b"x" * 100_000  # everyone else is fine
    slow.close()
    if is_cairn():
        assert "scheduled to be closed ASAP for overcoming of output buffer limits" in s.log()


def test_output_buffer_soft_limit_needs_time(server_factory):
    s = server_factory(extra_args=["--client-output-buffer-limit", "normal 0 512kb 1"])
    r = s.client()
    r.set("big", "x" * 100_000)
    slow = socket.create_connection(("127.0.0.1", s.port))
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.sendall(b"GET big\r\n" * 100)  # ~10 MB pending: over the soft limit
    time.sleep(0.3)
    assert len(r.client_list()) == 2  # still within the soft limit's seconds
    # More output after the soft seconds have passed triggers the close.
    time.sleep(2.2)
    slow.sendall(b"GET big\r\n")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(r.client_list()) != 1:
        time.sleep(0.1)
    assert len(r.client_list()) == 1
    slow.close()


def with_password(server_factory, password):
    """A private server whose default user gets a password once it is up (the readiness
    check needs an unauthenticated PING)."""
    s = server_factory()
    s.client().config_set("requirepass", password)
    return s


def test_auth_flow(server_factory):
    s = with_password(server_factory, "s3cret")
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"GET k\r\nAUTH wrong\r\nAUTH default wrong\r\nAUTH s3cret\r\nGET k\r\n")
    expected = (b"-NOAUTH Authentication required.\r\n"
                b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                b"+OK\r\n$-1\r\n")
    data = b""
    c.settimeout(5)
    while len(data) < len(expected):
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    assert data == expected
    c.close()
    ok = redis.Redis(port=s.port, password="s3cret")
    assert ok.ping()
    with pytest.raises((redis.AuthenticationError, redis.ResponseError)):
        redis.Redis(port=s.port, password="nope").ping()


def test_auth_without_password_configured(r):
    with pytest.raises(redis.ResponseError) as e:
        r.execute_command("AUTH", "x")
    assert str(e.value) == ("AUTH <password> called without any password configured for the "
                            "default user. Are you sure your configuration is correct?")
    assert r.execute_command("AUTH", "default", "anything") in (b"OK", "OK", True)
    with pytest.raises(redis.ResponseError) as e:
        r.execute_command("AUTH", "a", "b", "c")
    assert str(e.value) == "syntax error"


def test_unauthenticated_clients_get_tight_protocol_limits(server_factory):
    s = with_password(server_factory, "pw")
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"*11\r\n")
    assert read_until_closed(c) == b"-ERR Protocol error: unauthenticated multibulk length\r\n"
    c.close()
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"*1\r\n$16385\r\n")
    assert read_until_closed(c) == b"-ERR Protocol error: unauthenticated bulk length\r\n"
    c.close()


def test_keepalive_is_set_on_accepted_sockets(server_factory):
    s = server_factory(extra_args=["--tcp-keepalive", "120"])
    c = socket.create_connection(("127.0.0.1", s.port))
    c.sendall(b"PING\r\n")
    assert c.recv(64) == b"+PONG\r\n"
    local_port = c.getsockname()[1]
    # The server's end of this connection shows a keepalive timer of about 120 s.
    out = subprocess.run(["ss", "-tno", "state", "established", f"( sport = :{s.port} )"],
                         capture_output=True, text=True, timeout=10).stdout
    line = next((l for l in out.splitlines() if f":{local_port}" in l), "")
    assert "keepalive" in line, out
    c.close()


def keepalive_timer_s(port, conn):
    """Seconds left on the keepalive timer of the server's end of conn (None: no keepalive)."""
    local_port = conn.getsockname()[1]
    out = subprocess.run(["ss", "-tno", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, timeout=10).stdout
    line = next((l for l in out.splitlines() if f":{local_port}" in l), "")
    m = re.search(r"timer:\(keepalive,(?:(\d+)min)?(?:(\d+)sec)?", line)
    if not m:
        return None
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def test_keepalive_config_set_applies_to_new_connections(server_factory):
    # Cairn sets tcp-keepalive on the listening socket where accepted sockets inherit it
    # (Linux): a CONFIG SET must reach the connections accepted after it, as in Redis.
    s = server_factory(extra_args=["--tcp-keepalive", "120"])
    r = s.client()

    def fresh():
        c = socket.create_connection(("127.0.0.1", s.port))
        c.sendall(b"PING\r\n")
        assert c.recv(64) == b"+PONG\r\n"
        return c

    first = fresh()
    assert 60 < keepalive_timer_s(s.port, first) <= 120
    assert r.config_set("tcp-keepalive", 0)
    off = fresh()
    assert keepalive_timer_s(s.port, off) is None
    assert 60 < keepalive_timer_s(s.port, first) <= 120  # connections keep what they got
    assert r.config_set("tcp-keepalive", 600)
    again = fresh()
    assert 540 < keepalive_timer_s(s.port, again) <= 600
    for c in (first, off, again):
        c.close()


def test_info_clients_and_connection_counters(server_factory):
    s = server_factory(extra_args=["--maxclients", "123"])
    r = s.client()
    clients = r.info("clients")
    for field in ("connected_clients", "cluster_connections", "maxclients",
                  "client_recent_max_input_buffer", "client_recent_max_output_buffer",
                  "blocked_clients", "tracking_clients", "clients_in_timeout_table"):
        assert isinstance(clients[field], int), field
    assert clients["maxclients"] == 123
    assert clients["connected_clients"] >= 1
    before = r.info("stats")
    extra = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(3)]
    for c in extra:
        c.sendall(b"PING\r\n")
        assert c.recv(64) == b"+PONG\r\n"
    # A big argument makes the query buffer peak visible for a few seconds.
    r.set("big", "x" * 200_000)
    after = r.info()
    assert after["total_connections_received"] >= before["total_connections_received"] + 3
    assert after["total_net_input_bytes"] > before["total_net_input_bytes"] + 200_000
    assert after["total_net_output_bytes"] > before["total_net_output_bytes"]
    assert after["connected_clients"] >= 4
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and r.info("clients")["client_recent_max_input_buffer"] < 200_000:
        time.sleep(0.1)
    assert r.info("clients")["client_recent_max_input_buffer"] >= 200_000 or not is_cairn()
    for key in ("instantaneous_ops_per_sec", "instantaneous_input_kbps",
                "instantaneous_output_kbps"):
        assert key in after
    for c in extra:
        c.close()
