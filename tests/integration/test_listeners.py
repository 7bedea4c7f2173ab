"""Listeners and startup logging: unix sockets, port 0, optional bind addresses, log format."""

import ntpath
import os
import re
import socket
import stat
import subprocess
import time

import pytest
import redis

from conftest import (cairn_only, expected_multiplexing_api, is_windows_server, not_on_windows,
                      server_binary)

LOG_LINE = re.compile(r"^\d+:[CMSX] \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} [.\-*#] ")


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def unix_ping(path):
    try:
        c = redis.Redis(unix_socket_path=path, socket_timeout=2)
        try:
            return c.ping()
        finally:
            c.connection_pool.disconnect()
    except (redis.ConnectionError, OSError):
        return False


@not_on_windows("no unixsocket (Unix domain sockets)")
def test_unix_socket_with_permissions(server_factory):
    s = server_factory(start=False)
    path = os.path.join(s.dir, "cairn.sock")
    s.extra_args = ["--unixsocket", path, "--unixsocketperm", "700"]
    s.start()
    assert unix_ping(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    out = subprocess.run(["redis-cli", "-s", path, "set", "k", "v"], capture_output=True,
                         text=True, timeout=10)
    assert out.stdout.strip() == "OK"
    # The same keyspace is served over TCP.
    assert s.client(decode_responses=True).get("k") == "v"
    c = redis.Redis(unix_socket_path=path, decode_responses=True)
    assert c.config_get("unixsocketperm") == {"unixsocketperm": "700"}
    c.connection_pool.disconnect()


@not_on_windows("no unixsocket (Unix domain sockets)")
def test_port_zero_listens_only_on_unix_socket(server_factory):
    s = server_factory(start=False)
    path = os.path.join(s.dir, "only.sock")
    s.extra_args = ["--unixsocket", path, "--port", "0"]
    s.spawn()
    assert wait_for(lambda: unix_ping(path)), s.log()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", s.port), timeout=1).close()


def test_optional_bind_address_is_skipped(server_factory):
    # 192.0.2.1 (TEST-NET-1) is not an address of this host: optional, so it is skipped.
    s = server_factory(extra_args=["--bind", "127.0.0.1", "-192.0.2.1"])
    assert s.client().ping()
    assert s.client(decode_responses=True).config_get("bind") == {"bind": "127.0.0.1 -192.0.2.1"}


def test_required_bind_address_that_fails_stops_startup(server_factory):
    s = server_factory(extra_args=["--bind", "192.0.2.1"], start=False)
    s.spawn()
    assert s.wait_exit(10) == 1
    assert "Could not create server TCP listening socket" in s.log()


def test_ipv4_and_ipv6_loopback(server_factory):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this host")
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        pytest.skip("::1 is not configured on this host")
    s = server_factory(extra_args=["--bind", "127.0.0.1", "::1"])
    c6 = redis.Redis(host="::1", port=s.port, socket_timeout=5)
    assert c6.ping()
    c6.connection_pool.disconnect()


def test_log_file_format_and_levels(server_factory):
    s = server_factory(start=False)
    logfile = os.path.join(s.dir, "file.log")
    s.extra_args = ["--logfile", logfile, "--loglevel", "verbose"]
    s.start()
    c = s.client()
    c.ping()
    c.connection_pool.disconnect()
    assert wait_for(lambda: "Accepted" in open(logfile).read())
    lines = [l for l in open(logfile).read().splitlines() if l.strip()]
    assert lines and all(LOG_LINE.match(l) for l in lines), lines[:5]
    assert any("Ready to accept connections" in l for l in lines)


@not_on_windows("an open file cannot be renamed on Windows")
def test_log_file_rotated_away_is_recreated(server_factory):
    """logrotate renames the log without copytruncate (Debian's redis-server snippet): the
    next line goes to a new file at the configured path, as Redis's open-per-line logging."""
    s = server_factory(start=False)
    logfile = os.path.join(s.dir, "server.log")
    s.extra_args = ["--logfile", logfile, "--enable-debug-command", "yes"]
    s.start()
    c = s.client()
    c.execute_command("DEBUG", "LOG", "before rotation")
    assert wait_for(lambda: "before rotation" in open(logfile).read())
    os.rename(logfile, logfile + ".1")
    c.execute_command("DEBUG", "LOG", "after rotation")
    assert wait_for(lambda: os.path.exists(logfile) and "after rotation" in open(logfile).read())
    assert "after rotation" not in open(logfile + ".1").read()
    os.remove(logfile)
    c.execute_command("DEBUG", "LOG", "after removal")
    assert wait_for(lambda: os.path.exists(logfile) and "after removal" in open(logfile).read())


@cairn_only
def test_startup_banner_has_pid_and_backend(server_factory):
    s = server_factory()
    log = s.log()
    backend = expected_multiplexing_api()
    assert f"multiplexing {backend}" in log
    info = s.client(decode_responses=True).info("server")
    assert info["multiplexing_api"] == backend
    # Under Wine the Windows pid is not the Unix one: the banner and INFO agree on it.
    pid = info["process_id"] if is_windows_server() else s.pid
    assert f" PID: {pid}" in log
    assert info["process_id"] == pid
    basename = ntpath.basename if is_windows_server() else os.path.basename
    assert basename(info["executable"]) == os.path.basename(server_binary())
