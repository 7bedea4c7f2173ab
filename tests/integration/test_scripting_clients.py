"""Scripts as client libraries use them: redis-py's Lock (Debian's python3-redis: acquire
with SET NX PX, release / extend / reacquire with Lua scripts through EVALSHA, loading them
on NOSCRIPT) contended by several processes, with the mutual exclusion counted; and redis-py's
register_script objects."""

import multiprocessing
import time

import redis

WORKERS = 4
ROUNDS = 25


def worker(port, wid, results):
    r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    done = 0
    violations = 0
    for _ in range(ROUNDS):
        lock = r.lock("resource", timeout=10, blocking_timeout=60, sleep=0.001)
        assert lock.acquire()
        # Inside the critical section: nobody else may be here.
        if r.incr("inside") != 1:
            violations += 1
        v = int(r.get("counter") or 0)
        time.sleep(0.001)
        r.set("counter", v + 1)
        if r.decr("inside") != 0:
            violations += 1
        assert lock.extend(5)
        assert lock.owned()
        lock.release()
        done += 1
    results.put((wid, done, violations))
    r.close()


def test_redis_py_lock_mutual_exclusion(server, r):
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(server.port, i, results)) for i in range(WORKERS)]
    for p in procs:
        p.start()
    got = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sum(d for _, d, _ in got) == WORKERS * ROUNDS
    assert sum(v for _, _, v in got) == 0
    assert int(r.get("counter")) == WORKERS * ROUNDS
    assert r.exists("resource") == 0
    # The lock's scripts were run by SHA after their first load.
    stats = r.info("commandstats")
    assert stats["cmdstat_evalsha"]["calls"] >= WORKERS * ROUNDS * 2


def test_lock_release_by_another_owner_fails(server, r):
    a = r.lock("res2", timeout=5)
    assert a.acquire()
    b = redis.Redis(host="127.0.0.1", port=server.port).lock("res2", timeout=5)
    b.local.token = b"not-the-owner"
    try:
        b.release()
        raise AssertionError("a foreign token released the lock")
    except redis.exceptions.LockNotOwnedError:
        pass
    a.release()


def test_register_script_survives_script_flush(r):
    s = r.register_script("return redis.call('incrby', KEYS[1], ARGV[1])")
    assert s(keys=["n"], args=[2]) == 2
    r.script_flush()
    assert s(keys=["n"], args=[3]) == 5  # NOSCRIPT, then EVAL again
