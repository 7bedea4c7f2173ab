r"""The MSI under Wine: msiexec /i installs the exe, the config (with PORT) and the running "cairn"
service; an upgrade keeps the edited config and the data; msiexec /x removes the service and the
exe and keeps both; a reinstall never replaces the config. Test packages (versions 0.0.1 and
0.0.2) are built from the same cairn.wxs with installer/build-msi.sh; the package the build made
($CAIRN_MSI) is checked for its tables and payload. What Wine does not do (run the service as
NT SERVICE\cairn, apply MsiLockPermissionsEx ACLs, MsiConfigureServices' failure actions, a
firewall rule: its netsh is a stub) is checked in the tables the Windows Installer reads.

Run by ctest in the mingw build (tests/windows/CMakeLists.txt).
"""

import filecmp
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

SERVER = os.environ.get("CAIRN_SERVER", "")
LAUNCHER = os.environ.get("CAIRN_SERVER_LAUNCHER", "")
PREFIX = os.environ.get("CAIRN_WINEPREFIX", "")
MSI = os.environ.get("CAIRN_MSI", "")
BUILD_MSI = os.environ.get("CAIRN_BUILD_MSI", "")
# cairn-config.exe, when the build had Qt for Windows: the packages carry it.
CONFIG_EXE = os.environ.get("CAIRN_CONFIG_EXE", "")
SOURCE_CONF = os.path.join(os.path.dirname(__file__), "..", "..", "conf", "cairn.conf")
SERVICE_SID = os.path.join(os.path.dirname(__file__), "..", "..", "installer", "service-sid.sh")

pytestmark = pytest.mark.skipif(not (SERVER and LAUNCHER and PREFIX and MSI and BUILD_MSI),
                                reason="needs the Windows build, Wine and wixl")

PROGRAM_FILES = os.path.join(PREFIX, "drive_c", "Program Files", "Cairn")
PROGRAM_DATA = os.path.join(PREFIX, "drive_c", "ProgramData", "Cairn")


# Wine's launcher sometimes fails to start a program at all on a loaded machine ("Application
# could not be started ... ShellExecuteEx failed"): the program never ran, so it is tried again.
NOT_STARTED = "ShellExecuteEx failed"


def wine(*args, timeout=120):
    for _ in range(3):
        p = subprocess.run([LAUNCHER, *args], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=timeout)
        out = p.stdout + p.stderr
        if NOT_STARTED not in out:
            break
    return p.returncode, out


def msiexec(*args):
    return wine("msiexec", *args, "/qn")


def windows_path(path):
    return "Z:" + path.replace("/", "\\")


def service_status():
    return wine(SERVER, "--service-status", "--service-name", "cairn")


