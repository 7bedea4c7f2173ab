"""cairn-config on temporary files, and `apply` against a running server.

The tool is $CAIRN_CONFIG_TOOL (ctest sets it to the built cairn-config). `apply` tests run
against $CAIRN_SERVER like every suite, so they also pass against the reference redis-server.
"""

import json
import os
import socket
import subprocess

import pytest

from conftest import close_client

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.environ.get("CAIRN_CONFIG_TOOL") or os.path.join(
    HERE, "..", "..", "build", "dev", "tools", "cairn-config", "cairn-config")

pytestmark = pytest.mark.skipif(not os.path.exists(TOOL), reason="cairn-config not built (no Qt 6)")

SAMPLE = (
    "# Cairn test config\n"
    "\n"
    "bind 127.0.0.1\n"
    "port 6380    \n"
    "   # an indented comment\n"
    "list-max-ziplist-entries 512\n"          # deprecated but accepted
    "maxmemory-policy noeviction\n"
    "save 900 1\n"
    "save 300 10\n"
    "\n"
    "# maxmemory <bytes>\n"
    "requirepass \"pass word\"\n"
)


def run(*args, check=None):
    proc = subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=30)
    if check is not None:
        assert proc.returncode == check, f"rc {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture
def conf(tmp_path):
    path = tmp_path / "cairn.conf"
    path.write_text(SAMPLE)
    return str(path)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# -- get / set / unset ------------------------------------------------------------------------


def test_get_prints_the_effective_value(conf):
    assert run("-f", conf, "get", "port", check=0).stdout == "6380\n"
    assert run("-f", conf, "get", "save", check=0).stdout == "900 1 300 10\n"
    assert run("-f", conf, "get", "requirepass", check=0).stdout == "pass word\n"
    assert run("-f", conf, "get", "hz", check=0).stdout == "10\n"        # default
    assert run("-f", conf, "get", "MAXMEMORY", check=0).stdout == "0\n"  # any case


def test_set_replaces_one_line_and_keeps_every_other_byte(conf):
    run("--file", conf, "set", "maxmemory-policy", "allkeys-lru", check=0)
    assert read(conf).decode() == SAMPLE.replace("maxmemory-policy noeviction",
                                                 "maxmemory-policy allkeys-lru")
    assert run("-f", conf, "get", "maxmemory-policy", check=0).stdout == "allkeys-lru\n"


def test_set_appends_a_new_directive_and_unset_removes_it_again(conf):
    run("-f", conf, "set", "maxmemory", "100mb", check=0)
    assert read(conf).decode() == SAMPLE + "maxmemory 100mb\n"
    assert run("-f", conf, "get", "maxmemory", check=0).stdout == "104857600\n"
    run("-f", conf, "unset", "maxmemory", check=0)
    assert read(conf).decode() == SAMPLE


def test_set_multi_word_values_and_quoting(conf):
    run("-f", conf, "set", "save", "3600", "1", "60", "1000", check=0)
    text = read(conf).decode()
    assert "save 3600 1 60 1000\n" in text and "save 300 10" not in text
    assert text.index("save 3600") == SAMPLE.index("save 900")  # where the first one was
    run("-f", conf, "set", "save", "", check=0)
    assert run("-f", conf, "get", "save", check=0).stdout == "\n"
    run("-f", conf, "set", "requirepass", 'a "quoted" secret', check=0)
    assert 'requirepass "a \\"quoted\\" secret"\n' in read(conf).decode()
    assert run("-f", conf, "get", "requirepass", check=0).stdout == 'a "quoted" secret\n'
    run("-f", conf, "set", "list-max-listpack-size", "-3", check=0)  # a value like an option
    assert run("-f", conf, "get", "list-max-ziplist-size", check=0).stdout == "-3\n"


@pytest.mark.parametrize("args, reason", [
    (["appendonly", "maybe"], "argument must be 'yes' or 'no'"),
    (["port", "65536"], "argument must be between 0 and 65535 inclusive"),
    (["maxmemory", "12xb"], "argument must be a memory value"),
    (["maxmemory-policy", "lru"], "argument(s) must be one of the following"),
    (["save", "60"], "Invalid save parameters"),
    (["port", "1", "2"], "wrong number of arguments"),
])
def test_rejected_value_leaves_the_file_byte_for_byte(conf, args, reason):
    before = read(conf)
    st = os.stat(conf)
    proc = run("-f", conf, "set", *args, check=1)
    assert reason in proc.stderr
    assert f"invalid value for '{args[0]}'" in proc.stderr
    assert read(conf) == before
    assert os.stat(conf).st_ino == st.st_ino and os.stat(conf).st_mtime_ns == st.st_mtime_ns


