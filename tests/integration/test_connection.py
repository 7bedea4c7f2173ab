"""Connection commands: PING ECHO QUIT SELECT HELLO RESET, inline commands."""

import time

import pytest

from conftest import REDIS_COMPAT_VERSION, RespError, close_client, is_cairn


def test_ping(raw):
    assert raw.command("PING") == "PONG"
    raw.send(b"*1\r\n$4\r\nPING\r\n")
    assert raw.read_line() == b"+PONG\r\n"
    raw.send(b"*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n")
    assert raw.read_exact(11) == b"$5\r\nhello\r\n"


def test_ping_case_insensitive(raw):
    for name in ("ping", "PiNg", "PING"):
        assert raw.command(name) == "PONG"


def test_ping_redis_py(r):
    assert r.ping() is True


def test_echo(rb):
    assert rb.echo(b"") == b""
    assert rb.echo(b"hello world") == b"hello world"
    assert rb.echo(b"bin\x00\r\n\xff") == b"bin\x00\r\n\xff"


def test_quit_replies_ok_then_closes(raw):
    raw.send(b"*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n")
    data, closed = raw.read_bytes_until_closed()
    assert data == b"+OK\r\n"
    assert closed


def test_quit_inline(raw):
    raw.send(b"QUIT\r\n")
    assert raw.read_bytes_until_closed() == (b"+OK\r\n", True)


def test_select_isolates_databases(server, r):
    r.set("k", "db0")
    db1 = server.client(db=1, decode_responses=True)
    try:
        assert db1.get("k") is None
        db1.set("k", "db1")
        assert r.get("k") == "db0"
        assert db1.get("k") == "db1"
        assert r.dbsize() == 1 and db1.dbsize() == 1
    finally:
        close_client(db1)


def test_select_all_16_databases(raw):
    for db in range(16):
        assert raw.command("SELECT", db) == "OK"
        assert raw.command("SET", "which", db) == "OK"
    for db in range(16):
        assert raw.command("SELECT", db) == "OK"
        assert raw.command("GET", "which") == str(db).encode()


def test_select_is_per_connection(server, raw):
    assert raw.command("SELECT", 5) == "OK"
    raw.command("SET", "k", "five")
    with server.raw() as other:
        assert other.command("GET", "k") is None
        assert other.command("SELECT", 5) == "OK"
        assert other.command("GET", "k") == b"five"


def hello_fields(reply):
    """HELLO's RESP2 flat array -> dict."""
    assert isinstance(reply, list) and len(reply) == 14
    return dict(zip(reply[0::2], reply[1::2]))


