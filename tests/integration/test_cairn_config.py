"""cairn-config on temporary files, and `apply` / `diff --running` against a running server.

The tool is $CAIRN_CONFIG_TOOL (ctest sets it to the built cairn-config). `apply` tests run
against $CAIRN_SERVER like every suite, so they also pass against the reference redis-server.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile

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


# Passwords that the tool reads from the environment: only what a test gives it.
PASSWORD_VARIABLES = ("CAIRN_PASSWORD", "REDISCLI_AUTH")


def run(*args, check=None, env=None, **kwargs):
    environment = {k: v for k, v in os.environ.items() if k not in PASSWORD_VARIABLES}
    environment.update(env or {})
    proc = subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=120,
                          env=environment, **kwargs)
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
    run("-f", conf, "set", "hz", "20", check=0)
    assert read(conf).decode() == SAMPLE + "hz 20\n"
    assert run("-f", conf, "get", "hz", check=0).stdout == "20\n"
    run("-f", conf, "unset", "hz", check=0)
    assert read(conf).decode() == SAMPLE


def test_set_puts_a_new_directive_after_its_commented_default(conf):
    run("-f", conf, "set", "maxmemory", "100mb", check=0)
    assert read(conf).decode() == SAMPLE.replace("# maxmemory <bytes>\n",
                                                 "# maxmemory <bytes>\nmaxmemory 100mb\n")
    assert run("-f", conf, "get", "maxmemory", check=0).stdout == "104857600\n"
    run("-f", conf, "unset", "maxmemory", check=0)
    assert read(conf).decode() == SAMPLE


def test_set_and_unset_say_what_they_changed(conf):
    assert run("-f", conf, "set", "port", "6381", check=0).stdout == "port: 6380 -> 6381\n"
    assert run("-f", conf, "set", "port", "6381", check=0).stdout == "port: already 6381\n"
    assert run("-f", conf, "set", "maxmemory", "1mb", check=0).stdout == "maxmemory: 0 -> 1048576\n"
    assert run("-f", conf, "set", "save", "", check=0).stdout == 'save: 900 1 300 10 -> ""\n'
    assert run("-f", conf, "unset", "port", check=0).stdout == "port: 6381 -> 6379 (default)\n"
    assert run("-f", conf, "unset", "port", check=0).stdout == \
        "port: not in the file; 6379 (default)\n"
    # A password is never printed.
    out = run("-f", conf, "set", "requirepass", "n3w", check=0).stdout
    assert out == "requirepass: (hidden) -> (hidden)\n"
    assert run("-f", conf, "unset", "requirepass", check=0).stdout == \
        'requirepass: (hidden) -> "" (default)\n'


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
    assert "did you mean" not in run("-f", conf, "unset", "nosuch", check=1).stderr
    run("-f", conf, "set", "port", check=2)
    run("-f", conf, "get", check=2)
    run("-f", conf, "frobnicate", check=2)
    run(check=2)
    run("-f", conf, "show", "--bogus", check=2)
    assert read(conf) == before


@pytest.mark.parametrize("typed, meant", [
    ("prot", "port"), ("MAXMEMORY-POLCY", "maxmemory-policy"), ("requirepas", "requirepass"),
    ("maxmem", "maxmemory"), ("appendonyl", "appendonly"),
])
def test_a_mistyped_directive_gets_a_guess(conf, typed, meant):
    before = read(conf)
    message = f"cairn-config: unknown directive '{typed}'; did you mean '{meant}'?\n"
    assert run("-f", conf, "set", typed, "1", check=1).stderr == message
    assert run("-f", conf, "get", typed, check=1).stderr == message
    assert run("-f", conf, "unset", typed, check=1).stderr == message
    assert read(conf) == before
    with open(conf, "a") as f:
        f.write(f"{typed} 1\n")
    out = run("-f", conf, "validate", check=1).stdout
    assert f"{conf}:13: unknown directive '{typed}'; did you mean '{meant}'?\n" in out


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
        f"{path}:4: unknown directive 'nosuchthing'",
        f"{path}:6: Fatal error, can't open config file '/nonexistent/x.conf': "
        "No such file or directory",
        f"{path}:7: Unbalanced quotes in configuration line",
    ]


def test_validate_accepts_a_good_file(conf):
    assert run("-f", conf, "validate", check=0).stdout == f"{conf}: OK\n"


def test_validate_warns_about_unsafe_and_ineffective_settings(tmp_path):
    path = tmp_path / "open.conf"
    missing = tmp_path / "no" / "such"
    path.write_text(f"bind 0.0.0.0 -::1\nprotected-mode no\nappendfsync always\n"
                    f"maxmemory-policy allkeys-lru\ndir {missing}\n")
    assert run("-f", str(path), "validate", check=0).stdout.splitlines() == [
        f"{path}: warning: listening on 0.0.0.0 (not only loopback) with protected-mode no and "
        "no requirepass: anyone who can reach port 6379 can read and change all data",
        f"{path}: warning: appendfsync always has no effect while appendonly is no",
        f"{path}: warning: maxmemory-policy allkeys-lru has no effect while maxmemory is 0 "
        "(no memory limit)",
        f"{path}: warning: dir {missing}: no such directory",
        f"{path}: OK, 4 warning(s)",
    ]
    # Any one protection is enough; a directory that exists is quiet.
    path.write_text(f"bind 0.0.0.0\nprotected-mode no\nrequirepass x\nappendonly yes\n"
                    f"appendfsync always\ndir {tmp_path}\n")
    assert run("-f", str(path), "validate", check=0).stdout == f"{path}: OK\n"
    # Warnings come with the errors too.
    path.write_text("protected-mode no\nbind 10.1.2.3\nport x\n")
    out = run("-f", str(path), "validate", check=1).stdout.splitlines()
    assert out[0] == f"{path}:3: argument couldn't be parsed into an integer"
    assert out[1].startswith(f"{path}: warning: listening on 10.1.2.3 ")


def test_validate_warns_when_the_service_user_cannot_write_dir(tmp_path):
    # The judged account is the package's user "cairn" where it exists, else whoever runs
    # the tool: as root, the tool runs as nobody (root may write anywhere).
    base = tempfile.mkdtemp(prefix="cairn-config-dir-")
    try:
        os.chmod(base, 0o755)
        data = os.path.join(base, "data")
        os.mkdir(data)
        os.chmod(data, 0o555)
        path = os.path.join(base, "cairn.conf")
        with open(path, "w") as f:
            f.write(f"dir {data}\n")
        os.chmod(path, 0o644)
        as_other_user = {"user": 65534} if os.geteuid() == 0 else {}
        out = run("-f", path, "validate", check=0, **as_other_user).stdout.splitlines()
        assert len(out) == 2, out
        assert out[0].startswith(f"{path}: warning: dir {data}: user ")
        assert "cannot create files there (owner " in out[0] and ", mode 0555)" in out[0]
        assert out[1] == f"{path}: OK, 1 warning(s)"
        os.chmod(data, 0o777)
        assert run("-f", path, "validate", check=0, **as_other_user).stdout == f"{path}: OK\n"
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("verb", ["get", "set", "unset", "show", "diff", "validate", "apply",
                                  "service"])
def test_every_command_has_help(verb):
    proc = run(verb, "--help", check=0)
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"Usage: cairn-config [options] {verb}")
    # Only what a reader needs: no Qt leftovers, no "Arguments:" repeating the command.
    assert "Arguments:" not in proc.stdout and "--help-all" not in proc.stdout
    assert "  -f, --file <path>" in proc.stdout and "  -h, --help" in proc.stdout
    assert all(len(line) <= 80 for line in lines), proc.stdout


def test_help_explains_the_new_behaviour():
    assert "reset to\nits default" in run("apply", "--help", check=0).stdout
    assert "CAIRN_PASSWORD" in run("apply", "--help", check=0).stdout
    diff = run("diff", "--help", check=0).stdout
    assert "--running" in diff and "0 the server matches the file, 1 it differs" in diff
    assert "reload" in run("service", "--help", check=0).stdout
    assert "warning" in run("validate", "--help", check=0).stdout


def test_global_help_lists_commands_and_exit_codes():
    out = run("--help", check=0).stdout
    assert out.startswith("Usage: cairn-config [options] COMMAND [ARGS...]\n")
    for verb in ["get NAME", "set NAME VALUE", "validate", "apply", "service ACTION",
                 "diff --running", "|reload"]:
        assert verb in out
    assert "Exit codes: 0 ok" in out
    assert "Arguments:" not in out and "--help-all" not in out
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert run("--version", check=0).stdout.startswith("cairn-config ")


@pytest.mark.skipif(os.path.isdir("/run/systemd/system"), reason="systemd is running here")
def test_service_without_systemd_exits_6():
    assert "systemd is not running" in run("service", "status", check=6).stderr
    assert "systemd is not running" in run("service", "reload", check=6).stderr
    run("service", "reboot-the-world", check=2)


# -- apply and diff --running ----------------------------------------------------------------------


def config_get(client, name):
    return client.config_get(name)[name]


# What server_matching_its_file() writes: the settings of conftest's command line.
PINNED = ["port", "bind", "save", "appendonly", "dir", "daemonize"]


def server_matching_its_file(server_factory, config_text=""):
    """A private server whose file also says what conftest's command line sets (port, bind,
    save, appendonly, dir, daemonize), so that the file describes the running server as a
    service's file does; apply then has nothing to undo from the command line."""
    s = server_factory(config_text=config_text)
    # The directory as the server names it: under Wine the Windows server calls /tmp/x
    # Z:\tmp\x, as a Windows service's file would write it.
    c = s.client(decode_responses=True)
    data_dir = config_get(c, "dir")
    close_client(c)
    with open(s.config_path, "a") as f:
        f.write(f'port {s.port}\nbind 127.0.0.1\nsave ""\nappendonly no\n'
                f'dir {data_dir}\ndaemonize no\n')
    return s


