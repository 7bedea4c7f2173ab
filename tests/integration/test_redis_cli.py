"""The stock command-line tools against the server: redis-cli and redis-benchmark."""

import csv
import io
import shutil
import subprocess

import pytest

from conftest import REDIS_COMPAT_VERSION, encode_command

REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
REDIS_BENCHMARK = shutil.which("redis-benchmark") or "/usr/bin/redis-benchmark"


def cli(server, *args, stdin=None, timeout=30):
    """Run redis-cli against the server; stdout is a pipe, so replies print in raw form."""
    return subprocess.run([REDIS_CLI, "-h", "127.0.0.1", "-p", str(server.port), *args],
                          input=stdin, capture_output=True, timeout=timeout)


def out(result):
    return result.stdout.decode()


def test_set_get_incr(server, r):
    assert out(cli(server, "SET", "k", "hello world")) == "OK\n"
    assert out(cli(server, "GET", "k")) == "hello world\n"
    assert out(cli(server, "GET", "nosuch")) == "\n"
    assert out(cli(server, "INCR", "n")) == "1\n"
    assert out(cli(server, "INCRBY", "n", "41")) == "42\n"
    assert out(cli(server, "MGET", "k", "nosuch", "n")) == "hello world\n\n42\n"
    assert r.get("k") == "hello world"


def test_no_raw_formatting(server, r):
    assert out(cli(server, "--no-raw", "SET", "k", "v")) == "OK\n"
    assert out(cli(server, "--no-raw", "GET", "k")) == '"v"\n'
    assert out(cli(server, "--no-raw", "GET", "nosuch")) == "(nil)\n"
    assert out(cli(server, "--no-raw", "INCR", "n")) == "(integer) 1\n"
    assert out(cli(server, "--no-raw", "MGET", "k", "nosuch")) == '1) "v"\n2) (nil)\n'
    assert out(cli(server, "--no-raw", "CONFIG", "GET", "port")) == f'1) "port"\n2) "{server.port}"\n'
    assert out(cli(server, "--no-raw", "KEYS", "nomatch*")) == "(empty array)\n"
    assert out(cli(server, "--no-raw", "foo")) == \
        "(error) ERR unknown command 'foo', with args beginning with: \n"


def test_no_raw_resp3(server):
    result = out(cli(server, "-3", "--no-raw", "HELLO", "3"))
    lines = result.splitlines()
    assert lines[0].startswith('1# "server" => "')
    assert lines[1] == f'2# "version" => "{REDIS_COMPAT_VERSION}"'
    assert lines[2] == '3# "proto" => (integer) 3'
    assert lines[4:] == ['5# "mode" => "standalone"', '6# "role" => "master"', '7# "modules" => (empty array)']
    assert out(cli(server, "-3", "--no-raw", "CONFIG", "GET", "port")) == f'1# "port" => "{server.port}"\n'
    assert out(cli(server, "-3", "--no-raw", "GET", "nosuch")) == "(nil)\n"


def test_info_server(server):
    text = out(cli(server, "info", "server"))
    assert text.startswith("# Server\r\n")
    assert f"redis_version:{REDIS_COMPAT_VERSION}\r\n" in text
    assert f"tcp_port:{server.port}\r\n" in text


def test_commands_from_stdin(server, r):
    result = cli(server, stdin=b"SET a 1\nINCR a\nGET a\nSET b \"two words\"\nGET b\nFOO\n")
    assert out(result) == "OK\n2\n2\nOK\ntwo words\nERR unknown command 'FOO', with args beginning with: \n\n"
    assert r.get("b") == "two words"


def test_last_argument_from_stdin(server, r):
    assert out(cli(server, "-x", "SET", "xk", stdin=b"from\x00stdin\n")) == "OK\n"
    assert r.get("xk") == "from\x00stdin\n"


def test_select_db_and_repeat(server, r):
    assert out(cli(server, "-n", "3", "SET", "in3", "y")) == "OK\n"
    assert out(cli(server, "-n", "3", "DBSIZE")) == "1\n"
    assert r.dbsize() == 0
    assert out(cli(server, "-r", "3", "INCR", "rep")) == "1\n2\n3\n"


def test_scan_mode(server, r):
    r.mset({f"scan:{i}": i for i in range(150)})
    r.set("other", "1")
    keys = out(cli(server, "--scan", "--pattern", "scan:*")).split()
    assert sorted(keys) == sorted(f"scan:{i}" for i in range(150))


def test_pipe_mode(server, r):
    n = 1000
    payload = b"".join(encode_command("SET", f"pipe:{i}", str(i)) for i in range(n - 1))
    payload += encode_command("INCR", "pipe:counter")
    result = cli(server, "--pipe", stdin=payload, timeout=60)
    text = out(result)
    assert result.returncode == 0, text + result.stderr.decode()
    assert "All data transferred. Waiting for the last reply..." in text
    assert "Last reply received from server." in text
    assert text.rstrip().endswith(f"errors: 0, replies: {n}")
    assert r.dbsize() == n
    assert r.get("pipe:500") == "500"


def test_pipe_mode_counts_errors(server, r):
    payload = encode_command("SET", "a", "1") + encode_command("INCR", "a") + encode_command("BAD")
    result = cli(server, "--pipe", stdin=payload)
    assert out(result).rstrip().endswith("errors: 1, replies: 3")
    assert result.returncode == 1
    assert "ERR unknown command 'BAD'" in result.stderr.decode()


def test_benchmark_quick(server, r):
    result = subprocess.run(
        [REDIS_BENCHMARK, "-h", "127.0.0.1", "-p", str(server.port), "-t", "set,get,incr,mset",
         "-n", "2000", "-c", "10", "-P", "8", "--csv"],
        capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert rows[0][:2] == ["test", "rps"]
    tests = {row[0]: float(row[1]) for row in rows[1:]}
    assert set(tests) == {"SET", "GET", "INCR", "MSET (10 keys)"}
    assert all(rps > 0 for rps in tests.values())
    assert r.exists("key:__rand_int__") == 1
    assert int(r.get("counter:__rand_int__")) == 2000


@pytest.mark.parametrize("args, expected", [
    (("PING",), "PONG\n"),
    (("ECHO", "hi"), "hi\n"),
    (("EXISTS", "nosuch"), "0\n"),
    (("TYPE", "nosuch"), "none\n"),
])
def test_simple_commands(server, args, expected):
    assert out(cli(server, *args)) == expected
