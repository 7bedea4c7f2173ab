"""FUNCTION LOAD / DELETE / LIST / DUMP / RESTORE / FLUSH / STATS, FCALL and FCALL_RO, against
Debian's redis-server 7.0.15: the same commands to both servers, replies compared byte for byte
over RESP2 and RESP3 (FUNCTION DUMP payloads included: same library, same bytes), then the
persistence of libraries: SAVE and restart, DEBUG RELOAD, AOF rewrite and restart, and RDB
files exchanged with redis-server in both directions."""

import os
import shutil
import time

import pytest
import redis

from conftest import DEFAULT_SERVER, RawConnection, ReferenceServer, replies_in, reply_differences

LIB = """#!lua name=mylib
local function add(keys, args)
  return redis.call('incrby', keys[1], args[1])
end
redis.register_function('myadd', add)
redis.register_function{function_name='myget', callback=function(keys) return redis.call('get', keys[1]) end,
                        flags={'no-writes'}, description='reads a key'}
redis.register_function{function_name='mywrite', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end}
redis.register_function{function_name='myerr', callback=function() error('boom') end}
redis.register_function{function_name='myrand', callback=function() return math.random(1000) end}
redis.register_function{function_name='myresp', callback=function() redis.setresp(3) return redis.call('hgetall', 'h') end}
"""

# One function per library where replies list functions: Redis lists a library's functions in
# its dict's order, which depends on a hash seed drawn at startup.
ONE = """#!lua name=one
redis.register_function{function_name='myget1', callback=function(keys) return redis.call('get', keys[1]) end,
                        flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'},
                        description='reads a key'}
"""

LIB2 = "#!lua name=lib2\nredis.register_function('f2', function(keys, args) return #args end)\n"


def S(*args):
    return list(args)