def summary(applied=0, reset=0, unchanged=0, restart=0, failed=0):
    return (f"{applied} applied, {reset} reset to default, {unchanged} unchanged, "
            f"{restart} need a restart, {failed} failed")


def test_apply_pushes_runtime_settings_and_lists_restarts(server_factory, tmp_path):
    s = server_matching_its_file(server_factory, "maxmemory-policy noeviction\nhz 10\n")
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
    # hz and the pinned settings other than dir are already so.
    assert out[-1] == summary(applied=2, unchanged=1 + len(PINNED) - 1, restart=2)

    c = s.client(decode_responses=True)
    assert config_get(c, "maxmemory-policy") == "allkeys-lru"
    assert config_get(c, "maxmemory") == "67108864"
    assert config_get(c, "databases") == "16"
    close_client(c)

    # Nothing left to change at runtime. A dir the file does not write is the server's own
    # start directory: not compared.
    run("-f", path, "unset", "databases", check=0)
    run("-f", path, "unset", "dir", check=0)
    assert run("-f", path, "apply", check=0).stdout.splitlines()[-1] == \
        summary(unchanged=3 + len(PINNED) - 1)


def test_apply_resets_what_the_file_no_longer_says(server_factory):
    s = server_matching_its_file(
        server_factory,
        "maxmemory 64mb\nmaxmemory-policy allkeys-lru\nlist-max-ziplist-size -3\n"
        "databases 8\ndbfilename other.rdb\nhz 10\n")
    c = s.client(decode_responses=True)
    c.config_set("client-output-buffer-limit", "normal 1mb 512kb 10")  # never in the file
    path = s.config_path
    for name in ["maxmemory", "maxmemory-policy", "list-max-listpack-size", "databases",
                 "dbfilename", "save"]:
        run("-f", path, "unset", name, check=0)

    out = run("-f", path, "apply", check=5).stdout.splitlines()
    not_in_file = "(default; not in the file)"
    assert sorted(out[:-1]) == sorted([
        f"reset save 3600 1 300 100 60 10000 {not_in_file}",
        f"reset maxmemory 0 {not_in_file}",
        f"reset maxmemory-policy noeviction {not_in_file}",
        f"reset list-max-listpack-size -2 {not_in_file}",   # the canonical name only
        "reset client-output-buffer-limit normal 0 0 0 slave 268435456 67108864 60 "
        f"pubsub 33554432 8388608 60 {not_in_file}",
        f"restart databases 16 {not_in_file}: not changeable at runtime",
        f"restart dbfilename dump.rdb {not_in_file}: protected config",
    ])
    unchanged = 1 + len(PINNED) - 1  # hz and the pinned ones but save
    assert out[-1] == summary(reset=5, unchanged=unchanged, restart=2)

    assert config_get(c, "maxmemory") == "0"
    assert config_get(c, "maxmemory-policy") == "noeviction"
    assert config_get(c, "list-max-listpack-size") == "-2"
    assert config_get(c, "save") == "3600 1 300 100 60 10000"
    assert config_get(c, "client-output-buffer-limit") == \
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"
    assert config_get(c, "databases") == "8"
    assert config_get(c, "dbfilename") == "other.rdb"
    close_client(c)
    # What needs a restart stays listed; the rest is done.
    assert run("-f", path, "apply", check=5).stdout.splitlines()[-1] == \
        summary(unchanged=unchanged, restart=2)


