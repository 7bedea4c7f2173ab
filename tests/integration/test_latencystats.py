"""latency-tracking and INFO latencystats against redis-server 7.0.15: the same commands to
both servers; the commands listed, the line format and the percentile names compared (the
measured values differ by nature)."""

import re

import pytest
import redis

from conftest import is_windows_server

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

LINE = re.compile(r"^latency_percentiles_usec_([a-z|_-]+):(.*)$")


def info_text(srv, section):
    with srv.raw() as r:
        r.send_command("INFO", section)
        header = r.read_line()
        assert header.startswith(b"$"), header
        n = int(header[1:])
        return r.read_exact(n + 2)[:n].decode()


def latencystats(srv, section="latencystats"):
    text = info_text(srv, section)
    out = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            out[m.group(1)] = [kv.split("=")[0] for kv in m.group(2).split(",") if kv]
            for kv in m.group(2).split(","):
                if kv:
                    assert re.fullmatch(r"p[0-9.]+=[0-9]+\.[0-9]{3}", kv), line
    return out


def run(srv):
    c = srv.client()
    out = {}
    c.config_set("latency-tracking-info-percentiles", "50 99 99.9")
    c.config_resetstat()
    c.set("a", 1)
    c.get("a")
    c.config_get("maxmemory")
    out["after_calls"] = latencystats(srv)
    out["in_all"] = sorted(latencystats(srv, "all"))
    out["in_default"] = latencystats(srv, "default")
    c.config_set("latency-tracking-info-percentiles", "1e1 0x10 100")
    out["percentiles"] = c.config_get("latency-tracking-info-percentiles")
    out["custom"] = latencystats(srv)
    for bad in ("101", "abc", "-1"):
        try:
            c.config_set("latency-tracking-info-percentiles", bad)
            out[bad] = "no error"
        except redis.ResponseError as e:
            out[bad] = str(e)
    c.config_set("latency-tracking-info-percentiles", "")
    out["none"] = latencystats(srv)
    c.config_set("latency-tracking", "no")
    c.get("a")
    out["off"] = latencystats(srv)
    c.config_set("latency-tracking", "yes")
    c.config_set("latency-tracking-info-percentiles", "50 99 99.9")
    c.close()
    return out


def test_latencystats_as_in_redis(reference, server):
    expected = run(reference)
    assert expected["after_calls"]["get"] == ["p50", "p99", "p99.9"]
    assert run(server) == expected
