"""Server commands: INFO, DBSIZE, FLUSH*, SWAPDB, MOVE, COPY, CONFIG, TIME, COMMAND."""

import re
import time

import pytest
import redis

from conftest import (REDIS_COMPAT_VERSION, cairn_only, close_client, expected_multiplexing_api,
                      is_windows_server, wait_blocked)


def info_sections(text):
    """Raw INFO text -> ordered list of section names, asserting the line format."""
    assert text.endswith("\r\n") or text == ""
    names = []
    for line in text.split("\r\n"):
        if line.startswith("# "):
            names.append(line[2:])
        elif line:
            assert re.fullmatch(r"[A-Za-z0-9_|\-]+:.*", line), f"bad INFO line {line!r}"
    return names


# -- INFO --------------------------------------------------------------------------------


def test_info_default_sections(rr):
    text = rr.execute_command("INFO")
    names = info_sections(text)
    wanted = ["Server", "Clients", "Memory", "Stats", "Keyspace"]
    assert [n for n in names if n in wanted] == wanted
    assert "Commandstats" not in names
    # Sections are separated by exactly one empty line.
    assert "\r\n\r\n# Clients\r\n" in text


@pytest.mark.parametrize("arg", ["all", "everything"])
def test_info_all_includes_commandstats(rr, arg):
    names = info_sections(rr.execute_command("INFO", arg))
    for wanted in ["Server", "Clients", "Memory", "Stats", "Commandstats", "Keyspace"]:
        assert wanted in names


@pytest.mark.parametrize("section", ["server", "clients", "memory", "stats", "keyspace", "commandstats"])
def test_info_single_section(rr, section):
    text = rr.execute_command("INFO", section)
    assert info_sections(text) == [section.capitalize()]
    assert info_sections(rr.execute_command("INFO", section.upper())) == [section.capitalize()]


def test_info_multiple_sections(rr):
    assert info_sections(rr.execute_command("INFO", "server", "clients")) == ["Server", "Clients"]


def test_info_unknown_section_is_empty(rr):
    assert rr.execute_command("INFO", "nosuchsection") == ""


def test_info_server_fields(server, r):
    info = r.info("server")
    assert info["redis_version"] == REDIS_COMPAT_VERSION
    assert info["redis_mode"] == "standalone"
    assert info["tcp_port"] == server.port
    if not is_windows_server():  # under Wine the Windows pid is not the Unix one
        assert info["process_id"] == server.pid
    assert info["arch_bits"] == 64
    assert re.fullmatch(r"[0-9a-f]{40}", info["run_id"])
    assert isinstance(info["uptime_in_seconds"], int) and info["uptime_in_seconds"] >= 0
    assert info["uptime_in_days"] == 0
    assert "os" in info
    assert info["hz"] == 10 and info["configured_hz"] == 10


@cairn_only
def test_info_server_cairn_fields(r):
    info = r.info("server")
    assert "cairn_version" in info
    assert info["multiplexing_api"] == expected_multiplexing_api()


def test_info_clients(server_factory):
    # A private server, so that no other test's connections are counted.
    s = server_factory()
    r = s.client()
    try:
        info = r.info("clients")
        assert info["connected_clients"] == 1
        assert info["maxclients"] == 10000
        assert info["blocked_clients"] == 0
        extra = [s.raw() for _ in range(3)]
        try:
            for c in extra:
                assert c.command("PING") == "PONG"
            assert r.info("clients")["connected_clients"] == 4
        finally:
            for c in extra:
                c.close()
        deadline = time.monotonic() + 3
        while r.info("clients")["connected_clients"] != 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert r.info("clients")["connected_clients"] == 1
    finally:
        close_client(r)


