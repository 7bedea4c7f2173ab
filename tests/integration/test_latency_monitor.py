"""LATENCY against redis-server 7.0.15: the same replies for the same spikes (DEBUG SLEEP
makes them), errors, DOCTOR's texts, RESET, and HISTOGRAM's shape."""

import pytest

from conftest import is_windows_server, reply_or_error as outcome

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

@pytest.fixture(scope="module")
def pair(debug_pair):
    return debug_pair


def test_latency_monitor_equals_redis(pair):
    results = []
    for srv in pair:
        c = srv.client()
        out = {"doctor_off": c.execute_command("LATENCY", "DOCTOR"),
               "latest_off": c.execute_command("LATENCY", "LATEST")}
        c.config_set("latency-monitor-threshold", 100)
        c.execute_command("DEBUG", "SLEEP", "0.3")
        c.execute_command("DEBUG", "SLEEP", "0.01")  # under the threshold: not recorded
        latest = c.execute_command("LATENCY", "LATEST")
        out["latest"] = [(e[0], e[2] >= 300, e[3] >= 300) for e in latest]
        history = c.execute_command("LATENCY", "HISTORY", "command")
        out["history"] = [(len(h), h[1] >= 300) for h in history]
        graph = c.execute_command("LATENCY", "GRAPH", "command").decode()
        out["graph_lines"] = [len(line) for line in graph.splitlines()[1:]]
        doctor = c.execute_command("LATENCY", "DOCTOR").decode()
        out["doctor_start"] = doctor.split("\n")[0]
        out["doctor_advice"] = "- Check your Slow Log" in doctor
        for args in (["LATENCY", "GRAPH", "nope"], ["LATENCY", "HISTORY", "nope"],
                     ["LATENCY", "NOPE"], ["LATENCY", "LATEST", "x"], ["LATENCY", "HELP"],
                     ["LATENCY", "RESET", "nope", "command"], ["LATENCY", "RESET"]):
            out[" ".join(args)] = outcome(c, *args)
        out["after_reset"] = c.execute_command("LATENCY", "LATEST")
        out["doctor_quiet"] = c.execute_command("LATENCY", "DOCTOR")
        c.config_set("latency-monitor-threshold", 0)
        results.append(out)
        c.close()
    assert results[0] == results[1]


def test_latency_histogram_shape_equals_redis(pair):
    results = []
    for srv in pair:
        c = srv.client()
        c.config_resetstat()
        for _ in range(20):
            c.set("k", "v")
        c.get("k")
        c.config_get("maxmemory")
        h = c.execute_command("LATENCY", "HISTOGRAM", "set", "get", "config", "nope")
        shape = {}
        for name, data in zip(h[0::2], h[1::2]):
            fields = dict(zip(data[0::2], data[1::2]))
            buckets = fields[b"histogram_usec"]
            counts = buckets[1::2]
            assert counts == sorted(counts)  # cumulative
            assert all(b > 0 for b in buckets[0::2])
            shape[name] = (fields[b"calls"], counts[-1])
        results.append(shape)
        everything = c.execute_command("LATENCY", "HISTOGRAM")
        assert b"set" in everything[0::2]
        c.close()
    assert results[0] == results[1]
    assert results[0][b"set"] == (20, 20)
