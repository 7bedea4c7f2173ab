"""OBJECT FREQ under an LFU maxmemory-policy: Redis's logarithmic, decaying counter."""

import pytest
import redis


def test_lfu_counter_starts_at_init_value_and_grows(server_factory):
    s = server_factory(extra_args=["--maxmemory-policy", "allkeys-lfu"])
    r = s.client()
    r.set("k", "v")
    assert r.object("freq", "k") == 5  # LFU_INIT_VAL; OBJECT itself does not touch the key
    r.get("k")
    assert r.object("freq", "k") == 6  # from the initial value an access always increments
    for _ in range(200):
        r.get("k")
    freq = r.object("freq", "k")
    assert 6 <= freq <= 255
    r.set("k", "v2")  # an overwrite keeps the key's frequency
    assert r.object("freq", "k") >= freq
    r.set("other", "x")
    assert r.object("freq", "other") == 5


def test_freq_needs_an_lfu_policy_and_idletime_an_lru_one(server_factory):
    s = server_factory()
    r = s.client()
    r.set("k", "v")
    with pytest.raises(redis.ResponseError, match="An LFU maxmemory policy is not selected"):
        r.object("freq", "k")
    assert r.object("idletime", "k") == 0
    r.config_set("maxmemory-policy", "volatile-lfu")
    assert r.object("freq", "k") >= 0
    with pytest.raises(redis.ResponseError, match="An LFU maxmemory policy is selected"):
        r.object("idletime", "k")
    assert r.config_get("lfu-log-factor") == {b"lfu-log-factor": b"10"} or \
        r.config_get("lfu-log-factor") == {"lfu-log-factor": "10"}
    assert r.config_set("lfu-decay-time", 2)
