"""Shared fixtures for Cairn's end-to-end integration tests.

The server under test is the binary named by $CAIRN_SERVER (default: Debian's
/usr/bin/redis-server, the reference every test is validated against).  Each
test module gets its own server on an ephemeral loopback port; tests that need a
private server (shutdown, config files) use the ``server_factory`` fixture.

A Windows build runs under Wine: CAIRN_SERVER=build/mingw/src/cairn-server.exe
with CAIRN_SERVER_LAUNCHER=build/mingw/wine-run (the launcher the mingw build
generates).  Paths on its command line are then given as Windows paths (Wine
maps the Unix root to drive Z:), and tests that cannot work there are skipped
with ``not_on_windows(reason)``.
"""

import ctypes
import os
import platform
import shlex
import shutil
import signal
import socket
import sys
import subprocess
import tempfile
import time

import pytest
import redis

DEFAULT_SERVER = "/usr/bin/redis-server"
STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
REDIS_COMPAT_VERSION = "7.0.15"
DEBUG_ON = ["--enable-debug-command", "yes"]


def server_binary():
    return os.environ.get("CAIRN_SERVER") or DEFAULT_SERVER


def server_launcher():
    """Command prefix that runs the server binary (e.g. a Wine launcher); usually empty."""
    return shlex.split(os.environ.get("CAIRN_SERVER_LAUNCHER", ""))


def is_windows_server():
    """True when the server under test is a Windows executable (run under Wine)."""
    return server_binary().lower().endswith(".exe")


def server_path(path):
    """A local absolute path as the server names it: Z:\\tmp\\x for /tmp/x under Wine."""
    if is_windows_server() and path.startswith("/"):
        return "Z:" + path.replace("/", "\\")
    return path


def not_on_windows(reason):
    """Skip marker for what a Windows server cannot do (or Wine cannot emulate)."""
    return pytest.mark.skipif(is_windows_server(), reason=f"Windows build: {reason}")


def io_uring_usable():
    """Whether this kernel sets up the io_uring Cairn's Linux loop asks for (Linux 6.1+:
    IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN), probed with io_uring_setup."""
    if not sys.platform.startswith("linux") or platform.machine() != "x86_64":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    params = ctypes.create_string_buffer(120)  # struct io_uring_params
    flags = (1 << 12) | (1 << 13)
    params[8:12] = flags.to_bytes(4, "little")
    fd = libc.syscall(425, 8, params)  # __NR_io_uring_setup on x86-64
    if fd < 0:
        return False
    os.close(fd)
    return True


def expected_multiplexing_api():
    """The event loop's wait for the server under test (INFO multiplexing_api): Asio's
    backend, except on Linux, where Cairn runs its own loop on io_uring where the kernel
    allows it (and CAIRN_EVENT_API=epoll does not say otherwise), else on epoll."""
    if is_windows_server():
        return "iocp"
    if sys.platform == "darwin" or "bsd" in sys.platform:
        return "kqueue"
    if is_cairn() and os.environ.get("CAIRN_EVENT_API") != "epoll" and io_uring_usable():
        return "io_uring"
    return "epoll"


def is_cairn():
    """True when the server under test is Cairn rather than the reference redis-server."""
    return "cairn" in os.path.basename(server_binary()).lower()


cairn_only = pytest.mark.skipif(not is_cairn(), reason="only meaningful for cairn-server")


