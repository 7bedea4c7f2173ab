"""The multi-part AOF end to end: directories written by the server under test load in
redis-server 7.0.15 and the other way round (redis-check-aof accepts them), BGREWRITEAOF with and
without the RDB preamble, CONFIG SET appendonly at runtime, truncated and broken files, MULTI
cut short, and crash safety under SIGKILL with appendfsync always and everysec."""

import os
import random
import shutil
import signal
import subprocess
import threading
import time

import pytest
import redis

from conftest import ReferenceServer, ServerProcess, not_on_windows
from persistence_data import build_dataset, dump_server, wait_for

CHECK_AOF = "/usr/bin/redis-check-aof"
AOF_ARGS = ["--appendonly", "yes", "--appendfsync", "always"]


def on_dir(cls, directory, extra_args, name):
    """A server (cls: ServerProcess or ReferenceServer) started on an existing directory."""
    s = cls(list(extra_args), name=name)
    shutil.rmtree(s.dir, ignore_errors=True)
    s.dir = directory
    s.log_path = os.path.join(directory, f"{name.replace(' ', '-')}.log")
    return s


def manifest_path(directory):
    return os.path.join(directory, "appendonlydir", "appendonly.aof.manifest")


def check_aof(directory):
    if not os.access(CHECK_AOF, os.X_OK):
        pytest.skip("no redis-check-aof")
    res = subprocess.run([CHECK_AOF, manifest_path(directory)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "All AOF files and manifest are valid" in res.stdout, res.stdout


def rewrite_done(c):
    return c.info("persistence")["aof_rewrite_in_progress"] == 0


def files_of(directory):
    return sorted(os.listdir(os.path.join(directory, "appendonlydir")))


@pytest.mark.parametrize("preamble", ["yes", "no"])
def test_our_aof_loads_in_redis_and_theirs_in_ours(server_factory, tmp_path, preamble):
    args = AOF_ARGS + ["--aof-use-rdb-preamble", preamble]
    s = server_factory(extra_args=args)
    c = s.client()
    build_dataset(c)
    c.execute_command("BGREWRITEAOF")
    wait_for(lambda: rewrite_done(c), what="rewrite")
    suffix = ".base.rdb" if preamble == "yes" else ".base.aof"
    assert any(f.endswith(suffix) for f in files_of(s.dir))
    c.set("after-rewrite", "1")
    c.hset("after-hash", "f", "v")
    expected = dump_server(c)
    c.close()
    assert s.stop() == 0
    check_aof(s.dir)
    # Redis loads our directory...
    ref = on_dir(ReferenceServer, s.dir, args, "reference on our AOF")
    try:
        ref.start()
        rc = ref.client()
        assert dump_server(rc) == expected
        rc.set("written-by-redis", "1")
        expected = dump_server(rc)
        rc.close()
    finally:
        ref.stop()
    # ...and we load what Redis wrote to it.
    check_aof(s.dir)
    back = on_dir(ServerProcess, s.dir, args, "ours on redis AOF")
    try:
        back.start()
        bc = back.client()
        assert dump_server(bc) == expected
        bc.close()
    finally:
        back.stop()


def test_appendonly_switched_on_at_runtime_writes_a_base(server_factory):
    s = server_factory()
    c = s.client()
    build_dataset(c)
    assert c.config_set("appendonly", "yes")
    wait_for(lambda: c.info("persistence")["aof_rewrite_in_progress"] == 0 and
             c.info("persistence")["aof_enabled"] == 1, what="AOF on")
    c.set("later", "x")
    expected = dump_server(c)
    assert "appendonly.aof.1.base.rdb" in files_of(s.dir)
    assert c.info("persistence")["aof_rewrites"] == 1
    c.close()
    s.stop()
    s2 = on_dir(ServerProcess, s.dir, ["--appendonly", "yes"], "restarted")
    try:
        s2.start()
        c2 = s2.client()
        assert dump_server(c2) == expected
        # And off again: the files stay, nothing more is appended.
        assert c2.config_set("appendonly", "no")
        assert c2.info("persistence")["aof_enabled"] == 0
        c2.close()
    finally:
        s2.stop()


def test_rewrite_during_writes_loses_nothing(server_factory):
    s = server_factory(extra_args=AOF_ARGS + ["--appendfsync", "everysec"])
    c = s.client()
    p = c.pipeline(transaction=False)
    for i in range(50000):
        p.set(f"k{i}", i)
    p.execute()
    c.execute_command("BGREWRITEAOF")
    n = 0
    while not rewrite_done(c) or n == 0:
        c.incr("counter")
        c.set(f"k{n % 50000}", "changed")
        n += 1
    assert c.info("persistence")["aof_last_bgrewrite_status"] == "ok"
    expected = {k: c.get(k) for k in ("counter", "k0", "k1", "k49999")}
    size = c.dbsize()
    c.close()
    s.stop()
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS, "restarted")
    try:
        s2.start()
        c2 = s2.client()
        assert c2.dbsize() == size
        assert {k: c2.get(k) for k in expected} == expected
        c2.close()
    finally:
        s2.stop()


def incr_file(directory):
    names = [f for f in files_of(directory) if f.endswith(".incr.aof")]
    assert len(names) == 1, names
    return os.path.join(directory, "appendonlydir", names[0])


def prepared_dir(server_factory, tail=b""):
    """An AOF directory holding a, b (then `tail` appended to the INCR file)."""
    s = server_factory(extra_args=AOF_ARGS)
    c = s.client()
    c.set("a", "1")
    c.set("b", "2")
    c.close()
    s.stop()
    with open(incr_file(s.dir), "ab") as f:
        f.write(tail)
    return s


def test_truncated_last_command_is_cut_with_aof_load_truncated(server_factory):
    s = prepared_dir(server_factory, b"*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1")
    good_size = os.path.getsize(incr_file(s.dir)) - len(b"*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1")
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS, "loads truncated")
    try:
        s2.start()
        c = s2.client()
        assert c.mget("a", "b", "c") == [b"1", b"2", None]
        log = s2.log()
        assert "!!! Warning: short read while loading the AOF file" in log
        assert "loaded anyway because aof-load-truncated is enabled" in log
        assert os.path.getsize(incr_file(s.dir)) == good_size
        c.close()
    finally:
        s2.stop()


