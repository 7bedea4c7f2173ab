#!/usr/bin/env python3
"""Memory given back after a big client leaves: cairn-server against Debian's redis-server,
in one run.

For each server: a base dataset (100,000 strings), the RSS then (rss_before_mb); a client
pipelines GETs of a 1 MB value without reading the replies until its output buffer holds
1 GB (CLIENT LIST omem), the RSS then (rss_peak_mb); the client disconnects, and 30 seconds
later the RSS again (rss_after_mb). The target of the drop-in issue: 30 s after the client
left, Cairn's RSS is within 1.5x of its RSS before it came.

    bench/rss_after_big_client.py [cairn-server binary]
Needs redis-server and python3-redis. Exits 1 when Cairn misses the target.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import redis

CAIRN = sys.argv[1] if len(sys.argv) > 1 else "build/release/src/cairn-server"
REDIS = shutil.which("redis-server")
VALUE_BYTES = 1 << 20
OUTPUT_TARGET = 1 << 30
SETTLE_SECONDS = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def measure(name, binary):
    workdir = tempfile.mkdtemp(prefix=f"bench-{name}-")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", workdir, "--logfile", os.path.join(workdir, "server.log")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        c = redis.Redis(port=port, socket_timeout=120)
        deadline = time.monotonic() + 60
        while True:
            try:
                c.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        p = c.pipeline(transaction=False)
        for i in range(100_000):
            p.set(f"key:{i}", f"value-{i:020d}")
            if i % 10_000 == 9_999:
                p.execute()
        p.execute()
        c.set("big", b"x" * VALUE_BYTES)
        before = rss_mb(proc.pid)

        hog = socket.create_connection(("127.0.0.1", port))
        hog.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        hog.sendall(b"CLIENT SETNAME hog\r\n" + b"GET big\r\n" * (OUTPUT_TARGET // VALUE_BYTES + 8))
        deadline = time.monotonic() + 300
        while True:
            entry = [cl for cl in c.client_list() if cl.get("name") == "hog"]
            if entry and int(entry[0]["omem"]) >= OUTPUT_TARGET * 0.95:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name}: the output buffer did not reach 1 GB")
            time.sleep(0.1)
        peak = rss_mb(proc.pid)
        hog.close()
        left = time.monotonic()
        while [cl for cl in c.client_list() if cl.get("name") == "hog"]:
            time.sleep(0.05)
        time.sleep(max(0.0, SETTLE_SECONDS - (time.monotonic() - left)))  # the measured delay
        after = rss_mb(proc.pid)
        return {"rss_before_mb": before, "rss_peak_mb": peak, "rss_after_mb": after}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    results = {"cairn": measure("cairn", CAIRN), "redis": measure("redis", REDIS)}
    print(f"{'':16}{'cairn':>10}{'redis':>10}")
    for field in ("rss_before_mb", "rss_peak_mb", "rss_after_mb"):
        print(f"{field:16}{results['cairn'][field]:10.1f}{results['redis'][field]:10.1f}")
    ratios = {n: r["rss_after_mb"] / r["rss_before_mb"] for n, r in results.items()}
    print(f"after/before: cairn {ratios['cairn']:.2f}x, redis {ratios['redis']:.2f}x "
          f"(target for cairn: <= 1.5x, {SETTLE_SECONDS} s after the client left)")
    return 0 if ratios["cairn"] <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