CASES = [
    S("FUNCTION", "FLUSH"),
    S("FUNCTION", "LOAD", LIB),
    S("FUNCTION", "LOAD", LIB),
    S("FUNCTION", "LOAD", "REPLACE", LIB),
    S("FUNCTION", "LOAD", ONE),
    S("FUNCTION", "LIST", "LIBRARYNAME", "one"),
    S("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "on*"),
    S("FUNCTION", "LIST", "LIBRARYNAME", "ON*", "WITHCODE"),
    S("FUNCTION", "LIST", "LIBRARYNAME", "nomatch"),
    S("FCALL", "myget1", "1", "nokey"),
    S("FUNCTION", "DELETE", "one"),
    S("FUNCTION", "LIST", "LIBRARYNAME"),
    S("FUNCTION", "LIST", "foo"),
    S("FUNCTION", "DUMP"),
    S("FUNCTION", "STATS"),
    S("FCALL", "myadd", "1", "counter", "5"),
    S("FCALL", "myadd", "1", "counter", "5"),
    S("FCALL", "myget", "1", "counter"),
    S("FCALL_RO", "myget", "1", "counter"),
    S("FCALL_RO", "myadd", "1", "counter", "1"),
    S("FCALL", "mywrite", "1", "k", "v"),
    S("FCALL", "myerr", "0"),
    S("FCALL", "myrand", "0"),
    S("HSET", "h", "a", "1"),
    S("FCALL", "myresp", "0"),
    S("FCALL", "nosuch", "0"),
    S("FCALL", "myadd", "x"),
    S("FCALL", "myadd", "5", "a"),
    S("FCALL", "myadd", "-1"),
    S("FCALL", "MYADD", "1", "counter", "1"),
    S("FUNCTION", "LOAD", LIB2),
    S("FCALL", "f2", "0", "a", "b"),
    S("FUNCTION", "LOAD", "#!lua name=lib3\nredis.register_function('f2', function() return 1 end)"),
    S("FUNCTION", "DELETE", "lib2"),
    S("FUNCTION", "DELETE", "lib2"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nreturn 1"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nstring.format('x')"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function('a')"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function('a', 'b')"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function(1, 2, 3)"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function{function_name='x'}"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function{callback=function() end}"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function{function_name='x', callback=function() end, flags={'bad'}}"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function{function_name='x', callback=function() end, foo=1}"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function('bad-name', function() end)"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.register_function('x', function() end) redis.register_function('x', function() end)"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nredis.call('ping')"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nerror('x')"),
    S("FUNCTION", "LOAD", "#!lua name=t3\nlocal x = "),
    S("FUNCTION", "LOAD", "#!lua"),
    S("FUNCTION", "LOAD", "x"),
    S("FUNCTION", "LOAD", "#!py name=x\n"),
    S("FUNCTION", "LOAD", "#!lua name=x-y\n"),
    S("FUNCTION", "LOAD", "#!lua name=x foo=bar\n"),
    S("FUNCTION", "LOAD", "#!lua name=a name=b\n"),
    S("FUNCTION", "LOAD", "#!lua name=log\nredis.log(redis.LOG_NOTICE, 'loading') redis.register_function('lg', function() return redis.REDIS_VERSION end)"),
    S("FCALL", "lg", "0"),
    S("FUNCTION", "DELETE", "log"),
    S("FUNCTION", "RESTORE", "abc"),
    S("FUNCTION", "RESTORE", "abc", "foo"),
    S("FUNCTION", "FLUSH", "foo"),
    S("FUNCTION", "KILL"),
    S("FUNCTION", "HELP"),
    S("FUNCTION", "FLUSH", "ASYNC"),
    S("FUNCTION", "LIST"),
    S("FUNCTION", "DUMP"),
    S("FUNCTION", "STATS"),
    S("FCALL", "myadd", "1", "counter", "5"),
    S("FUNCTION", "LOAD", ONE),
    S("FUNCTION", "LIST"),
    S("FUNCTION", "DUMP"),
]


def run_cases(conn, protocol):
    """CASES on an empty server (FLUSHALL first, its reply left out)."""
    return replies_in(conn, protocol, [("FLUSHALL",)] + CASES)[1:]


@pytest.mark.parametrize("protocol", [2, 3])
def test_functions_match_redis(server, reference, protocol):
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        got = run_cases(a, protocol)
        want = run_cases(b, protocol)
    diffs = reply_differences(CASES, got, want)
    assert not diffs, diffs


def test_dump_restore_across_servers(server, reference):
    """A payload of one server restores in the other, and both dump the same bytes."""
    a = server.client()
    b = reference.client()
    for c in (a, b):
        c.function_flush()
        c.function_load(LIB)
    dump_a, dump_b = a.function_dump(), b.function_dump()
    assert dump_a == dump_b
    for c, payload in ((a, dump_b), (b, dump_a)):
        c.function_flush()
        assert c.function_restore(payload) in (True, b"OK")
        assert c.fcall("myadd", 1, "rc", 2) == 2
        with pytest.raises(redis.ResponseError) as e:
            c.function_restore(payload)
        assert "already exists" in str(e.value)
        assert c.function_restore(payload, "REPLACE") in (True, b"OK")
        assert c.function_restore(payload, "FLUSH") in (True, b"OK")
        assert len(c.function_list()) == 1
    # Uncompressed payloads too (rdbcompression no).
    for c in (a, b):
        c.config_set("rdbcompression", "no")
    assert a.function_dump() == b.function_dump()
    for c in (a, b):
        c.config_set("rdbcompression", "yes")
        c.function_flush()
    a.close()
    b.close()


def test_function_stats_and_info(server):
    c = server.client(decode_responses=True)
    c.function_flush()
    before = c.info("memory")
    c.function_load(LIB)
    c.function_load(LIB2)
    after = c.info("memory")
    assert after["number_of_libraries"] == 2
    assert after["number_of_functions"] == 7
    assert after["used_memory_functions"] > before["used_memory_functions"]
    assert after["used_memory_vm_functions"] >= before["used_memory_vm_functions"]
    stats = c.execute_command("FUNCTION", "STATS")
    assert stats[0] == "running_script" and stats[1] is None
    assert stats[3] == ["LUA", ["libraries_count", 2, "functions_count", 7]]
    c.function_flush()
    assert c.info("memory")["number_of_functions"] == 0
    c.close()


def test_function_load_propagates(server_factory):
    """FUNCTION LOAD/DELETE/FLUSH change the dataset (dirty) and the AOF keeps them."""
    s = server_factory(["--appendonly", "yes"])
    c = s.client(decode_responses=True)
    dirty = c.info("persistence")["rdb_changes_since_last_save"]
    c.function_load(LIB)
    c.function_load(LIB2)
    c.function_delete("lib2")
    assert c.info("persistence")["rdb_changes_since_last_save"] == dirty + 3
    c.close()
    s.stop()
    s.start()
    c = s.client(decode_responses=True)
    assert library_names(c) == ["mylib"]
    assert c.fcall("myadd", 1, "x", 3) == 3
    # AOF rewrite: the base starts with FUNCTION LOAD (or the RDB preamble holds them).
    c.execute_command("BGREWRITEAOF")
    deadline = time.time() + 30
    while time.time() < deadline and c.info("persistence")["aof_rewrite_in_progress"]:
        time.sleep(0.05)
    time.sleep(0.2)
    c.close()
    s.stop()
    s.start()
    c = s.client(decode_responses=True)
    assert library_names(c) == ["mylib"]
    assert c.get("x") == "3"
    c.close()


def test_aof_rewrite_without_preamble_emits_function_load(server_factory):
    s = server_factory(["--appendonly", "yes", "--aof-use-rdb-preamble", "no"])
    c = s.client(decode_responses=True)
    c.function_load(LIB2)
    c.set("k", "v")
    c.execute_command("BGREWRITEAOF")
    deadline = time.time() + 30
    while time.time() < deadline and c.info("persistence")["aof_rewrite_in_progress"]:
        time.sleep(0.05)
    time.sleep(0.2)
    adir = os.path.join(s.dir, "appendonlydir")
    bases = [f for f in os.listdir(adir) if ".base." in f]
    data = open(os.path.join(adir, bases[0]), "rb").read()
    assert data.startswith(b"*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n")
    c.close()
    s.stop()
    s.start()
    c = s.client(decode_responses=True)
    assert c.fcall("f2", 0, "a") == 1
    c.close()


def test_save_restart_and_debug_reload(server_factory):
    s = server_factory(["--enable-debug-command", "yes"])
    c = s.client(decode_responses=True)
    c.function_load(LIB)
    c.set("counter", "1")
    assert c.save()
    c.execute_command("DEBUG", "RELOAD")
    assert c.fcall("myadd", 1, "counter", 1) == 2
    c.function_load(LIB2)
    c.execute_command("DEBUG", "RELOAD")
    assert library_names(c) == ["lib2", "mylib"]
    c.close()
    s.stop()
    s.start()
    c = s.client(decode_responses=True)
    assert library_names(c) == ["lib2", "mylib"]
    assert c.fcall("myadd", 1, "counter", 1) == 3
    c.close()


def library_names(c):
    """The library names of FUNCTION LIST (redis-py gives RESP2's flat lists)."""
    names = []
    for lib in c.function_list():
        if isinstance(lib, dict):
            names.append(lib["library_name"])
        else:
            names.append(dict(zip(lib[::2], lib[1::2]))["library_name"])
    return sorted(names)


def _reference_or_skip():
    if not os.access(DEFAULT_SERVER, os.X_OK):
        pytest.skip("no reference redis-server")


def test_redis_rdb_with_functions_loads_in_cairn(server_factory):
    _reference_or_skip()
    ref = ReferenceServer([], name="reference redis-server").start()
    try:
        rc = ref.client()
        rc.function_load(LIB)
        rc.set("counter", "10")
        rc.save()
        rc.close()
        rdb = os.path.join(ref.dir, "dump.rdb")
        s = server_factory([], start=False)
        shutil.copy(rdb, os.path.join(s.dir, "dump.rdb"))
        s.start()
        c = s.client(decode_responses=True)
        assert c.fcall("myadd", 1, "counter", 5) == 15
        assert library_names(c) == ["mylib"]
        c.close()
    finally:
        ref.cleanup()


def test_cairn_rdb_with_functions_loads_in_redis(server_factory):
    _reference_or_skip()
    s = server_factory([])
    c = s.client(decode_responses=True)
    c.function_load(LIB)
    c.set("counter", "20")
    assert c.save()
    c.close()
    ref = ReferenceServer([], name="reference redis-server")
    try:
        shutil.copy(os.path.join(s.dir, "dump.rdb"), os.path.join(ref.dir, "dump.rdb"))
        ref.start()
        rc = ref.client(decode_responses=True)
        assert rc.fcall("myadd", 1, "counter", 1) == 21
        rc.close()
    finally:
        ref.cleanup()


def test_rdb_with_a_failing_library_is_refused(server_factory):
    """A library that no longer loads (its function clashes with another one) stops the load
    with Redis's log lines."""
    s = server_factory(["--rdbcompression", "no"])
    c = s.client(decode_responses=True)
    c.function_load("#!lua name=a\nredis.register_function('same', function() return 1 end)")
    c.function_load("#!lua name=b\nredis.register_function('other', function() return 2 end)")
    c.save()
    c.close()
    s.stop()
    # Rewrite library b's record so that it registers 'same' too: same length, new CRC off.
    path = os.path.join(s.dir, "dump.rdb")
    data = bytearray(open(path, "rb").read())
    i = data.find(b"register_function('other'")
    assert i > 0
    data[i:i + len(b"register_function('other'")] = b"register_function('same' "
    data[-8:] = b"\0" * 8  # a zero checksum is not checked
    open(path, "wb").write(bytes(data))
    s.spawn(s.port)
    assert s.wait_exit(30) is not None
    log = s.log()
    assert "Failed loading library, Function same already exists" in log
    assert "Short read or OOM loading DB. Unrecoverable error, aborting now." in log
