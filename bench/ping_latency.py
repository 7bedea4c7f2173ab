#!/usr/bin/python3
"""PING round-trip latency of one or more RESP servers on loopback, interleaved.

    ping_latency.py [--count N] [--warmup W] PORT [PORT ...]

Opens one connection per port (TCP_NODELAY) and sends N PINGs on each, one at a time,
interleaving the servers ping by ping (the order rotates every ping) so that background load
hits all of them alike. Prints one line per port:

    PORT p50_us p90_us p99_us p999_us mean_us max_us

Plain sockets only; each PING waits at most 5 s (exit 1 on a timeout or a wrong reply).
"""
import argparse
import socket
import sys
import time

PING = b"*1\r\n$4\r\nPING\r\n"
PONG = b"+PONG\r\n"


def pct(sorted_samples, p):
    i = min(len(sorted_samples) - 1, int(round(p / 100.0 * (len(sorted_samples) - 1))))
    return sorted_samples[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ports", type=int, nargs="+")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=200)
    args = ap.parse_args()

    socks = []
    for port in args.ports:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        socks.append(s)
    samples = [[] for _ in socks]
    clock = time.perf_counter_ns
    k = len(socks)
    for i in range(args.warmup + args.count):
        for j in range(k):
            idx = (i + j) % k
            s = socks[idx]
            t0 = clock()
            s.sendall(PING)
            got = s.recv(64)
            while len(got) < len(PONG):
                more = s.recv(64)
                if not more:
                    break
                got += more
            t1 = clock()
            if got != PONG:
                print("port %d: unexpected reply %r" % (args.ports[idx], got), file=sys.stderr)
                return 1
            if i >= args.warmup:
                samples[idx].append((t1 - t0) / 1000.0)
    for port, s, xs in zip(args.ports, socks, samples):
        s.close()
        xs.sort()
        print("%d %.1f %.1f %.1f %.1f %.1f %.1f" % (
            port, pct(xs, 50), pct(xs, 90), pct(xs, 99), pct(xs, 99.9),
            sum(xs) / len(xs), xs[-1]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError as e:
        print("ping_latency: %s" % e, file=sys.stderr)
        sys.exit(1)