def test_info_memory(r):
    info = r.info("memory")
    assert isinstance(info["used_memory"], int) and info["used_memory"] > 0
    assert isinstance(info["used_memory_human"], str)
    assert info["maxmemory"] == 0
    assert info["maxmemory_policy"] == "noeviction"
    before = info["used_memory"]
    r.set("big", "x" * 1_000_000)
    assert r.info("memory")["used_memory"] > before + 500_000


def test_info_stats_counters(server, r):
    r.config_resetstat()
    r.set("k", "v")
    r.get("k")
    r.get("k")
    r.get("nosuch")
    stats = r.info("stats")
    assert stats["keyspace_hits"] == 2
    assert stats["keyspace_misses"] == 1
    assert stats["total_commands_processed"] >= 5
    conns = stats["total_connections_received"]
    with server.raw() as c:
        c.command("PING")
    assert r.info("stats")["total_connections_received"] == conns + 1
    for k in ("expired_keys", "evicted_keys", "instantaneous_ops_per_sec", "rejected_connections"):
        assert isinstance(stats[k], int)


def info_field_names(text):
    """Raw INFO text -> {section: [field names in order]}."""
    out, section = {}, None
    for line in text.split("\r\n"):
        if line.startswith("# "):
            section = out.setdefault(line[2:], [])
        elif line and section is not None:
            section.append(line.split(":", 1)[0])
    return out


# Cairn's own fields, and Redis 7.2's limit-disconnection counters it adds after 7.0's.
CAIRN_EXTRA_FIELDS = {"cairn_version", "client_query_buffer_limit_disconnections",
                      "client_output_buffer_limit_disconnections"}


@pytest.mark.skipif(is_windows_server(), reason="the reference redis-server is a Linux program")
def test_info_fields_in_redis_order(server, reference):
    """Every field of Redis 7.0's default INFO sections, in Redis's order, so monitoring tools
    (redis_exporter, RedisInsight) find what they read."""
    def raw_info(s):
        c = s.client(decode_responses=True)
        c.response_callbacks.clear()
        try:
            return c.execute_command("INFO", "default")
        finally:
            c.close()

    ours, theirs = info_field_names(raw_info(server)), info_field_names(raw_info(reference))
    assert list(ours) == list(theirs)
    for section, names in theirs.items():
        if section == "Keyspace":
            continue  # one line per non-empty database: data, not fields
        assert [n for n in ours[section] if n not in CAIRN_EXTRA_FIELDS] == names, section


def test_info_stats_reads_and_writes(r):
    r.config_resetstat()
    for _ in range(5):
        r.ping()
    stats = r.info("stats")
    assert stats["total_reads_processed"] >= 5
    assert stats["total_writes_processed"] >= 5
    assert stats["io_threaded_reads_processed"] == 0
    cpu = r.info("cpu")
    assert cpu["used_cpu_sys_children"] == 0 and cpu["used_cpu_user_children"] == 0


def test_info_stats_expired_keys(r):
    r.config_resetstat()
    r.set("k", "v", px=10)
    time.sleep(0.05)
    assert r.get("k") is None
    assert r.info("stats")["expired_keys"] == 1


def test_info_keyspace(server, r, rr):
    assert r.info("keyspace") == {}
    assert rr.execute_command("INFO", "keyspace") == "# Keyspace\r\n"
    r.mset({"a": "1", "b": "2", "c": "3"})
    r.expire("a", 100)
    db3 = server.client(db=3)
    try:
        db3.set("x", "1")
        ks = r.info("keyspace")
        assert set(ks) == {"db0", "db3"}
        assert ks["db0"]["keys"] == 3 and ks["db0"]["expires"] == 1
        assert ks["db3"] == {"keys": 1, "expires": 0, "avg_ttl": 0}
        text = rr.execute_command("INFO", "keyspace")
        assert re.fullmatch(r"# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=\d+\r\n"
                            r"db3:keys=1,expires=0,avg_ttl=0\r\n", text)
    finally:
        close_client(db3)


