"""Randomized differential test for streams: the same random stream command sequence goes to
the server under test and to redis-server 7.0.15, and every reply must be byte-identical
(RESP2, then RESP3 after HELLO 3). Covers option parsing and error order, explicit and
partial IDs, exclusive ranges, trimming (exact, approximate, LIMIT) with small nodes
(stream-node-max-entries 5, several stream-node-max-bytes), deletions and tombstones, consumer groups, PELs, XCLAIM /
XAUTOCLAIM, XINFO STREAM / GROUPS (lag and entries-read) and XSETID.

Left out because Redis itself depends on the clock there: "*" IDs, idle times (XPENDING's
extended form, XINFO CONSUMERS, XINFO STREAM FULL) and blocking."""

import random

import pytest

from conftest import RawConnection, read_raw


def info_field(c, name):
    """A field of INFO (as a string)."""
    c.send_command("INFO", "all")
    text = read_raw(c).decode()
    for line in text.splitlines():
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]
    raise AssertionError(f"no {name} in INFO")


def command_stream(rng):
    keys = ["s1", "s2", "str", "nokey"]
    groups = ["g1", "g2", "nog"]
    consumers = ["c1", "c2", "c3"]
    clock = {"ms": 1}

    def k():
        return rng.choice(keys[:2]) if rng.random() < 0.85 else rng.choice(keys)

    def sid():
        r = rng.random()
        ms = rng.randint(0, clock["ms"] + 2)
        if r < 0.5:
            return f"{ms}-{rng.randint(0, 3)}"
        return rng.choice([str(ms), "-", "+", "0", "0-0", "x", "(%d" % ms, "(%d-1" % ms, "$", ">",
                           "18446744073709551615-18446744073709551615", "(-", "1-x"])

    def new_id():
        clock["ms"] += rng.randint(0, 2)
        r = rng.random()
        if r < 0.6:
            return f"{clock['ms']}-{rng.randint(0, 2)}"
        if r < 0.9:
            return f"{clock['ms']}-*"
        return rng.choice([str(clock["ms"]), "0-0", "0-1", "x", "1"])

    def fields():
        n = rng.choice([1, 1, 2, 2, 3, 0])
        names = rng.choice([["a"], ["a", "b"], ["b", "a"], ["x", "y", "z"]])
        out = []
        for i in range(n):
            out += [names[i % len(names)], rng.choice(["1", "v", "12345", "-7", "hello world", "x" * rng.randint(0, 80)])]
        return out

    def count():
        return rng.choice(["0", "1", "2", "3", "10", "-1", "x"])

    def trim():
        strat = rng.choice(["MAXLEN", "MINID"])
        arg = str(rng.randint(0, 12)) if strat == "MAXLEN" else sid()
        out = [strat] + rng.choice([[], ["~"], ["="]]) + [arg]
        if rng.random() < 0.2:
            out += ["LIMIT", rng.choice(["0", "1", "3", "-1", "x"])]
        return out

    def g():
        return rng.choice(groups) if rng.random() < 0.9 else "nog"

    gens = [
        lambda: ["XADD", k()] + (["NOMKSTREAM"] if rng.random() < 0.1 else []) + (trim() if rng.random() < 0.3 else []) + [new_id()] + fields(),
        lambda: ["XADD", k(), new_id()] + fields(),
        lambda: ["XADD", k(), new_id()] + fields(),
        lambda: ["XLEN", k()],
        lambda: ["XRANGE", k(), sid(), sid()] + (["COUNT", count()] if rng.random() < 0.5 else []),
        lambda: ["XREVRANGE", k(), sid(), sid()] + (["COUNT", count()] if rng.random() < 0.5 else []),
        lambda: ["XDEL", k()] + [sid() for _ in range(rng.randint(1, 3))],
        lambda: ["XTRIM", k()] + trim(),
        lambda: ["XREAD"] + (["COUNT", count()] if rng.random() < 0.5 else []) + ["STREAMS", k(), sid()],
        lambda: ["XREAD", "STREAMS", "s1", "s2", sid(), sid()],
        lambda: ["XGROUP", "CREATE", k(), g(), rng.choice(["0", "$", sid()])] + rng.choice([[], ["MKSTREAM"], ["ENTRIESREAD", rng.choice(["0", "3", "-1", "-2"])]]),
        lambda: ["XGROUP", "SETID", k(), g(), rng.choice(["0", "$", sid()])] + rng.choice([[], ["ENTRIESREAD", rng.choice(["0", "2", "-1"])]]),
        lambda: ["XGROUP", "DESTROY", k(), g()] if rng.random() < 0.2 else ["PING"],
        lambda: ["XGROUP", "CREATECONSUMER", k(), g(), rng.choice(consumers)],
        lambda: ["XGROUP", "DELCONSUMER", k(), g(), rng.choice(consumers)],
        lambda: ["XREADGROUP", "GROUP", g(), rng.choice(consumers)] + (["COUNT", count()] if rng.random() < 0.6 else []) + (["NOACK"] if rng.random() < 0.15 else []) + ["STREAMS", k(), rng.choice([">", ">", ">", "0", sid()])],
        lambda: ["XACK", k(), g()] + [sid() for _ in range(rng.randint(1, 3))],
        lambda: ["XPENDING", k(), g()],
        lambda: ["XCLAIM", k(), g(), rng.choice(consumers), rng.choice(["0", "0", "100000000", "x"])] + [sid() for _ in range(rng.randint(1, 3))] + rng.choice([[], ["JUSTID"], ["FORCE"], ["RETRYCOUNT", "5"], ["LASTID", sid()], ["FOO"]]),
        lambda: ["XAUTOCLAIM", k(), g(), rng.choice(consumers), "0", sid()] + rng.choice([[], ["COUNT", count()], ["JUSTID"], ["COUNT", "1", "JUSTID"]]),
        lambda: ["XINFO", "STREAM", k()],
        lambda: ["XINFO", "GROUPS", k()],
        lambda: ["XSETID", k(), sid()] + rng.choice([[], ["ENTRIESADDED", rng.choice(["0", "5", "100", "-1"])], ["MAXDELETEDID", sid()]]),
        lambda: ["TYPE", k()],
        lambda: ["OBJECT", "ENCODING", k()],
        lambda: ["COPY", k(), k()] + (["REPLACE"] if rng.random() < 0.5 else []),
        lambda: ["DEL", k()] if rng.random() < 0.05 else ["PING"],
        lambda: ["DEBUG", "DIGEST-VALUE", k()],
    ]
    while True:
        yield rng.choice(gens)()