def test_truncated_file_without_aof_load_truncated_refuses_to_start(server_factory):
    s = prepared_dir(server_factory, b"*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1")
    before = open(incr_file(s.dir), "rb").read()
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS + ["--aof-load-truncated", "no"], "refuses")
    s2.spawn()
    assert s2.wait_exit(60) == 1
    assert "Unexpected end of file reading the append only file" in s2.log()
    assert open(incr_file(s.dir), "rb").read() == before


def test_bad_format_refuses_to_start(server_factory):
    s = prepared_dir(server_factory, b"this is not RESP\r\n")
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS, "bad format")
    s2.spawn()
    assert s2.wait_exit(60) == 1
    assert "Bad file format reading the append only file" in s2.log()


def test_unknown_command_refuses_to_start(server_factory):
    s = prepared_dir(server_factory, b"*1\r\n$7\r\nNOSUCH1\r\n")
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS, "unknown command")
    s2.spawn()
    assert s2.wait_exit(60) == 1
    assert "Unknown command 'NOSUCH1' reading the append only file" in s2.log()


def test_multi_without_exec_is_reverted(server_factory):
    tail = (b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n")
    s = prepared_dir(server_factory, tail)
    s2 = on_dir(ServerProcess, s.dir, AOF_ARGS, "multi cut")
    try:
        s2.start()
        c = s2.client()
        assert c.mget("a", "x") == [b"1", None]
        assert "Revert incomplete MULTI/EXEC transaction in AOF file" in s2.log()
        c.close()
    finally:
        s2.stop()


def test_timestamps_and_debug_loadaof(server_factory):
    s = server_factory(extra_args=AOF_ARGS + ["--aof-timestamp-enabled", "yes",
                                              "--enable-debug-command", "yes"])
    c = s.client()
    c.set("a", "1")
    c.rpush("l", "x", "y")
    with open(incr_file(s.dir), "rb") as f:
        assert f.read().startswith(b"#TS:")
    c.set("b", "2")
    assert c.execute_command("DEBUG", "LOADAOF") == b"OK"
    assert c.mget("a", "b") == [b"1", b"2"] and c.lrange("l", 0, -1) == [b"x", b"y"]
    c.close()


def test_automatic_rewrite_on_growth(server_factory):
    s = server_factory(extra_args=AOF_ARGS + ["--appendfsync", "no",
                                              "--auto-aof-rewrite-min-size", "0",
                                              "--auto-aof-rewrite-percentage", "100"])
    c = s.client()
    value = "v" * 1000
    for i in range(2000):
        c.set(f"k{i % 10}", value)
        if c.info("persistence")["aof_rewrites"] >= 1:
            break
    wait_for(lambda: c.info("persistence")["aof_rewrites"] >= 1, what="automatic rewrite")
    assert "Starting automatic rewriting of AOF on" in s.log()
    c.close()


class Writer(threading.Thread):
    """SETs w:<n> = n as fast as it can and records each acknowledged n with its time."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.acked = []
        self.stop_flag = False

    def run(self):
        c = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=30)
        n = len(self.acked)
        try:
            while not self.stop_flag:
                c.set(f"w:{n}", n)
                self.acked.append((n, time.monotonic()))
                n += 1
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            pass


@not_on_windows("kills the server with SIGKILL")
@pytest.mark.parametrize("policy,kills,lost_window", [("always", 14, 0.0), ("everysec", 6, 2.5)])
def test_killed_server_keeps_acknowledged_writes(server_factory, policy, kills, lost_window):
    rng = random.Random(1234)
    args = ["--appendonly", "yes", "--appendfsync", policy]
    first = server_factory(extra_args=args)
    directory = first.dir
    current = first
    acked_total = []
    for round_no in range(kills):
        w = Writer(current.port)
        w.acked = []
        w.start()
        wait_for(lambda: len(w.acked) > 10, what="writes")
        time.sleep(rng.uniform(0.05, 0.4) if policy == "always" else rng.uniform(2.5, 3.0))
        current.signal(signal.SIGKILL)
        killed_at = time.monotonic()
        current.wait_exit()
        w.join(30)
        # Everything acknowledged before the kill is there after a restart (everysec: all but
        # the last ~2 seconds).
        nxt = on_dir(ServerProcess, directory, args, f"round {round_no}")
        nxt.start()
        c = nxt.client()
        keys = [f"w:{n}" for n, _ in w.acked]
        values = c.mget(keys) if keys else []
        missing = [(n, t) for (n, t), v in zip(w.acked, values) if v is None]
        for n, t in missing:
            assert t > killed_at - lost_window, f"write w:{n} acknowledged {killed_at - t:.2f}s before the kill is lost"
        c.flushall()
        c.close()
        acked_total += w.acked
        current = nxt
    current.stop()
    assert len(acked_total) > kills * 10


def test_save_during_a_rewrite_keeps_both_files_whole(server_factory):
    """SAVE (and FLUSHALL, DEBUG RELOAD) while BGREWRITEAOF runs: the rewrite completes
    first, then the RDB file is written; both hold every key."""
    s = server_factory(extra_args=AOF_ARGS + ["--appendfsync", "no"])
    c = s.client()
    p = c.pipeline(transaction=False)
    for i in range(100000):
        p.set(f"k{i}", i)
    p.execute()
    c.execute_command("BGREWRITEAOF")
    assert c.save() is True
    wait_for(lambda: rewrite_done(c), what="rewrite")
    assert c.info("persistence")["aof_last_bgrewrite_status"] == "ok"
    c.set("last", "1")
    c.close()
    s.stop()
    for args, keys in ((AOF_ARGS, 100001), (["--appendonly", "no"], 100000)):
        s2 = on_dir(ServerProcess, s.dir, args, "restarted " + args[1])
        try:
            s2.start()
            c2 = s2.client()
            assert c2.dbsize() == keys
            assert c2.get("k99999") == b"99999"
            c2.close()
        finally:
            s2.stop()