def test_unknown_directive_and_usage_errors(conf):
    before = read(conf)
    assert "unknown directive 'nosuch'" in run("-f", conf, "set", "nosuch", "1", check=1).stderr
    assert "unknown directive 'nosuch'" in run("-f", conf, "get", "nosuch", check=1).stderr
    run("-f", conf, "set", "port", check=2)
    run("-f", conf, "get", check=2)
    run("-f", conf, "frobnicate", check=2)
    run(check=2)
    run("-f", conf, "show", "--bogus", check=2)
    assert read(conf) == before


def test_missing_file_is_an_io_error_but_set_creates_it(tmp_path):
    path = str(tmp_path / "new.conf")
    assert "cannot read" in run("-f", path, "get", "port", check=3).stderr
    run("-f", path, "set", "port", "7001", check=0)
    assert read(path) == b"port 7001\n"


def test_set_replaces_the_file_atomically_keeping_mode_and_owner(conf):
    os.chmod(conf, 0o640)
    if os.geteuid() == 0:
        os.chown(conf, 65534, 65534)  # nobody / nogroup
    ino = os.stat(conf).st_ino
    run("-f", conf, "set", "hz", "20", check=0)
    st = os.stat(conf)
    assert st.st_ino != ino                      # a new file renamed over the old one
    assert st.st_mode & 0o777 == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (65534, 65534)
    assert not os.path.exists(conf + ".lock")    # the edit lock is released
    assert sorted(os.listdir(os.path.dirname(conf))) == ["cairn.conf"]


def test_set_waits_for_the_edit_lock_and_gives_up(conf):
    # A lock that Qt's QLockFile sees as held: a live process with the recorded name.
    holder = subprocess.Popen(["sleep", "30"])
    try:
        with open(conf + ".lock", "w") as f:
            f.write(f"{holder.pid}\nsleep\n{socket.gethostname()}\n")
        before = read(conf)
        proc = run("-f", conf, "set", "hz", "20", check=3)
        assert "is being edited" in proc.stderr
        assert read(conf) == before
    finally:
        holder.kill()
        holder.wait()
    run("-f", conf, "set", "hz", "20", check=0)  # a dead holder's lock is stale


def test_set_refuses_to_write_an_invalid_file(conf):
    with open(conf, "a") as f:
        f.write("appendonly maybe\n")
    before = read(conf)
    proc = run("-f", conf, "set", "hz", "20", check=1)
    assert f"{conf}:13: argument must be 'yes' or 'no'" in proc.stderr
    assert read(conf) == before
    # Setting the broken directive itself repairs the file.
    run("-f", conf, "set", "appendonly", "yes", check=0)
    run("-f", conf, "validate", check=0)


# -- show / diff / validate --------------------------------------------------------------------


def test_show_lists_the_file_directives_and_all_with_json(conf):
    lines = run("-f", conf, "show", check=0).stdout.splitlines()
    assert lines == ["bind 127.0.0.1", "port 6380", "save 900 1 300 10",
                     "requirepass pass word", "maxmemory-policy noeviction"]
    obj = json.loads(run("-f", conf, "show", "--json", "--all", check=0).stdout)
    assert obj["port"] == "6380" and obj["hz"] == "10" and obj["appendonly"] == "no"
    assert len(obj) > 40


def test_diff_lists_what_differs_from_defaults(conf):
    out = run("-f", conf, "diff", check=0).stdout.splitlines()
    assert "port 6380 (default: 6379)" in out
    assert "bind 127.0.0.1 (default: 127.0.0.1 -::1)" in out
    assert "save 900 1 300 10 (default: 3600 1 300 100 60 10000)" in out
    assert not any(line.startswith("maxmemory-policy") for line in out)  # at its default


def test_validate_reports_file_and_line_for_every_problem(tmp_path):
    path = tmp_path / "bad.conf"
    path.write_text("port 7000\nappendonly maybe\n# fine\nnosuchthing 1\nhz 20\n"
                    "include /nonexistent/x.conf\nsave \"unbalanced\n")
    proc = run("-f", str(path), "validate", check=1)
    assert proc.stdout.splitlines() == [
        f"{path}:2: argument must be 'yes' or 'no'",
        f"{path}:4: Bad directive or wrong number of arguments",
        f"{path}:6: Fatal error, can't open config file '/nonexistent/x.conf': "
        "No such file or directory",
        f"{path}:7: Unbalanced quotes in configuration line",
    ]


