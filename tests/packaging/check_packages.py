"""Inspects the packages built by build_packages.sh (without installing them on this machine).

    check_packages.py BUILD_DIR deb|rpm|scripts|unit|config|notify|restart
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120,
                          **kw).stdout


def one(pattern):
    found = glob.glob(pattern)
    assert len(found) == 1, f"expected one {pattern}, found {found}"
    return found[0]


class Packages:
    def __init__(self, build):
        self.build = build
        self.deb = one(os.path.join(build, "cairn_*_*.deb"))
        self.rpm = one(os.path.join(build, "cairn-*.rpm"))
        self.tmp = tempfile.mkdtemp(prefix="cairn-pkg-")
        self.root = os.path.join(self.tmp, "root")
        sh("dpkg-deb", "-x", self.deb, self.root)   # unpack only: nothing is installed
        self.ctl = os.path.join(self.tmp, "control")
        sh("dpkg-deb", "-e", self.deb, self.ctl)

    def path(self, p):
        return os.path.join(self.root, p.lstrip("/"))

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def check_deb(p):
    files = sh("dpkg-deb", "-c", p.deb)
    for f in ["./usr/bin/cairn-server", "./usr/bin/cairn-config", "./etc/cairn/cairn.conf",
              "./lib/systemd/system/cairn.service"]:
        assert re.search(rf" {re.escape(f)}$", files, re.M), f"{f} missing:\n{files}"
    info = sh("dpkg-deb", "-I", p.deb)
    assert re.search(r"^ Package: cairn$", info, re.M), info
    depends = re.search(r"^ Depends: (.*)$", info, re.M).group(1)
    # Computed by dpkg-shlibdeps from the binaries, not listed by hand.
    for lib in ["libc6", "libstdc++6", "libqt6core6", "libqt6network6", "adduser"]:
        assert lib in depends, depends
    with open(os.path.join(p.ctl, "conffiles")) as f:
        assert f.read().split() == ["/etc/cairn/cairn.conf"]
    for script in ["postinst", "prerm", "postrm"]:
        path = os.path.join(p.ctl, script)
        assert os.access(path, os.X_OK), script
        sh("sh", "-n", path)
    for binary in ["/usr/bin/cairn-server", "/usr/bin/cairn-config"]:
        assert "Usage:" in subprocess.run([p.path(binary), "--help"], capture_output=True,
                                          text=True, timeout=30).stdout + \
            subprocess.run([p.path(binary), "--help"], capture_output=True, text=True,
                           timeout=30).stderr
    assert sh(p.path("/usr/bin/cairn-server"), "--version").startswith("Cairn server v=")


def check_rpm(p):
    files = sh("rpm", "-qlp", p.rpm).split()
    for f in ["/usr/bin/cairn-server", "/usr/bin/cairn-config", "/etc/cairn/cairn.conf",
              "/usr/lib/systemd/system/cairn.service"]:
        assert f in files, files
    assert "/usr/lib/.build-id" not in " ".join(files)
    flags = sh("rpm", "-qp", "--queryformat", "[%{FILENAMES} %{FILEFLAGS:fflags}\n]", p.rpm)
    assert re.search(r"^/etc/cairn/cairn.conf cn$", flags, re.M), flags  # %config(noreplace)
    assert sh("rpm", "-qp", "--configfiles", p.rpm).split() == ["/etc/cairn/cairn.conf"]
    requires = sh("rpm", "-qp", "--requires", p.rpm)
    assert "libQt6Core.so.6()(64bit)" in requires and "libstdc++.so.6()(64bit)" in requires
    scripts = sh("rpm", "-qp", "--scripts", p.rpm)
    for needle in ["useradd --system", "[ -d /run/systemd/system ]", "disable --now"]:
        assert needle in scripts, scripts
    assert "Relocations" not in sh("rpm", "-qip", p.rpm)  # /etc must stay /etc


# Stubs for every command the maintainer scripts run: each call is logged, nothing changes.
STUBBED = ["adduser", "deluser", "delgroup", "getent", "install", "chown", "chmod", "systemctl",
           "rm", "rmdir", "groupadd", "useradd"]


def run_script(script, args, getent_rc):
    stubs = tempfile.mkdtemp(prefix="cairn-stubs-")
    log = os.path.join(stubs, "calls.log")
    for name in STUBBED:
        rc = getent_rc if name == "getent" else 0
        with open(os.path.join(stubs, name), "w") as f:
            f.write(f"#!/bin/sh\necho \"{name} $*\" >> {log}\nexit {rc}\n")
        os.chmod(os.path.join(stubs, name), 0o755)
    env = {"PATH": stubs + ":/usr/bin:/bin", "LC_ALL": "C"}
    proc = subprocess.run(["sh", script, *args], capture_output=True, text=True, env=env,
                          timeout=30)
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    shutil.rmtree(stubs, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr
    return calls


def check_scripts(p):
    ctl = lambda s: os.path.join(p.ctl, s)
    systemd = os.path.isdir("/run/systemd/system")

    calls = run_script(ctl("postinst"), ["configure", ""], getent_rc=2)  # user absent
    assert any(c.startswith("adduser --system --group") and c.endswith(" cairn") for c in calls), calls
    if not os.path.isdir("/var/lib/cairn"):
        assert "install -d -o cairn -g cairn -m 0750 /var/lib/cairn" in calls, calls
    assert any(c.startswith("systemctl") for c in calls) == systemd, calls

    calls = run_script(ctl("postrm"), ["remove"], getent_rc=0)
    assert not any(c.startswith(("rm ", "deluser")) for c in calls), calls  # data kept
    calls = run_script(ctl("postrm"), ["purge"], getent_rc=0)
    assert "rm -rf /var/lib/cairn /var/log/cairn" in calls, calls
    assert "deluser --system cairn" in calls, calls

    calls = run_script(ctl("prerm"), ["upgrade", "0.2.0"], getent_rc=0)
    assert calls == [], calls                                      # upgrades keep it running
    calls = run_script(ctl("prerm"), ["remove"], getent_rc=0)
    assert (calls == ["systemctl disable --now cairn.service"]) == systemd, calls

    # The rpm's scriptlets, taken from the package.
    scripts = sh("rpm", "-qp", "--scripts", p.rpm)
    parts = re.split(r"^(\w+) scriptlet \(using /bin/sh\):$", scripts, flags=re.M)
    bodies = dict(zip(parts[1::2], parts[2::2]))
    assert set(bodies) >= {"preinstall", "postinstall", "preuninstall", "postuninstall"}, scripts
    tmp = tempfile.mkdtemp(prefix="cairn-rpm-scripts-")
    try:
        for name, body in bodies.items():
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(body)
            sh("sh", "-n", path)
        calls = run_script(os.path.join(tmp, "preinstall"), ["1"], getent_rc=2)
        assert "groupadd --system cairn" in calls and any(
            c.startswith("useradd --system --gid cairn") for c in calls), calls
        calls = run_script(os.path.join(tmp, "postuninstall"), ["0"], getent_rc=0)
        assert not any(c.startswith(("rm ", "userdel")) for c in calls), calls
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_unit(p):
    unit = p.path("/lib/systemd/system/cairn.service")
    text = open(unit).read()
    for line in ["Type=notify", "User=cairn", "NoNewPrivileges=yes", "ProtectSystem=strict",
                 "PrivateTmp=yes", "ProtectHome=yes"]:
        assert re.search(rf"^{re.escape(line)}$", text, re.M), line
    assert re.search(r"^ReadWritePaths=.*/var/lib/cairn.*/var/log/cairn", text, re.M)
    assert re.search(r"^SystemCallFilter=", text, re.M)
    assert re.search(r"^RestrictAddressFamilies=", text, re.M)
    nofile = int(re.search(r"^LimitNOFILE=(\d+)$", text, re.M).group(1))
    assert nofile >= 10000 + 32, nofile  # default maxclients + reserved descriptors
    # verify needs ExecStart to exist on this host: point it at the unpacked binary.
    local = os.path.join(p.tmp, "cairn.service")
    with open(local, "w") as f:
        f.write(text.replace("/usr/bin/cairn-server", p.path("/usr/bin/cairn-server")))
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", local], capture_output=True,
                          text=True, timeout=60, cwd=p.tmp)
    assert proc.returncode == 0 and proc.stdout + proc.stderr == "", proc.stdout + proc.stderr
    proc = subprocess.run(["systemd-analyze", "security", "--offline=true", local],
                          capture_output=True, text=True, timeout=60, cwd=p.tmp)
    m = re.search(r"Overall exposure level for cairn.service: (\d+\.\d+)", proc.stdout)
    assert m, proc.stdout + proc.stderr
    print(f"systemd-analyze security: exposure {m.group(1)}")
    assert float(m.group(1)) <= 4.0, proc.stdout


def check_config(p):
    conf = p.path("/etc/cairn/cairn.conf")
    tool = p.path("/usr/bin/cairn-config")
    out = sh(tool, "-f", conf, "validate")
    if os.path.isdir("/var/lib/cairn"):
        assert out == f"{conf}: OK\n"
    else:  # unpacked, not installed: the data directory is made by the package's scripts
        assert out == (f"{conf}: warning: dir /var/lib/cairn: no such directory\n"
                       f"{conf}: OK, 1 warning(s)\n"), out
    expected = {"bind": "127.0.0.1 -::1", "dir": "/var/lib/cairn", "supervised": "systemd",
                "logfile": "", "protected-mode": "yes", "maxclients": "10000"}
    for name, value in expected.items():
        assert sh(tool, "-f", conf, "get", name) == value + "\n", name


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_notify(p):
    """The packaged server with the packaged config reports READY=1 and STOPPING=1."""
    sock_path = os.path.join(p.tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    sock.settimeout(10)
    port = free_port()
    # The packaged file with its data directory moved here (dir is applied while reading).
    conf = os.path.join(p.tmp, "cairn.conf")
    shutil.copy(p.path("/etc/cairn/cairn.conf"), conf)
    sh(p.path("/usr/bin/cairn-config"), "-f", conf, "set", "dir", p.tmp)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path)
    server = subprocess.Popen([p.path("/usr/bin/cairn-server"), conf, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        seen = []
        while "READY=1" not in seen:
            seen += sock.recv(4096).decode().split()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"*1\r\n$4\r\nPING\r\n")
            assert c.recv(16) == b"+PONG\r\n"
        server.terminate()
        while "STOPPING=1" not in seen:
            seen += sock.recv(4096).decode().split()
        assert server.wait(timeout=10) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        sock.close()


def redis_call(port, *args):
    """One command over a fresh connection; the raw reply line (and bulk body)."""
    payload = f"*{len(args)}\r\n".encode()
    for a in args:
        a = a.encode()
        payload += f"${len(a)}\r\n".encode() + a + b"\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as c:
        c.sendall(payload)
        data = b""
        while not data.endswith(b"\r\n") or (data.startswith(b"$") and data.count(b"\r\n") < 2
                                                and not data.startswith(b"$-1")):
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
        return data


def as_service_user():
    """Run as an unprivileged account, as the service does (when this runs as root)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return [], None
    import pwd
    nobody = pwd.getpwnam("nobody")
    return (["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"],
            nobody)


