"""Drop-in for a Redis 7.0 config: the stock redis.conf of Debian's redis-server starts the
server under test unchanged (paths and daemonize adjusted), every parameter of Redis 7.0's
CONFIG GET * is known, and a feature Cairn does not have yet is refused with one clear line
when a config asks for more than its default."""

import os

import pytest
import redis

from conftest import ReferenceServer, is_windows_server

STOCK_CONF = "/etc/redis/redis.conf"

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")


def stock_config_text():
    if not os.access(STOCK_CONF, os.R_OK):
        pytest.skip(f"no {STOCK_CONF} (Debian's redis-server package)")
    with open(STOCK_CONF) as f:
        return f.read()


def adjusted_args(directory):
    # The stock file daemonizes and writes under /run, /var/log and /var/lib: not in a test.
    return ["--pidfile", os.path.join(directory, "server.pid"), "--logfile", ""]


def config_map(c):
    flat = c.config_get("*")
    return {k: v for k, v in flat.items()}


def test_stock_redis_conf_starts_and_reads_as_in_redis(server_factory):
    text = stock_config_text()
    ref = ReferenceServer(config_text=text, name="reference with the stock redis.conf")
    ref.extra_args = adjusted_args(ref.dir)
    ref.start()
    try:
        expected = config_map(ref.client())
    finally:
        ref.cleanup()
    s = server_factory(config_text=text, start=False)
    s.extra_args = adjusted_args(s.dir)
    s.start()
    got = config_map(s.client())
    assert sorted(got) == sorted(expected)
    launch = {"port", "dir", "pidfile"}  # where each test server runs
    differing = {k: (got[k], expected[k]) for k in expected
                 if k not in launch and got[k] != expected[k]}
    assert differing == {}


@pytest.mark.parametrize("line, feature", [
    ("replicaof 127.0.0.1 6380", "replication"),
    ("cluster-enabled yes", "cluster mode"),
    ("tls-port 6380", "TLS"),
    ("aclfile /etc/redis/users.acl", "ACL"),
])
def test_a_feature_not_available_yet_stops_startup_with_one_line(server_factory, line, feature):
    s = server_factory(config_text=line + "\n", start=False)
    s.spawn()
    assert s.wait_exit(60) == 1
    name = line.split()[0]
    assert (f"{name} is not available in Cairn yet ({feature}): only its default value"
            in s.log()), s.log()
    assert f">>> '{line}'" in s.log()


def test_config_set_of_a_feature_not_available_yet(server):
    c = server.client()
    assert c.config_set("repl-backlog-size", "1mb")  # the default: accepted
    assert c.config_get("slaveof") == {"slaveof": ""}
    assert c.config_get("replicaof") == {"replicaof": ""}
    with pytest.raises(redis.ResponseError, match="repl-backlog-size is not available in Cairn"):
        c.config_set("repl-backlog-size", "2mb")
    # Several pairs are all or nothing.
    with pytest.raises(redis.ResponseError, match="tls-port"):
        c.execute_command("CONFIG", "SET", "maxmemory-samples", "7", "tls-port", "6380")
    assert c.config_get("maxmemory-samples") == {"maxmemory-samples": "5"}


def test_shutdown_on_sigterm_nosave(server_factory):
    """shutdown-on-sigterm nosave: SIGTERM with save points does not save."""
    import signal
    s = server_factory(extra_args=["--save", "3600 1", "--shutdown-on-sigterm", "nosave"])
    c = s.client()
    assert c.config_get("shutdown-on-sigterm") == {"shutdown-on-sigterm": "nosave"}
    c.set("k", "v")
    c.close()
    s.signal(signal.SIGTERM)
    assert s.wait_exit(60) == 0
    assert not os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert "Saving the final RDB snapshot" not in s.log()


def module_replies(srv):
    c = srv.client()
    out = []
    for cmd in (["MODULE", "LIST"], ["MODULE", "HELP"], ["MODULE", "LOAD", "/nonexistent.so"],
                ["MODULE", "LOADEX", "/nonexistent.so"], ["MODULE", "UNLOAD", "foo"],
                ["CONFIG", "SET", "enable-module-command", "yes"]):
        try:
            out.append(c.execute_command(*cmd))
        except redis.ResponseError as e:
            out.append(f"error: {e}")
    c.close()
    return out


@pytest.mark.parametrize("setting", ["no", "yes"])
def test_module_command_as_redis_without_modules(server_factory, setting):
    """MODULE LIST is empty; LOAD, LOADEX and UNLOAD are gated by enable-module-command, and
    with it on they fail as a module that cannot be loaded does."""
    args = ["--enable-module-command", setting]
    ref = ReferenceServer(args, name="reference with enable-module-command").start()
    try:
        expected = module_replies(ref)
    finally:
        ref.cleanup()
    assert module_replies(server_factory(extra_args=args)) == expected


def thp_enabled(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("THP_enabled:"):
                return line.split()[1]
    return None


@pytest.mark.parametrize("setting", ["yes", "no"])
def test_disable_thp_as_redis(server_factory, setting):
    """disable-thp turns transparent huge pages off for the process when the kernel gives
    them to every process ("[always]"), as Redis does; THP_enabled in /proc tells."""
    args = ["--disable-thp", setting]
    ref = ReferenceServer(args, name="reference with disable-thp").start()
    try:
        expected = thp_enabled(ref.pid)
    finally:
        ref.cleanup()
    s = server_factory(extra_args=args)
    assert thp_enabled(s.pid) == expected
    assert s.client().config_get("disable-thp") == {"disable-thp": setting}


@pytest.mark.parametrize("setting", ["yes", "no"])
def test_crash_log_as_redis(server_factory, setting):
    """crash-log-enabled: a crash (SIGSEGV here) writes a bug report naming the signal to the
    log, then the process dies of that signal; with no, only the death."""
    import signal
    args = ["--crash-log-enabled", setting]
    servers = [ReferenceServer(args, name="reference with crash-log-enabled").start(),
               server_factory(extra_args=args)]
    try:
        for srv in servers:
            srv.signal(signal.SIGSEGV)
            assert srv.wait_exit(60) == -signal.SIGSEGV, srv.name
            reported = "crashed by signal: 11" in srv.log()
            assert reported == (setting == "yes"), (srv.name, srv.log()[-2000:])
    finally:
        servers[0].cleanup()
