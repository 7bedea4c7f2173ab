"""The directives that act on the process rather than the data, each doing what it does in
Redis 7.0, side by side with Debian's redis-server where both can be observed: the logo,
the process title, syslog, the OOM score, CPU affinity, the crash report's memory test,
use-exit-on-panic, the software watchdog, and the test-only load and save delays."""

import os
import signal
import socket
import threading
import time

import pytest
import redis

from conftest import DEBUG_ON, ReferenceServer, free_port, ServerProcess, is_cairn, is_windows_server, \
    not_on_windows, reply_or_error
from persistence_data import wait_for

linux_only = pytest.mark.skipif(is_windows_server() or not os.path.exists("/proc/self/status"),
                                reason="Linux /proc")


def both(server_factory, args=(), start=True):
    """The server under test and redis-server with the same arguments."""
    ours = server_factory(list(args), start=start)
    ref = ReferenceServer(list(args), name="reference redis-server")
    if start:
        ref.start()
    return ours, ref


def cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().rstrip(b"\0").split(b"\0")[0].decode()


# ---- always-show-logo ------------------------------------------------------------------------

@not_on_windows("the reference redis-server is a Linux program")
def test_always_show_logo(server_factory):
    ours, ref = both(server_factory, ["--always-show-logo", "yes"])
    try:
        for s in (ours, ref):
            wait_for(lambda: f"PID: {s.pid}" in s.log(), 30, "the logo")
            assert "Running in standalone mode" in s.log()
            assert f"Port: {s.port}" in s.log()
            assert s.client().config_get("always-show-logo") == {"always-show-logo": "yes"}
    finally:
        ref.cleanup()


def test_no_logo_when_not_on_a_terminal(server):
    # The test's stdout is a file: no logo; the pid is still in the first lines (Cairn's
    # summary line carries " PID: <pid>" too).
    assert "Running in standalone mode" not in server.log()
    # The server's own pid (under Wine, server.pid is the Linux process running it).
    pid = server.client().info("server")["process_id"]
    assert f"pid={pid}" in server.log()
    assert f"PID: {pid}" in server.log() or not is_cairn()
    with pytest.raises(redis.ResponseError, match="can't set immutable config"):
        server.client().config_set("always-show-logo", "yes")


# ---- set-proc-title / proc-title-template ----------------------------------------------------

@linux_only
def test_process_title_as_redis(server_factory):
    ours, ref = both(server_factory)
    try:
        for s, exe in ((ours, cmdline(ours.pid).split(" ")[0]), (ref, "/usr/bin/redis-server")):
            assert cmdline(s.pid) == f"{exe} 127.0.0.1:{s.port}"
            c = s.client()
            c.config_set("proc-title-template", "{title} port={port} cfg={config-file} {{x}")
            assert cmdline(s.pid) == f"{exe} port={s.port} cfg=- {{x}}"
            for bad in ("{nope}", "{title", "   ", "{server-mode}"):
                with pytest.raises(redis.ResponseError) as e:
                    c.config_set("proc-title-template", bad)
                assert "template format is invalid or contains unknown variables" in str(e.value)
            assert cmdline(s.pid) == f"{exe} port={s.port} cfg=- {{x}}"
            # A new port shows in the title.
            c.config_set("proc-title-template", "{title} {listen-addr} {server-mode}")
            port = free_port()  # not s.port + 1: another test's server may hold it
            try:
                c.config_set("port", port)
            except redis.ConnectionError:
                pass
            wait_for(lambda: cmdline(s.pid) == f"{exe} 127.0.0.1:{port}", 30, "the new title")
            s.port = port
    finally:
        ref.cleanup()


@linux_only
def test_set_proc_title_no_keeps_the_command_line(server_factory):
    s = server_factory(["--set-proc-title", "no"])
    assert cmdline(s.pid).endswith("cairn-server") or not is_cairn()
    assert s.client().config_get("set-proc-title") == {"set-proc-title": "no"}


# ---- syslog ----------------------------------------------------------------------------------