def _die_with_parent():
    """preexec_fn: on Linux, SIGTERM the server if the test process dies without cleaning up."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def free_port():
    """A port that was free a moment ago (bind 127.0.0.1:0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """One server process that this test run started (and only ever signals by pid)."""

    def __init__(self, extra_args=(), config_text=None, name="server"):
        self.extra_args = list(extra_args)
        self.config_text = config_text
        self.name = name
        self.dir = tempfile.mkdtemp(prefix="cairn-integ-")
        self.log_path = os.path.join(self.dir, "server.log")
        self.config_path = None
        self.proc = None
        self.port = None
        self._log = None

    # -- lifecycle -------------------------------------------------------------

    def command_line(self, port):
        args = server_launcher() + [server_binary()]
        if self.config_text is not None:
            self.config_path = os.path.join(self.dir, "test.conf")
            with open(self.config_path, "w") as f:
                f.write(self.config_text)
            args.append(server_path(self.config_path))
        args += ["--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", server_path(self.dir), "--daemonize", "no"]
        return args + self.extra_args

    def spawn(self, port=None):
        """Start the process without waiting for it to be ready."""
        self.port = port if port is not None else free_port()
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command_line(self.port), stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=self.dir, preexec_fn=_die_with_parent)
        return self.proc

    def start(self, attempts=5):
        """Start and wait until PING answers; retries with a new port on a bind race."""
        for _ in range(attempts):
            self.spawn()
            if self._wait_ready(STARTUP_TIMEOUT):
                return self
            exited = self.proc.poll() is not None
            self.stop()
            # A bind race says "in use". Under Wine a process that exits at once sometimes
            # leaves no output at all (seen once in a full CI run here): that is retried too.
            silent_wine_exit = exited and is_windows_server() and not self.log().strip()
            if not (exited and ("in use" in self.log() or silent_wine_exit)):
                break
        raise RuntimeError(f"{server_binary()} did not become ready\n--- server log ---\n{self.log()}")

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.settimeout(0.5)
                    s.sendall(b"*1\r\n$4\r\nPING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def wait_exit(self, timeout=STOP_TIMEOUT):
        """Exit code, or None if the process is still running after timeout."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def signal(self, sig):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def stop(self):
        """SIGTERM (SIGINT for a Windows server), bounded wait, then SIGKILL. Returns the exit
        code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            # Wine turns SIGINT into a console Ctrl+C event, which the server handles as a
            # shutdown; SIGTERM it turns into TerminateProcess after a second.
            self.signal(signal.SIGINT if is_windows_server() else signal.SIGTERM)
            if self.wait_exit(STOP_TIMEOUT) is None:
                self.proc.kill()
                self.wait_exit(STOP_TIMEOUT)
        if self._log is not None:
            self._log.close()
            self._log = None
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log(self):
        """The server's output so far, with Windows line ends (text-mode stdio) as \\n."""
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace").replace("\r\n", "\n")
        except OSError:
            return ""

    def client(self, **kwargs):
        # Replies can take long on a busy 2-core machine under ASan: wait up to 30 s.
        kwargs.setdefault("socket_timeout", 30)
        kwargs.setdefault("socket_connect_timeout", 5)
        return redis.Redis(host="127.0.0.1", port=self.port, **kwargs)

    def raw(self, timeout=30.0):
        return RawConnection(self.port, timeout)


# --------------------------------------------------------------------------------
# A deliberately dumb RESP2/RESP3 connection for byte-exact protocol tests.
# --------------------------------------------------------------------------------

class RespError(Exception):
    """An error reply; str() is the message without the leading '-'."""


class RawConnection:
    def __init__(self, port, timeout=30.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.timeout = timeout
        self.sock.settimeout(timeout)
        self.buf = bytearray()

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def send_command(self, *args):
        self.send(encode_command(*args))

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("connection closed by server")
        self.buf += chunk

    def read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def read_line(self):
        """One line including its CRLF."""
        start = 0
        while (i := self.buf.find(b"\r\n", start)) < 0:
            start = max(0, len(self.buf) - 1)
            self._fill()
        return self.read_exact(i + 2)

    def read_bytes_until_closed(self, timeout=5.0):
        """Everything the server sends until it closes the connection (bounded in time).

        Returns (data, closed)."""
        deadline = time.monotonic() + timeout
        data, self.buf = bytearray(self.buf), bytearray()
        closed = False
        try:
            while time.monotonic() < deadline:
                self.sock.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    chunk = self.sock.recv(1 << 16)
                except socket.timeout:
                    break
                except ConnectionResetError:
                    closed = True
                    break
                if not chunk:
                    closed = True
                    break
                data += chunk
        finally:
            self.sock.settimeout(self.timeout)
        return bytes(data), closed

    def read_available(self, quiet=0.3):
        """Bytes that arrive until the connection has been quiet for `quiet` seconds."""
        data, self.buf = bytearray(self.buf), bytearray()
        self.sock.settimeout(quiet)
        try:
            while True:
                chunk = self.sock.recv(1 << 16)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
        finally:
            self.sock.settimeout(self.timeout)
        return bytes(data)

    def read_reply(self):
        """Parse one reply. Errors are returned as RespError instances (not raised)."""
        line = self.read_line()
        t, rest = line[:1], line[1:-2]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            return RespError(rest.decode("utf-8", "replace"))
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            return self.read_exact(n + 2)[:-2]
        if t in (b"*", b"~", b">"):
            n = int(rest)
            if n < 0:
                return None
            items = [self.read_reply() for _ in range(n)]
            return set(items) if t == b"~" else items
        if t == b"%":
            n = int(rest)
            return {_hashable(k): v for k, v in ((self.read_reply(), self.read_reply()) for _ in range(n))}
        if t == b"_":
            return None
        if t == b"#":
            return rest == b"t"
        if t == b",":
            return float(rest)
        if t == b"(":
            return int(rest)
        if t in (b"=", b"!"):
            n = int(rest)
            return self.read_exact(n + 2)[:-2]
        raise AssertionError(f"unexpected reply line {line!r}")

    def command(self, *args):
        self.send_command(*args)
        return self.read_reply()


def _hashable(v):
    return tuple(v) if isinstance(v, list) else v


def _b(x):
    if isinstance(x, bytes):
        return x
    if isinstance(x, (int, float)):
        return str(x).encode()
    return x.encode()


def encode_command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = _b(a)
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def open_socket(server):
    """A plain socket to the server (for tests that pace their own reads)."""
    s = socket.create_connection(("127.0.0.1", server.port))
    s.settimeout(10)
    return s


def recv_exact(sock, n):
    """Up to n bytes: fewer only when the server closes the connection."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def wait_blocked(r, count, timeout=5.0):
    """Waits (bounded) until INFO shows `count` blocked clients."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if r.info("clients")["blocked_clients"] == count:
            return True
        time.sleep(0.02)
    return False


def close_client(c):
    """Really close a redis-py client (4.x close() only returns the connection to its pool)."""
    c.close()
    c.connection_pool.disconnect()


# --------------------------------------------------------------------------------
# The reference server for differential suites (same commands to both, replies compared)
# --------------------------------------------------------------------------------

class ReferenceServer(ServerProcess):
    """Debian's redis-server, whatever the server under test is (a Linux process even when the
    server under test runs under Wine: no launcher, Linux paths)."""

    def command_line(self, port):
        args = [DEFAULT_SERVER]
        if self.config_text is not None:
            self.config_path = os.path.join(self.dir, "test.conf")
            with open(self.config_path, "w") as f:
                f.write(self.config_text)
            args.append(self.config_path)
        args += ["--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", self.dir, "--daemonize", "no"]
        return args + self.extra_args


@pytest.fixture(scope="module")
def debug_pair():
    """The server under test and redis-server, both started with enable-debug-command yes."""
    ours = ServerProcess(DEBUG_ON, name="server with DEBUG").start()
    ref = ReferenceServer(DEBUG_ON, name="reference redis-server").start()
    yield ours, ref
    ours.cleanup()
    ref.cleanup()


def reply_or_error(c, *args):
    """The reply, or ("error", text) for an error reply: differential tests compare both."""
    try:
        return c.execute_command(*args)
    except redis.ResponseError as e:
        return ("error", str(e))


@pytest.fixture(scope="module")
def reference():
    """Debian's redis-server next to the server under test (skips when it is absent)."""
    if not os.access(DEFAULT_SERVER, os.X_OK):
        pytest.skip("no reference redis-server")
    s = ReferenceServer(name="reference redis-server").start()
    yield s
    s.cleanup()


def read_raw(c):
    """One reply as the exact bytes the server sent."""
    line = c.read_line()
    t = line[:1]
    if t in b"+-:_,#(":
        return line
    if t in b"$=!":
        n = int(line[1:-2])
        return line if n < 0 else line + c.read_exact(n + 2)
    if t in b"*%~>|":
        n = int(line[1:-2])
        if n < 0:
            return line
        k = n * 2 if t in b"%|" else n
        return line + b"".join(read_raw(c) for _ in range(k))
    raise AssertionError(f"unexpected reply line {line!r}")


def replies_in(conn, protocol, commands):
    """HELLO <protocol> on a raw connection, then each command in turn: their replies as the
    exact bytes the server sent (differential suites run the same list on both servers)."""
    conn.send_command("HELLO", str(protocol))
    read_raw(conn)
    out = []
    for args in commands:
        conn.send_command(*args)
        out.append(read_raw(conn))
    return out


def reply_differences(commands, got, want):
    """The commands whose replies differ, each with both replies: an assertion message, empty
    when they all agree."""
    return "\n".join(f"{c!r}:\n  cairn: {g!r}\n  redis: {w!r}"
                     for c, g, w in zip(commands, got, want) if g != w)


# --------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------

_active_servers = []


def _register(server):
    _active_servers.append(server)
    return server


@pytest.fixture(scope="module")
def server():
    """One server per test module."""
    s = _register(ServerProcess(name="module server")).start()
    yield s
    _active_servers.remove(s)
    s.cleanup()


@pytest.fixture
def server_factory():
    """Start private servers: server_factory(extra_args=[...], config_text=None, start=True)."""
    started = []

    def make(extra_args=(), config_text=None, start=True):
        s = _register(ServerProcess(extra_args, config_text, name=f"private server {len(started)}"))
        started.append(s)
        if start:
            s.start()
        return s

    yield make
    for s in started:
        _active_servers.remove(s)
        s.cleanup()


@pytest.fixture
def r(server):
    """A decoding redis-py client on the module server, after FLUSHALL and SELECT 0."""
    c = server.client(decode_responses=True)
    c.flushall()
    yield c
    close_client(c)


@pytest.fixture
def rr(server, r):
    """Like `r` but with redis-py's reply callbacks removed: execute_command returns
    the server's reply as-is (decoded), e.g. "OK" rather than True."""
    c = server.client(decode_responses=True)
    c.response_callbacks.clear()
    yield c
    close_client(c)


@pytest.fixture
def rb(server, r):
    """A non-decoding (bytes) redis-py client on the same (flushed) server."""
    c = server.client()
    yield c
    close_client(c)


@pytest.fixture
def raw(server, r):
    """A RawConnection to the (flushed) module server."""
    with server.raw() as c:
        yield c


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        for s in list(_active_servers):
            status = "running" if s.alive() else f"exited with {s.proc.returncode if s.proc else None}"
            rep.sections.append((f"{s.name} log (port {s.port}, {status})", s.log()[-20000:]))