def installed_server_running():
    """Whether a process runs the installed cairn-server.exe (Wine's processes show their
    Windows command line)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"Program Files\\Cairn\\cairn-server.exe" in f.read():
                    return True
        except OSError:
            pass
    return False


def ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64)
    except OSError:
        return None


def command(port, *args):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args))
        return s.recv(65536)


def msiinfo_export(msi, table):
    out = subprocess.run(["msiinfo", "export", msi, table], capture_output=True, text=True,
                         check=True).stdout
    return [line.split("\t") for line in out.splitlines()[3:]]


def service_sid(name):
    return subprocess.run([SERVICE_SID, name], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_service_sid_is_windows_derivation():
    # The SID every Windows has for NT SERVICE\TrustedInstaller.
    assert service_sid("TrustedInstaller") == \
        "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
    assert service_sid("cairn") == service_sid("CAIRN")


def test_built_package_tables_and_payload(tmp_path):
    suminfo = subprocess.run(["msiinfo", "suminfo", MSI], capture_output=True, text=True).stdout
    assert "Template: x64;1033" in suminfo
    files = {row[2].split("|")[-1] for row in msiinfo_export(MSI, "File")}
    tool = {"cairn-config.exe"} if CONFIG_EXE else set()
    assert files == {"cairn-server.exe", "cairn.default.conf"} | tool
    if CONFIG_EXE:  # and puts it on the system PATH
        assert msiinfo_export(MSI, "Environment") == [
            ["envPath", "=-*PATH", "[~];[INSTALLFOLDER]", "cmpServer"]]
    attributes = {row[0]: row[3] for row in msiinfo_export(MSI, "Component")}
    assert attributes == {"cmpServer": "256", "cmpDataRoot": "272", "cmpDataDir": "272"}
    [service] = msiinfo_export(MSI, "ServiceInstall")
    assert service[1] == "cairn"
    assert service[8] == "NT SERVICE\\cairn" and service[9] == ""  # a virtual account
    assert service[10] == '--service-run --service-name cairn "[DATAROOT]cairn.conf"'

    # Restart on failure, by the Windows Installer itself (MsiConfigureServices).
    sequence = {row[0]: (row[1], int(row[2])) for row in msiinfo_export(MSI, "InstallExecuteSequence")}
    assert sequence["InstallServices"][1] < sequence["MsiConfigureServices"][1] < \
        sequence["StartServices"][1]
    assert msiinfo_export(MSI, "MsiServiceConfigFailureActions") == [
        ["svcCairnRestart", "cairn", "5", "86400", "", "", "1[~]1[~]1", "5000[~]5000[~]30000",
         "cmpServer"]]
    # SERVICE_CONFIG_FAILURE_ACTIONS_FLAG: also after a non-zero exit code.
    assert msiinfo_export(MSI, "MsiServiceConfig") == [
        ["svcCairnRestartOnExitCode", "cairn", "5", "4", "1", "cmpServer"]]

    # %ProgramData%\Cairn: SYSTEM and Administrators, and the service's account; not Users.
    assert msiinfo_export(MSI, "MsiLockPermissionsEx") == [
        ["lockDataRoot", "DATAROOT", "CreateFolder",
         f"D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;{service_sid('cairn')})", ""]]
    assert ["DATAROOT", "cmpDataRoot"] in msiinfo_export(MSI, "CreateFolder")

    # The first config, after the files are there and before the service is installed; the
    # firewall rule only when asked for, and not removed by an upgrade.
    actions = {row[0]: row[1:4] for row in msiinfo_export(MSI, "CustomAction")}
    assert actions["caFirstConfig"] == [
        "3090", "filServer", '--service-first-config "[INSTALLFOLDER]cairn.default.conf" '
        '"[DATAROOT]cairn.conf" port "[PORT]"']
    assert actions["caFirewallRuleAdd"] == [
        "3106", "SystemFolder", 'netsh.exe advfirewall firewall add rule name="Cairn" dir=in '
        'action=allow program="[INSTALLFOLDER]cairn-server.exe" enable=yes']
    assert actions["caFirewallRuleRemove"] == [
        "3170", "SystemFolder", 'netsh.exe advfirewall firewall delete rule name="Cairn"']
    assert sequence["InstallFiles"][1] < sequence["caFirstConfig"][1] < \
        sequence["InstallServices"][1]
    assert sequence["caFirewallRuleAdd"] == ("ADD_FIREWALL_RULE = 1 AND NOT REMOVE", 4030)
    assert sequence["caFirewallRuleRemove"] == ('REMOVE = "ALL" AND NOT UPGRADINGPRODUCTCODE', 3510)
    properties = dict(row[:2] for row in msiinfo_export(MSI, "Property"))
    assert properties["PORT"] == "6379"
    assert {"ADD_FIREWALL_RULE", "INSTALLFOLDER", "PORT"} <= \
        set(properties["SecureCustomProperties"].split(";"))

    subprocess.run(["msiextract", "-C", str(tmp_path), MSI], capture_output=True, check=True)
    # msiextract folds ProgramFiles64Folder\Cairn and CommonAppDataFolder\Cairn into Cairn/.
    assert filecmp.cmp(tmp_path / "Cairn" / "cairn.default.conf", SOURCE_CONF, shallow=False)


@pytest.fixture
def packages(tmp_path):
    """Two test packages of the same product, 0.0.1 and 0.0.2, and a free port for PORT."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    stage = tmp_path / "stage"
    stage.mkdir()
    shutil.copy(SERVER, stage / "cairn-server.exe")
    if CONFIG_EXE:
        shutil.copy(CONFIG_EXE, stage / "cairn-config.exe")
    # The packaged default's port, bind and save points (one change is enough to save on stop).
    (stage / "cairn.default.conf").write_text("# Cairn\nport 6379\nbind 127.0.0.1\nsave 3600 1\n")
    made = []
    for version in ("0.0.1", "0.0.2"):
        out = tmp_path / f"cairn-{version}-x64.msi"
        subprocess.run([BUILD_MSI, version, str(stage), str(out)], check=True)
        made.append(windows_path(str(out)))
    # A clean start: nothing of an earlier run left in this prefix.
    for msi in reversed(made):
        msiexec("/x", msi)
    shutil.rmtree(PROGRAM_DATA, ignore_errors=True)
    yield port, made
    for msi in reversed(made):
        msiexec("/x", msi)
    shutil.rmtree(PROGRAM_DATA, ignore_errors=True)


