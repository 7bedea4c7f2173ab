"""Process lifecycle: SHUTDOWN, signals, config-file startup errors. Each test owns its server."""

import signal
import subprocess
import time

import pytest
import redis

from conftest import (REDIS_COMPAT_VERSION, close_client, free_port, is_cairn, is_windows_server,
                      not_on_windows, server_binary, server_launcher, server_path)

EXIT_TIMEOUT = 10
# The signal that asks for a clean shutdown. Windows has no SIGTERM: Wine turns it into
# TerminateProcess, while SIGINT arrives as a console Ctrl+C event.
STOP_SIGNAL = signal.SIGINT if is_windows_server() else signal.SIGTERM


def assert_exits(server, code):
    rc = server.wait_exit(EXIT_TIMEOUT)
    assert rc is not None, "server did not exit in time"
    assert rc == code, f"exit code {rc}\n{server.log()}"


# -- SHUTDOWN ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("NOSAVE",), (), ("nosave", "now")])
def test_shutdown_command_closes_connection_and_exits_0(server_factory, args):
    s = server_factory()
    with s.raw() as bystander, s.raw() as c:
        assert bystander.command("PING") == "PONG"
        c.command("SET", "k", "v")
        c.send_command("SHUTDOWN", *args)
        data, closed = c.read_bytes_until_closed(timeout=EXIT_TIMEOUT)
        assert data == b""          # no reply on success, just the close
        assert closed
        data, closed = bystander.read_bytes_until_closed(timeout=EXIT_TIMEOUT)
        assert closed
    assert_exits(s, 0)
    if not is_cairn():
        assert "User requested shutdown..." in s.log()
        assert "Redis is now ready to exit, bye bye..." in s.log()


def test_shutdown_via_redis_py(server_factory):
    s = server_factory()
    c = s.client()
    try:
        # redis-py treats the closed connection as success and returns None.
        assert c.shutdown(nosave=True) is None
    finally:
        close_client(c)
    assert_exits(s, 0)
    with pytest.raises(redis.ConnectionError):
        redis.Redis(host="127.0.0.1", port=s.port, socket_connect_timeout=2).ping()


def test_shutdown_abort_without_shutdown_in_progress(server_factory):
    s = server_factory()
    with s.raw() as c:
        c.send_command("SHUTDOWN", "ABORT")
        assert c.read_line() == b"-ERR No shutdown in progress.\r\n"
        assert c.command("PING") == "PONG"
    assert s.alive()


# -- signals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig, name", [
    pytest.param(signal.SIGTERM, "SIGTERM",
                 marks=not_on_windows("no SIGTERM; Wine ends the process with TerminateProcess")),
    (signal.SIGINT, "SIGINT"),
])
def test_signal_exits_0_and_logs(server_factory, sig, name):
    s = server_factory()
    with s.raw() as c:
        assert c.command("SET", "k", "v") == "OK"
        s.signal(sig)
        data, closed = c.read_bytes_until_closed(timeout=EXIT_TIMEOUT)
        assert closed
    assert_exits(s, 0)
    log = s.log()
    assert name in log, log
    if not is_cairn():
        assert f"Received {name} scheduling shutdown..." in log


def test_sigterm_with_busy_clients(server_factory):
    s = server_factory()
    conns = [s.raw() for _ in range(20)]
    try:
        for i, c in enumerate(conns):
            c.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n" * 50 + b"*3\r\n$3\r\nSET\r\n$2\r\nhalf")
        time.sleep(0.1)
        s.signal(STOP_SIGNAL)
        assert_exits(s, 0)
    finally:
        for c in conns:
            c.close()


def test_port_is_free_after_exit(server_factory):
    s = server_factory()
    port = s.port
    s.signal(STOP_SIGNAL)
    assert_exits(s, 0)
    again = server_factory(start=False)
    again.spawn(port=port)
    assert again._wait_ready(10), again.log()


# -- configuration files ---------------------------------------------------------------------------


def start_and_expect_failure(server_factory, config_text=None, extra_args=()):
    s = server_factory(extra_args=extra_args, config_text=config_text, start=False)
    s.spawn()
    assert_exits(s, 1)
    return s.log()


@pytest.mark.parametrize("config_text, line, echoed, reason", [
    ("hz 20\n# a comment\nfoo bar\n", 3, "foo bar", "Bad directive or wrong number of arguments"),
    ("\n\n\n\nnot-a-directive\n", 5, "not-a-directive", "Bad directive or wrong number of arguments"),
    ("port abc\n", 1, "port abc", "argument couldn't be parsed into an integer"),
    ("maxclients\n", 1, "maxclients", "wrong number of arguments"),
    ("maxmemory-policy bogus\n", 1, "maxmemory-policy bogus",
     "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, "
     "allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
])
def test_bad_config_file(server_factory, config_text, line, echoed, reason):
    log = start_and_expect_failure(server_factory, config_text=config_text)
    assert "*** FATAL CONFIG FILE ERROR" in log
    if not is_cairn():
        assert f"*** FATAL CONFIG FILE ERROR (Redis {REDIS_COMPAT_VERSION}) ***" in log
    assert f"Reading the configuration file, at line {line}\n" in log
    assert f">>> '{echoed}'\n" in log
    assert reason + "\n" in log


def test_bad_command_line_directive(server_factory):
    log = start_and_expect_failure(server_factory, extra_args=["--no-such-directive", "x"])
    assert "*** FATAL CONFIG FILE ERROR" in log
    assert "Bad directive or wrong number of arguments" in log
    assert ">>> 'no-such-directive \"x\"'" in log


def test_missing_config_file():
    port = free_port()
    missing = server_path("/nonexistent-dir/cairn.conf")
    proc = subprocess.run(server_launcher() + [server_binary(), missing, "--port", str(port),
                           "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"],
                          capture_output=True, timeout=EXIT_TIMEOUT, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    output = (proc.stdout + proc.stderr).decode()
    assert f"Fatal error, can't open config file '{missing}'" in output


def test_valid_config_file_and_command_line_override(server_factory):
    config = ("# Cairn integration test config\n"
              "\n"
              "maxclients 123\n"
              "hz 20\n"
              "maxmemory 10mb\n"
              "maxmemory-policy allkeys-lru\n"
              "port 1\n"             # overridden by --port on the command line
              "timeout   0\n")
    s = server_factory(config_text=config, extra_args=["--hz", "15"])
    c = s.client(decode_responses=True)
    try:
        assert c.config_get("maxclients") == {"maxclients": "123"}
        assert c.config_get("maxmemory") == {"maxmemory": "10485760"}
        assert c.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        assert c.config_get("hz") == {"hz": "15"}
        assert c.config_get("port") == {"port": str(s.port)}
        info = c.info("server")
        assert info["config_file"] == server_path(s.config_path)
    finally:
        close_client(c)