def test_apply_authenticates_with_the_files_password_or_a_password_file(server_factory, tmp_path):
    s = server_matching_its_file(server_factory, "hz 10\n")
    c = s.client()
    c.config_set("requirepass", "s3cret")
    close_client(c)
    path = s.config_path
    run("-f", path, "set", "requirepass", "s3cret", check=0)
    run("-f", path, "set", "hz", "15", check=0)
    proc = run("-f", path, "apply", check=0)
    assert "applied hz 15" in proc.stdout
    pw = tmp_path / "pw"
    pw.write_text("wrong\n")
    # A wrong password given to the run: the file's is tried next.
    run("-f", path, "apply", "--password-file", str(pw), check=0)
    # Neither is the server's: nothing is changed.
    run("-f", path, "set", "requirepass", "n3w", check=0)
    proc = run("-f", path, "apply", "--password-file", str(pw), check=4)
    assert "AUTH failed" in proc.stderr
    assert "tried --password-file, the file's requirepass" in proc.stderr
    assert proc.stdout == ""
    # The server's password rotates to the file's with the old one.
    pw.write_text("s3cret\n")
    proc = run("-f", path, "apply", "--user", "default", "--password-file", str(pw), check=0)
    assert "applied requirepass (hidden)" in proc.stdout
    run("-f", path, "apply", check=0)  # the file's password is the server's now
    run("-f", path, "apply", "--user", "default", check=2)


