#!/usr/bin/python3
"""Open N idle TCP connections to a RESP server on loopback and hold them.

    hold_connections.py PORT N HOLD_SECONDS [--ready-file PATH] [--timeout SECONDS]

Each connection is opened non-blocking, sends one RESP PING and must read
back +PONG. When every connection has answered, the helper prints "READY <n>" on stdout
(and creates --ready-file if given), then holds the connections open for HOLD_SECONDS
(or until SIGTERM/SIGINT) and closes them. Exit status: 0 when all N connections were
established and answered; 1 otherwise (the error is printed to stderr and "FAILED ..."
to stdout). Plain sockets and selectors only; bounded in time by --timeout for setup.
"""
import argparse
import errno
import os
import resource
import selectors
import signal
import socket
import sys
import time

PING = b"*1\r\n$4\r\nPING\r\n"
PONG = b"+PONG\r\n"


def raise_nofile(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= need:
        return
    target = need if hard == resource.RLIM_INFINITY else min(need, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        pass
    if hard != resource.RLIM_INFINITY and hard < need:
        try:  # root may raise the hard limit too
            resource.setrlimit(resource.RLIMIT_NOFILE, (need, need))
        except (ValueError, OSError):
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("n", type=int)
    ap.add_argument("hold", type=float)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--ready-file")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds allowed to open and PING all connections")
    ap.add_argument("--batch", type=int, default=256,
                    help="connections in flight (connecting or awaiting PONG) at once")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("loopback only", file=sys.stderr)
        return 2

    stop = {"flag": False}

    def on_signal(signum, frame):
        stop["flag"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    raise_nofile(args.n + 64)
    sel = selectors.DefaultSelector()
    done = []          # sockets that got +PONG
    pending = {}       # fd -> [sock, state, outbuf, inbuf]
    opened = 0
    deadline = time.monotonic() + args.timeout
    error = None

    def open_one():
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        rc = s.connect_ex((args.host, args.port))
        if rc not in (0, errno.EINPROGRESS):
            s.close()
            raise OSError(rc, os.strerror(rc))
        pending[s.fileno()] = [s, "connect", PING, b""]
        sel.register(s, selectors.EVENT_WRITE)

    try:
        while len(done) < args.n and not stop["flag"]:
            if time.monotonic() > deadline:
                error = "timeout after %.0fs with %d/%d connections ready" % (
                    args.timeout, len(done), args.n)
                break
            while opened < args.n and len(pending) < args.batch:
                open_one()
                opened += 1
            for key, _ in sel.select(timeout=0.5):
                s = key.fileobj
                st = pending[s.fileno()]
                if st[1] == "connect":
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        raise OSError(err, os.strerror(err))
                    st[1] = "write"
                if st[1] == "write":
                    try:
                        n = s.send(st[2])
                    except BlockingIOError:
                        continue
                    st[2] = st[2][n:]
                    if not st[2]:
                        st[1] = "read"
                        sel.modify(s, selectors.EVENT_READ)
                    continue
                # read
                try:
                    data = s.recv(64)
                except BlockingIOError:
                    continue
                if not data:
                    raise OSError("connection %d closed by server before +PONG (got %r)"
                                  % (len(done) + len(pending), st[3]))
                st[3] += data
                if len(st[3]) >= len(PONG):
                    if st[3] != PONG:
                        raise OSError("unexpected reply %r" % st[3])
                    sel.unregister(s)
                    del pending[s.fileno()]
                    done.append(s)
    except OSError as e:
        error = "after %d/%d connections: %s" % (len(done), args.n, e)

    if error is None and len(done) < args.n:
        error = "interrupted with %d/%d connections" % (len(done), args.n)
    if error is not None:
        print("FAILED %d %s" % (len(done), error), flush=True)
        print("hold_connections: " + error, file=sys.stderr)
        for s in done:
            s.close()
        for st in pending.values():
            st[0].close()
        return 1

    print("READY %d" % len(done), flush=True)
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("%d\n" % len(done))
    end = time.monotonic() + args.hold
    while not stop["flag"]:
        left = end - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 0.2))
    for s in done:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