def test_info_commandstats(r, rr):
    r.config_resetstat()
    r.set("s", "x")
    r.get("s")
    r.get("s")
    with pytest.raises(redis.ResponseError):
        r.execute_command("GET", "a", "b")       # rejected (arity)
    with pytest.raises(redis.ResponseError):
        r.execute_command("INCR", "s")           # failed (ran, replied an error)
    text = rr.execute_command("INFO", "commandstats")
    lines = dict(line.split(":", 1) for line in text.split("\r\n")[1:] if line)
    line_re = r"calls=(\d+),usec=(\d+),usec_per_call=(\d+\.\d\d),rejected_calls=(\d+),failed_calls=(\d+)"
    for name, value in lines.items():
        assert name.startswith("cmdstat_")
        assert re.fullmatch(line_re, value), f"{name}:{value}"
    calls, usec, per_call, rejected, failed = re.fullmatch(line_re, lines["cmdstat_get"]).groups()
    assert (calls, rejected, failed) == ("2", "1", "0")
    assert float(per_call) == pytest.approx(int(usec) / 2, abs=0.01)
    assert re.fullmatch(line_re, lines["cmdstat_incr"]).group(1, 4, 5) == ("1", "0", "1")
    assert "cmdstat_config|resetstat" in lines
    parsed = r.info("commandstats")
    assert parsed["cmdstat_get"]["calls"] == 2


def test_config_resetstat(r):
    r.get("x")
    assert r.config_resetstat() is True
    stats = r.info("stats")
    assert stats["keyspace_misses"] == 0
    assert stats["total_commands_processed"] <= 2
    assert set(r.info("commandstats")) <= {"cmdstat_config|resetstat", "cmdstat_info"}


# -- DBSIZE / FLUSH ------------------------------------------------------------------------


def test_dbsize(server, r):
    assert r.dbsize() == 0
    r.mset({f"k{i}": i for i in range(25)})
    assert r.dbsize() == 25
    db1 = server.client(db=1)
    try:
        assert db1.dbsize() == 0
    finally:
        close_client(db1)
    r.delete("k0")
    assert r.dbsize() == 24


@pytest.mark.parametrize("args", [(), ("ASYNC",), ("SYNC",), ("async",)])
def test_flushall(server, rr, args):
    rr.execute_command("SET", "a", "1")
    db5 = server.client(db=5)
    try:
        db5.set("b", "2")
        assert rr.execute_command("FLUSHALL", *args) == "OK"
        assert rr.execute_command("DBSIZE") == 0
        assert db5.dbsize() == 0
    finally:
        close_client(db5)


@pytest.mark.parametrize("args", [(), ("ASYNC",), ("SYNC",)])
def test_flushdb_only_current_db(server, rr, args):
    rr.execute_command("SET", "a", "1")
    db5 = server.client(db=5)
    try:
        db5.set("b", "2")
        assert db5.execute_command("FLUSHDB", *args) is True
        assert db5.dbsize() == 0
        assert rr.execute_command("DBSIZE") == 1
    finally:
        close_client(db5)


def test_flushall_async_large(r):
    for i in range(0, 20000, 1000):
        r.mset({f"k{j}": "v" * 20 for j in range(i, i + 1000)})
    assert r.flushall(asynchronous=True) is True
    assert r.dbsize() == 0
    r.set("after", "1")
    assert r.get("after") == "1"


# -- SWAPDB / MOVE / COPY --------------------------------------------------------------------


def test_swapdb(server, r):
    r.set("k", "zero")
    db1 = server.client(db=1, decode_responses=True)
    try:
        db1.set("k", "one")
        db1.set("only1", "x", ex=100)
        assert r.swapdb(0, 1) is True
        # Connections stay on their index; the contents moved.
        assert r.get("k") == "one"
        assert r.ttl("only1") > 0
        assert db1.get("k") == "zero"
        assert db1.exists("only1") == 0
        assert r.swapdb(1, 1) is True
        assert r.get("k") == "one"
    finally:
        close_client(db1)


