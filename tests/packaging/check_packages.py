"""Inspects the packages built by build_packages.sh (without installing them on this machine).

    check_packages.py BUILD_DIR deb|rpm|scripts|enable|unit|template|man|logrotate|config|
                                notify|restart
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


MAN_PAGES = ["man1/cairn-server.1", "man1/cairn-config.1", "man5/cairn.conf.5"]


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
              "./lib/systemd/system/cairn.service", "./lib/systemd/system/cairn-server@.service",
              "./etc/logrotate.d/cairn"] + [f"./usr/share/man/{p}.gz" for p in MAN_PAGES]:
        assert re.search(rf" {re.escape(f)}$", files, re.M), f"{f} missing:\n{files}"
    info = sh("dpkg-deb", "-I", p.deb)
    assert re.search(r"^ Package: cairn$", info, re.M), info
    depends = re.search(r"^ Depends: (.*)$", info, re.M).group(1)
    # Computed by dpkg-shlibdeps from the binaries, not listed by hand.
    for lib in ["libc6", "libstdc++6", "libqt6core6", "libqt6network6", "adduser",
                "init-system-helpers"]:
        assert lib in depends, depends
    assert re.search(r"^ Recommends: redis-tools$", info, re.M), info
    with open(os.path.join(p.ctl, "conffiles")) as f:
        assert f.read().split() == ["/etc/cairn/cairn.conf", "/etc/logrotate.d/cairn"]
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
              "/usr/lib/systemd/system/cairn.service", "/usr/lib/systemd/system/cairn-server@.service",
              "/usr/lib/systemd/system-preset/80-cairn.preset", "/etc/logrotate.d/cairn"] + \
            [f"/usr/share/man/{p}.gz" for p in MAN_PAGES]:
        assert f in files, files
    # Only the package's own files: no system directory is claimed.
    for d in ["/etc", "/usr/share/man", "/usr/lib/systemd/system", "/etc/logrotate.d"]:
        assert d not in files, files
    assert "/usr/lib/.build-id" not in " ".join(files)
    flags = sh("rpm", "-qp", "--queryformat", "[%{FILENAMES} %{FILEFLAGS:fflags}\n]", p.rpm)
    assert re.search(r"^/etc/cairn/cairn.conf cn$", flags, re.M), flags  # %config(noreplace)
    assert sorted(sh("rpm", "-qp", "--configfiles", p.rpm).split()) == [
        "/etc/cairn/cairn.conf", "/etc/logrotate.d/cairn"]
    requires = sh("rpm", "-qp", "--requires", p.rpm)
    assert "libQt6Core.so.6()(64bit)" in requires and "libstdc++.so.6()(64bit)" in requires
    scripts = sh("rpm", "-qp", "--scripts", p.rpm)
    for needle in ["useradd --system", "systemctl --no-reload preset cairn.service",
                   "disable --now", "try-restart"]:
        assert needle in scripts, scripts
    assert "Relocations" not in sh("rpm", "-qip", p.rpm)  # /etc must stay /etc


# Stubs for every command the maintainer scripts run: each call is logged, nothing changes.
STUBBED = ["adduser", "deluser", "delgroup", "getent", "install", "chown", "chmod", "systemctl",
           "rm", "rmdir", "groupadd", "useradd", "deb-systemd-helper", "deb-systemd-invoke"]


def run_script(script, args, getent_rc, rc=None, real=(), env=None, wrap=None):
    """Runs a maintainer script with the commands of STUBBED logged instead of run.
    rc: {"call prefix": exit status} for stubs; real: commands left to the system;
    wrap: {"command": "shell line run instead, with the arguments as $@"}."""
    stubs = tempfile.mkdtemp(prefix="cairn-stubs-")
    log = os.path.join(stubs, "calls.log")
    for name in STUBBED:
        if name in real:
            continue
        body = f"echo \"{name} $*\" >> {log}\n"
        for prefix, status in (rc or {}).items():
            if prefix.split()[0] == name:
                body += f"case \"{name} $*\" in \"{prefix}\"*) exit {status};; esac\n"
        if wrap and name in wrap:
            body += wrap[name] + "\n"
        body += f"exit {getent_rc if name == 'getent' else 0}\n"
        with open(os.path.join(stubs, name), "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(os.path.join(stubs, name), 0o755)
    full_env = {"PATH": stubs + ":/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C", **(env or {})}
    proc = subprocess.run(["sh", script, *args], capture_output=True, text=True, env=full_env,
                          timeout=60)
    calls = open(log).read().splitlines() if os.path.exists(log) else []
    shutil.rmtree(stubs, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr
    return calls


def check_scripts(p):
    ctl = lambda s: os.path.join(p.ctl, s)
    systemd = os.path.isdir("/run/systemd/system")

    calls = run_script(ctl("postinst"), ["configure", ""], getent_rc=2)  # user absent
    adduser = [i for i, c in enumerate(calls) if c.startswith("adduser --system --group")]
    assert adduser and calls[adduser[0]].endswith(" cairn"), calls
    if not os.path.isdir("/var/lib/cairn"):
        # The home exists before adduser looks at it (no warning), then becomes the user's.
        assert calls.index("install -d -m 0750 /var/lib/cairn") < adduser[0], calls
        assert calls.index("chown cairn:cairn /var/lib/cairn") > adduser[0], calls
    # Enabled whether or not systemd runs (an image, a chroot); started only where it runs.
    for call in ["deb-systemd-helper unmask cairn.service",
                 "deb-systemd-helper --quiet was-enabled cairn.service",
                 "deb-systemd-helper enable cairn.service"]:
        assert call in calls, calls
    assert ("deb-systemd-invoke start cairn.service" in calls) == systemd, calls

    # Upgrade of a unit the admin disabled: the choice stays, the service restarts if running.
    calls = run_script(ctl("postinst"), ["configure", "0.1.0"], getent_rc=0,
                       rc={"deb-systemd-helper --quiet was-enabled": 1})
    assert "deb-systemd-helper update-state cairn.service" in calls, calls
    assert "deb-systemd-helper enable cairn.service" not in calls, calls
    assert ("deb-systemd-invoke restart cairn.service" in calls) == systemd, calls
    assert not any(c.startswith(("adduser", "chmod", "chown root")) for c in calls), calls

    calls = run_script(ctl("postrm"), ["remove"], getent_rc=0)
    assert not any(c.startswith(("rm ", "deluser")) for c in calls), calls  # data kept
    assert "deb-systemd-helper mask cairn.service" in calls, calls
    calls = run_script(ctl("postrm"), ["purge"], getent_rc=0)
    assert "rm -rf /var/lib/cairn /var/log/cairn" in calls, calls
    assert "deluser --system cairn" in calls, calls
    assert "deb-systemd-helper purge cairn.service" in calls, calls

    calls = run_script(ctl("prerm"), ["upgrade", "0.2.0"], getent_rc=0)
    assert calls == [], calls                                      # upgrades keep it running
    calls = run_script(ctl("prerm"), ["remove"], getent_rc=0)
    assert (calls == ["deb-systemd-invoke stop cairn.service"]) == systemd, calls

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
        # The systemd macros' behaviour: preset on installation (also without a running
        # systemd), disable and stop on erase, try-restart on upgrade.
        preset = "systemctl --no-reload preset cairn.service"
        assert preset in run_script(os.path.join(tmp, "postinstall"), ["1"], getent_rc=0)
        assert preset not in run_script(os.path.join(tmp, "postinstall"), ["2"], getent_rc=0)
        disable = "systemctl --no-reload disable --now cairn.service"
        assert disable in run_script(os.path.join(tmp, "preuninstall"), ["0"], getent_rc=0)
        assert disable not in run_script(os.path.join(tmp, "preuninstall"), ["1"], getent_rc=0)
        calls = run_script(os.path.join(tmp, "postuninstall"), ["1"], getent_rc=0)
        assert "systemctl try-restart cairn.service" in calls, calls
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_enable(p):
    """Installed into an image (systemd not running), the unit is enabled: the deb's postinst
    with the real deb-systemd-helper on the unpacked tree (DPKG_ROOT, as dpkg --root sets
    it), the rpm's %post with the real systemctl on the unpacked rpm (--root, as in a chroot).
    """
    wants = "etc/systemd/system/multi-user.target.wants/cairn.service"
    # What dpkg sets for a maintainer script (deb-systemd-helper checks it).
    env = {"DPKG_ROOT": p.root, "DPKG_MAINTSCRIPT_PACKAGE": "cairn"}
    postinst = os.path.join(p.ctl, "postinst")
    run_script(postinst, ["configure", ""], getent_rc=0, real=["deb-systemd-helper"],
               env=dict(env, DPKG_MAINTSCRIPT_NAME="postinst"))
    link = os.path.join(p.root, wants)
    assert os.readlink(link) == "/lib/systemd/system/cairn.service", os.listdir(p.root)
    # Not the template: instances are enabled one by one by the admin.
    assert not glob.glob(os.path.join(p.root, "etc/systemd/system/*/cairn-server@*"))

    # The admin disables it; an upgrade keeps that.
    os.remove(link)
    run_script(postinst, ["configure", "0.1.0"], getent_rc=0, real=["deb-systemd-helper"],
               env=dict(env, DPKG_MAINTSCRIPT_NAME="postinst"))
    assert not os.path.lexists(link)
    # Removed then purged: nothing of the unit's state is left behind.
    for action in ("remove", "purge"):
        run_script(os.path.join(p.ctl, "postrm"), [action], getent_rc=0,
                   real=["deb-systemd-helper"], env=dict(env, DPKG_MAINTSCRIPT_NAME="postrm"))
    left = [os.path.join(d, f) for d, _, files in os.walk(os.path.join(p.root, "etc/systemd"))
            for f in files]
    left += glob.glob(os.path.join(p.root, "var/lib/systemd/deb-systemd-helper-*/*"))
    assert left == [], left

    # The rpm: its files unpacked in a root of their own, its %post with systemctl --root.
    rpm_root = os.path.join(p.tmp, "rpm-root")
    os.mkdir(rpm_root)
    cpio = subprocess.run(f"rpm2cpio '{p.rpm}' | cpio -idm --quiet", shell=True, cwd=rpm_root,
                          capture_output=True, text=True, timeout=120)
    assert cpio.returncode == 0, cpio.stderr
    scripts = sh("rpm", "-qp", "--scripts", p.rpm)
    post = re.search(r"^postinstall scriptlet \(using /bin/sh\):$(.*?)^\w+ scriptlet",
                     scripts, re.M | re.S).group(1)
    path = os.path.join(p.tmp, "rpm-post")
    with open(path, "w") as f:
        f.write(post)
    run_script(path, ["1"], getent_rc=0,
               wrap={"systemctl": f"exec /bin/systemctl --root='{rpm_root}' \"$@\""})
    link = os.path.join(rpm_root, wants)
    assert os.readlink(link) == "/usr/lib/systemd/system/cairn.service", os.listdir(rpm_root)


def security_exposure(unit, cwd):
    proc = subprocess.run(["systemd-analyze", "security", "--offline=true", unit],
                          capture_output=True, text=True, timeout=60, cwd=cwd)
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", proc.stdout)
    assert m, proc.stdout + proc.stderr
    return float(m.group(1)), proc.stdout


def local_unit(p, name, text):
    """The unit with its programs pointed at the unpacked ones (verify wants them to exist)."""
    local = os.path.join(p.tmp, name)
    with open(local, "w") as f:
        f.write(text.replace("/usr/bin/cairn-", p.path("/usr/bin/cairn-")))
    return local


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
    assert re.search(r"^ExecReload=/usr/bin/cairn-config -f /etc/cairn/cairn.conf apply$", text,
                     re.M)
    assert re.search(r"^NoExecPaths=/$", text, re.M)
    local = local_unit(p, "cairn.service", text)
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", local], capture_output=True,
                          text=True, timeout=60, cwd=p.tmp)
    assert proc.returncode == 0 and proc.stdout + proc.stderr == "", proc.stdout + proc.stderr
    ours, report = security_exposure(local, p.tmp)
    print(f"systemd-analyze security: exposure {ours}")
    # At least as strict as Debian's redis-server unit (1.2 with systemd 252).
    theirs = 1.2
    if os.path.exists("/lib/systemd/system/redis-server.service"):
        theirs, _ = security_exposure("/lib/systemd/system/redis-server.service", p.tmp)
        print(f"redis-server.service: exposure {theirs}")
    assert ours <= theirs, report


def check_template(p):
    """cairn-server@NAME.service: the main unit's hardening, the instance's own config, data
    and runtime directories; two instances run side by side with their own data."""
    text = open(p.path("/lib/systemd/system/cairn-server@.service")).read()
    main = open(p.path("/lib/systemd/system/cairn.service")).read()
    exec_start = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)
    assert exec_start == "/usr/bin/cairn-server /etc/cairn/cairn-%i.conf", exec_start
    for line in ["StateDirectory=cairn/%i", "WorkingDirectory=/var/lib/cairn/%i",
                 "RuntimeDirectory=cairn-%i", "Type=notify", "User=cairn",
                 "ExecReload=/usr/bin/cairn-config -f /etc/cairn/cairn-%i.conf apply"]:
        assert re.search(rf"^{re.escape(line)}$", text, re.M), line
    assert "Description=Cairn, a Redis-compatible in-memory data store (%I)" in text
    hardening = lambda t: [l for l in t.splitlines() if re.match(
        r"(Protect|Private|Restrict|SystemCall|Capability|NoNew|NoExec|ExecPaths|Lock|Memory)", l)]
    assert hardening(text) == hardening(main)
    assert "WantedBy=multi-user.target" in text
    # verify and security on an instance: the template next to it, as systemd finds it.
    units = os.path.join(p.tmp, "units")
    os.mkdir(units)
    template = local_unit(p, "units/cairn-server@.service", text)
    instance = os.path.join(units, "cairn-server@one.service")
    os.symlink(template, instance)
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", instance],
                          capture_output=True, text=True, timeout=60, cwd=p.tmp)
    assert proc.returncode == 0 and proc.stdout + proc.stderr == "", proc.stdout + proc.stderr
    exposure, report = security_exposure(instance, p.tmp)
    assert exposure <= security_exposure(local_unit(p, "cairn.service", main), p.tmp)[0], report

    # Two instances, started as the unit starts them (with the configs and data here).
    tool = p.path("/usr/bin/cairn-config")
    servers = {}
    try:
        for name in ("one", "two"):
            data = os.path.join(p.tmp, "lib", name)
            os.makedirs(data)
            conf = os.path.join(p.tmp, f"cairn-{name}.conf")
            shutil.copy(p.path("/etc/cairn/cairn.conf"), conf)
            port = free_port()
            sh(tool, "-f", conf, "set", "port", str(port))
            sh(tool, "-f", conf, "set", "dir", data)
            sh(tool, "-f", conf, "set", "supervised", "no")
            argv = exec_start.replace("%i", name).split()
            argv = [p.path(argv[0]), argv[1].replace("/etc/cairn", p.tmp)]
            servers[name] = (subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL, cwd=data), port, data)
        for name, (_, port, _) in servers.items():
            wait_ping(port)
            assert redis_call(port, "SET", "instance", name) == b"+OK\r\n"
        for name, (server, port, data) in servers.items():
            assert redis_call(port, "GET", "instance") == f"${len(name)}\r\n{name}\r\n".encode()
            server.terminate()
            assert server.wait(timeout=30) == 0
            assert os.path.exists(os.path.join(data, "dump.rdb"))
    finally:
        for server, _, _ in servers.values():
            kill_if_running(server)


def check_man(p):
    """The man pages render without warnings, with the version filled in."""
    for page in MAN_PAGES:
        path = p.path(f"/usr/share/man/{page}.gz")
        proc = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", path],
                              capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8"))
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        name = os.path.basename(page)
        title = name.rsplit(".", 1)[0].upper()
        assert proc.stdout.startswith(title), proc.stdout[:200]
        assert "NAME" in proc.stdout and "SEE ALSO" in proc.stdout
        assert "@PROJECT_VERSION@" not in proc.stdout
        assert re.search(r"Cairn \d+\.\d+\.\d+", proc.stdout), proc.stdout[-300:]


def check_logrotate(p):
    """The packaged logrotate snippet rotates a running server's log: the server goes on
    writing to a new file at the same path (no copytruncate)."""
    logrotate = shutil.which("logrotate") or "/usr/sbin/logrotate"
    assert os.path.exists(logrotate), "logrotate is not installed (scripts/deps test)"
    logs = os.path.join(p.tmp, "log")
    os.mkdir(logs, 0o750)
    snippet = open(p.path("/etc/logrotate.d/cairn")).read()
    assert "/var/log/cairn/*.log {" in snippet
    assert not re.search(r"^\s*copytruncate", snippet, re.M)
    conf = os.path.join(p.tmp, "logrotate.conf")
    with open(conf, "w") as f:
        f.write(snippet.replace("/var/log/cairn", logs))
    logfile = os.path.join(logs, "cairn.log")
    port = free_port()
    server = subprocess.Popen([p.path("/usr/bin/cairn-server"), "--port", str(port),
                               "--logfile", logfile, "--enable-debug-command", "local",
                               "--dir", p.tmp, "--save", ""],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ping(port)
        proc = subprocess.run([logrotate, "--force", "--state", os.path.join(p.tmp, "state"),
                               conf], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Ready to accept connections" in open(logfile + ".1").read()
        assert redis_call(port, "DEBUG", "LOG", "after rotation") == b"+OK\r\n"
        assert "after rotation" in open(logfile).read()
        server.terminate()
        assert server.wait(timeout=30) == 0
    finally:
        kill_if_running(server)


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
        kill_if_running(server)
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


def kill_if_running(server):
    """The end of a test's server that an assertion left running."""
    if server.poll() is None:
        server.kill()
        server.wait(timeout=10)


def wait_ping(port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if redis_call(port, "PING") == b"+PONG\r\n":
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"no server answers on port {port}")


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
        try:
            wait_ping(port)
        except AssertionError:
            kill_if_running(server)
            raise
        return server, port

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
        kill_if_running(server)


CHECKS = {"deb": check_deb, "rpm": check_rpm, "scripts": check_scripts, "enable": check_enable,
          "unit": check_unit, "template": check_template, "man": check_man,
          "logrotate": check_logrotate, "config": check_config, "notify": check_notify,
          "restart": check_restart}

if __name__ == "__main__":
    build, what = sys.argv[1], sys.argv[2]
    packages = Packages(build)
    try:
        CHECKS[what](packages)
    finally:
        packages.cleanup()
    print(f"{what}: ok")
