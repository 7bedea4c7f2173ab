"""MULTI / EXEC / DISCARD / WATCH / UNWATCH with real clients, as Redis 7.0 answers them."""

import threading
import time

import pytest
import redis

from conftest import RespError, wait_blocked


def exec_reply(raw_conn, *commands):
    """MULTI, the commands (each must answer QUEUED), EXEC: returns EXEC's reply."""
    assert raw_conn.command("MULTI") == "OK"
    for cmd in commands:
        assert raw_conn.command(*cmd) == "QUEUED"
    return raw_conn.command("EXEC")


def client_field(conn, name):
    info = conn.command("CLIENT", "INFO").decode()
    return dict(kv.split("=", 1) for kv in info.split())[name]


# -- queuing and running ---------------------------------------------------------------------


def test_exec_runs_queued_commands_in_order(raw):
    assert exec_reply(raw, ("SET", "a", "1"), ("INCR", "a"), ("GET", "a")) == ["OK", 2, b"2"]


def test_empty_transaction(raw):
    assert raw.command("MULTI") == "OK"
    assert raw.command("EXEC") == []


def test_runtime_error_is_per_command(raw):
    reply = exec_reply(raw, ("SET", "a", "1"), ("LPUSH", "a", "x"), ("INCR", "a"))
    assert reply[0] == "OK"
    assert isinstance(reply[1], RespError)
    assert str(reply[1]).startswith("WRONGTYPE")
    assert reply[2] == 2


@pytest.mark.parametrize(
    "bad, error",
    [
        (("NOSUCHCMD", "x"), "ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' "),
        (("SET", "a"), "ERR wrong number of arguments for 'set' command"),
        (("CONFIG", "NOPE"), "ERR unknown subcommand 'NOPE'. Try CONFIG HELP."),
        (("SHUTDOWN",), "ERR Command not allowed inside a transaction"),
    ],
)
def test_queue_time_error_aborts_exec(raw, r, bad, error):
    assert raw.command("MULTI") == "OK"
    assert raw.command("SET", "k", "v") == "QUEUED"
    reply = raw.command(*bad)
    assert isinstance(reply, RespError) and str(reply) == error
    assert raw.command("SET", "k2", "v") == "QUEUED"
    reply = raw.command("EXEC")
    assert str(reply) == "EXECABORT Transaction discarded because of previous errors."
    assert r.exists("k", "k2") == 0  # nothing ran
    assert raw.command("PING") == "PONG"  # the connection is fine and out of MULTI


def test_nested_multi_is_an_error_but_keeps_the_transaction(raw):
    assert raw.command("MULTI") == "OK"
    assert str(raw.command("MULTI")) == "ERR MULTI calls can not be nested"
    assert raw.command("SET", "a", "1") == "QUEUED"
    assert raw.command("EXEC") == ["OK"]


def test_exec_and_discard_without_multi(raw):
    assert str(raw.command("EXEC")) == "ERR EXEC without MULTI"
    assert str(raw.command("DISCARD")) == "ERR DISCARD without MULTI"


def test_watch_inside_multi_is_refused(raw):
    assert raw.command("MULTI") == "OK"
    assert str(raw.command("WATCH", "a")) == "ERR WATCH inside MULTI is not allowed"
    assert raw.command("EXEC") == []


def test_discard_drops_the_queue(raw, r):
    assert raw.command("MULTI") == "OK"
    assert raw.command("SET", "a", "1") == "QUEUED"
    assert raw.command("DISCARD") == "OK"
    assert r.get("a") is None
    assert str(raw.command("EXEC")) == "ERR EXEC without MULTI"


def test_quit_inside_multi_closes(server):
    with server.raw() as c:
        assert c.command("MULTI") == "OK"
        assert c.command("SET", "q", "1") == "QUEUED"
        assert c.command("QUIT") == "OK"
        data, closed = c.read_bytes_until_closed(2)
        assert closed and data == b""


def test_blocking_commands_inside_multi_do_not_block(raw):
    reply = exec_reply(
        raw,
        ("BLPOP", "empty", "0"),
        ("BRPOP", "empty", "0"),
        ("BLMOVE", "empty", "dst", "LEFT", "LEFT", "0"),
        ("BRPOPLPUSH", "empty", "dst", "0"),
        ("BLMPOP", "0", "1", "empty", "LEFT"),
        ("BZPOPMIN", "empty", "0"),
        ("BZPOPMAX", "empty", "0"),
        ("BZMPOP", "0", "1", "empty", "MIN"),
    )
    assert reply == [None] * 8
    raw.send(b"MULTI\r\nBLMOVE empty dst LEFT LEFT 0\r\nBLPOP empty 0\r\nEXEC\r\n")
    assert raw.read_available() == b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n$-1\r\n*-1\r\n"