def test_move(server, r):
    db1 = server.client(db=1, decode_responses=True)
    try:
        r.set("a", "1", ex=100)
        assert r.move("a", 1) is True
        assert r.exists("a") == 0
        assert db1.get("a") == "1"
        assert db1.ttl("a") > 0
        assert r.move("nosuch", 1) is False
        r.set("a", "2")
        assert r.move("a", 1) is False     # target exists: nothing moves
        assert r.get("a") == "2" and db1.get("a") == "1"
    finally:
        close_client(db1)


def test_copy(server, r):
    r.set("a", "1", ex=100)
    assert r.copy("a", "b") is True
    assert r.get("b") == "1"
    assert r.ttl("b") > 0
    assert r.copy("a", "b") is False
    r.set("a", "2")
    assert r.copy("a", "b", replace=True) is True
    assert r.get("b") == "2" and r.ttl("b") == -1
    assert r.copy("nosuch", "c") is False
    assert r.exists("c") == 0


def test_copy_to_other_db(server, r):
    db4 = server.client(db=4, decode_responses=True)
    try:
        r.set("a", "1")
        assert r.copy("a", "a", destination_db=4) is True
        assert db4.get("a") == "1"
        assert r.copy("a", "a", destination_db=4) is False
        r.set("a", "new")
        assert r.copy("a", "a", destination_db=4, replace=True) is True
        assert db4.get("a") == "new"
        assert r.get("a") == "new"
        # The copy is independent.
        db4.append("a", "!")
        assert r.get("a") == "new"
    finally:
        close_client(db4)


# -- CONFIG ------------------------------------------------------------------------------------


def test_config_get_startup_values(server, r):
    assert r.config_get("port") == {"port": str(server.port)}
    assert r.config_get("bind") == {"bind": "127.0.0.1"}
    assert r.config_get("save") == {"save": ""}
    assert r.config_get("appendonly") == {"appendonly": "no"}
    assert r.config_get("databases") == {"databases": "16"}
    assert r.config_get("maxclients") == {"maxclients": "10000"}
    assert r.config_get("timeout") == {"timeout": "0"}
    assert r.config_get("proto-max-bulk-len") == {"proto-max-bulk-len": "536870912"}
    assert r.config_get("nosuch-parameter") == {}


def test_config_get_glob_and_multiple(rr):
    flat = rr.execute_command("CONFIG", "GET", "max*")
    assert len(flat) % 2 == 0
    found = dict(zip(flat[0::2], flat[1::2]))
    assert {"maxmemory", "maxclients", "maxmemory-policy"} <= set(found)
    assert all(k.startswith("max") for k in found)
    flat = rr.execute_command("CONFIG", "GET", "port", "databases")
    assert dict(zip(flat[0::2], flat[1::2])).keys() == {"port", "databases"}


def test_config_set_and_get(r):
    try:
        assert r.config_set("maxmemory", "100mb") is True
        assert r.config_get("maxmemory") == {"maxmemory": "104857600"}
        assert r.config_set("maxmemory", "1gb") is True
        assert r.config_get("maxmemory") == {"maxmemory": "1073741824"}
        assert r.config_set("maxmemory-policy", "ALLKEYS-LRU") is True
        assert r.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
        assert r.info("memory")["maxmemory_policy"] == "allkeys-lru"
        assert r.config_set("hz", "20") is True
        assert r.info("server")["hz"] == 20
    finally:
        r.config_set("maxmemory", "0")
        r.config_set("maxmemory-policy", "noeviction")
        r.config_set("hz", "10")


def test_config_set_hz_is_clamped(r):
    try:
        r.config_set("hz", "0")
        assert r.config_get("hz") == {"hz": "1"}
        r.config_set("hz", "1000")
        assert r.config_get("hz") == {"hz": "500"}
    finally:
        r.config_set("hz", "10")


