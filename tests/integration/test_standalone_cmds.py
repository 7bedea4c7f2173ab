"""What a standalone master answers to cluster and replication-role commands, byte for byte as
Debian's redis-server 7.0 (cluster-enabled no, no replicas): every CLUSTER subcommand, READONLY,
READWRITE and ASKING refuse with "cluster support disabled" after the arity and
unknown-subcommand checks, also inside MULTI; ROLE is "master" with offset 0 and no replicas;
COMMAND INFO and COMMAND DOCS describe them as Redis does."""
import pytest

from conftest import (RawConnection, is_windows_server, read_raw, replies_in,
                      reply_differences)

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

CASES = [
    ("CLUSTER",),
    ("CLUSTER", "HELP"),
    ("CLUSTER", "help"),
    ("CLUSTER", "INFO"),
    ("CLUSTER", "INFO", "x"),
    ("CLUSTER", "NODES"),
    ("CLUSTER", "SLOTS"),
    ("CLUSTER", "SHARDS"),
    ("CLUSTER", "MYID"),
    ("CLUSTER", "KEYSLOT", "foo"),
    ("CLUSTER", "KEYSLOT"),
    ("CLUSTER", "COUNTKEYSINSLOT", "1"),
    ("CLUSTER", "GETKEYSINSLOT", "1", "1"),
    ("CLUSTER", "MEET", "127.0.0.1", "7000"),
    ("CLUSTER", "RESET", "HARD"),
    ("CLUSTER", "NOSUCH"),
    ("CLUSTER", "NOSUCH", "a", "b"),
    ("READONLY",),
    ("READONLY", "x"),
    ("READWRITE",),
    ("ASKING",),
    ("ROLE",),
    ("ROLE", "x"),
    ("MULTI",),
    ("CLUSTER", "INFO"),
    ("READONLY",),
    ("ROLE",),
    ("EXEC",),
    ("COMMAND", "INFO", "cluster|info", "readonly", "readwrite", "asking", "role"),
    ("COMMAND", "DOCS", "cluster|keyslot", "role"),
    ("COMMAND", "GETKEYS", "CLUSTER", "INFO"),
]


def run_cases(port, protocol):
    with RawConnection(port) as c:
        return replies_in(c, protocol, CASES)


@pytest.mark.parametrize("protocol", [2, 3])
def test_standalone_replies_match_redis(server, reference, protocol):
    got = run_cases(server.port, protocol)
    want = run_cases(reference.port, protocol)
    diffs = reply_differences(CASES, got, want)
    assert not diffs, diffs


def test_role_of_a_master(server):
    with RawConnection(server.port) as c:
        c.send_command("ROLE")
        assert read_raw(c) == b"*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n"
        c.send_command("CLUSTER", "INFO")
        assert read_raw(c) == b"-ERR This instance has cluster support disabled\r\n"
