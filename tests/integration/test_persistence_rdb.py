"""RDB persistence end to end: SAVE / BGSAVE / LASTSAVE, restarts, files moving between
redis-server 7.0.15 and the server under test in both directions (checked by
redis-check-rdb), DUMP / RESTORE payloads byte for byte, point-in-time BGSAVE under writes,
bad files, a failing disk (-MISCONF) and shutdown saves."""

import os
import shutil
import signal
import subprocess
import time

import pytest
import redis

from conftest import ReferenceServer, ServerProcess, not_on_windows, server_path
from persistence_data import FAR_MS, build_dataset, dump_server, wait_for

CHECK_RDB = "/usr/bin/redis-check-rdb"


def bgsave_done(c):
    return c.info("persistence")["rdb_bgsave_in_progress"] == 0


def plain(server):
    """A client that returns replies as sent (status texts instead of True)."""
    c = server.client()
    c.response_callbacks.clear()
    return c


def restarted(old, extra_args=()):
    """A new server process on old's directory (old must have exited)."""
    s = ServerProcess(list(extra_args), name="restarted server")
    shutil.rmtree(s.dir, ignore_errors=True)
    s.dir = old.dir
    s.log_path = os.path.join(old.dir, "server2.log")
    return s


def check_rdb(path):
    if not os.access(CHECK_RDB, os.X_OK):
        pytest.skip("no redis-check-rdb")
    res = subprocess.run([CHECK_RDB, path], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "RDB looks OK!" in res.stdout, res.stdout


def test_save_restart_keeps_every_type(server_factory):
    s = server_factory()
    c = s.client()
    build_dataset(c)
    before = dump_server(c)
    assert c.save() is True
    assert c.info("persistence")["rdb_changes_since_last_save"] == 0
    c.close()
    assert s.stop() == 0
    s2 = restarted(s)
    try:
        s2.start()
        c2 = s2.client()
        assert dump_server(c2) == before
        info = c2.info("persistence")
        assert info["rdb_last_load_keys_loaded"] == sum(len(v) for v in before.values())
        assert "Done loading RDB, keys loaded:" in s2.log()
        c2.close()
    finally:
        s2.stop()


def test_files_move_from_redis_and_back(reference, server_factory, tmp_path):
    ref = reference.client()
    ref.flushall()
    build_dataset(ref)
    expected = dump_server(ref)
    ref.save()
    s = server_factory(start=False)
    shutil.copy(os.path.join(reference.dir, "dump.rdb"), os.path.join(s.dir, "dump.rdb"))
    s.start()
    c = s.client()
    assert dump_server(c) == expected
    # Saved again by the server under test: redis-check-rdb accepts it and redis-server
    # loads the same data.
    c.save()
    path = os.path.join(s.dir, "dump.rdb")
    check_rdb(path)
    back = ReferenceServer(name="reference loading our file")
    shutil.copy(path, os.path.join(back.dir, "dump.rdb"))
    try:
        back.start()
        rc = back.client()
        assert dump_server(rc) == expected
        rc.close()
    finally:
        back.cleanup()
    ref.flushall()


DUMP_CASES = [
    ("SET", "k", "12345"),
    ("SET", "k", "-1"),
    ("SET", "k", "hello"),
    ("SET", "k", "12345678901"),
    ("SET", "k", "x" * 100),
    ("SET", "k", "abcdefghijklmnopqrstuvwxyz0123456789"),
    ("RPUSH", "k", "a", "1", "200", "-1", "5000", "70000", "3000000000", "-9000000000000"),
    ("SADD", "k", "1", "2", "3"),
    ("SADD", "k", "70000", "1"),
    ("SADD", "k", "5000000000", "-1"),
    ("ZADD", "k", "1.5", "a", "2", "b", "0.1", "c", "-inf", "d"),
    ("HSET", "k", "a", "1", "b", "2", "c", "-5000", "d", "70000", "e", "3000000000", "f", "hi"),
    ("HSET", "k", "long", "v" * 200),
    ("PFADD", "k", "a", "b", "c"),
]


@pytest.mark.parametrize("cmd", DUMP_CASES, ids=lambda c: " ".join(c)[:40])
def test_dump_payload_is_redis_bytes(reference, server, cmd):
    ours, theirs = server.client(), reference.client()
    for cl in (ours, theirs):
        cl.delete("k")
        cl.execute_command(*cmd)
    payload = theirs.dump("k")
    assert ours.dump("k") == payload
    # And each restores the other's.
    ours.delete("k")
    assert ours.restore("k", 0, payload) == b"OK"
    assert ours.dump("k") == payload
    ours.close()
    theirs.close()


def test_dump_restore_of_big_values_crosses_both_ways(reference, server):
    ours, theirs = server.client(), reference.client()
    for cl in (ours, theirs):
        cl.delete("l", "z", "h", "s")
    theirs.rpush("l", *[f"e{i}" for i in range(2000)])
    theirs.zadd("z", {f"m{i}": i / 3 for i in range(500)})
    theirs.hset("h", mapping={f"f{i}": i for i in range(1000)})
    theirs.sadd("s", *[f"m{i}" for i in range(1000)])
    for k in ("l", "z", "h", "s"):
        assert ours.restore(k, 0, theirs.dump(k)) == b"OK"
        theirs.delete(k)
        assert theirs.restore(k, 0, ours.dump(k)) == b"OK"
    assert ours.lrange("l", 0, -1) == theirs.lrange("l", 0, -1)
    assert ours.zrange("z", 0, -1, withscores=True) == theirs.zrange("z", 0, -1, withscores=True)
    assert ours.hgetall("h") == theirs.hgetall("h")
    assert ours.smembers("s") == theirs.smembers("s")
    ours.close()
    theirs.close()


def test_restore_errors_match_redis(reference, server):
    for cl in (server.client(), reference.client()):
        cl.delete("k", "src")
        cl.set("src", "v")
        payload = cl.dump("src")
        errors = []
        for args in (("k", 0, payload[:-1] + bytes([payload[-1] ^ 1])),
                     ("k", 0, b"short"),
                     ("src", 0, payload),
                     ("k", -1, payload),
                     ("k", 0, payload, "IDLETIME", -1),
                     ("k", 0, payload, "FREQ", 300),
                     ("k", 0, payload, "BOGUS")):
            try:
                cl.restore(*args[:3]) if len(args) == 3 else \
                    cl.execute_command("RESTORE", *args)
                errors.append(None)
            except redis.ResponseError as e:
                errors.append(str(e))
        assert errors == [
            "DUMP payload version or checksum are wrong",
            "DUMP payload version or checksum are wrong",
            "BUSYKEY Target key name already exists.",
            "Invalid TTL value, must be >= 0",
            "Invalid IDLETIME value, must be >= 0",
            "Invalid FREQ value, must be >= 0 and <= 255",
            "syntax error",
        ]
        # REPLACE, a TTL, ABSTTL; a past absolute TTL stores nothing.
        assert cl.execute_command("RESTORE", "src", 5000, payload, "REPLACE") == b"OK"
        assert 0 < cl.pttl("src") <= 5000
        assert cl.execute_command("RESTORE", "k", FAR_MS, payload, "ABSTTL") == b"OK"
        assert cl.execute_command("PEXPIRETIME", "k") == FAR_MS
        assert cl.execute_command("RESTORE", "gone", 1, payload, "ABSTTL") == b"OK"
        assert cl.exists("gone") == 0
        assert cl.dump("nosuchkey") is None
        cl.close()


def test_bgsave_lastsave_and_info(server_factory):
    s = server_factory()
    c = s.client()
    c.set("a", "1")
    info = c.info("persistence")
    assert info["rdb_changes_since_last_save"] == 1
    assert info["rdb_last_bgsave_status"] == "ok"
    before = c.lastsave()
    time.sleep(1.1)  # LASTSAVE has a one-second resolution
    assert plain(s).execute_command("BGSAVE") == b"Background saving started"
    wait_for(lambda: bgsave_done(c), what="BGSAVE")
    info = c.info("persistence")
    assert info["rdb_saves"] == 1 and info["rdb_last_bgsave_status"] == "ok"
    assert info["rdb_changes_since_last_save"] == 0
    assert c.lastsave() > before
    assert c.info("stats")["total_forks"] == 1
    with pytest.raises(redis.ResponseError, match="syntax error"):
        c.execute_command("BGSAVE", "NOW")
    # Inside MULTI the save is scheduled, as Redis does; the cron starts it.
    p = plain(s).pipeline(transaction=True)
    p.execute_command("BGSAVE")
    assert p.execute() == [b"Background saving scheduled"]
    wait_for(lambda: c.info("persistence")["rdb_saves"] == 2, what="scheduled BGSAVE")
    check_rdb(os.path.join(s.dir, "dump.rdb"))
    c.close()


def test_bgsave_is_a_point_in_time_snapshot(server_factory):
    s = server_factory(extra_args=["--enable-debug-command", "yes"])
    c = s.client()
    n = 200000
    p = c.pipeline(transaction=False)
    for i in range(n):
        p.set(f"k{i}", "old")
        if i % 10000 == 9999:
            p.execute()
    p.execute()
    p.rpush("list", *range(100))
    p.execute()
    assert plain(s).execute_command("BGSAVE") == b"Background saving started"
    # Writes while the save runs: overwrites, deletes, new keys, a list changed in place.
    writes = 0
    while not bgsave_done(c) or writes == 0:
        p = c.pipeline(transaction=False)
        for i in range(writes * 997 % n, writes * 997 % n + 200):
            p.set(f"k{i % n}", "new")
        p.delete(f"k{writes}")
        p.set(f"added{writes}", "x")
        p.lpop("list")
        p.execute()
        writes += 1
        if writes > 5000:
            break
    wait_for(lambda: bgsave_done(c), what="BGSAVE")
    assert c.info("persistence")["rdb_last_bgsave_status"] == "ok"
    # Load the file: exactly the keys and values of the moment the save began.
    assert c.execute_command("DEBUG", "RELOAD", "NOSAVE") == b"OK"
    assert c.dbsize() == n + 1
    assert c.keys("added*") == []
    assert c.llen("list") == 100
    sample = c.mget([f"k{i}" for i in range(0, n, 97)])
    assert set(sample) == {b"old"}
    c.close()


def test_failed_bgsave_refuses_writes_until_a_save_works(server_factory):
    s = server_factory(extra_args=["--save", "3600 1", "--enable-protected-configs", "yes"])
    c = s.client()
    target = os.path.join(s.dir, "sub")
    os.mkdir(target)
    c.config_set("dir", server_path(target))
    c.set("a", "1")
    os.rmdir(target)  # the temp file cannot be created any more
    c.execute_command("BGSAVE")
    wait_for(lambda: c.info("persistence")["rdb_last_bgsave_status"] == "err", what="failure")
    with pytest.raises(redis.ResponseError) as e:
        c.set("b", "2")
    assert str(e.value).startswith("MISCONF Redis is configured to save RDB snapshots")
    with pytest.raises(redis.ResponseError, match="MISCONF"):
        c.ping()
    assert c.get("a") == b"1"  # reads still work
    os.mkdir(target)
    c.config_set("dir", server_path(target))  # the server's working directory was the removed one
    c.execute_command("BGSAVE")
    wait_for(lambda: c.info("persistence")["rdb_last_bgsave_status"] == "ok", what="recovery")
    assert c.set("b", "2") is True
    # SAVE reports failure as Redis does: a bare -ERR.
    shutil.rmtree(target)
    with s.raw() as conn:
        conn.send_command("SAVE")
        assert conn.read_line() == b"-ERR\r\n"
    c.close()


def test_shutdown_saves_with_save_points_and_nosave_does_not(server_factory):
    s = server_factory(extra_args=["--save", "3600 1"])
    c = s.client()
    c.set("kept", "1")
    c.shutdown()  # redis-py treats the closed connection as success
    assert s.wait_exit() == 0
    assert "DB saved on disk" in s.log()
    s2 = restarted(s, ["--save", "3600 1"])
    try:
        s2.start()
        c2 = s2.client()
        assert c2.get("kept") == b"1"
        c2.set("lost", "1")
        c2.shutdown(nosave=True)
        assert s2.wait_exit() == 0
    finally:
        s2.stop()
    s3 = restarted(s)
    try:
        s3.start()
        c3 = s3.client()
        assert c3.get("kept") == b"1" and c3.get("lost") is None
    finally:
        s3.stop()


@not_on_windows("sends SIGTERM")
def test_sigterm_saves_and_a_failing_save_keeps_the_server_up(server_factory):
    s = server_factory(extra_args=["--save", "3600 1"])
    c = s.client()
    c.set("k", "v")
    s.signal(signal.SIGTERM)
    assert s.wait_exit() == 0
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    s2 = restarted(s, ["--save", "3600 1", "--enable-protected-configs", "yes"])
    try:
        s2.start()
        c2 = s2.client()
        assert c2.get("k") == b"v"
        sub = os.path.join(s.dir, "gone")
        os.mkdir(sub)
        c2.config_set("dir", server_path(sub))
        os.rmdir(sub)
        with pytest.raises(redis.ResponseError, match="Errors trying to SHUTDOWN. Check logs."):
            c2.shutdown()
        assert c2.ping()
        with pytest.raises(redis.ConnectionError):
            c2.execute_command("SHUTDOWN", "FORCE")
        assert s2.wait_exit() == 0
    finally:
        s2.stop()


def corrupt_variants(good):
    return {
        "truncated": good[: len(good) // 2],
        "bad checksum": good[:-1] + bytes([good[-1] ^ 0xFF]),
        "future version": b"REDIS0011" + good[9:],
        "not rdb": b"HELLO" + good[5:],
    }


@pytest.mark.parametrize("kind", ["truncated", "bad checksum", "future version", "not rdb"])
def test_bad_rdb_file_stops_startup(reference, server_factory, kind):
    ref = reference.client()
    ref.flushall()
    build_dataset(ref)
    ref.save()
    with open(os.path.join(reference.dir, "dump.rdb"), "rb") as f:
        good = f.read()
    ref.flushall()
    s = server_factory(start=False)
    path = os.path.join(s.dir, "dump.rdb")
    with open(path, "wb") as f:
        f.write(corrupt_variants(good)[kind])
    s.spawn()
    assert s.wait_exit(60) == 1
    log = s.log()
    expected = {
        "truncated": "Short read or OOM loading DB. Unrecoverable error, aborting now.",
        "bad checksum": "Wrong RDB checksum expected:",
        "future version": "Can't handle RDB format version 11",
        "not rdb": "Wrong signature trying to load DB from file",
    }[kind]
    assert expected in log
    # The file is left as it was.
    with open(path, "rb") as f:
        assert f.read() == corrupt_variants(good)[kind]


def test_debug_reload_and_its_gate(server_factory):
    s = server_factory(extra_args=["--enable-debug-command", "yes"])
    c = s.client()
    build_dataset(c)
    before = dump_server(c)
    assert c.execute_command("DEBUG", "RELOAD") == b"OK"
    assert dump_server(c) == before
    c.set("extra", "1")
    assert c.execute_command("DEBUG", "RELOAD", "NOSAVE") == b"OK"
    assert c.exists("extra") == 0
    with pytest.raises(redis.ResponseError, match="only supports the MERGE, NOFLUSH and NOSAVE"):
        c.execute_command("DEBUG", "RELOAD", "BOGUS")
    c.close()
    s2 = server_factory()
    c2 = s2.client()
    with pytest.raises(redis.ResponseError, match="DEBUG command not allowed"):
        c2.execute_command("DEBUG", "RELOAD")
    c2.close()


def test_loading_answers_loading(reference, server_factory):
    """A big file: clients that connect while it loads get -LOADING, INFO says loading:1."""
    big = ReferenceServer(["--enable-debug-command", "yes"], name="reference with a big dataset")
    try:
        big.start()
        bc = big.client()
        bc.execute_command("DEBUG", "POPULATE", 2000000)
        bc.save()
        bc.close()
        s = server_factory(start=False)
        shutil.copy(os.path.join(big.dir, "dump.rdb"), os.path.join(s.dir, "dump.rdb"))
    finally:
        big.cleanup()
    s.spawn()
    saw_loading = saw_info_loading = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with s.raw() as conn:
                conn.send_command("PING")
                line = conn.read_line()
                if line.startswith(b"-LOADING Redis is loading the dataset in memory"):
                    saw_loading = True
                    conn.send_command("INFO", "persistence")
                    info = conn.read_line()
                    body = conn.read_exact(int(info[1:-2]) + 2).decode()
                    # (The load may end between the two commands.)
                    if "loading:1" in body:
                        assert "loading_total_bytes:" in body and "loading_eta_seconds:" in body
                        saw_info_loading = True
                    continue
                assert line == b"+PONG\r\n"
                break
        except (ConnectionError, OSError):
            time.sleep(0.01)
    assert saw_loading and saw_info_loading
    c = s.client()
    assert c.dbsize() == 2000000
    assert c.info("persistence")["loading"] == 0
    c.close()