def test_push_inside_exec_serves_a_blocked_client(server, r):
    got = {}

    def blocked():
        c = server.client(decode_responses=True)
        got["v"] = c.blpop("q", timeout=5)
        c.close()

    t = threading.Thread(target=blocked)
    t.start()
    assert wait_blocked(r, 1)
    with server.raw() as c:
        assert exec_reply(c, ("RPUSH", "q", "a", "b"), ("LLEN", "q")) == [2, 2]
    t.join(10)
    assert got["v"] == ("q", "a")
    assert r.lrange("q", 0, -1) == ["b"]


def test_subscribe_inside_exec(raw):
    reply = exec_reply(raw, ("SET", "k", "v"), ("SUBSCRIBE", "ch"))
    assert reply == ["OK", [b"subscribe", b"ch", 1]]
    assert raw.command("PING") == [b"pong", b""]


def test_monitor_inside_exec_is_refused(raw):
    reply = exec_reply(raw, ("MONITOR",))
    assert str(reply[0]) == "ERR MONITOR isn't allowed for DENY BLOCKING client"


def test_client_reply_off_inside_exec_silences_what_follows(raw):
    raw.send(b"MULTI\r\nCLIENT REPLY OFF\r\nPING\r\nEXEC\r\nPING\r\n")
    assert raw.read_available() == b"+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n"


def test_select_inside_exec_sticks(raw):
    assert exec_reply(raw, ("SELECT", "1"), ("SET", "x", "1")) == ["OK", "OK"]
    assert client_field(raw, "db") == "1"


# -- CLIENT LIST and stats -------------------------------------------------------------------


def test_client_list_shows_the_transaction(raw):
    assert client_field(raw, "multi") == "-1"
    assert client_field(raw, "multi-mem") == "0"
    assert raw.command("MULTI") == "OK"
    assert raw.command("SET", "k", "v") == "QUEUED"
    assert raw.command("CLIENT", "INFO") == "QUEUED"
    info = raw.command("EXEC")[1].decode()
    fields = dict(kv.split("=", 1) for kv in info.split())
    assert fields["flags"] == "x"
    assert fields["multi"] == "2"
    # Redis counts the argument bytes plus one pointer per argument: 5 + 10 + 5 * 8.
    assert fields["multi-mem"] == "55"
    assert fields["cmd"] == "exec"
    assert client_field(raw, "flags") == "N"


def test_dirty_flag_in_client_list(server, raw, r):
    assert raw.command("WATCH", "w") == "OK"
    r.set("w", "changed")
    assert client_field(raw, "flags") == "d"
    assert raw.command("UNWATCH") == "OK"
    assert client_field(raw, "flags") == "N"


def test_commandstats_count_exec_and_inner_commands(server, raw, r):
    r.config_resetstat()
    exec_reply(raw, ("SET", "a", "1"), ("LPUSH", "a", "x"))
    stats = r.info("commandstats")
    assert stats["cmdstat_exec"]["calls"] == 1
    assert stats["cmdstat_exec"]["failed_calls"] == 0
    assert stats["cmdstat_set"]["calls"] == 1
    assert stats["cmdstat_lpush"]["failed_calls"] == 1
    assert stats["cmdstat_multi"]["calls"] == 1


# -- WATCH -----------------------------------------------------------------------------------


def watched_exec(raw, key, touch, *, setup=None):
    """WATCH key, run touch() from another client, then MULTI/SET/EXEC: EXEC's reply."""
    if setup:
        setup()
    assert raw.command("WATCH", key) == "OK"
    touch()
    return exec_reply(raw, ("SET", "result", "done"))


def test_unchanged_watched_key_lets_exec_run(raw, r):
    r.set("k", "1")
    assert watched_exec(raw, "k", lambda: r.get("k")) == ["OK"]
    assert r.get("result") == "done"


