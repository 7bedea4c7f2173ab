"""Client-side caching: CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO and the
invalidation messages (RESP3 pushes, RESP2 redirection to __redis__:invalidate)."""

import time

import pytest

from conftest import RespError


def push(key_or_none):
    return [b"invalidate", None if key_or_none is None else [k.encode() for k in key_or_none]]


def resp3(server):
    c = server.raw()
    c.command("HELLO", "3")
    return c


def test_default_mode_invalidates_keys_read(server, r):
    with resp3(server) as a:
        assert a.command("CLIENT", "TRACKING", "ON") == "OK"
        assert a.command("GET", "k") is None
        assert a.command("MGET", "k2", "k3") == [None, None]
        r.set("k", "1")
        r.mset({"k2": "1", "k3": "2"})
        assert a.read_reply() == push(["k"])
        assert a.read_reply() == push(["k2"])
        assert a.read_reply() == push(["k3"])
        # A key is reported once per read: a second write sends nothing more.
        r.set("k", "2")
        assert a.command("PING") == "PONG"


def test_invalidation_follows_the_reply_of_own_write(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        a.command("GET", "k")
        a.send(b"SET k 2\r\n")
        assert a.read_reply() == "OK"
        assert a.read_reply() == push(["k"])


def test_invalidation_after_exec_reply(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        a.command("GET", "k")
        a.command("MULTI")
        a.command("SET", "k", "3")
        a.command("GET", "k")
        assert a.command("EXEC") == ["OK", b"3"]
        assert a.read_reply() == push(["k"])


def test_noloop_skips_own_writes(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "NOLOOP")
        a.command("GET", "k")
        assert a.command("SET", "k", "mine") == "OK"
        assert a.command("PING") == "PONG"  # no push in between
        a.command("GET", "k")
        r.set("k", "theirs")
        assert a.read_reply() == push(["k"])


def test_flush_sends_null_invalidation(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        a.command("GET", "k")
        a.send(b"FLUSHDB\r\n")
        assert a.read_reply() == "OK"
        assert a.read_reply() == push(None)
        r.flushall()
        assert a.read_reply() == push(None)


def test_expiry_invalidates(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        r.set("e", "1", px=50)
        assert a.command("GET", "e") == b"1"
        deadline = time.monotonic() + 3
        while r.exists("e") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert a.read_reply() == push(["e"])


def test_bcast_with_prefixes(server, r):
    with resp3(server) as a:
        assert a.command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a", "PREFIX", "b") == "OK"
        info = a.command("CLIENT", "TRACKINGINFO")
        assert info == {b"flags": {b"on", b"bcast"}, b"redirect": 0, b"prefixes": [b"a", b"b"]}
        r.set("a1", "1")
        r.set("c1", "1")  # no matching prefix
        r.set("b1", "1")
        assert a.read_reply() == push(["a1"])
        assert a.read_reply() == push(["b1"])
        assert a.command("PING") == "PONG"


def test_bcast_without_prefix_sees_every_key(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "BCAST")
        r.set("anything", "1")  # never read by a: BCAST does not need reads
        assert a.read_reply() == push(["anything"])


def test_bcast_batches_keys_of_one_command(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "m")
        r.mset({"m1": "1", "m2": "2", "x": "3"})
        assert a.read_reply() == push(["m1", "m2"])


def test_bcast_noloop(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP")
        assert a.command("SET", "own", "1") == "OK"
        r.set("other", "1")
        assert a.read_reply() == push(["other"])


def test_optin_tracks_only_after_caching_yes(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "OPTIN")
        a.command("GET", "o1")
        assert a.command("CLIENT", "CACHING", "YES") == "OK"
        info = a.command("CLIENT", "TRACKINGINFO")
        assert info[b"flags"] == {b"on", b"optin", b"caching-yes"}
        a.command("GET", "o2")
        a.command("GET", "o3")  # CACHING covered only the previous command
        r.set("o1", "1")
        r.set("o2", "1")
        r.set("o3", "1")
        assert a.read_reply() == push(["o2"])
        assert a.command("PING") == "PONG"


def test_optout_skips_after_caching_no(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON", "OPTOUT")
        assert a.command("CLIENT", "CACHING", "NO") == "OK"
        a.command("GET", "skip")
        a.command("GET", "keep")
        r.set("skip", "1")
        r.set("keep", "1")
        assert a.read_reply() == push(["keep"])


def test_resp2_redirect_to_pubsub_channel(server, r):
    with server.raw() as sub, server.raw() as t:
        sub_id = sub.command("CLIENT", "ID")
        assert sub.command("SUBSCRIBE", "__redis__:invalidate") == [
            b"subscribe", b"__redis__:invalidate", 1]
        assert t.command("CLIENT", "TRACKING", "ON", "REDIRECT", str(sub_id)) == "OK"
        assert t.command("CLIENT", "GETREDIR") == sub_id
        t.command("GET", "r1")
        r.set("r1", "1")
        assert sub.read_reply() == [b"message", b"__redis__:invalidate", [b"r1"]]
        r.flushdb()
        assert sub.read_reply() == [b"message", b"__redis__:invalidate", None]
        fields = dict(kv.split("=", 1) for kv in t.command("CLIENT", "INFO").decode().split())
        assert fields["flags"] == "t" and fields["redir"] == str(sub_id)


def test_broken_redirect(server, r):
    gone = server.raw()
    gone_id = gone.command("CLIENT", "ID")
    with resp3(server) as t:
        t.command("CLIENT", "TRACKING", "ON", "REDIRECT", str(gone_id))
        t.command("GET", "b1")
        gone.close()
        time.sleep(0.2)
        r.set("b1", "1")
        assert t.read_reply() == [b"tracking-redir-broken", gone_id]
        info = t.command("CLIENT", "TRACKINGINFO")
        assert info[b"flags"] == {b"on", b"broken_redirect"}
        fields = dict(kv.split("=", 1) for kv in t.command("CLIENT", "INFO").decode().split())
        assert fields["flags"] == "tR"


def test_resp2_without_redirect_gets_nothing(server, r):
    with server.raw() as t:
        t.command("CLIENT", "TRACKING", "ON")
        t.command("GET", "x")
        r.set("x", "1")
        assert t.command("PING") == "PONG"


@pytest.mark.parametrize(
    "args, error",
    [
        (("ON", "PREFIX", "x"), "ERR PREFIX option requires BCAST mode to be enabled"),
        (("ON", "BCAST", "OPTIN"), "ERR OPTIN and OPTOUT are not compatible with BCAST"),
        (("ON", "OPTIN", "OPTOUT"), "ERR You can't specify both OPTIN mode and OPTOUT mode"),
        (("ON", "REDIRECT", "999999"), "ERR The client ID you want redirect to does not exist"),
        (("ON", "REDIRECT", "abc"), "ERR value is not an integer or out of range"),
        (("MAYBE",), "ERR syntax error"),
        (("ON", "FOO"), "ERR syntax error"),
        (("ON", "BCAST", "PREFIX", "ab", "PREFIX", "a"),
         "ERR Prefix 'ab' overlaps with another provided prefix 'a'. Prefixes for a single "
         "client must not overlap."),
    ],
)
def test_tracking_errors(raw, args, error):
    reply = raw.command("CLIENT", "TRACKING", *args)
    assert isinstance(reply, RespError) and str(reply) == error
    assert raw.command("CLIENT", "TRACKINGINFO")[1] == [b"off"]


def test_mode_switch_errors(raw):
    raw.command("CLIENT", "TRACKING", "ON", "OPTIN")
    assert str(raw.command("CLIENT", "TRACKING", "ON", "BCAST")).startswith(
        "ERR You can't switch BCAST mode on/off")
    assert str(raw.command("CLIENT", "TRACKING", "ON", "OPTOUT")).startswith(
        "ERR You can't switch OPTIN/OPTOUT mode")
    assert str(raw.command("CLIENT", "CACHING", "NO")) == (
        "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.")
    raw.command("CLIENT", "TRACKING", "OFF")
    assert str(raw.command("CLIENT", "CACHING", "YES")).startswith(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode")
    raw.command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a")
    assert str(raw.command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "ab")) == (
        "ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a single client "
        "must not overlap.")


def test_getredir_and_trackinginfo_when_off(raw):
    assert raw.command("CLIENT", "GETREDIR") == -1
    assert raw.command("CLIENT", "TRACKINGINFO") == [b"flags", [b"off"], b"redirect", -1,
                                                    b"prefixes", []]
    raw.command("CLIENT", "TRACKING", "ON")
    assert raw.command("CLIENT", "GETREDIR") == 0


def test_info_counters(server, r):
    with resp3(server) as a, resp3(server) as b:
        a.command("CLIENT", "TRACKING", "ON")
        b.command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p", "PREFIX", "q")
        a.command("MGET", "k1", "k2")
        clients = r.info("clients")
        stats = r.info("stats")
        assert clients["tracking_clients"] == 2
        assert stats["tracking_total_keys"] == 2
        assert stats["tracking_total_items"] == 2
        assert stats["tracking_total_prefixes"] == 2
    deadline = time.monotonic() + 3
    while r.info("clients")["tracking_clients"] and time.monotonic() < deadline:
        time.sleep(0.02)
    assert r.info("clients")["tracking_clients"] == 0
    assert r.info("stats")["tracking_total_prefixes"] == 0


def test_tracking_table_max_keys_evicts_with_invalidation(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        a.command("MGET", "x1", "x2", "x3")
        r.config_set("tracking-table-max-keys", 1)
        try:
            r.ping()  # the limit is enforced before each command
            got = {tuple(a.read_reply()[1]) for _ in range(2)}
            assert got <= {(b"x1",), (b"x2",), (b"x3",)} and len(got) == 2
            assert r.info("stats")["tracking_total_keys"] == 1
        finally:
            r.config_set("tracking-table-max-keys", 1000000)


def test_reset_stops_tracking(server, r):
    with resp3(server) as a:
        a.command("CLIENT", "TRACKING", "ON")
        a.command("GET", "k")
        assert a.command("RESET") == "RESET"
        assert a.command("CLIENT", "TRACKINGINFO")[1] == [b"off"]
        a.command("HELLO", "3")
        r.set("k", "1")
        assert a.command("PING") == "PONG"
