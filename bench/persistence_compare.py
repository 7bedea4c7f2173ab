#!/usr/bin/env python3
"""Snapshots of cairn-server against Debian's redis-server, in one run, as ratios.

Both servers get the same dataset: N keys of mixed types (70% strings, 10% hashes of 5
fields, 10% lists of 5 elements, 5% sets of 5 members, 5% sorted sets of 5 members). Then, for
each server in turn:

  bgsave_s        wall time of BGSAVE (command to rdb_bgsave_in_progress:0), no other load
  get_p99_idle_us p99 latency of GETs from one client, no save running
  get_p99_save_us the same while a BGSAVE runs
  rss_before_mb   RSS before a save under a write load (SETs over half of the string keys)
  rss_peak_mb     peak memory during that save: Cairn's RSS; for Redis the parent's RSS plus
                  the forked child's private dirty pages (its copy-on-write cost)
  load_s          "DB loaded from disk" time of the saved file on a restart

and the ratios cairn/redis, with the targets of the persistence issue: BGSAVE and load time at
most Redis's, GET p99 during a save at most 2x without, peak at most 1.3x the RSS before.

    bench/persistence_compare.py [cairn-server binary] [keys]
Needs redis-server and python3-redis (scripts/deps test installs them). Exits 1 when a Cairn
figure misses its target.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import redis

CAIRN = sys.argv[1] if len(sys.argv) > 1 else "build/release/src/cairn-server"
KEYS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
REDIS = shutil.which("redis-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name, binary):
        self.name, self.binary = name, binary
        self.dir = tempfile.mkdtemp(prefix=f"bench-{name}-")
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        self.log = os.path.join(self.dir, "server.log")
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir, "--logfile", self.log],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_timeout=5).ping():
                    return self
            except (redis.ConnectionError, redis.BusyLoadingError, redis.TimeoutError):
                time.sleep(0.02)
        raise RuntimeError(f"{self.name} did not start")

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=120)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(60)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def fill(c, n):
    p = c.pipeline(transaction=False)
    for i in range(n):
        kind = i % 20
        if kind < 14:
            p.set(f"s:{i}", f"value-{i:010d}")
        elif kind < 16:
            p.hset(f"h:{i}", mapping={f"f{j}": f"v{j}-{i}" for j in range(5)})
        elif kind < 18:
            p.rpush(f"l:{i}", *[f"e{j}-{i}" for j in range(5)])
        elif kind < 19:
            p.sadd(f"t:{i}", *[f"m{j}-{i}" for j in range(5)])
        else:
            p.zadd(f"z:{i}", {f"m{j}-{i}": j * 1.5 for j in range(5)})
        if i % 5000 == 4999:
            p.execute()
    p.execute()


def bgsave_and_wait(c):
    start = time.monotonic()
    c.bgsave()
    while c.info("persistence")["rdb_bgsave_in_progress"]:
        time.sleep(0.005)
    elapsed = time.monotonic() - start
    assert c.info("persistence")["rdb_last_bgsave_status"] == "ok"
    return elapsed


def get_latencies(port, stop, out):
    c = redis.Redis(port=port, socket_timeout=60)
    i = 0
    while not stop.is_set():
        t = time.perf_counter()
        c.get(f"s:{(i * 7919) % (KEYS // 2) // 20 * 20}")
        out.append(time.perf_counter() - t)
        i += 1


def p99(samples):
    s = sorted(samples)
    return s[int(len(s) * 0.99)] * 1e6 if s else 0.0


def measure_latency(server, during_save):
    stop, samples = threading.Event(), []
    t = threading.Thread(target=get_latencies, args=(server.port, stop, samples))
    t.start()
    if during_save:
        time.sleep(0.2)
        samples.clear()
        bgsave_and_wait(server.client())
    else:
        time.sleep(2.0)
    stop.set()
    t.join()
    return p99(samples)


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def private_dirty_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Private_Dirty:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def writer(port, stop):
    c = redis.Redis(port=port, socket_timeout=60)
    i = 0
    while not stop.is_set():
        p = c.pipeline(transaction=False)
        for _ in range(200):
            p.set(f"s:{(i % (KEYS // 2)) // 20 * 20}", f"changed-{i:010d}")
            i += 1
        p.execute()


def measure_memory(server):
    pid = server.proc.pid
    before = rss_kb(pid)
    stop = threading.Event()
    t = threading.Thread(target=writer, args=(server.port, stop))
    t.start()
    c = server.client()
    c.bgsave()
    peak = before
    while True:
        total = rss_kb(pid) + sum(private_dirty_kb(ch) for ch in children(pid))
        peak = max(peak, total)
        if not c.info("persistence")["rdb_bgsave_in_progress"]:
            break
        time.sleep(0.01)
    stop.set()
    t.join()
    return before / 1024, peak / 1024


def load_seconds(server):
    server.stop()
    server.start()
    with open(server.log) as f:
        m = re.findall(r"DB loaded from disk: ([0-9.]+) seconds", f.read())
    assert server.client().dbsize() == KEYS, "the reloaded dataset differs"
    return float(m[-1])


def main():
    if not os.access(CAIRN, os.X_OK) or not REDIS:
        print(f"need {CAIRN} (build the release preset) and redis-server", file=sys.stderr)
        return 2
    results = {}
    for name, binary in (("cairn", CAIRN), ("redis", REDIS)):
        s = Server(name, binary).start()
        try:
            fill(s.client(), KEYS)
            r = {}
            r["bgsave_s"] = bgsave_and_wait(s.client())
            r["get_p99_idle_us"] = measure_latency(s, False)
            r["get_p99_save_us"] = measure_latency(s, True)
            r["rss_before_mb"], r["rss_peak_mb"] = measure_memory(s)
            bgsave_and_wait(s.client())  # the file load_s reads: the dataset after the writes
            r["load_s"] = load_seconds(s)
            results[name] = r
        finally:
            s.cleanup()
    c, r = results["cairn"], results["redis"]
    print(f"{KEYS} keys of mixed types")
    print(f"{'figure':<18}{'cairn':>12}{'redis':>12}{'cairn/redis':>13}")
    for k in c:
        print(f"{k:<18}{c[k]:>12.3f}{r[k]:>12.3f}{c[k] / r[k] if r[k] else 0:>13.2f}")
    checks = {
        "BGSAVE wall time <= Redis's": c["bgsave_s"] <= r["bgsave_s"],
        "GET p99 during a save <= 2x without": c["get_p99_save_us"] <= 2 * c["get_p99_idle_us"],
        "peak memory during a save <= 1.3x before": c["rss_peak_mb"] <= 1.3 * c["rss_before_mb"],
        "load time <= Redis's": c["load_s"] <= r["load_s"],
    }
    print(f"redis: GET p99 during/without a save {r['get_p99_save_us'] / r['get_p99_idle_us']:.2f}x,"
          f" peak/before {r['rss_peak_mb'] / r['rss_before_mb']:.2f}x")
    print(f"cairn: GET p99 during/without a save {c['get_p99_save_us'] / c['get_p99_idle_us']:.2f}x,"
          f" peak/before {c['rss_peak_mb'] / c['rss_before_mb']:.2f}x")
    for what, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {what}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