def test_install_upgrade_uninstall(packages):
    port, (v1, v2) = packages

    rc, out = msiexec("/i", v1, f"PORT={port}", "ADD_FIREWALL_RULE=1")
    assert rc == 0, out
    assert os.path.isfile(os.path.join(PROGRAM_FILES, "cairn-server.exe"))
    conf = os.path.join(PROGRAM_DATA, "cairn.conf")
    # The packaged config with PORT in its place.
    assert open(conf).read() == f"# Cairn\nport {port}\nbind 127.0.0.1\nsave 3600 1\n"
    assert os.path.isdir(os.path.join(PROGRAM_DATA, "data"))
    rc, out = service_status()
    assert rc == 0 and out.startswith("cairn: RUNNING"), out
    # The installed service's account (the SCM's ObjectName); Wine does not apply the failure
    # actions of MsiConfigureServices, whose tables test_built_package_tables_and_payload reads.
    rc, out = wine("reg", "query", "HKLM\\System\\CurrentControlSet\\Services\\cairn",
                   "/v", "ObjectName")
    assert rc == 0 and "NT SERVICE\\cairn" in out, out
    assert ping(port) == b"+PONG\r\n"
    info = command(port, b"INFO", b"server").decode()
    assert "config_file:C:\\ProgramData\\Cairn\\cairn.conf" in info
    assert "executable:C:\\Program Files\\Cairn\\cairn-server.exe" in info
    assert "Ready to accept connections" in open(os.path.join(PROGRAM_DATA, "cairn.log")).read()

    # The user's changes: an edited config, a key (saved when the service stops: save points
    # are on by default) and a file of their own in the data directory.
    if CONFIG_EXE:
        # With the installed cairn-config.exe: its default file is the service's config; apply
        # reaches the running service, authenticated as the file says.
        tool = os.path.join(PROGRAM_FILES, "cairn-config.exe")
        rc, out = wine(tool, "get", "port")
        assert (rc, out) == (0, f"{port}\n"), out
        rc, out = wine(tool, "set", "maxclients", "321")
        assert (rc, out) == (0, "maxclients: 10000 -> 321\n"), out
        rc, out = wine(tool, "apply")
        assert rc == 0 and "applied maxclients 321" in out, out
        assert command(port, b"CONFIG", b"GET", b"maxclients") == \
            b"*2\r\n$10\r\nmaxclients\r\n$3\r\n321\r\n"
        rc, out = wine(tool, "service", "status")
        assert rc == 0 and "RUNNING" in out, out
    else:
        with open(conf, "a") as f:
            f.write("maxclients 321\n")
    assert command(port, b"SET", b"kept", b"across the upgrade") == b"+OK\r\n"
    notes = os.path.join(PROGRAM_DATA, "data", "notes.txt")
    with open(notes, "wb") as f:
        f.write(b"user data")

    # Major upgrade: 0.0.1 is removed, 0.0.2 installed; a PORT now changes nothing.
    rc, out = msiexec("/i", v2, f"PORT={port + 1}")
    assert rc == 0, out
    assert "maxclients 321\n" in open(conf).read()
    assert open(notes, "rb").read() == b"user data"
    assert service_status()[0] == 0
    assert command(port, b"CONFIG", b"GET", b"maxclients") == b"*2\r\n$10\r\nmaxclients\r\n$3\r\n321\r\n"
    # The stopped service saved its data; the new one loaded it.
    log = open(os.path.join(PROGRAM_DATA, "cairn.log")).read()
    assert command(port, b"GET", b"kept") == b"$18\r\nacross the upgrade\r\n", log
    assert "# Windows service stop requested, scheduling shutdown..." in log

    rc, out = msiexec("/i", v1)  # a downgrade is refused (1603 truncated to 8 bits by Wine)
    assert rc == 1603 % 256, out

    # Under load Wine's msiexec sees SERVICE_STOPPED while the service's image is still mapped,
    # and its RemoveFiles then leaves cairn-server.exe behind (Windows Installer would schedule
    # it for a reboot). So the service is stopped, and its process waited for, before the
    # uninstall: stopping a running service by the MSI is what the upgrade above checks.
    rc, out = wine(SERVER, "--service-stop", "--service-name", "cairn")
    assert rc == 0, out
    deadline = time.monotonic() + 60
    while installed_server_running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not installed_server_running()
    rc, out = msiexec("/x", v2)
    assert rc == 0, out
    # Gone, or marked for deletion while a handle to it is open (Wine's msiexec may keep one).
    rc, out = service_status()
    assert rc == 4 and out.startswith("cairn: not installed"), out
    deadline = time.monotonic() + 30
    while ping(port) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ping(port) is None
    exe = os.path.join(PROGRAM_FILES, "cairn-server.exe")
    deadline = time.monotonic() + 30
    while os.path.exists(exe) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(exe)
    assert "maxclients 321\n" in open(conf).read()
    assert open(notes, "rb").read() == b"user data"
    with open(os.path.join(PROGRAM_DATA, "data", "dump.rdb"), "rb") as f:
        assert f.read(9) == b"REDIS0010"  # uninstalling keeps the data

    # A reinstall elsewhere (INSTALLFOLDER) finds the config there and leaves it as it is:
    # PORT does not replace the port the user has.
    other_folder = "C:\\Cairn Test\\"
    rc, out = msiexec("/i", v2, f"INSTALLFOLDER={other_folder}", f"PORT={port + 1}")
    assert rc == 0, out
    assert f"port {port}\n" in open(conf).read() and "maxclients 321\n" in open(conf).read()
    assert command(port, b"GET", b"kept") == b"$18\r\nacross the upgrade\r\n"
    info = command(port, b"INFO", b"server").decode()
    assert "executable:C:\\Cairn Test\\cairn-server.exe" in info
    assert not os.path.exists(exe)
    rc, out = msiexec("/x", v2)
    assert rc == 0, out


def test_a_bad_port_fails_the_install_and_leaves_nothing(packages):
    _, (v1, _) = packages
    rc, out = msiexec("/i", v1, "PORT=63a")
    # The custom action's message; 1603 (fatal error) on Windows, 1627 (function failed) from
    # Wine's msiexec, truncated to 8 bits by Wine.
    assert "PORT '63a' is not a port number (0-65535)" in out
    assert rc in (1603 % 256, 1627 % 256), out
    assert service_status()[0] == 4
    assert not os.path.exists(os.path.join(PROGRAM_FILES, "cairn-server.exe"))
    assert not os.path.exists(os.path.join(PROGRAM_DATA, "cairn.conf"))