@pytest.mark.parametrize(
    "name, setup, touch",
    [
        ("set", lambda r: r.set("k", "1"), lambda r: r.set("k", "2")),
        ("set same value", lambda r: r.set("k", "1"), lambda r: r.set("k", "1")),
        ("create", None, lambda r: r.set("k", "1")),
        ("del", lambda r: r.set("k", "1"), lambda r: r.delete("k")),
        ("incr", lambda r: r.set("k", "1"), lambda r: r.incr("k")),
        ("append", lambda r: r.set("k", "1"), lambda r: r.append("k", "x")),
        ("expire", lambda r: r.set("k", "1"), lambda r: r.expire("k", 100)),
        ("persist", lambda r: r.set("k", "1", ex=100), lambda r: r.persist("k")),
        ("lpush", None, lambda r: r.lpush("k", "x")),
        ("lpop", lambda r: r.rpush("k", "a", "b"), lambda r: r.lpop("k")),
        ("hset", None, lambda r: r.hset("k", "f", "v")),
        ("hdel", lambda r: r.hset("k", mapping={"f": 1, "g": 2}), lambda r: r.hdel("k", "f")),
        ("hincrby", None, lambda r: r.hincrby("k", "f", 1)),
        ("sadd", None, lambda r: r.sadd("k", "m")),
        ("srem", lambda r: r.sadd("k", "a", "b"), lambda r: r.srem("k", "a")),
        ("spop", lambda r: r.sadd("k", "a", "b"), lambda r: r.spop("k")),
        ("sinterstore dest", lambda r: r.sadd("a", "x"), lambda r: r.sinterstore("k", ["a"])),
        ("smove dest", lambda r: r.sadd("a", "x"), lambda r: r.smove("a", "k", "x")),
        ("setbit", None, lambda r: r.setbit("k", 7, 1)),
        ("bitop dest", lambda r: r.set("a", "x"), lambda r: r.bitop("NOT", "k", "a")),
        ("pfadd", None, lambda r: r.pfadd("k", "x")),
        ("pfmerge dest", lambda r: r.pfadd("a", "x"), lambda r: r.pfmerge("k", "a")),
        ("sort store", lambda r: r.rpush("a", 1), lambda r: r.sort("a", store="k")),
        ("zadd", None, lambda r: r.zadd("k", {"m": 1})),
        ("zincrby", lambda r: r.zadd("k", {"m": 1}), lambda r: r.zincrby("k", 2, "m")),
        ("zpopmin", lambda r: r.zadd("k", {"m": 1}), lambda r: r.zpopmin("k")),
        ("zunionstore dest", lambda r: r.zadd("a", {"m": 1}), lambda r: r.zunionstore("k", ["a"])),
        ("rename source", lambda r: r.set("k", "1"), lambda r: r.rename("k", "other")),
        ("rename dest", lambda r: r.set("src", "1"), lambda r: r.rename("src", "k")),
        ("move", lambda r: r.set("k", "1"), lambda r: r.move("k", 1)),
        ("copy dest", lambda r: r.set("src", "1"), lambda r: r.copy("src", "k")),
        ("flushdb", lambda r: r.set("k", "1"), lambda r: r.flushdb()),
        ("flushall", lambda r: r.set("k", "1"), lambda r: r.flushall()),
        ("swapdb", lambda r: r.set("k", "1"), lambda r: r.swapdb(0, 1)),
        ("publish is not a write", None, None),
    ],
)
def test_each_kind_of_write_fails_exec(raw, r, name, setup, touch):
    if touch is None:  # control case: a non-write leaves the transaction alone
        assert watched_exec(raw, "k", lambda: r.publish("k", "x")) == ["OK"]
        return
    reply = watched_exec(raw, "k", lambda: touch(r), setup=(lambda: setup(r)) if setup else None)
    assert reply is None, name
    assert r.get("result") is None


def test_flush_of_a_missing_watched_key_does_not_fail_exec(raw, r):
    r.set("other", "1")
    assert watched_exec(raw, "k", lambda: r.flushall()) == ["OK"]


def test_swapdb_bringing_a_key_in_fails_exec(raw, r):
    r.execute_command("SELECT", 1)
    r.set("k", "from db 1")
    r.execute_command("SELECT", 0)
    assert watched_exec(raw, "k", lambda: r.swapdb(0, 1)) is None


def test_write_in_another_db_does_not_fail_exec(raw, server):
    other = server.client(decode_responses=True, db=1)
    assert watched_exec(raw, "k", lambda: other.set("k", "1")) == ["OK"]
    other.close()


