"""`supervised systemd|auto|no`: the sd_notify(3) protocol seen from the service manager's side.

Each test binds its own AF_UNIX datagram socket, points NOTIFY_SOCKET at it and reads what the
server sends: STATUS= while loading, READY=1 once the port accepts connections, STOPPING=1 on
SHUTDOWN, WATCHDOG=1 when WATCHDOG_USEC is set.
"""

import os
import socket
import sys
import time

import pytest

from conftest import cairn_only, is_windows_server

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or is_windows_server(),
    reason="systemd readiness is Linux-only (the Windows build reports to the SCM)")

TIMEOUT = 10.0


@pytest.fixture
def notify_socket(tmp_path, monkeypatch):
    """A bound datagram socket; NOTIFY_SOCKET names it for servers spawned by this test."""
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.delenv("UPSTART_JOB", raising=False)
    yield sock
    sock.close()


def receive(sock, timeout):
    """The assignments of the next datagram (e.g. ["STATUS=x", "READY=1"]), or None on timeout."""
    sock.settimeout(timeout)
    try:
        data = sock.recv(4096)
    except socket.timeout:
        return None
    return [line for line in data.decode().split("\n") if line]


def wait_for(sock, wanted, server, timeout=TIMEOUT):
    """Reads datagrams until one has the assignment `wanted`; returns every assignment seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = receive(sock, max(0.05, deadline - time.monotonic()))
        if msg is None:
            break
        seen += msg
        if wanted in msg:
            return seen
    pytest.fail(f"no {wanted} (saw {seen})\n--- server log ---\n{server.log()}")


def port_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.settimeout(2)
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_unready(server_factory, mode):
    s = server_factory(extra_args=["--supervised", mode], start=False)
    s.spawn()
    return s


@pytest.mark.parametrize("mode", ["systemd", "auto"])
def test_ready_after_listening_then_stopping_on_shutdown(server_factory, notify_socket, mode):
    s = start_unready(server_factory, mode)
    seen = wait_for(notify_socket, "READY=1", s)
    # READY=1 is sent once the port answers: the manager may start dependants right away.
    assert port_accepts(s.port), s.log()
    statuses = [a for a in seen if a.startswith("STATUS=")]
    assert statuses and statuses[0].endswith("is loading..."), seen
    assert seen.index(statuses[0]) < seen.index("READY=1")
    assert "STATUS=Ready to accept connections" in seen
    assert "Supervised by systemd" in s.log()

    with s.raw() as c:
        c.send_command("SHUTDOWN", "NOSAVE")
        c.read_bytes_until_closed(timeout=TIMEOUT)
    wait_for(notify_socket, "STOPPING=1", s)
    assert s.wait_exit(TIMEOUT) == 0


def test_sigterm_sends_stopping(server_factory, notify_socket):
    s = start_unready(server_factory, "systemd")
    wait_for(notify_socket, "READY=1", s)
    s.signal(15)
    wait_for(notify_socket, "STOPPING=1", s)
    assert s.wait_exit(TIMEOUT) == 0


def test_supervised_no_sends_nothing(server_factory, notify_socket):
    s = server_factory(extra_args=["--supervised", "no"])  # start() waits for PING
    assert receive(notify_socket, 0.3) is None
    assert s.alive()


def test_systemd_without_notify_socket_warns_and_runs(server_factory, monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    s = server_factory(extra_args=["--supervised", "systemd"])
    assert "systemd supervision error: NOTIFY_SOCKET not found!" in s.log()
    assert s.client().ping()


@cairn_only
def test_watchdog_keepalives_when_watchdog_usec_set(server_factory, notify_socket, monkeypatch):
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # 0.2 s: a keep-alive every 0.1 s
    s = start_unready(server_factory, "systemd")
    wait_for(notify_socket, "READY=1", s)
    start = time.monotonic()
    for _ in range(3):
        wait_for(notify_socket, "WATCHDOG=1", s, timeout=2.0)
    assert time.monotonic() - start < 2.0
    assert "watchdog" in s.log()


@cairn_only
def test_watchdog_for_another_pid_is_ignored(server_factory, notify_socket, monkeypatch):
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))  # the test's pid, not the server's
    s = start_unready(server_factory, "systemd")
    seen = wait_for(notify_socket, "READY=1", s)
    time.sleep(0.5)
    while (msg := receive(notify_socket, 0.05)) is not None:
        seen += msg
    assert "WATCHDOG=1" not in seen
