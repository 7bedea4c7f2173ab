"""EVAL / EVALSHA / EVAL_RO / EVALSHA_RO / SCRIPT: Lua scripting as Redis 7.0.15 has it.

The differential part sends the same scripts to the server under test and to Debian's
redis-server and compares the replies byte for byte, once over RESP2 and once over RESP3:
conversions in both directions (integers, float truncation, nil/false, tables stopping at the
first nil, status/error tables, RESP3 types under redis.setresp(3)), errors of redis.call and of
the scripts themselves, the sandbox (globals, read-only tables, removed libraries), shebang
flags, the script cache, math.random's sequence. The behaviour part checks what the
differential one cannot: INFO fields, propagation-free EVAL inside MULTI, SELECT inside a
script, keyspace stats and commandstats, SLOWLOG, MONITOR, CLIENT LIST.
"""

import time

import pytest
import redis

from conftest import RawConnection, replies_in, reply_differences


def S(*args):
    return list(args)


# Every case runs on both servers in this order (the PRNG of math.random is process-wide and
# never reseeded, in Redis as here: the order matters).
CASES = [
    S("FLUSHALL"),
    S("EVAL", "return math.random()", "0"),
    S("EVAL", "return {math.random(10), math.random(1, 100), math.random(1000)}", "0"),
    S("EVAL", "return string.format('%.17g', math.random())", "0"),
    S("EVAL", "math.randomseed(42) return math.random(1000000)", "0"),
    S("EVAL", "return 1", "0"),
    S("EVAL", "return -7", "0"),
    S("EVAL", "return 3.99", "0"),
    S("EVAL", "return -3.99", "0"),
    S("EVAL", "return 'hello'", "0"),
    S("EVAL", "return true", "0"),
    S("EVAL", "return false", "0"),
    S("EVAL", "return nil", "0"),
    S("EVAL", "return {1, 2, 3, 'ciao', {1, 2}}", "0"),
    S("EVAL", "return {1, 2, nil, 4}", "0"),
    S("EVAL", "return {}", "0"),
    S("EVAL", "return {ok='fine'}", "0"),
    S("EVAL", "return {ok='a\\r\\nb'}", "0"),
    S("EVAL", "return {err='boom'}", "0"),
    S("EVAL", "return {err='ERR my error'}", "0"),
    S("EVAL", "return {1, {err='x'}, {ok='y'}}", "0"),
    S("EVAL", "return {true, false, 1.5}", "0"),
    S("EVAL", "return redis.error_reply('My Error')", "0"),
    S("EVAL", "return redis.error_reply('x')", "0"),
    S("EVAL", "return redis.error_reply('-WRONGTYPE bad')", "0"),
    S("EVAL", "return redis.status_reply('FINE')", "0"),
    S("EVAL", "return redis.error_reply(1, 2)", "0"),
    S("EVAL", "return {double=3.5}", "0"),
    S("EVAL", "return {big_number='123456789012345678901234567890'}", "0"),
    S("EVAL", "return {map={a=1}}", "0"),
    S("EVAL", "return {set={a=true}}", "0"),
    S("EVAL", "return {verbatim_string={format='txt', string='hi'}}", "0"),
    S("EVAL", "redis.setresp(3) return true", "0"),
    S("EVAL", "redis.setresp(3) return false", "0"),
    S("EVAL", "redis.setresp(3) return nil", "0"),
    S("EVAL", "redis.setresp(4)", "0"),
    S("EVAL", "redis.setresp()", "0"),
    S("EVAL", "return KEYS", "2", "k1", "k2", "a1", "a2"),
    S("EVAL", "return ARGV", "2", "k1", "k2", "a1", "a2"),
    S("EVAL", "return {#KEYS, #ARGV}", "0", "a"),
    S("EVAL", "return 1", "-1"),
    S("EVAL", "return 1", "2", "a"),
    S("EVAL", "return 1", "x"),
    S("EVAL", "return 1+", "0"),
    S("EVAL", "error('x')", "0"),
    S("EVAL", "error({err='custom'})", "0"),
    S("EVAL", "error()", "0"),
    S("EVAL", "local t = nil; return t.x", "0"),
    S("EVAL", "return x", "0"),
    S("EVAL", "x = 1", "0"),
    S("EVAL", "redis = 1", "0"),
    S("EVAL", "redis.call = 1", "0"),
    S("EVAL", "string.x = 1", "0"),
    S("EVAL", "cjson.encode = nil", "0"),
    S("EVAL", "rawset(_G, 'x', 1)", "0"),
    S("EVAL", "return type(os)", "0"),
    S("EVAL", "return type(io)", "0"),
    S("EVAL", "return type(print)", "0"),
    S("EVAL", "return type(loadfile)", "0"),
    S("EVAL", "return type(dofile)", "0"),
    S("EVAL", "return type(debug)", "0"),
    S("EVAL", "return type(require)", "0"),
    S("EVAL", "return type(setfenv)", "0"),
    S("EVAL", "return type(getfenv)", "0"),
    S("EVAL", "return type(newproxy)", "0"),
    S("EVAL", "return {type(loadstring), type(load), type(rawget), type(unpack), type(gcinfo)}", "0"),
    S("EVAL", "return {type(string), type(math), type(table), type(cjson), type(bit), type(coroutine)}", "0"),
    S("EVAL", "return _VERSION", "0"),
    S("EVAL", "return redis.nosuch", "0"),
    S("EVAL", "return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM}", "0"),
    S("EVAL", "return redis.replicate_commands()", "0"),
    S("EVAL", "return redis.breakpoint()", "0"),
    S("EVAL", "return redis.debug('x')", "0"),
    S("EVAL", "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}", "0"),
    S("EVAL", "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}", "0"),
    S("EVAL", "redis.log(redis.LOG_WARNING, 'from a script', 1)", "0"),
    S("EVAL", "redis.log(redis.LOG_WARNING)", "0"),
    S("EVAL", "redis.log('x', 'y')", "0"),
    S("EVAL", "redis.log(9, 'y')", "0"),
    S("EVAL", "return redis.sha1hex('')", "0"),
    S("EVAL", "return redis.sha1hex('Pizza & Mandolino')", "0"),
    S("EVAL", "return redis.sha1hex()", "0"),
    S("EVAL", "redis.set_repl(redis.REPL_ALL) return 1", "0"),
    S("EVAL", "redis.set_repl(9)", "0"),
    S("EVAL", "return cjson.encode({1, 2, 'x'})", "0"),
    S("EVAL", "return cjson.encode({a=1})", "0"),
    S("EVAL", "local t = cjson.decode('{\"a\":[1,2,{\"b\":true}]}') return {t.a[1], t.a[3].b}", "0"),
    S("EVAL", "return cjson.decode('[1,2')", "0"),
    S("EVAL", "return {bit.band(0xff, 0x0f), bit.bor(1, 2), bit.bxor(3, 1), bit.lshift(1, 4), bit.tohex(255)}", "0"),
    S("EVAL", "return string.rep('ab', 3)", "0"),
    S("EVAL", "return table.concat({'a', 'b'}, ',')", "0"),
    S("EVAL", "return math.floor(2.7)", "0"),
    S("EVAL", "return tonumber('0x10')", "0"),
    S("EVAL", "return pcall(error, 'x')", "0"),
    S("EVAL", "local ok, e = pcall(function() redis.call('nosuch') end) return e", "0"),
    # redis.call / redis.pcall
    S("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"),
    S("EVAL", "return redis.call('get', KEYS[1])", "1", "k"),
    S("EVAL", "return redis.call('get', 'nokey')", "0"),
    S("EVAL", "return type(redis.call('get', 'nokey'))", "0"),
    S("EVAL", "return redis.call('incr', 'counter')", "0"),
    S("EVAL", "return redis.call('incrbyfloat', 'f', '1.5')", "0"),
    S("EVAL", "return redis.call('set', 'n', 3.0)", "0"),
    S("EVAL", "return redis.call('set', 'n', 3.25)", "0"),
    S("EVAL", "return redis.call('get', 'n')", "0"),
    S("EVAL", "return redis.call('set', 'n', 1e20)", "0"),
    S("EVAL", "return redis.call('get', 'n')", "0"),
    S("EVAL", "return redis.call('ping')", "0"),
    S("EVAL", "return redis.call('nosuch')", "0"),
    S("EVAL", "return redis.pcall('nosuch')", "0"),
    S("EVAL", "return redis.call('get')", "0"),
    S("EVAL", "return redis.call('set', 'a')", "0"),
    S("EVAL", "return redis.call()", "0"),
    S("EVAL", "return redis.pcall()", "0"),
    S("EVAL", "return redis.call({})", "0"),
    S("EVAL", "return redis.call('get', {})", "0"),
    S("EVAL", "return redis.call(1.5)", "0"),
    S("EVAL", "return redis.call('set', 'k', 'v', 'x')", "0"),
    S("EVAL", "return redis.pcall('set', 'k', 'v', 'x')", "0"),
    S("EVAL", "return redis.call('multi')", "0"),
    S("EVAL", "return redis.call('eval', 'return 1', '0')", "0"),
    S("EVAL", "return redis.call('subscribe', 'ch')", "0"),
    S("EVAL", "return redis.call('blpop', 'nolist', 0)", "0"),
    S("EVAL", "return redis.call('brpoplpush', 'nolist', 'x', 0)", "0"),
    S("EVAL", "return redis.call('config', 'nosuch')", "0"),
    S("EVAL", "return redis.call('config', 'get', 'maxmemory')", "0"),
    S("SET", "s", "abc"),
    S("EVAL", "return redis.pcall('incr', 's')", "0"),
    S("EVAL", "return redis.call('incr', 's')", "0"),
    S("EVAL", "local r = redis.pcall('incr', 's') return r['err']", "0"),
    S("EVAL", "return redis.call('lpush', 's', 'x')", "0"),
    S("EVAL", "redis.call('rpush', 'l', 'a', 'b', 'c') return redis.call('lrange', 'l', 0, -1)", "0"),
    S("EVAL", "return redis.call('hset', 'h', 'f1', 'v1', 'f2', 'v2')", "0"),
    S("EVAL", "return redis.call('hgetall', 'h')", "0"),
    S("EVAL", "return redis.call('hgetall', 'nohash')", "0"),
    S("EVAL", "redis.setresp(3) return redis.call('hgetall', 'h')", "0"),
    S("EVAL", "redis.setresp(3) local r = redis.call('hgetall', 'h') return r['map']['f1']", "0"),
    S("EVAL", "redis.setresp(3) return redis.call('get', 'nokey')", "0"),
    S("EVAL", "redis.setresp(3) return type(redis.call('get', 'nokey'))", "0"),
    S("EVAL", "redis.call('zadd', 'z', 1.5, 'a', 2, 'b') return redis.call('zrange', 'z', 0, -1, 'withscores')", "0"),
    S("EVAL", "redis.setresp(3) return redis.call('zscore', 'z', 'a')", "0"),
    S("EVAL", "redis.setresp(3) local r = redis.call('zscore', 'z', 'a') return r['double']", "0"),
    S("EVAL", "redis.setresp(3) return redis.call('smembers', 'nosuchset')", "0"),
    S("EVAL", "redis.call('sadd', 'st', 'm') redis.setresp(3) return redis.call('smembers', 'st')", "0"),
    S("EVAL", "redis.setresp(3) return redis.call('exists', 'st')", "0"),
    S("EVAL", "return redis.call('type', 'st')", "0"),
    S("EVAL", "return redis.call('type', 'st')['ok']", "0"),
    S("EVAL", "redis.call('select', 1) redis.call('set', 'db1key', 'x') return redis.call('dbsize')", "0"),
    S("DBSIZE"),
    S("EXISTS", "db1key"),
    S("EVAL", "return redis.call('object', 'encoding', 'counter')", "0"),
    S("EVAL", "return redis.call('hello', '3')", "0"),
    # Read-only scripts
    S("EVAL_RO", "return redis.call('get', 'k')", "1", "k"),
    S("EVAL_RO", "return redis.call('set', 'k', 'v')", "1", "k"),
    S("EVAL_RO", "return redis.call('publish', 'ch', 'x')", "0"),
    S("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')", "0"),
    S("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')", "0"),
    S("EVAL", "#!lua\nreturn error('x')", "0"),
    S("EVAL", "#!lua flags=bad\nreturn 1", "0"),
    S("EVAL", "#!luax\nreturn 1", "0"),
    S("EVAL", "#!lua foo=bar\nreturn 1", "0"),
    S("EVAL", "#!lua", "0"),
    S("EVAL", "#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1", "0"),
    S("EVAL", "#!lua flags=\nreturn 2", "0"),
    S("EVAL_RO", "#!lua\nreturn 1", "0"),
    S("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"),
    # The script cache
    S("SCRIPT", "FLUSH"),
    S("SCRIPT", "LOAD", "return 'loaded'"),
    S("EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"),
    S("EVALSHA", "B534286061D4B9E4026607613B95C06C06015AE8", "0"),
    S("EVALSHA_RO", "b534286061d4b9e4026607613b95c06c06015ae8", "0"),
    S("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"),
    S("EVALSHA", "abc", "0"),
    S("EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "-1"),
    # A SHA1 of another length cannot match: NOSCRIPT before numkeys is looked at.
    S("EVALSHA", "abc", "notanumber"),
    S("EVALSHA_RO", "abc", "-1"),
    S("EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8x", "0"),
    S("EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "notanumber"),
    S("SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8",
      "B534286061D4B9E4026607613B95C06C06015AE8", "ffffffffffffffffffffffffffffffffffffffff"),
    S("SCRIPT", "LOAD", "return 1+"),
    S("SCRIPT", "LOAD", "#!lua flags=bad\nreturn 1"),
    S("EVAL", "return 'cached by eval'", "0"),
    S("SCRIPT", "EXISTS", "9f5e4fc6e12d6b9bca2a2e6fa4e0a5a0c7d3d4a1"),
    S("EVALSHA", "3ab1d3d4ab3ab3a4e2df3f4b9b66c4c98ea7b0a1", "0"),
    S("SCRIPT", "FLUSH", "ASYNC"),
    S("SCRIPT", "FLUSH", "SYNC"),
    S("SCRIPT", "FLUSH", "foo"),
    S("EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"),
    S("SCRIPT", "KILL"),
    S("FUNCTION", "KILL"),
    S("SCRIPT", "HELP"),
    S("SCRIPT", "NOSUCH"),
    S("EVAL"),
    S("EVAL", "return 1"),
    S("EVALSHA", "x"),
    # Read-only tables read as tables (Redis's are the tables themselves, flagged read-only).
    S("EVAL", "local t={} for k in pairs(_G) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(redis) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(cjson) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(table) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(string) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(bit) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(struct) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local t={} for k in pairs(cmsgpack) do t[#t+1]=k end table.sort(t) return t", "0"),
    S("EVAL", "local n=0 for k in pairs(math) do n=n+1 end return n", "0"),
    S("EVAL", "local n=0 local k=next(coroutine) while k do n=n+1 k=next(coroutine,k) end "
      "return n", "0"),
    S("EVAL", "return {type(rawget(_G, 'redis')), type(rawget(_G, 'nope')), "
      "type(rawget(string, 'len')), #string}", "0"),
    S("EVAL", "local n=0 for i in ipairs(string) do n=n+1 end return {n, unpack({1, 2})}", "0"),
    S("EVAL", "table.insert(string, 1) return 1", "0"),
    S("EVAL", "table.sort(math) return {table.remove(math), table.maxn(string), "
      "table.getn(bit), table.concat(string)}", "0"),
    S("EVAL", "table.setn(math, 1) return 1", "0"),
    S("EVAL", "local n=0 for k, v in pairs({a=1, b=2, 5}) do n=n+v end "
      "return {n, next({}), next({7}), rawget({x=3}, 'x')}", "0"),
    S("EVAL", "table.insert(nil, 1)", "0"),
    S("EVAL", "table.insert({}, 1, 2, 3)", "0"),
    S("EVAL", "table.insert({}, 'x', 2)", "0"),
    S("EVAL", "for k in pairs(nil) do end", "0"),
    S("EVAL", "return rawget(nil, 1)", "0"),
    S("EVAL", "return next({}, 'nokey')", "0"),
    S("EVAL", "return table.foreach(string, 1)", "0"),
    S("EVAL", "local n=0 table.foreach(bit, function() n=n+1 end) return n", "0"),
    S("EVAL", "return table.concat({'a', 'b'}, '-')", "0"),
    S("EVAL", "local t={3,1,2} table.sort(t) table.insert(t, 9) return t", "0"),
    S("EVAL", "return math.random(5)", "0"),
]


@pytest.mark.parametrize("protocol", [2, 3])
def test_scripts_match_redis(server, reference, protocol):
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        got = replies_in(a, protocol, CASES)
        want = replies_in(b, protocol, CASES)
    diffs = reply_differences(CASES, got, want)
    assert not diffs, diffs


# ---------------------------------------------------------------------------------------
# Behaviour
# ---------------------------------------------------------------------------------------

def info(r, section):
    return r.info(section)


def test_info_memory_fields_change(r):
    r.script_flush()
    before = info(r, "memory")
    for f in ("used_memory_lua", "used_memory_vm_eval", "used_memory_lua_human",
              "used_memory_scripts_eval", "number_of_cached_scripts", "number_of_functions",
              "number_of_libraries", "used_memory_vm_functions", "used_memory_vm_total",
              "used_memory_vm_total_human", "used_memory_functions", "used_memory_scripts",
              "used_memory_scripts_human"):
        assert f in before, f
    assert before["number_of_cached_scripts"] == 0
    assert before["used_memory_lua"] > 0
    for i in range(50):
        r.eval("local t = {} for i = 1, 100 do t[i] = 'x' .. i end return %d" % i, 0)
    after = info(r, "memory")
    assert after["number_of_cached_scripts"] == 50
    assert after["used_memory_scripts_eval"] > before["used_memory_scripts_eval"]
    assert after["used_memory_lua"] > before["used_memory_lua"]
    r.script_flush()
    flushed = info(r, "memory")
    assert flushed["number_of_cached_scripts"] == 0
    assert flushed["used_memory_scripts_eval"] == 0
    assert flushed["used_memory_lua"] < after["used_memory_lua"]


def test_script_load_and_evalsha(r):
    sha = r.script_load("return {KEYS[1], ARGV[1]}")
    assert sha == "4ac8a0bd5e8d94d3a2f9d1c7fd0bbb5e7b0e6d3d" or len(sha) == 40
    assert r.evalsha(sha, 1, "k", "a") == ["k", "a"]
    assert r.evalsha(sha.upper(), 1, "k", "a") == ["k", "a"]
    assert r.script_exists(sha, "0" * 40) == [True, False]
    with pytest.raises(redis.ResponseError, match="No matching script"):
        r.evalsha("0" * 40, 0)


def test_select_inside_script_keeps_callers_db(r):
    r.select(0) if hasattr(r, "select") else r.execute_command("SELECT", 0)
    assert r.eval("redis.call('select', 3) redis.call('set', 'in3', 'v') return 1", 0) == 1
    assert r.exists("in3") == 0
    r.execute_command("SELECT", 3)
    assert r.get("in3") == "v"
    r.execute_command("SELECT", 0)


def test_eval_in_multi_and_watch(server, r):
    c = server.client(decode_responses=True)
    p = c.pipeline(transaction=True)
    p.set("x", "1")
    p.eval("return redis.call('incr', KEYS[1])", 1, "x")
    assert p.execute() == [True, 2]
    # WATCH: a script writing the watched key from another client aborts the transaction.
    p = c.pipeline(transaction=True)
    p.watch("w")
    r.eval("return redis.call('set', 'w', '1')", 0)
    p.multi()
    p.set("other", "1")
    with pytest.raises(redis.WatchError):
        p.execute()
    assert r.exists("other") == 0
    c.close()


def test_commandstats_keyspace_and_slowlog(r):
    r.config_resetstat()
    r.set("hit", "1")
    r.eval("redis.call('get', 'hit') redis.call('get', 'miss') return 1", 0)
    stats = r.info("commandstats")
    assert stats["cmdstat_eval"]["calls"] == 1
    assert stats["cmdstat_get"]["calls"] == 2
    ks = r.info("stats")
    assert ks["keyspace_hits"] == 1 and ks["keyspace_misses"] == 1
    r.config_set("slowlog-log-slower-than", 0)
    r.slowlog_reset()
    r.eval("return redis.call('ping')", 0)
    entries = r.slowlog_get()
    r.config_set("slowlog-log-slower-than", 10000)
    names = [e["command"] for e in entries]
    names = [n.decode() if isinstance(n, bytes) else n for n in names]
    # Redis 7.0 logs the script's commands too (CMD_CALL_SLOWLOG), with no client address.
    assert any(n.startswith("EVAL") for n in names)
    inner = [e for e in entries if (e["command"].decode() if isinstance(e["command"], bytes)
                                    else e["command"]).lower() == "ping"]
    assert inner


def test_monitor_shows_script_commands(server, r):
    m = server.client(decode_responses=True)
    with m.monitor() as mon:
        r.eval("return redis.call('set', 'mk', 'mv')", 0)
        lines = []
        deadline = time.time() + 10
        while time.time() < deadline and len(lines) < 2:
            lines.append(mon.next_command())
    m.close()
    cmds = [l["command"] for l in lines]
    assert any(c.startswith("EVAL") for c in cmds)
    lua = [l for l in lines if l["command"].startswith("set")]
    assert lua and lua[0]["client_address"] == "lua"


def test_client_list_hides_script_client(r):
    with pytest.raises(redis.ResponseError, match="not allowed from script"):
        r.eval("return redis.call('client', 'list')", 0)
    r.eval("return redis.call('set', 'x', 'y')", 0)
    listed = r.client_list()
    assert all(c.get("fd") != "-1" for c in listed)
    assert all("lua" not in c.get("addr", "") for c in listed)


def test_blocking_commands_are_refused_in_scripts(r):
    # Redis 7.0 flags BLPOP and the other blocking commands noscript.
    start = time.time()
    with pytest.raises(redis.ResponseError, match="not allowed from script"):
        r.eval("return redis.call('blpop', 'empty', 0)", 0)
    assert r.eval("return redis.pcall('blmove', 'e', 'f', 'left', 'left', 0)['err']", 0) == \
        "ERR This Redis command is not allowed from script"
    assert time.time() - start < 5


def test_bullmq_style_script(r):
    script = """
    local jobId = redis.call('incr', KEYS[1])
    local data = cjson.decode(ARGV[1])
    redis.call('hset', KEYS[2] .. jobId, 'name', data.name, 'attempts', 0)
    redis.call('zadd', KEYS[3], tonumber(ARGV[2]), jobId)
    local n = tonumber(redis.call('zcard', KEYS[3]))
    local ok = redis.pcall('hincrby', KEYS[2] .. jobId, 'name', 1)
    return {jobId, n, ok['err'] ~= nil and 1 or 0, cjson.encode({id = jobId})}
    """
    r.delete("id", "q")
    res = r.eval(script, 3, "id", "job:", "q", '{"name":"email"}', "5")
    assert res == [1, 1, 1, '{"id":1}']
    assert r.hgetall("job:1") == {"name": "email", "attempts": "0"}


ERROR_SCRIPTS = [
    "return redis.call('nosuch')",
    "return redis.call('incr', 's')",
    "return redis.pcall('incr', 's')",
    "error('x')",
    "return {err='FOO bar'}",
    "return redis.call('set', 'a')",
]


def test_error_and_command_stats_match_redis(server, reference):
    """Errors of redis.call count once (for the command), not again for the EVAL."""
    def stats(port):
        c = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
        c.flushall()
        c.config_resetstat()
        c.set("s", "x")
        for script in ERROR_SCRIPTS:
            with pytest.raises(redis.ResponseError):
                c.eval(script, 0)
        errs = c.info("errorstats")
        cmds = {k: (v["calls"], v["failed_calls"], v["rejected_calls"])
                for k, v in c.info("commandstats").items() if k != "cmdstat_info"}
        c.close()
        return errs, cmds
    assert stats(server.port) == stats(reference.port)


def test_numkeys_not_integer(r):
    with pytest.raises(redis.ResponseError, match="value is not an integer"):
        r.execute_command("EVAL", "return 1", "abc")
