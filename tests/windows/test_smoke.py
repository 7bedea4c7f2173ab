"""cairn-server.exe from a console: starts, answers on IOCP, exits 0 on SHUTDOWN.

The one end-to-end check of the native Windows build (MSVC) in CI, where the integration suites
do not run (they drive the server with POSIX signals); under Wine the suites cover far more.
"""

import os
import socket
import subprocess
import sys
import time

import pytest

SERVER = os.environ.get("CAIRN_SERVER", "")
LAUNCHER = os.environ.get("CAIRN_SERVER_LAUNCHER", "")
NATIVE = sys.platform == "win32"

pytestmark = pytest.mark.skipif(not (SERVER.endswith(".exe") and (NATIVE or LAUNCHER)),
                                reason="needs Windows, or the Windows build and its Wine launcher")


def complete(reply):
    """Whether reply holds one whole simple, integer, error or bulk reply."""
    if not reply.endswith(b"\r\n"):
        return False
    if reply[:1] != b"$":
        return True
    header = reply.index(b"\r\n")
    n = int(reply[1:header])
    return n < 0 or len(reply) >= header + 2 + n + 2


def command(port, *args):
    """One command on a new connection: the reply, or b"" if the server closed it."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
        data = b""
        while not complete(data):
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
        return data


def test_starts_answers_and_shuts_down(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = ([] if NATIVE else [LAUNCHER]) + [SERVER, "--port", str(port), "--bind", "127.0.0.1",
                                             "--save", ""]
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            cwd=tmp_path)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if command(port, b"PING") == b"+PONG\r\n":
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        info = command(port, b"INFO", b"server").decode()
        assert "multiplexing_api:iocp\r\n" in info
        assert "\r\nos:Windows " in info
        assert command(port, b"SET", b"k", b"v") == b"+OK\r\n"
        assert command(port, b"GET", b"k") == b"$1\r\nv\r\n"
        assert command(port, b"SHUTDOWN") == b""
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)
        log.close()
    text = (tmp_path / "server.log").read_text(errors="replace")
    assert "Ready to accept connections" in text
    assert "ready to exit, bye bye" in text
    # Every accepted connection got tcp-keepalive 300 through SIO_KEEPALIVE_VALS.
    assert "Error configuring keepalive" not in text
