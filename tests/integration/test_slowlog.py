"""SLOWLOG against redis-server 7.0.15: the same commands to both servers, the entries compared
(all but ids, times, durations and client ports)."""

import pytest
import redis

from conftest import is_windows_server

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")


def run(srv):
    c = srv.client()
    c.config_set("slowlog-log-slower-than", 0)
    c.config_set("slowlog-max-len", 128)
    c.execute_command("SLOWLOG", "RESET")
    c.client_setname("worker")
    c.set("k", "x" * 200)
    try:
        c.execute_command("AUTH", "not-the-password")
    except redis.ResponseError:
        pass
    c.rpush("l", *range(40))
    p = c.pipeline(transaction=True)
    p.incr("n")
    p.get("n")
    p.execute()
    entries = c.execute_command("SLOWLOG", "GET", -1)
    shapes = [(e[3], e[4].rsplit(b":", 1)[0], e[5]) for e in entries]
    out = {
        "entries": shapes,
        "ids_descending": [e[0] for e in entries] == sorted((e[0] for e in entries), reverse=True),
        "len": c.execute_command("SLOWLOG", "LEN"),
        "get_two": len(c.execute_command("SLOWLOG", "GET", 2)),
        "get_default": len(c.execute_command("SLOWLOG", "GET")),
        "help": c.execute_command("SLOWLOG", "HELP"),
    }
    for bad in (["SLOWLOG", "GET", "-2"], ["SLOWLOG", "GET", "x"], ["SLOWLOG", "LEN", "1"],
                ["SLOWLOG", "NOPE"]):
        try:
            c.execute_command(*bad)
            out[" ".join(bad)] = "no error"
        except redis.ResponseError as e:
            out[" ".join(bad)] = str(e)
    # A shorter max-len keeps the newest entries, from the next command on.
    c.config_set("slowlog-max-len", 2)
    c.ping()
    out["after_max_len"] = [e[3] for e in c.execute_command("SLOWLOG", "GET", -1)]
    # Off: nothing more is logged.
    c.config_set("slowlog-log-slower-than", -1)
    c.execute_command("SLOWLOG", "RESET")
    c.ping()
    out["off_len"] = c.execute_command("SLOWLOG", "LEN")
    c.config_set("slowlog-log-slower-than", 10000)
    c.config_set("slowlog-max-len", 128)
    c.close()
    return out


def test_slowlog_entries_as_in_redis(reference, server):
    expected = run(reference)
    got = run(server)
    assert got == expected
    long_args = [args for args, _, _ in expected["entries"] if args[0].lower() == b"rpush"][0]
    assert len(long_args) == 32 and long_args[-1] == b"... (11 more arguments)"