def test_config_set_multiple_is_atomic(rr):
    try:
        with pytest.raises(redis.ResponseError):
            rr.execute_command("CONFIG", "SET", "hz", "20", "maxmemory", "abc")
        assert rr.execute_command("CONFIG", "GET", "hz") == ["hz", "10"]
        assert rr.execute_command("CONFIG", "SET", "hz", "20", "maxmemory", "100mb") == "OK"
        assert rr.execute_command("CONFIG", "GET", "hz", "maxmemory") in (
            ["hz", "20", "maxmemory", "104857600"], ["maxmemory", "104857600", "hz", "20"])
    finally:
        rr.execute_command("CONFIG", "SET", "hz", "10", "maxmemory", "0")


def test_config_set_timeout_disconnects_idle_clients(server, r):
    try:
        r.config_set("timeout", "1")
        with server.raw() as idle:
            assert idle.command("PING") == "PONG"
            data, closed = idle.read_bytes_until_closed(timeout=5.0)
            assert data == b"" and closed
    finally:
        r.config_set("timeout", "0")


# -- TIME ----------------------------------------------------------------------------------------


def test_time(rr):
    before = time.time()
    secs, usecs = rr.execute_command("TIME")
    after = time.time()
    assert secs.isdigit() and usecs.isdigit()
    assert 0 <= int(usecs) < 1_000_000
    assert before - 1 <= int(secs) + int(usecs) / 1e6 <= after + 1


def test_time_redis_py(r):
    secs, usecs = r.time()
    assert abs(secs + usecs / 1e6 - time.time()) < 2


# -- COMMAND introspection ---------------------------------------------------------------------

IN_SCOPE = """ping echo quit select hello reset time dbsize flushdb flushall swapdb move copy info
config shutdown get set setnx setex psetex getset getdel getex mget mset msetnx append strlen
getrange setrange incr decr incrby decrby incrbyfloat lcs del unlink exists type keys scan
randomkey rename renamenx expire pexpire expireat pexpireat ttl pttl persist expiretime
pexpiretime touch object command""".split()

GET_INFO = [
    "get", 2, ["readonly", "fast"], 1, 1, 1, ["@read", "@string", "@fast"], [],
    [["flags", ["RO", "access"],
      "begin_search", ["type", "index", "spec", ["index", 1]],
      "find_keys", ["type", "range", "spec", ["lastkey", 0, "keystep", 1, "limit", 0]]]],
    [],
]

SET_INFO = [
    "set", -3, ["write", "denyoom"], 1, 1, 1, ["@write", "@string", "@slow"], [],
    [["notes", "RW and ACCESS due to the optional `GET` argument",
      "flags", ["RW", "access", "update", "variable_flags"],
      "begin_search", ["type", "index", "spec", ["index", 1]],
      "find_keys", ["type", "range", "spec", ["lastkey", 0, "keystep", 1, "limit", 0]]]],
    [],
]

MSET_INFO = [
    "mset", -3, ["write", "denyoom"], 1, -1, 2, ["@write", "@string", "@slow"],
    ["request_policy:multi_shard", "response_policy:all_succeeded"],
    [["flags", ["OW", "update"],
      "begin_search", ["type", "index", "spec", ["index", 1]],
      "find_keys", ["type", "range", "spec", ["lastkey", -1, "keystep", 2, "limit", 0]]]],
    [],
]

PING_INFO = ["ping", -1, ["fast"], 0, 0, 0, ["@fast", "@connection"],
             ["request_policy:all_shards", "response_policy:all_succeeded"], [], []]


def test_command_info_exact(rr):
    assert rr.execute_command("COMMAND", "INFO", "get") == [GET_INFO]
    assert rr.execute_command("COMMAND", "INFO", "GET", "set", "nosuch", "mset", "ping") == \
        [GET_INFO, SET_INFO, None, MSET_INFO, PING_INFO]