def test_validate_accepts_a_good_file(conf):
    assert run("-f", conf, "validate", check=0).stdout == f"{conf}: OK\n"


@pytest.mark.parametrize("verb", ["get", "set", "unset", "show", "diff", "validate", "apply",
                                  "service"])
def test_every_command_has_help(verb):
    proc = run(verb, "--help", check=0)
    assert proc.stdout.startswith("Usage: ") and f" {verb}" in proc.stdout.splitlines()[0]


def test_global_help_lists_commands_and_exit_codes():
    out = run("--help", check=0).stdout
    for verb in ["get NAME", "set NAME VALUE", "validate", "apply", "service ACTION"]:
        assert verb in out
    assert "Exit codes: 0 ok" in out


@pytest.mark.skipif(os.path.isdir("/run/systemd/system"), reason="systemd is running here")
def test_service_without_systemd_exits_6():
    assert "systemd is not running" in run("service", "status", check=6).stderr
    run("service", "reboot-the-world", check=2)


# -- apply --------------------------------------------------------------------------------------


def config_get(client, name):
    return client.config_get(name)[name]


def test_apply_pushes_runtime_settings_and_lists_restarts(server_factory, tmp_path):
    s = server_factory(config_text="maxmemory-policy noeviction\nhz 10\n")
    path = s.config_path
    run("-f", path, "set", "maxmemory-policy", "allkeys-lru", check=0)
    run("-f", path, "set", "maxmemory", "64mb", check=0)
    run("-f", path, "set", "databases", "8", check=0)           # immutable
    other_dir = str(tmp_path)
    run("-f", path, "set", "dir", other_dir, check=0)           # protected

    proc = run("-f", path, "apply", "--port", str(s.port), check=5)
    out = proc.stdout.splitlines()
    assert "applied maxmemory-policy allkeys-lru" in out
    assert "applied maxmemory 67108864" in out
    assert "restart databases 8: not changeable at runtime" in out
    assert f"restart dir {other_dir}: protected config" in out
    assert out[-1] == "2 applied, 1 unchanged, 2 need a restart, 0 failed"

    c = s.client(decode_responses=True)
    assert config_get(c, "maxmemory-policy") == "allkeys-lru"
    assert config_get(c, "maxmemory") == "67108864"
    assert config_get(c, "databases") == "16"
    close_client(c)

    # Nothing left to change at runtime.
    run("-f", path, "unset", "databases", check=0)
    run("-f", path, "unset", "dir", check=0)
    assert run("-f", path, "apply", "--port", str(s.port), check=0).stdout.splitlines()[-1] == \
        "0 applied, 3 unchanged, 0 need a restart, 0 failed"


def test_apply_authenticates_with_the_files_password_or_a_password_file(server_factory, tmp_path):
    s = server_factory(config_text="hz 10\n")
    c = s.client()
    c.config_set("requirepass", "s3cret")
    close_client(c)
    path = s.config_path
    run("-f", path, "set", "requirepass", "s3cret", check=0)
    run("-f", path, "set", "hz", "15", check=0)
    proc = run("-f", path, "apply", "--port", str(s.port), check=0)
    assert "applied hz 15" in proc.stdout
    pw = tmp_path / "pw"
    pw.write_text("wrong\n")
    proc = run("-f", path, "apply", "--port", str(s.port), "--password-file", str(pw), check=4)
    assert "AUTH failed" in proc.stderr
    pw.write_text("s3cret\n")
    run("-f", path, "apply", "--port", str(s.port), "--user", "default", "--password-file",
        str(pw), check=0)
    run("-f", path, "apply", "--port", str(s.port), "--user", "default", check=2)


def test_apply_hides_passwords_and_reports_unreachable_servers(server_factory, tmp_path):
    s = server_factory(config_text="hz 10\n")
    path = s.config_path
    run("-f", path, "set", "requirepass", "newpass", check=0)
    proc = run("-f", path, "apply", "--port", str(s.port), check=0)
    assert "applied requirepass (hidden)" in proc.stdout and "newpass" not in proc.stdout
    s.stop()
    assert "cannot connect" in run("-f", path, "apply", "--port", str(s.port), check=4).stderr