def test_hello_default_is_resp2_flat_array(raw):
    reply = raw.command("HELLO")
    fields = hello_fields(reply)
    assert list(fields) == [b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"]
    assert fields[b"version"] == REDIS_COMPAT_VERSION.encode()
    assert fields[b"proto"] == 2
    assert isinstance(fields[b"id"], int) and fields[b"id"] > 0
    assert fields[b"mode"] == b"standalone"
    assert fields[b"role"] == b"master"
    assert fields[b"modules"] == []
    if not is_cairn():
        assert fields[b"server"] == b"redis"


def test_hello_2_explicit(raw):
    assert hello_fields(raw.command("HELLO", "2"))[b"proto"] == 2


def test_hello_3_map_reply_exact_bytes(raw):
    raw.send_command("HELLO", "3")
    assert raw.read_line() == b"%7\r\n"
    reply = {}
    for _ in range(7):
        key = raw.read_reply()
        reply[key] = raw.read_reply()
    assert list(reply) == [b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"]
    assert reply[b"proto"] == 3
    assert reply[b"version"] == REDIS_COMPAT_VERSION.encode()
    assert reply[b"mode"] == b"standalone"
    assert reply[b"role"] == b"master"
    assert reply[b"modules"] == []
    # The id is the same client id in both protocols.
    assert raw.command("HELLO", "2")[7] == reply[b"id"]


def test_hello_ids_are_unique_and_increasing(server, raw):
    first = hello_fields(raw.command("HELLO"))[b"id"]
    with server.raw() as other:
        second = hello_fields(other.command("HELLO"))[b"id"]
    assert second > first


def test_resp3_null_and_map_encoding(raw):
    raw.command("HELLO", "3")
    raw.send_command("GET", "missing")
    assert raw.read_line() == b"_\r\n"
    raw.send_command("CONFIG", "GET", "maxclients")
    assert raw.read_exact(len(b"%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n")) == \
        b"%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
    # Back to RESP2: null bulk and flat array.
    raw.command("HELLO", "2")
    raw.send_command("GET", "missing")
    assert raw.read_line() == b"$-1\r\n"
    assert raw.command("CONFIG", "GET", "maxclients") == [b"maxclients", b"10000"]


@pytest.mark.parametrize("version", ["1", "4", "0", "-1", "99"])
def test_hello_unsupported_version(raw, version):
    raw.send_command("HELLO", version)
    assert raw.read_line() == b"-NOPROTO unsupported protocol version\r\n"
    # The connection stays in RESP2 and usable.
    raw.send_command("GET", "missing")
    assert raw.read_line() == b"$-1\r\n"


def test_hello_non_integer_version(raw):
    reply = raw.command("HELLO", "abc")
    assert isinstance(reply, RespError)
    assert str(reply) == "ERR Protocol version is not an integer or out of range"


def test_redis_py_resp3_not_needed_but_hello_works(r):
    reply = r.execute_command("HELLO", "2")
    assert isinstance(reply, list) and reply[4] == "proto" and reply[5] == 2


def test_reset(raw):
    raw.command("SELECT", 3)
    raw.command("SET", "in3", "x")
    raw.command("HELLO", "3")
    raw.send_command("RESET")
    assert raw.read_line() == b"+RESET\r\n"
    # Back in db 0 and RESP2.
    raw.send_command("GET", "in3")
    assert raw.read_line() == b"$-1\r\n"
    assert raw.command("SELECT", 3) == "OK"
    assert raw.command("GET", "in3") == b"x"


def test_reset_redis_py(r):
    assert r.execute_command("RESET") == "RESET"
    assert r.ping()


# -- inline commands ------------------------------------------------------------


@pytest.mark.parametrize("request_bytes, expected", [
    (b"PING\r\n", b"+PONG\r\n"),
    (b"PING\n", b"+PONG\r\n"),
    (b"ping hello\r\n", b"$5\r\nhello\r\n"),
    (b"  PING   \r\n", b"+PONG\r\n"),
    (b"ECHO \"hello world\"\r\n", b"$11\r\nhello world\r\n"),
    (b"ECHO 'single quoted'\r\n", b"$13\r\nsingle quoted\r\n"),
    (b"ECHO \"a\\x41b\\n\"\r\n", b"$4\r\naAb\n\r\n"),
    (b"ECHO \"\"\r\n", b"$0\r\n\r\n"),
    (b"\r\n\r\nPING\r\n", b"+PONG\r\n"),
    (b"GET\r\n", b"-ERR wrong number of arguments for 'get' command\r\n"),
])
def test_inline_commands(raw, request_bytes, expected):
    raw.send(request_bytes)
    assert raw.read_exact(len(expected)) == expected
    assert raw.read_available(quiet=0.1) == b""


def test_inline_set_get_and_pipelining(raw):
    raw.send(b"SET greeting \"hi there\"\r\nGET greeting\nEXISTS greeting nosuch\r\n")
    assert raw.read_exact(5 + 14 + 4) == b"+OK\r\n$8\r\nhi there\r\n:1\r\n"


def test_inline_and_multibulk_mixed(raw):
    raw.send(b"SET a 1\r\n*2\r\n$4\r\nINCR\r\n$1\r\na\r\nINCR a\r\n")
    assert raw.read_exact(5 + 4 + 4) == b"+OK\r\n:2\r\n:3\r\n"


def test_inline_empty_lines_produce_no_reply(raw):
    raw.send(b"\r\n\n   \r\n")
    assert raw.read_available(quiet=0.3) == b""
    assert raw.command("PING") == "PONG"


def test_client_library_reconnects_after_quit(server, r):
    r.set("k", "v")
    quitting = r.client_id()
    r.execute_command("QUIT")
    # The reconnect depends on the close having reached the client socket: wait (bounded) until
    # the server has closed the connection, which takes longer under Wine.
    with server.raw() as admin:
        deadline = time.monotonic() + 5
        while admin.command("CLIENT", "LIST", "ID", quitting) and time.monotonic() < deadline:
            time.sleep(0.01)
    # redis-py's pool notices the closed socket and reconnects for the next command.
    assert r.get("k") == "v"