@pytest.mark.parametrize("name, arity, first, last, step", [
    ("get", 2, 1, 1, 1), ("set", -3, 1, 1, 1), ("mget", -2, 1, -1, 1), ("mset", -3, 1, -1, 2),
    ("msetnx", -3, 1, -1, 2), ("del", -2, 1, -1, 1), ("exists", -2, 1, -1, 1),
    ("rename", 3, 1, 2, 1), ("copy", -3, 1, 2, 1), ("lcs", -3, 1, 2, 1), ("incrbyfloat", 3, 1, 1, 1),
    ("getex", -2, 1, 1, 1), ("expire", -3, 1, 1, 1), ("scan", -2, 0, 0, 0), ("keys", 2, 0, 0, 0),
    ("select", 2, 0, 0, 0), ("hello", -1, 0, 0, 0), ("echo", 2, 0, 0, 0), ("quit", -1, 0, 0, 0),
    ("dbsize", 1, 0, 0, 0), ("swapdb", 3, 0, 0, 0), ("flushall", -1, 0, 0, 0), ("info", -1, 0, 0, 0),
    ("shutdown", -1, 0, 0, 0), ("object", -2, 0, 0, 0), ("config", -2, 0, 0, 0), ("command", -1, 0, 0, 0),
])
def test_command_info_arity_and_keys(rr, name, arity, first, last, step):
    (entry,) = rr.execute_command("COMMAND", "INFO", name)
    assert entry[0] == name
    assert entry[1] == arity
    assert entry[3:6] == [first, last, step]
    assert len(entry) == 10


def test_command_info_subcommands(rr):
    (entry,) = rr.execute_command("COMMAND", "INFO", "config")
    assert entry[:8] == ["config", -2, [], 0, 0, 0, ["@slow"], []]
    subs = {s[0]: s for s in entry[9]}
    assert {"config|get", "config|set", "config|resetstat", "config|help"} <= set(subs)
    assert subs["config|get"] == ["config|get", -3, ["admin", "noscript", "loading", "stale"], 0, 0, 0,
                                  ["@admin", "@slow", "@dangerous"], [], [], []]
    assert subs["config|set"][1] == -4
    assert subs["config|set"][7] == ["request_policy:all_nodes", "response_policy:all_succeeded"]
    (obj,) = rr.execute_command("COMMAND", "INFO", "object")
    obj_subs = {s[0]: s for s in obj[9]}
    assert {"object|encoding", "object|freq", "object|idletime", "object|refcount", "object|help"} <= set(obj_subs)
    assert obj_subs["object|encoding"][1] == 3
    assert obj_subs["object|encoding"][3:6] == [2, 2, 1]


def test_command_info_no_args_and_count(rr):
    count = rr.execute_command("COMMAND", "COUNT")
    everything = rr.execute_command("COMMAND")
    assert isinstance(count, int) and count == len(everything)
    assert len(rr.execute_command("COMMAND", "INFO")) == count
    names = {e[0] for e in everything}
    missing = set(IN_SCOPE) - names
    assert not missing, f"COMMAND lacks {sorted(missing)}"
    for e in everything:
        assert len(e) == 10 and isinstance(e[1], int)


def test_command_list(rr):
    listed = rr.execute_command("COMMAND", "LIST")
    assert set(IN_SCOPE) <= set(listed)
    # Subcommands are listed too, as container|sub.
    assert {"config|get", "config|set", "object|encoding", "command|info"} <= set(listed)
    assert len(listed) == len(set(listed))


def test_command_list_filterby_pattern(rr):
    got = rr.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "get*")
    expected_at_least = {"get", "getex", "getdel", "getrange", "getset"}
    assert expected_at_least <= set(got)
    assert all(n.startswith("get") for n in got)
    assert rr.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "nosuch*") == []
    got = rr.execute_command("COMMAND", "LIST", "FILTERBY", "pattern", "config|*")
    assert {"config|get", "config|set", "config|resetstat"} <= set(got)