def test_expiry_of_a_watched_key_fails_exec(raw, r):
    r.set("k", "1", px=100)
    assert raw.command("WATCH", "k") == "OK"
    time.sleep(0.25)
    assert exec_reply(raw, ("SET", "result", "done")) is None


def test_own_write_before_multi_fails_exec(raw, r):
    assert raw.command("WATCH", "k") == "OK"
    assert raw.command("SET", "k", "mine") == "OK"
    assert exec_reply(raw, ("SET", "result", "done")) is None


def test_unwatch_forgets_keys(raw, r):
    assert raw.command("WATCH", "k") == "OK"
    assert raw.command("UNWATCH") == "OK"
    r.set("k", "1")
    assert exec_reply(raw, ("SET", "result", "done")) == ["OK"]


def test_exec_and_discard_unwatch(raw, r):
    assert raw.command("WATCH", "k") == "OK"
    assert exec_reply(raw, ("PING",)) == ["PONG"]
    r.set("k", "1")  # no longer watched
    assert exec_reply(raw, ("PING",)) == ["PONG"]
    assert raw.command("WATCH", "k") == "OK"
    assert raw.command("MULTI") == "OK"
    assert raw.command("DISCARD") == "OK"
    r.set("k", "2")
    assert exec_reply(raw, ("PING",)) == ["PONG"]


def test_watch_is_per_client(server, r):
    with server.raw() as a, server.raw() as b:
        assert a.command("WATCH", "k") == "OK"
        assert b.command("WATCH", "other") == "OK"
        r.set("k", "1")
        assert exec_reply(b, ("PING",)) == ["PONG"]
        assert exec_reply(a, ("PING",)) is None


def test_disconnect_of_a_watcher_is_clean(server, r):
    for _ in range(20):
        with server.raw() as c:
            assert c.command("WATCH", "k", "k2") == "OK"
    r.set("k", "1")
    assert r.ping()


def test_redis_py_watch_retry_loop(server, r):
    """The optimistic-locking pattern from redis-py's docs, with a competing writer."""
    r.set("counter", 0)
    other = server.client(decode_responses=True)
    conflicts = 0
    with r.pipeline() as pipe:
        for attempt in range(5):
            try:
                pipe.watch("counter")
                value = int(pipe.get("counter"))
                if attempt == 0:
                    other.incr("counter")  # a competing write between WATCH and EXEC
                pipe.multi()
                pipe.set("counter", value + 10)
                pipe.execute()
                break
            except redis.WatchError:
                conflicts += 1
    other.close()
    assert conflicts == 1
    assert r.get("counter") == "11"


def test_redis_py_transaction_pipeline(r):
    with r.pipeline(transaction=True) as p:
        p.set("a", "1").incr("a").lpush("a", "x").get("a")
        with pytest.raises(redis.ResponseError):
            p.execute()
    with r.pipeline(transaction=True) as p:
        results = p.set("b", "1").incr("b").execute(raise_on_error=False)
    assert results == [True, 2]


def test_pause_write_postpones_exec_of_writes(server, r):
    with server.raw() as c:
        assert c.command("MULTI") == "OK"
        assert c.command("GET", "a") == "QUEUED"
        r.execute_command("CLIENT", "PAUSE", "300", "WRITE")
        start = time.monotonic()
        assert c.command("EXEC") == [None]  # read-only: runs at once
        assert time.monotonic() - start < 0.25
        r.execute_command("CLIENT", "UNPAUSE")
        assert c.command("MULTI") == "OK"
        assert c.command("INCR", "a") == "QUEUED"
        r.execute_command("CLIENT", "PAUSE", "300", "WRITE")
        start = time.monotonic()
        assert c.command("EXEC") == [1]  # waits for the pause to end
        assert time.monotonic() - start >= 0.2


# -- RESET -----------------------------------------------------------------------------------


def test_reset_discards_multi_and_unwatches(raw, r):
    assert raw.command("WATCH", "k") == "OK"
    assert raw.command("MULTI") == "OK"
    assert raw.command("SET", "k", "queued") == "QUEUED"
    assert raw.command("RESET") == "RESET"
    assert str(raw.command("EXEC")) == "ERR EXEC without MULTI"
    r.set("k", "1")
    assert exec_reply(raw, ("GET", "k")) == [b"1"]
