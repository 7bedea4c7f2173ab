"""MIGRATE between the server under test and redis-server 7.0.15, both directions: moved keys
arrive with their values and TTLs and leave the source only once acknowledged; COPY, REPLACE,
KEYS, AUTH / AUTH2, +NOKEY, the target's errors and -IOERR, the cached connection."""

import pytest
import redis

from conftest import ReferenceServer, free_port
from persistence_data import build_dataset, dump_server

TTL_SLACK_MS = 10000  # MIGRATE sends relative TTLs: the absolute expiry moves a little


def same_dataset(a, b):
    assert a.keys() == b.keys()
    for dbi in a:
        assert a[dbi].keys() == b[dbi].keys()
        for k, (t, enc, v, exp) in a[dbi].items():
            t2, enc2, v2, exp2 = b[dbi][k]
            assert (t, enc, v) == (t2, enc2, v2), k
            assert (exp == -1) == (exp2 == -1) and abs(exp - exp2) <= TTL_SLACK_MS, k


@pytest.fixture
def pair(server, reference):
    ours, theirs = server.client(), reference.client()
    for c in (ours, theirs):
        c.flushall()
    yield server, reference, ours, theirs
    ours.close()
    theirs.close()


def test_every_type_moves_to_redis_and_back(pair):
    server, reference, ours, theirs = pair
    build_dataset(ours)
    expected = dump_server(ours, dbs=(0,))
    keys = list(expected[0])
    assert ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "", 0, 30000,
                                "KEYS", *keys) == b"OK"
    assert ours.dbsize() == 0
    same_dataset(dump_server(theirs, dbs=(0,)), expected)
    # Back again, driven by redis-server.
    assert theirs.execute_command("MIGRATE", "127.0.0.1", server.port, "", 0, 30000,
                                  "KEYS", *keys) == b"OK"
    assert theirs.dbsize() == 0
    same_dataset(dump_server(ours, dbs=(0,)), expected)


def test_copy_replace_nokey_and_target_errors(pair):
    server, reference, ours, theirs = pair
    ours.set("k", "v1")
    ours.pexpire("k", 100000)
    assert ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 5, 5000,
                                "COPY") == b"OK"
    assert ours.get("k") == b"v1"  # COPY keeps it here
    theirs.select(5)
    assert theirs.get("k") == b"v1" and 0 < theirs.pttl("k") <= 100000
    with pytest.raises(redis.ResponseError) as e:
        ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 5, 5000, "COPY")
    assert str(e.value) == ("Target instance replied with error: BUSYKEY Target key name "
                            "already exists.")
    ours.set("k", "v2")
    assert ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 5, 5000,
                                "REPLACE") == b"OK"
    assert theirs.get("k") == b"v2" and ours.exists("k") == 0
    assert ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 5, 5000) == b"NOKEY"
    with pytest.raises(redis.ResponseError, match="the key argument must be set to the empty"):
        ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 0, 5000, "KEYS", "a")
    with pytest.raises(redis.ResponseError, match="syntax error"):
        ours.execute_command("MIGRATE", "127.0.0.1", reference.port, "k", 0, 5000, "BOGUS")
    assert ours.info("stats")["migrate_cached_sockets"] == 1
    theirs.select(0)


def test_connection_errors_and_auth(server, server_factory):
    c = server.client()
    c.set("k", "v")
    closed = free_port()
    with pytest.raises(redis.ResponseError) as e:
        c.execute_command("MIGRATE", "127.0.0.1", closed, "k", 0, 1000)
    assert str(e.value) == "IOERR error or timeout writing to target instance"  # as Redis
    assert c.get("k") == b"v"
    target = ReferenceServer(name="reference with a password")
    try:
        target.start()
        target.client().config_set("requirepass", "secret")
        with pytest.raises(redis.ResponseError) as e:
            c.execute_command("MIGRATE", "127.0.0.1", target.port, "k", 0, 5000)
        assert "Target instance replied with error: NOAUTH" in str(e.value)
        assert c.get("k") == b"v"
        assert c.execute_command("MIGRATE", "127.0.0.1", target.port, "k", 0, 5000,
                                 "AUTH", "secret") == b"OK"
        tc = target.client(password="secret")
        assert tc.get("k") == b"v"
        c.set("k2", "v2")
        assert c.execute_command("MIGRATE", "127.0.0.1", target.port, "k2", 0, 5000,
                                 "AUTH2", "default", "secret") == b"OK"
        assert tc.get("k2") == b"v2"
        tc.close()
    finally:
        target.cleanup()
    c.close()