@pytest.fixture(scope="module")
def debug_servers(debug_pair):
    return debug_pair


@pytest.mark.parametrize("seed,node_bytes", [(1, "4096"), (2, "4096"), (3, "300"), (4, "120"),
                                             (5, "0")])
def test_random_stream_commands_match_redis(debug_servers, seed, node_bytes):
    ours, ref = debug_servers
    rng = random.Random(seed)
    with RawConnection(ours.port) as a, RawConnection(ref.port) as b:
        for c in (a, b):
            for cmd in (["FLUSHALL"], ["SET", "str", "x"],
                        ["CONFIG", "SET", "stream-node-max-entries", "5"],
                        ["CONFIG", "SET", "stream-node-max-bytes", node_bytes]):
                c.command(*cmd)
        counters = ("rdb_changes_since_last_save", "keyspace_hits", "keyspace_misses")
        start = {c: [info_field(c, f) for f in counters] for c in (a, b)}
        try:
            stream = command_stream(rng)
            for i in range(1500):
                if i == 750:
                    for c in (a, b):
                        c.command("HELLO", "3")
                cmd = next(stream)
                a.send_command(*cmd)
                b.send_command(*cmd)
                got, want = read_raw(a), read_raw(b)
                assert got == want, f"step {i}: {cmd}"
            # The nodes byte for byte: each stream's DUMP payload, its groups dropped first
            # (their PELs carry delivery times from each server's clock).
            dumped = 0
            for key in ("s1", "s2"):
                dumps = []
                for c in (a, b):
                    c.command("DEL", "dumped")
                    if c.command("COPY", key, "dumped") != 1:
                        dumps.append(None)
                        continue
                    for g in ("g1", "g2", "nog"):
                        c.command("XGROUP", "DESTROY", "dumped", g)
                    c.send_command("DUMP", "dumped")
                    dumps.append(read_raw(c))
                assert dumps[0] == dumps[1], f"DUMP {key}"
                dumped += dumps[0] is not None
            assert dumped > 0
            # Writes count in dirty and reads as keyspace hits / misses, as in Redis.
            for j, field in enumerate(counters):
                got = int(info_field(a, field)) - int(start[a][j])
                want = int(info_field(b, field)) - int(start[b][j])
                assert got == want, field
        finally:
            for c in (a, b):
                c.send_command("CONFIG", "SET", "stream-node-max-entries", "100")
                read_raw(c)
                c.send_command("CONFIG", "SET", "stream-node-max-bytes", "4096")
                read_raw(c)