@pytest.fixture
def dev_log():
    """A datagram socket at /dev/log that collects what syslog(3) sends (only where the
    machine has no syslog daemon: it is removed afterwards). A thread drains it at once: the
    kernel queues only a few datagrams (net.unix.max_dgram_qlen), and a full queue blocks
    the sender's syslog()."""
    if is_windows_server() or os.path.exists("/dev/log") or os.geteuid() != 0:
        pytest.skip("needs a machine without /dev/log, as root")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("/dev/log")
    sock.settimeout(0.2)
    messages = []
    stop = threading.Event()

    def drain():
        while not stop.is_set():
            try:
                messages.append(sock.recv(65536).decode("utf-8", "replace"))
            except socket.timeout:
                pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    yield lambda: list(messages)
    stop.set()
    reader.join()
    sock.close()
    os.unlink("/dev/log")


@pytest.mark.parametrize("facility, code", [("local0", 16), ("user", 1), ("local7", 23)])
def test_syslog_receives_the_log_lines(server_factory, dev_log, facility, code):
    ident = f"cairntest{os.getpid()}"
    args = ["--syslog-enabled", "yes", "--syslog-ident", ident, "--syslog-facility", facility]
    ours, ref = both(server_factory, args)
    try:
        for s in (ours, ref):
            wait_for(lambda: any(f"{ident}[{s.pid}]: Ready to accept connections" in m
                                 for m in dev_log()), 30, "the syslog line")
            ready = [m for m in dev_log() if f"{ident}[{s.pid}]: Ready to accept" in m]
            # <facility * 8 + LOG_NOTICE (5)>
            assert all(m.startswith(f"<{code * 8 + 5}>") for m in ready), ready
            c = s.client()
            assert c.config_get("syslog-*") == {"syslog-enabled": "yes", "syslog-ident": ident,
                                                "syslog-facility": facility}
    finally:
        ref.cleanup()


def test_syslog_directives_refuse_bad_values(server_factory):
    s = server_factory(["--syslog-facility", "local9"], start=False)
    s.spawn()
    assert s.wait_exit(60) == 1
    assert "argument(s) must be one of the following: user, local0" in s.log()


# ---- oom-score-adj ---------------------------------------------------------------------------

def oom_score(pid):
    with open(f"/proc/{pid}/oom_score_adj") as f:
        return int(f.read())


def can_lower_oom_score():
    """Lowering oom_score_adj below its start needs CAP_SYS_RESOURCE (a container's root may
    lack it): then Redis's CONFIG SET fails and rolls back, and so must Cairn's."""
    with open("/proc/self/status") as f:
        caps = next(int(line.split()[1], 16) for line in f if line.startswith("CapEff:"))
    return bool(caps & (1 << 24))


@linux_only
def test_oom_score_adj_as_redis(server_factory):
    ours, ref = both(server_factory)
    try:
        seen = []
        for s in (ours, ref):
            c = s.client()
            base = oom_score(s.pid)
            steps = []

            def config_set(name, value):
                steps.append(reply_or_error(c, "CONFIG", "SET", name, value))
                steps.append(oom_score(s.pid) - base)

            config_set("oom-score-adj-values", "10 20 30")
            config_set("oom-score-adj", "absolute")
            config_set("oom-score-adj-values", "-5 20 30")  # fails without CAP_SYS_RESOURCE
            steps.append(c.config_get("oom-score-adj-values"))
            config_set("oom-score-adj", "relative")
            steps.append(c.config_get("oom-score-adj"))
            config_set("oom-score-adj", "no")
            config_set("oom-score-adj-values", "2000 0 0")
            config_set("oom-score-adj", "absolute")  # clamped to 1000
            config_set("oom-score-adj", "no")
            config_set("oom-score-adj-values", "1 2")
            config_set("oom-score-adj-values", "1 2 x")
            config_set("oom-score-adj", "maybe")
            steps.append(c.config_get("oom-score-adj-values"))
            seen.append(steps)
        assert seen[0] == seen[1]
        assert seen[0][3] == 10 and seen[0][15] == 1000
        if can_lower_oom_score():
            assert seen[0][5] == -5
        else:
            assert "Failed to set current oom_score_adj" in str(seen[0][4])
            assert seen[0][6] == {"oom-score-adj-values": "10 20 30"}  # rolled back
    finally:
        ref.cleanup()