def check_restart(p):
    """The packaged config keeps data across a restart: save points are on by default, the
    server saves on SIGTERM (systemctl stop / restart) and loads the file when it starts."""
    data = os.path.join(p.tmp, "data")
    os.mkdir(data, 0o750)
    prefix, user = as_service_user()
    if user is not None:
        os.chown(data, user.pw_uid, user.pw_gid)
        os.chmod(p.tmp, 0o755)
    conf = os.path.join(p.tmp, "cairn.conf")
    shutil.copy(p.path("/etc/cairn/cairn.conf"), conf)
    os.chmod(conf, 0o644)
    tool = p.path("/usr/bin/cairn-config")
    sh(tool, "-f", conf, "set", "dir", data)
    sh(tool, "-f", conf, "set", "supervised", "no")
    assert sh(tool, "-f", conf, "get", "save") == "3600 1 300 100 60 10000\n"

    def start():
        port = free_port()
        server = subprocess.Popen(prefix + [p.path("/usr/bin/cairn-server"), conf, "--port",
                                            str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if redis_call(port, "PING") == b"+PONG\r\n":
                    return server, port
            except OSError:
                time.sleep(0.05)
        server.kill()
        raise AssertionError("the packaged server did not start")

    server, port = start()
    try:
        assert redis_call(port, "SET", "kept", "across a restart") == b"+OK\r\n"
        server.terminate()
        assert server.wait(timeout=30) == 0
        assert os.path.exists(os.path.join(data, "dump.rdb"))
        server, port = start()
        assert redis_call(port, "GET", "kept") == b"$16\r\nacross a restart\r\n"
        server.terminate()
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)


CHECKS = {"deb": check_deb, "rpm": check_rpm, "scripts": check_scripts, "unit": check_unit,
          "config": check_config, "notify": check_notify, "restart": check_restart}

if __name__ == "__main__":
    build, what = sys.argv[1], sys.argv[2]
    packages = Packages(build)
    try:
        CHECKS[what](packages)
    finally:
        packages.cleanup()
    print(f"{what}: ok")
