"""The Windows service commands of cairn-server.exe, with the Service Control Manager.

Run by ctest (tests/windows/CMakeLists.txt) with CAIRN_SERVER (the .exe): natively on Windows
(as an administrator), or in the mingw build under Wine with CAIRN_SERVER_LAUNCHER (the Wine
launcher) and CAIRN_WINEPREFIX. Wine 8 has no failure actions (restart on failure) and no Event
Log viewer, so those two are not checked here.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest

SERVER = os.environ.get("CAIRN_SERVER", "")
LAUNCHER = os.environ.get("CAIRN_SERVER_LAUNCHER", "")
PREFIX = os.environ.get("CAIRN_WINEPREFIX", "")

NATIVE = sys.platform == "win32"

pytestmark = pytest.mark.skipif(not (SERVER.endswith(".exe") and (NATIVE or (LAUNCHER and PREFIX))),
                                reason="needs Windows, or the Windows build and its Wine launcher")


def run_tool(*args, timeout=60):
    """A Windows program (cairn-server.exe, reg) natively, or through Wine on Linux:
    (exit code, stdout + stderr)."""
    launcher = [] if NATIVE else [LAUNCHER]
    p = subprocess.run([*launcher, *args], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def run(*args, timeout=60):
    """cairn-server.exe ARGS."""
    return run_tool(SERVER, *args, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ping(port):
    """The reply to one PING, or None when nothing listens."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64)
    except OSError:
        return None


def info(port, field):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n")
        data = b""
        while not data.endswith(b"\r\n\r\n") and len(data) < 65536:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    for line in data.decode().splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    return None


def windows_path(path):
    """The path as the server names it: Wine maps the Unix root to drive Z:."""
    return path if NATIVE else "Z:" + path.replace("/", "\\")


def program_data(*parts):
    root = os.environ["ProgramData"] if NATIVE else os.path.join(PREFIX, "drive_c", "ProgramData")
    return os.path.join(root, "Cairn", *parts)


class Instance:
    """One service instance with its own name, config file and port; uninstalled at the end."""

    def __init__(self, tag, config_lines=()):
        self.name = f"cairn-test-{os.getpid()}-{tag}"
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="cairn-svc-")
        self.conf = os.path.join(self.dir, "cairn.conf")
        with open(self.conf, "w") as f:
            f.write(f"port {self.port}\nbind 127.0.0.1\nsave \"\"\n")
            f.writelines(line + "\n" for line in config_lines)

    def cmd(self, verb, *extra):
        return run(f"--service-{verb}", "--service-name", self.name, *extra)

    def install(self):
        rc, out = self.cmd("install", windows_path(self.conf))
        assert rc == 0, out
        return out

    def log(self):
        try:
            with open(program_data(f"{self.name}.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def cleanup(self):
        self.cmd("uninstall")
        shutil.rmtree(self.dir, ignore_errors=True)
        for leftover in (program_data(f"{self.name}.log"),):
            if os.path.exists(leftover):
                os.unlink(leftover)
        data = program_data(f"data-{self.name}")
        if os.path.isdir(data) and not os.listdir(data):
            os.rmdir(data)


@pytest.fixture
def instances():
    made = []

    def make(tag, config_lines=()):
        made.append(Instance(tag, config_lines))
        return made[-1]

    yield make
    for i in made:
        i.cleanup()


def test_two_instances_install_start_stop_uninstall(instances):
    a, b = instances("a"), instances("b")
    out = a.install()
    assert f"Cairn service '{a.name}' installed as NT SERVICE\\{a.name}: " in out
    assert "--service-run --service-name " + a.name in out
    # ... and may write in %ProgramData%\\Cairn, whose ACL now admits it (and the admins).
    assert "cannot be given to" not in out, out
    # Its own virtual account, not LocalSystem (the SCM's ObjectName).
    rc, out = run_tool("reg", "query", f"HKLM\\System\\CurrentControlSet\\Services\\{a.name}",
                       "/v", "ObjectName")
    assert rc == 0 and f"NT SERVICE\\{a.name}" in out, out
    b.install()
    assert a.cmd("status") == (3, f"{a.name}: STOPPED (last exit code 1077)\n")  # never started

    for inst in (a, b):
        rc, out = inst.cmd("start")
        assert rc == 0, out + inst.log()
        # RUNNING is reported only once the listeners are bound: no retry needed.
        assert ping(inst.port) == b"+PONG\r\n"
    rc, out = a.cmd("status")
    assert rc == 0 and out.startswith(f"{a.name}: RUNNING (pid "), out
    assert info(b.port, "multiplexing_api") == "iocp"
    assert info(b.port, "config_file") == windows_path(b.conf)
    assert "Ready to accept connections" in a.log()

    rc, out = a.cmd("stop")
    assert (rc, out) == (0, f"Cairn service '{a.name}' stopped\n")
    assert ping(a.port) is None
    assert "Cairn is now ready to exit, bye bye..." in a.log()  # a graceful shutdown
    # Named in Windows terms, not as the SIGTERM it is made of inside the process.
    assert "# Windows service stop requested, scheduling shutdown..." in a.log()
    assert "SIGTERM" not in a.log()
    assert ping(b.port) == b"+PONG\r\n"  # the other instance is untouched
    assert a.cmd("status")[0] == 3

    # Uninstalling a running service stops it first.
    rc, out = b.cmd("uninstall")
    assert (rc, out) == (0, f"Cairn service '{b.name}' uninstalled\n")
    assert ping(b.port) is None
    assert b.cmd("status") == (4, f"{b.name}: not installed\n")


def test_shutdown_command_stops_the_service(instances):
    a = instances("shutdown")
    a.install()
    assert a.cmd("start")[0] == 0
    with socket.create_connection(("127.0.0.1", a.port), timeout=5) as s:
        s.sendall(b"*1\r\n$8\r\nSHUTDOWN\r\n")
        assert s.recv(64) == b""
    deadline = time.monotonic() + 10
    while a.cmd("status")[0] != 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert a.cmd("status") == (3, f"{a.name}: STOPPED (last exit code 0)\n")


def test_failed_start_reports_the_exit_code(instances):
    a = instances("bad", ["no-such-directive 1"])
    a.install()
    rc, out = a.cmd("start")
    assert rc == 1
    assert f"Cairn service '{a.name}' did not start: STOPPED (exit code 1)" in out
    assert "Bad directive or wrong number of arguments" in a.log()
    assert a.cmd("status") == (3, f"{a.name}: STOPPED (last exit code 1)\n")


def test_commands_on_a_missing_service_fail(instances):
    name = f"cairn-test-{os.getpid()}-missing"
    for verb in ("start", "stop", "uninstall"):
        rc, out = run(f"--service-{verb}", "--service-name", name)
        assert rc == 1
        assert f"service '{name}' failed: " in out
    assert run("--service-status", "--service-name", name) == (4, f"{name}: not installed\n")


def test_bad_service_options():
    rc, out = run("--service-run")
    assert rc == 1 and "--service-run is for the Service Control Manager" in out
    rc, out = run("--service-stop", "extra")
    assert (rc, out) == (1, "--service-stop takes only --service-name, not 'extra'\n")
    rc, out = run("--service-start", "--service-name", "a/b")
    assert (rc, out) == (1, "--service-name needs a name without slashes\n")
