"""A dataset with every type and encoding (plus expiries and several databases), a comparison
of two servers key by key, and a bounded wait: the shared part of the persistence suites."""

import time


# Far enough in the future to survive any test run; compared exactly (PEXPIRETIME).
FAR_MS = 4102444800000  # 2100-01-01


def build_dataset(c):
    """Fills databases 0 and 3 of a (bytes) client through real commands."""
    c.select(0) if hasattr(c, "select") else c.execute_command("SELECT", 0)
    p = c.pipeline(transaction=False)
    # Strings: int, embstr, raw, compressible (LZF), big int, negative, binary, 11/12 digits.
    p.set("s:int", "12345")
    p.set("s:neg", "-77")
    p.set("s:big", "123456789012345678")
    p.set("s:emb", "hello")
    p.set("s:raw", "x" * 60)
    p.set("s:lzf", "ab" * 500)
    p.set("s:bin", bytes(range(256)))
    p.set("s:11", "12345678901")
    p.set("s:zero", "0")
    p.set("s:lead0", "007")
    p.append("s:appended", "42")
    # Lists: one small node, many nodes, elements longer than a node's preferred size.
    p.rpush("l:small", "a", "1", "-2", "300", "70000", "b" * 70)
    p.rpush("l:big", *[f"item-{i}" for i in range(3000)])
    p.rpush("l:ints", *range(-300, 300))
    p.rpush("l:huge", "h" * 10000, "y", "z" * 20000)
    # Sets: intset (16/32/64-bit), hashtable, intset converted by size.
    p.sadd("set:int16", 1, 2, 3, -5)
    p.sadd("set:int32", 70000, -70000, 5)
    p.sadd("set:int64", 5000000000, -5000000000, 1)
    p.sadd("set:str", "a", "b", "c", "12a")
    p.sadd("set:bigint", *range(600))
    # Sorted sets: listpack (int and float scores, inf), skiplist by size and by length.
    p.zadd("z:lp", {"a": 1, "b": 2.5, "c": -3, "d": 0.1, "e": float("inf"), "f": float("-inf")})
    p.zadd("z:big", {f"m{i}": i * 1.5 for i in range(300)})
    p.zadd("z:long", {"k" * 100: 1, "short": 2})
    # Hashes: listpack, hashtable by size and by value length.
    p.hset("h:lp", mapping={"a": "1", "b": "hello", "c": "-5000", "d": "70000", "e": "3000000000"})
    p.hset("h:big", mapping={f"f{i}": f"v{i}" for i in range(700)})
    p.hset("h:long", mapping={"f": "v" * 100})
    # HyperLogLog: sparse and dense.
    p.pfadd("hll:sparse", "a", "b", "c")
    p.pfadd("hll:dense", *[f"e{i}" for i in range(5000)])
    # Expiries.
    p.set("e:str", "v")
    p.pexpireat("e:str", FAR_MS)
    p.rpush("e:list", "x")
    p.pexpireat("e:list", FAR_MS + 1)
    p.hset("e:hash", "f", "v")
    p.pexpireat("e:hash", FAR_MS + 2)
    p.execute()
    c.execute_command("SELECT", 3)
    c.set("db3:s", "three")
    c.zadd("db3:z", {"x": 1})
    c.execute_command("SELECT", 0)


def dump_server(c, dbs=(0, 3)):
    """{db: {key: (type, encoding, value, pexpiretime)}} for the given databases."""
    out = {}
    for dbi in dbs:
        c.execute_command("SELECT", dbi)
        keys = {}
        for k in c.keys("*"):
            t = c.type(k).decode()
            enc = c.object("encoding", k)
            if enc in (b"raw", b"embstr"):
                enc = b"str"  # a loaded string is re-encoded by length (tryObjectEncoding)
            if t == "string":
                v = c.get(k)
            elif t == "list":
                v = c.lrange(k, 0, -1)
            elif t == "set":
                v = sorted(c.smembers(k))
            elif t == "zset":
                v = c.zrange(k, 0, -1, withscores=True)
            elif t == "hash":
                v = sorted(c.hgetall(k).items())
            else:
                v = None
            keys[k] = (t, enc, v, c.execute_command("PEXPIRETIME", k))
        out[dbi] = keys
    c.execute_command("SELECT", 0)
    return out



def wait_for(predicate, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
