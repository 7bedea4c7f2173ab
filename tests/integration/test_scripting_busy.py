"""Busy scripts: past busy-reply-threshold (alias lua-time-limit) the server keeps serving its
other clients while the script runs, refusing their commands with -BUSY except the allowed
ones; SCRIPT KILL / FUNCTION KILL stop a script that has not written (-UNKILLABLE otherwise,
-NOTBUSY when none runs); SHUTDOWN NOSAVE ends the server under a busy script. Every scenario
runs on the server under test and on Debian's redis-server, and the replies must be the same."""

import os
import time

import pytest

from conftest import DEFAULT_SERVER, ReferenceServer, ServerProcess, read_raw

LOOP = "local i = 0 while true do i = i + 1 end"
WRITE_LOOP = "redis.call('set', 'written', '1') local i = 0 while true do i = i + 1 end"
LIB = ("#!lua name=busylib\n"
       "redis.register_function('spin', function() local i = 0 while true do i = i + 1 end end)\n")


def make(kind, args):
    if kind == "redis":
        if not os.access(DEFAULT_SERVER, os.X_OK):
            pytest.skip("no reference redis-server")
        return ReferenceServer(args, name="reference redis-server").start()
    return ServerProcess(args, name="server under test").start()


def command(conn, *args):
    conn.send_command(*args)
    return read_raw(conn)


def wait_busy(conn, timeout=30.0):
    """Polls PING until the server answers -BUSY (the script passed the threshold)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        reply = command(conn, "PING")
        if reply.startswith(b"-BUSY"):
            return reply
        time.sleep(0.02)
    raise AssertionError("the server never became busy")


def busy_kill_scenario(s):
    out = []
    with s.raw() as runner, s.raw() as other:
        out.append(command(other, "SCRIPT", "KILL"))
        runner.send_command("EVAL", LOOP, "0")
        out.append(wait_busy(other))
        for args in (["GET", "x"], ["CONFIG", "GET", "maxmemory"], ["MULTI"], ["FUNCTION", "KILL"],
                     ["SHUTDOWN"]):
            out.append(command(other, *args))
        if out[-3] == b"+OK\r\n":  # MULTI is allowed while busy: leave it
            out.append(command(other, "DISCARD"))
        out.append(command(other, "SCRIPT", "KILL"))
        out.append(read_raw(runner))
        out.append(command(other, "PING"))
        out.append(command(runner, "PING"))
        out.append(command(other, "SCRIPT", "KILL"))
    return out


def function_kill_scenario(s):
    out = []
    with s.raw() as runner, s.raw() as other:
        out.append(command(other, "FUNCTION", "LOAD", LIB))
        runner.send_command("FCALL", "spin", "0")
        out.append(wait_busy(other))
        out.append(command(other, "SCRIPT", "KILL"))
        out.append(command(other, "FUNCTION", "KILL"))
        out.append(read_raw(runner))
        out.append(command(other, "PING"))
    return out


def same_turn_scenario(s):
    """The script's command and another client's command reach the server in one turn of its
    event loop (both sent while DEBUG SLEEP holds it): the other command is still answered
    -BUSY while the script runs, not after it."""
    out = []
    with s.raw() as runner, s.raw() as other, s.raw() as sleeper:
        sleeper.send_command("DEBUG", "SLEEP", "0.5")
        time.sleep(0.2)  # the server is asleep now; the next two arrive together
        runner.send_command("EVAL", LOOP, "0")
        other.send_command("PING")
        out.append(read_raw(other))  # -BUSY once the threshold passes (the socket waits 30 s)
        out.append(read_raw(sleeper))
        out.append(command(other, "SCRIPT", "KILL"))
        out.append(read_raw(runner))
    return out


@pytest.mark.parametrize("scenario", [busy_kill_scenario, function_kill_scenario,
                                      same_turn_scenario])
def test_busy_script_killed_like_redis(scenario):
    replies = {}
    for kind in ("ours", "redis"):
        s = make(kind, ["--busy-reply-threshold", "300", "--enable-debug-command", "yes"])
        try:
            replies[kind] = scenario(s)
        finally:
            s.cleanup()
    assert replies["ours"] == replies["redis"]


def test_lua_time_limit_alias_and_default():
    s = make("ours", [])
    try:
        c = s.client(decode_responses=True)
        assert c.config_get("busy-reply-threshold") == {"busy-reply-threshold": "5000"}
        c.config_set("lua-time-limit", "1234")
        assert c.config_get("busy-reply-threshold") == {"busy-reply-threshold": "1234"}
        c.close()
    finally:
        s.cleanup()


def test_six_second_script_with_default_threshold():
    """A script running 6 s under the default threshold (5 s): other clients are served
    normally before, -BUSY after 5 s, and SCRIPT KILL ends it."""
    s = make("ours", [])
    try:
        with s.raw() as runner, s.raw() as other:
            start = time.time()
            runner.send_command("EVAL", LOOP, "0")
            busy = wait_busy(other, timeout=30)
            assert time.time() - start >= 4.9
            assert busy == (b"-BUSY Redis is busy running a script. You can only call SCRIPT "
                            b"KILL or SHUTDOWN NOSAVE.\r\n")
            time.sleep(1.0)  # the script keeps running past 6 s
            assert command(other, "SCRIPT", "KILL") == b"+OK\r\n"
            assert read_raw(runner).startswith(b"-ERR Script killed by user with SCRIPT KILL...")
            assert command(other, "PING") == b"+PONG\r\n"
    finally:
        s.cleanup()


@pytest.mark.parametrize("kind", ["ours", "redis"])
def test_writing_script_is_unkillable_and_shutdown_nosave_ends_it(kind):
    s = make(kind, ["--busy-reply-threshold", "300"])
    try:
        with s.raw() as runner, s.raw() as other:
            runner.send_command("EVAL", WRITE_LOOP, "0")
            wait_busy(other)
            assert command(other, "SCRIPT", "KILL") == (
                b"-UNKILLABLE Sorry the script already executed write commands against the "
                b"dataset. You can either wait the script termination or kill the server in a "
                b"hard way using the SHUTDOWN NOSAVE command.\r\n")
            assert command(other, "SHUTDOWN").startswith(b"-BUSY")
            other.send_command("SHUTDOWN", "NOSAVE")
            assert s.wait_exit(30) is not None, "the server did not exit"
    finally:
        s.cleanup()