@pytest.mark.parametrize("how", ["CAIRN_PASSWORD", "REDISCLI_AUTH", "--password",
                                 "--password-file"])
def test_apply_after_removing_requirepass_uses_the_password_the_server_still_has(
        server_factory, tmp_path, how):
    s = server_matching_its_file(server_factory)
    c = s.client(decode_responses=True)
    c.config_set("requirepass", "secret")
    close_client(c)
    path = s.config_path
    run("-f", path, "set", "requirepass", "secret", check=0)
    run("-f", path, "apply", check=0)
    run("-f", path, "unset", "requirepass", check=0)

    # The file has no password any more, the server still has one.
    proc = run("-f", path, "apply", check=4)
    assert "the server wants a password" in proc.stderr and "CAIRN_PASSWORD" in proc.stderr

    options, env = [], {}
    if how.startswith("--password-file"):
        (tmp_path / "pw").write_text("secret\n")
        options = [how, str(tmp_path / "pw")]
    elif how == "--password":
        options = [how, "secret"]
    else:
        env = {how: "secret"}
    proc = run("-f", path, "apply", *options, check=0, env=env)
    assert 'reset requirepass "" (default; not in the file)' in proc.stdout
    assert "secret" not in proc.stdout
    assert ("can be seen by other users" in proc.stderr) == (how == "--password")
    c = s.client(decode_responses=True)  # no password needed any more
    assert config_get(c, "requirepass") == ""
    close_client(c)


def test_apply_hides_passwords_and_reports_unreachable_servers(server_factory, tmp_path):
    s = server_matching_its_file(server_factory, "hz 10\n")
    path = s.config_path
    run("-f", path, "set", "requirepass", "newpass", check=0)
    proc = run("-f", path, "apply", "--port", str(s.port), check=0)
    assert "applied requirepass (hidden)" in proc.stdout and "newpass" not in proc.stdout
    s.stop()
    assert "cannot connect" in run("-f", path, "apply", "--port", str(s.port), check=4).stderr


def test_diff_running_lists_what_differs_from_the_file(server_factory):
    s = server_matching_its_file(server_factory, "hz 10\nmaxmemory-policy noeviction\n")
    path = s.config_path
    proc = run("-f", path, "diff", "--running", check=0)
    assert proc.stdout == ""
    c = s.client(decode_responses=True)
    c.config_set("hz", "20")
    c.config_set("maxmemory", "1000000")
    c.config_set("requirepass", "pw")
    close_client(c)
    assert "CAIRN_PASSWORD" in run("-f", path, "diff", "--running", check=4).stderr
    proc = run("-f", path, "diff", "--running", check=1, env={"CAIRN_PASSWORD": "pw"})
    assert sorted(proc.stdout.splitlines()) == [
        "hz: file 10, running 20",
        "maxmemory: file 0 (default), running 1000000",
        'requirepass: file "" (default), running (hidden)',
    ]
    # After apply the server matches the file again.
    run("-f", path, "apply", check=0, env={"CAIRN_PASSWORD": "pw"})
    assert run("-f", path, "diff", "--running", check=0).stdout == ""
    # The plain diff still compares the file with the defaults; connection options need
    # --running.
    assert f"port {s.port} (default: 6379)" in run("-f", path, "diff", check=0).stdout
    run("-f", path, "diff", "--port", str(s.port), check=2)