def test_command_list_filterby_aclcat(rr):
    got = set(rr.execute_command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string"))
    assert {"get", "set", "incr", "lcs", "mget", "append"} <= got
    assert "del" not in got and "ping" not in got


def test_command_docs(rr):
    docs = rr.execute_command("COMMAND", "DOCS", "get")
    assert docs == ["get", ["summary", "Get the value of a key", "since", "1.0.0", "group", "string",
                            "complexity", "O(1)",
                            "arguments", [["name", "key", "type", "key", "key_spec_index", 0]]]]
    assert rr.execute_command("COMMAND", "DOCS", "nosuch") == []


def test_command_docs_fields(rr):
    flat = rr.execute_command("COMMAND", "DOCS", "set", "incr", "config")
    docs = dict(zip(flat[0::2], flat[1::2]))
    assert set(docs) == {"set", "incr", "config"}
    for name, d in docs.items():
        fields = dict(zip(d[0::2], d[1::2]))
        assert {"summary", "since", "group", "complexity"} <= set(fields), name
    assert dict(zip(docs["incr"][0::2], docs["incr"][1::2]))["group"] == "string"
    config = dict(zip(docs["config"][0::2], docs["config"][1::2]))
    assert config["group"] == "server"
    subs = dict(zip(config["subcommands"][0::2], config["subcommands"][1::2]))
    assert "config|get" in subs


def test_command_docs_resp3_is_map(raw):
    raw.command("HELLO", "3")
    docs = raw.command("COMMAND", "DOCS", "get")
    assert isinstance(docs, dict) and set(docs) == {b"get"}
    assert docs[b"get"][b"summary"] == b"Get the value of a key"
    assert docs[b"get"][b"group"] == b"string"


@pytest.mark.parametrize("args, keys", [
    (("mset", "a", "1", "b", "2"), ["a", "b"]),
    (("get", "k"), ["k"]),
    (("set", "k", "v", "EX", "10"), ["k"]),
    (("copy", "a", "b", "DB", "1"), ["a", "b"]),
    (("del", "x", "y", "z"), ["x", "y", "z"]),
    (("lcs", "a", "b"), ["a", "b"]),
])
def test_command_getkeys(rr, args, keys):
    assert rr.execute_command("COMMAND", "GETKEYS", *args) == keys


def test_redis_py_command_helpers(r):
    # redis-py parses COMMAND itself; it must not choke on the reply.
    info = r.command()
    assert info["get"]["arity"] == 2
    assert r.command_count() == len(info)


# -- WAIT (no replicas: nothing is ever acknowledged) ---------------------------------------


def test_wait_without_replicas(raw, r):
    assert raw.command("WAIT", "0", "0") == 0
    start = time.monotonic()
    assert raw.command("WAIT", "1", "100") == 0  # waits for the timeout, then 0 acks
    assert time.monotonic() - start >= 0.09
    assert str(raw.command("WAIT", "x", "0")) == "ERR value is not an integer or out of range"
    assert str(raw.command("WAIT", "1", "x")) == "ERR timeout is not an integer or out of range"
    assert str(raw.command("WAIT", "1", "-1")) == "ERR timeout is negative"
    assert raw.command("MULTI") == "OK"
    assert raw.command("WAIT", "5", "0") == "QUEUED"
    assert raw.command("EXEC") == [0]


def test_wait_forever_ends_with_client_unblock(server, r):
    with server.raw() as c:
        cid = c.command("CLIENT", "ID")
        c.send_command("WAIT", "1", "0")
        assert wait_blocked(r, 1)
        assert r.client_unblock(cid) is True
        assert c.read_reply() == 0
        c.send_command("WAIT", "1", "0")
        assert wait_blocked(r, 1)
        assert r.client_unblock(cid, error=True) is True
        assert str(c.read_reply()) == "UNBLOCKED client unblocked via CLIENT UNBLOCK"
