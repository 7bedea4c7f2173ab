"""MONITOR: every command other clients run, in Redis's line format."""

import re
import time

import pytest

LINE = re.compile(r'^\+(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)\r\n$')


def start_monitor(server):
    m = server.raw()
    assert m.command("MONITOR") == "OK"
    return m


def monitor_lines(m, count):
    """The next `count` lines as (db, addr, args-text)."""
    out = []
    for _ in range(count):
        line = m.read_line().decode()
        match = LINE.match(line)
        assert match, line
        out.append((int(match.group(3)), match.group(4), match.group(5)))
    return out


def test_lines_have_redis_format(server, r):
    m = start_monitor(server)
    with server.raw() as c:
        c.command("SET", "a b", "x\ty\x01\"")
        c.command("GET", "a b")
        local = c.sock.getsockname()
        before = time.time()
        line = m.read_line().decode()
        match = LINE.match(line)
        assert match
        assert abs(int(match.group(1)) - before) < 5
        assert match.group(3) == "0"
        assert match.group(4) == f"{local[0]}:{local[1]}"
        assert match.group(5) == r'"SET" "a b" "x\ty\x01\""'
        assert monitor_lines(m, 1)[0][2] == '"GET" "a b"'
    m.close()


def test_db_is_the_one_after_the_command(server, r):
    m = start_monitor(server)
    with server.raw() as c:
        c.command("SELECT", "3")
        c.command("PING")
    assert [(db, args) for db, _, args in monitor_lines(m, 2)] == [
        (3, '"SELECT" "3"'),
        (3, '"PING"'),
    ]
    m.close()


def test_secrets_are_redacted(server, r):
    m = start_monitor(server)
    with server.raw() as c:
        c.command("AUTH", "user", "secret")
        c.command("HELLO", "3", "AUTH", "default", "secret", "SETNAME", "me")
        c.command("HELLO", "2", "SETNAME", "you")
    args = [a for _, _, a in monitor_lines(m, 3)]
    assert args == [
        '"AUTH" "(redacted)" "(redacted)"',
        '"HELLO" "3" "AUTH" "(redacted)" "(redacted)" "SETNAME" "me"',
        '"HELLO" "2" "SETNAME" "you"',
    ]
    m.close()


def test_admin_and_rejected_commands_are_not_shown(server, r):
    m = start_monitor(server)
    with server.raw() as c:
        c.command("CONFIG", "GET", "maxclients")
        c.command("SET", "onlyone")  # arity error: rejected before it runs
        c.command("NOSUCH")
        c.command("DEL", "nosuch")  # runs (even though it deletes nothing)
        c.command("LPUSH", "str", "x")
    args = [a for _, _, a in monitor_lines(m, 2)]
    assert args == ['"DEL" "nosuch"', '"LPUSH" "str" "x"']
    m.close()


def test_transactions_show_multi_commands_exec(server, r):
    m = start_monitor(server)
    with server.raw() as c:
        c.command("MULTI")
        c.command("SET", "foo", "bar")
        c.command("EXEC")
        c.command("MULTI")
        c.command("SYNTAX", "ERROR")
        c.command("EXEC")
    args = [a for _, _, a in monitor_lines(m, 5)]
    assert args == ['"MULTI"', '"SET" "foo" "bar"', '"EXEC"', '"MULTI"', '"EXEC"']
    m.close()


def test_several_monitors_and_flag(server, r):
    m1 = start_monitor(server)
    m2 = start_monitor(server)
    r.set("k", "v")
    assert monitor_lines(m1, 1)[0][2] == '"SET" "k" "v"'
    assert monitor_lines(m2, 1)[0][2] == '"SET" "k" "v"'
    flags = {c["id"]: c["flags"] for c in r.client_list()}
    assert sorted(flags.values()).count("O") == 2
    m1.close()
    m2.close()


def test_monitor_in_resp3_gets_status_lines(server, r):
    m = server.raw()
    m.command("HELLO", "3")
    assert m.command("MONITOR") == "OK"
    r.set("k", "v")
    assert monitor_lines(m, 1)[0][2] == '"SET" "k" "v"'
    m.close()


def test_reset_stops_monitoring(server, r):
    m = start_monitor(server)
    m.send(b"RESET\r\n")
    assert m.read_line() == b"+RESET\r\n"
    r.set("after", "reset")
    assert m.read_available(0.3) == b""
    assert m.command("CLIENT", "INFO").decode().split(" flags=")[1].startswith("N ")
    m.close()


def test_monitor_is_exempt_from_idle_timeout(server_factory):
    s = server_factory(extra_args=["--timeout", "1"])
    m = start_monitor(s)
    idle = s.raw()
    idle.command("PING")
    assert monitor_lines(m, 1)[0][2] == '"PING"'
    time.sleep(2.5)
    c = s.client(decode_responses=True)
    c.set("still", "here")
    assert monitor_lines(m, 1)[0][2] == '"SET" "still" "here"'
    _, closed = idle.read_bytes_until_closed(1)
    assert closed  # the plain client was timed out
    c.close()
    m.close()
    idle.close()


def test_a_disconnected_monitor_is_dropped(server, r):
    for _ in range(5):
        start_monitor(server).close()
    r.set("k", "v")
    assert r.ping()
    assert all("O" not in c["flags"] for c in r.client_list())