# ---- *_cpulist -------------------------------------------------------------------------------

def threads_cpus(pid):
    """{tid: Cpus_allowed_list} for each thread of the process."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("Cpus_allowed_list:"):
                        out[int(tid)] = line.split(":", 1)[1].strip()
        except OSError:
            pass
    return out


@linux_only
@pytest.mark.skipif(os.cpu_count() < 2, reason="needs two CPUs")
def test_cpulists_bind_the_threads(server_factory):
    s = server_factory(["--server_cpulist", "0", "--bgsave_cpulist", "1", "--bio_cpulist", "1",
                        "--rdb-key-save-delay", "20000"])
    assert threads_cpus(s.pid)[s.pid] == "0"
    c = s.client()
    assert c.config_get("*_cpulist") == {"server_cpulist": "0", "bio_cpulist": "1",
                                         "aof_rewrite_cpulist": "", "bgsave_cpulist": "1"}
    for i in range(200):
        c.set(f"k{i}", "v")
    c.bgsave()
    # The save's writer thread runs on CPU 1, the event loop stays on CPU 0.
    wait_for(lambda: "1" in [v for t, v in threads_cpus(s.pid).items() if t != s.pid], 30,
             "a thread on CPU 1")
    assert c.info("persistence")["rdb_bgsave_in_progress"] == 1
    assert threads_cpus(s.pid)[s.pid] == "0"
    c.config_set("rdb-key-save-delay", "0")


@pytest.mark.skipif(not is_cairn(), reason="Cairn checks the list; Redis ignores a bad one")
@pytest.mark.parametrize("value", ["0-", "a", "3-1", "0-4:0", "1,,2"])
def test_a_malformed_cpulist_stops_startup(server_factory, value):
    s = server_factory(["--bio_cpulist", value], start=False)
    s.spawn()
    assert s.wait_exit(60) == 1
    assert "invalid CPU list" in s.log()


# ---- crash report: memory test, use-exit-on-panic --------------------------------------------

@not_on_windows("the reference redis-server is a Linux program")
@pytest.mark.parametrize("memcheck", ["yes", "no"])
def test_crash_memory_test(server_factory, memcheck):
    ours, ref = both(server_factory, DEBUG_ON + ["--crash-memcheck-enabled", memcheck])
    try:
        for s in (ours, ref):
            with pytest.raises(redis.ConnectionError):
                s.client().execute_command("DEBUG", "SEGFAULT")
            assert s.wait_exit(120) == -signal.SIGSEGV
            assert ("FAST MEMORY TEST" in s.log()) == (memcheck == "yes"), s.log()[-3000:]
            if memcheck == "yes":
                assert "Fast memory test PASSED" in s.log()
    finally:
        ref.cleanup()


@not_on_windows("the reference redis-server is a Linux program")
@pytest.mark.parametrize("crash_log", ["yes", "no"])
def test_use_exit_on_panic(server_factory, crash_log):
    args = DEBUG_ON + ["--use-exit-on-panic", "yes", "--crash-memcheck-enabled", "no",
                       "--crash-log-enabled", crash_log]
    ours, ref = both(server_factory, args)
    try:
        for s in (ours, ref):
            with pytest.raises(redis.ConnectionError):
                s.client().execute_command("DEBUG", "PANIC")
            assert s.wait_exit(60) == 1
            assert "Guru Meditation" in s.log()
    finally:
        ref.cleanup()


# ---- watchdog-period (hidden) ----------------------------------------------------------------

@not_on_windows("no SIGALRM")
def test_watchdog_logs_a_stuck_event_loop(server_factory):
    ours, ref = both(server_factory, DEBUG_ON)
    try:
        for s in (ours, ref):
            c = s.client()
            c.config_set("watchdog-period", "20")
            assert c.config_get("watchdog-period") == {"watchdog-period": "200"}  # 2 cron ticks
            c.execute_command("DEBUG", "SLEEP", "1")
            wait_for(lambda: "--- WATCHDOG TIMER EXPIRED ---" in s.log(), 30, "the watchdog")
            c.config_set("watchdog-period", "0")
            assert c.ping()
    finally:
        ref.cleanup()


# ---- the hidden test configs -----------------------------------------------------------------

@not_on_windows("the reference redis-server is a Linux program")
def test_hidden_configs_answer_by_name_only(server_factory):
    ours, ref = both(server_factory)
    try:
        names = ["use-exit-on-panic", "rdb-key-save-delay", "key-load-delay",
                 "loading-process-events-interval-bytes", "watchdog-period"]
        got = []
        for s in (ours, ref):
            c = s.client()
            got.append([c.config_get(n) for n in names] + [c.config_get("*delay*")] +
                       [reply_or_error(c, "CONFIG", "SET", "loading-process-events-interval-bytes",
                                       "100")])
        assert got[0] == got[1]
    finally:
        ref.cleanup()


def test_key_load_delay_keeps_the_server_loading(server_factory):
    s = server_factory()
    c = s.client()
    for i in range(0, 2000, 100):
        c.mset({f"key:{j}": "x" * 20 for j in range(i, i + 100)})
    c.save()
    s.stop()
    s.extra_args += ["--key-load-delay", "1000", "--loading-process-events-interval-bytes",
                     "1024"]
    s.spawn(s.port)
    # About 2 s of loading: clients are answered -LOADING meanwhile.
    loading = []

    def answered():
        try:
            c2 = s.client(socket_timeout=5)
            try:
                c2.ping()
                return True
            except redis.BusyLoadingError:
                loading.append(c2.info("persistence")["loading"])
                return False
            finally:
                c2.close()
        except redis.ConnectionError:
            return False

    wait_for(answered, 120, "the end of loading")
    assert loading and loading[0] == 1
    assert s.client().dbsize() == 2000


def test_rdb_key_save_delay_slows_the_save_not_the_clients(server_factory):
    s = server_factory(["--rdb-key-save-delay", "100000"])  # 0.1 s per key
    c = s.client()
    c.mset({f"k{i}": "v" for i in range(100)})
    c.bgsave()
    wait_for(lambda: c.info("persistence")["rdb_bgsave_in_progress"] == 1, 30, "the save")
    # The event loop answers while the save sleeps; the save ends only once the delay is off.
    start = time.monotonic()
    for _ in range(20):
        assert c.ping()
    assert time.monotonic() - start < 10
    assert c.info("persistence")["rdb_bgsave_in_progress"] == 1
    c.config_set("rdb-key-save-delay", "0")
    c.shutdown(nosave=True)  # aborts the save at once
    assert s.wait_exit(60) == 0


# ---- shutdown-timeout, jemalloc-bg-thread ---------------------------------------------------

def test_shutdown_timeout_and_jemalloc_bg_thread_are_settable(server_factory):
    ours, ref = both(server_factory, ["--shutdown-timeout", "3", "--jemalloc-bg-thread", "no"],
                     start=not is_windows_server())
    try:
        servers = (ours, ref) if not is_windows_server() else (ours,)
        if is_windows_server():
            ours.start()
        got = []
        for s in servers:
            c = s.client()
            row = [c.config_get("shutdown-timeout"), c.config_get("jemalloc-bg-thread")]
            c.config_set("jemalloc-bg-thread", "yes")
            row.append(c.config_get("jemalloc-bg-thread"))
            row.append(reply_or_error(c, "CONFIG", "SET", "shutdown-timeout", "-1"))
            got.append(row)
        assert got[0][:3] == [{"shutdown-timeout": "3"}, {"jemalloc-bg-thread": "no"},
                              {"jemalloc-bg-thread": "yes"}]
        if len(got) == 2:
            assert got[0] == got[1]
    finally:
        ref.cleanup()
