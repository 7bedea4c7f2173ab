"""Exact error replies, command errors and protocol errors, byte for byte."""

import pytest

from conftest import RespError, encode_command

WRONG_ARGS = "ERR wrong number of arguments for '{}' command"
SYNTAX = "ERR syntax error"
NOT_INT = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
OVERFLOW = "ERR increment or decrement would overflow"
DB_RANGE = "ERR DB index is out of range"
EXPIRE_TIME = "ERR invalid expire time in '{}' command"
SAME_OBJECT = "ERR source and destination objects are the same"


def arity(name):
    return WRONG_ARGS.format(name)


def bad_expire(name):
    return EXPIRE_TIME.format(name)


# (setup commands, command, exact error line without '-')
ERROR_CASES = [
    # unknown commands: the arguments are quoted, each followed by a space
    ([], ("foo", "a", "b"), "ERR unknown command 'foo', with args beginning with: 'a' 'b' "),
    ([], ("foo",), "ERR unknown command 'foo', with args beginning with: "),
    ([], ("FooBar", "x"), "ERR unknown command 'FooBar', with args beginning with: 'x' "),
    # the argument list is cut at 128 characters
    ([], ("foo",) + ("x" * 30,) * 20,
     "ERR unknown command 'foo', with args beginning with: " + ("'" + "x" * 30 + "' ") * 3 + "'" + "x" * 29 + "' "),
    # arity: always the lower-case command name
    ([], ("GET",), arity("get")),
    ([], ("GeT", "a", "b"), arity("get")),
    ([], ("SET", "k"), arity("set")),
    ([], ("MSET", "a"), arity("mset")),
    ([], ("MSET", "a", "1", "b"), arity("mset")),
    ([], ("MSETNX", "a"), arity("msetnx")),
    ([], ("MGET",), arity("mget")),
    ([], ("ECHO",), arity("echo")),
    ([], ("ECHO", "a", "b"), arity("echo")),
    ([], ("PING", "a", "b"), arity("ping")),
    ([], ("SELECT", "1", "2"), arity("select")),
    ([], ("SWAPDB", "0"), arity("swapdb")),
    ([], ("DBSIZE", "x"), arity("dbsize")),
    ([], ("TIME", "x"), arity("time")),
    ([], ("KEYS",), arity("keys")),
    ([], ("RANDOMKEY", "x"), arity("randomkey")),
    ([], ("RESET", "x"), arity("reset")),
    ([], ("APPEND", "k"), arity("append")),
    ([], ("GETRANGE", "k", "0"), arity("getrange")),
    ([], ("SETNX", "a"), arity("setnx")),
    ([], ("LCS", "a"), arity("lcs")),
    ([], ("TTL",), arity("ttl")),
    ([], ("EXISTS",), arity("exists")),
    ([], ("DEL",), arity("del")),
    ([], ("EXPIRE", "k"), arity("expire")),
    ([], ("INCRBYFLOAT", "k"), arity("incrbyfloat")),
    ([], ("OBJECT",), arity("object")),
    ([], ("CONFIG",), arity("config")),
    ([], ("OBJECT", "ENCODING"), arity("object|encoding")),
    ([], ("OBJECT", "help", "x"), arity("object|help")),
    ([], ("CONFIG", "GET"), arity("config|get")),
    ([], ("CONFIG", "SET"), arity("config|set")),
    ([], ("CONFIG", "SET", "hz"), arity("config|set")),
    ([], ("CONFIG", "RESETSTAT", "x"), arity("config|resetstat")),
    ([], ("COMMAND", "COUNT", "x"), arity("command|count")),
    ([], ("COMMAND", "GETKEYS"), arity("command|getkeys")),
    ([], ("COMMAND", "GETKEYS", "get"), arity("command|getkeys")),
    # unknown subcommands
    ([], ("CONFIG", "foo"), "ERR unknown subcommand 'foo'. Try CONFIG HELP."),
    ([], ("OBJECT", "foo", "k"), "ERR unknown subcommand 'foo'. Try OBJECT HELP."),
    ([], ("COMMAND", "foo"), "ERR unknown subcommand 'foo'. Try COMMAND HELP."),
    # syntax errors
    ([], ("SET", "k", "v", "foo"), SYNTAX),
    ([], ("SET", "k", "v", "NX", "XX"), SYNTAX),
    ([], ("SET", "k", "v", "EX", "10", "PX", "10"), SYNTAX),
    ([], ("SET", "k", "v", "EX", "10", "KEEPTTL"), SYNTAX),
    ([], ("SET", "k", "v", "KEEPTTL", "EXAT", "10"), SYNTAX),
    ([], ("SET", "k", "v", "EX"), SYNTAX),
    ([], ("GETEX", "k", "foo"), SYNTAX),
    ([], ("GETEX", "k", "EX"), SYNTAX),
    ([], ("GETEX", "k", "PERSIST", "EX", "10"), SYNTAX),
    ([], ("FLUSHALL", "foo"), SYNTAX),
    ([], ("FLUSHALL", "ASYNC", "SYNC"), SYNTAX),
    ([], ("FLUSHDB", "foo"), SYNTAX),
    ([], ("SCAN", "0", "COUNT", "0"), SYNTAX),
    ([], ("SCAN", "0", "COUNT", "-1"), SYNTAX),
    ([], ("SCAN", "0", "MATCH"), SYNTAX),
    ([], ("SCAN", "0", "TYPE"), SYNTAX),
    ([], ("SCAN", "0", "foo", "bar"), SYNTAX),
    ([], ("COPY", "a", "b", "foo"), SYNTAX),
    ([], ("COPY", "a", "b", "DB"), SYNTAX),
    ([], ("LCS", "a", "b", "foo"), SYNTAX),
    ([], ("SHUTDOWN", "foo"), SYNTAX),
    ([], ("SHUTDOWN", "NOSAVE", "SAVE"), SYNTAX),
    ([], ("CONFIG", "SET", "hz", "10", "maxmemory"), SYNTAX),
    ([], ("COMMAND", "LIST", "FILTERBY", "foo", "x"), SYNTAX),
    ([], ("COMMAND", "LIST", "FILTERBY", "PATTERN"), SYNTAX),
    ([], ("COMMAND", "LIST", "foo"), SYNTAX),
    # integers
    ([], ("SET", "k", "v", "EX", "abc"), NOT_INT),
    ([], ("SET", "k", "v", "EX", "1.5"), NOT_INT),
    ([], ("SET", "k", "v", "PXAT", "abc"), NOT_INT),
    ([], ("SETEX", "k", "abc", "v"), NOT_INT),
    ([], ("INCRBY", "n", "abc"), NOT_INT),
    ([], ("INCRBY", "n", "1.5"), NOT_INT),
    ([], ("INCRBY", "n", ""), NOT_INT),
    ([], ("INCRBY", "n", "9223372036854775808"), NOT_INT),
    ([], ("DECRBY", "n", "abc"), NOT_INT),
    ([("SET", "s", "abc")], ("INCR", "s"), NOT_INT),
    ([("SET", "s", " 1")], ("INCR", "s"), NOT_INT),
    ([("SET", "s", "01")], ("INCR", "s"), NOT_INT),
    ([("SET", "s", "+1")], ("INCR", "s"), NOT_INT),
    ([("SET", "s", "")], ("DECR", "s"), NOT_INT),
    ([("SET", "s", "1e2")], ("INCR", "s"), NOT_INT),
    ([], ("EXPIRE", "k", "abc"), NOT_INT),
    ([], ("EXPIREAT", "k", "abc"), NOT_INT),
    ([], ("SELECT", "abc"), NOT_INT),
    ([], ("MOVE", "k", "abc"), NOT_INT),
    ([], ("COPY", "a", "b", "DB", "abc"), NOT_INT),
    ([], ("GETRANGE", "k", "a", "b"), NOT_INT),
    ([], ("SETRANGE", "k", "abc", "v"), NOT_INT),
    ([], ("SCAN", "0", "COUNT", "abc"), NOT_INT),
    ([], ("LCS", "a", "b", "MINMATCHLEN", "abc"), NOT_INT),
    ([("SET", "k", "v")], ("GETEX", "k", "EX", "abc"), NOT_INT),
    # overflow
    ([("SET", "n", "9223372036854775807")], ("INCR", "n"), OVERFLOW),
    ([("SET", "n", "9223372036854775807")], ("INCRBY", "n", "1"), OVERFLOW),
    ([("SET", "n", "9223372036854775807")], ("DECRBY", "n", "-1"), OVERFLOW),
    ([("SET", "n", "-9223372036854775808")], ("DECR", "n"), OVERFLOW),
    ([("SET", "n", "-9223372036854775808")], ("DECRBY", "n", "1"), OVERFLOW),
    ([("SET", "n", "-9223372036854775808")], ("INCRBY", "n", "-1"), OVERFLOW),
    ([], ("DECRBY", "n", "-9223372036854775808"), "ERR decrement would overflow"),
    # floats
    ([], ("INCRBYFLOAT", "f", "abc"), NOT_FLOAT),
    ([], ("INCRBYFLOAT", "f", ""), NOT_FLOAT),
    ([], ("INCRBYFLOAT", "f", "nan"), NOT_FLOAT),
    ([], ("INCRBYFLOAT", "f", " 1"), NOT_FLOAT),
    ([], ("INCRBYFLOAT", "f", "1e5000"), NOT_FLOAT),
    ([("SET", "f", "abc")], ("INCRBYFLOAT", "f", "1"), NOT_FLOAT),
    ([("SET", "f", " 1")], ("INCRBYFLOAT", "f", "1"), NOT_FLOAT),
    ([("SET", "f", "1")], ("INCRBYFLOAT", "f", "inf"), "ERR increment would produce NaN or Infinity"),
    # expire times
    ([], ("SET", "k", "v", "EX", "0"), bad_expire("set")),
    ([], ("SET", "k", "v", "EX", "-1"), bad_expire("set")),
    ([], ("SET", "k", "v", "PX", "0"), bad_expire("set")),
    ([], ("SET", "k", "v", "PX", "-5"), bad_expire("set")),
    ([], ("SET", "k", "v", "EXAT", "0"), bad_expire("set")),
    ([], ("SET", "k", "v", "PXAT", "0"), bad_expire("set")),
    ([], ("SET", "k", "v", "EX", "9999999999999999"), bad_expire("set")),
    ([], ("SET", "k", "v", "PX", "9223372036854775807"), bad_expire("set")),
    ([], ("SETEX", "k", "0", "v"), bad_expire("setex")),
    ([], ("SETEX", "k", "-5", "v"), bad_expire("setex")),
    ([], ("SETEX", "k", "9223372036854775807", "v"), bad_expire("setex")),
    ([], ("PSETEX", "k", "0", "v"), bad_expire("psetex")),
    ([], ("PSETEX", "k", "-1", "v"), bad_expire("psetex")),
    ([("SET", "k", "v")], ("GETEX", "k", "EX", "0"), bad_expire("getex")),
    ([("SET", "k", "v")], ("GETEX", "k", "EX", "-1"), bad_expire("getex")),
    ([("SET", "k", "v")], ("GETEX", "k", "PX", "0"), bad_expire("getex")),
    ([("SET", "k", "v")], ("GETEX", "k", "EXAT", "0"), bad_expire("getex")),
    ([], ("EXPIRE", "k", "9223372036854775807"), bad_expire("expire")),
    ([], ("EXPIRE", "k", "9223372036854770"), bad_expire("expire")),
    ([], ("PEXPIRE", "k", "9223372036854775807"), bad_expire("pexpire")),
    ([], ("EXPIREAT", "k", "9223372036854775807"), bad_expire("expireat")),
    # expire options
    ([], ("EXPIRE", "k", "10", "NX", "XX"), "ERR NX and XX, GT or LT options at the same time are not compatible"),
    ([], ("EXPIRE", "k", "10", "NX", "GT"), "ERR NX and XX, GT or LT options at the same time are not compatible"),
    ([], ("PEXPIRE", "k", "10", "GT", "LT"), "ERR GT and LT options at the same time are not compatible"),
    ([], ("EXPIRE", "k", "10", "foo"), "ERR Unsupported option foo"),
    # databases
    ([], ("SELECT", "16"), DB_RANGE),
    ([], ("SELECT", "-1"), DB_RANGE),
    ([("SET", "a", "1")], ("MOVE", "a", "16"), DB_RANGE),
    ([("SET", "a", "1")], ("COPY", "a", "b", "DB", "16"), DB_RANGE),
    ([], ("SWAPDB", "0", "16"), DB_RANGE),
    ([], ("SWAPDB", "-1", "0"), DB_RANGE),
    ([], ("SWAPDB", "abc", "0"), "ERR invalid first DB index"),
    ([], ("SWAPDB", "0", "abc"), "ERR invalid second DB index"),
    ([("SET", "a", "1")], ("MOVE", "a", "0"), SAME_OBJECT),
    ([("SET", "a", "1")], ("COPY", "a", "a"), SAME_OBJECT),
    # keys
    ([], ("RENAME", "nosuch", "b"), "ERR no such key"),
    ([], ("RENAMENX", "nosuch", "b"), "ERR no such key"),
    ([], ("SCAN", "abc"), "ERR invalid cursor"),
    ([], ("SCAN", "18446744073709551616"), "ERR invalid cursor"),
    ([("SET", "a", "1")], ("OBJECT", "FREQ", "a"),
     "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
     "when switching between policies at runtime LRU and LFU data will take some time to adjust."),
    # strings
    ([], ("SETRANGE", "k", "-1", "x"), "ERR offset is out of range"),
    ([], ("SETRANGE", "k", "536870912", "x"), "ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
    ([], ("LCS", "a", "b", "LEN", "IDX"), "ERR If you want both the length and indexes, please just use IDX."),
    # HELLO
    ([], ("HELLO", "abc"), "ERR Protocol version is not an integer or out of range"),
    ([], ("HELLO", "4"), "NOPROTO unsupported protocol version"),
    ([], ("HELLO", "3", "foo"), "ERR Syntax error in HELLO option 'foo'"),
    # CONFIG
    ([], ("CONFIG", "SET", "foo", "bar"), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"),
    ([], ("CONFIG", "SET", "maxmemory", "abc"),
     "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"),
    ([], ("CONFIG", "SET", "hz", "abc"),
     "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"),
    ([], ("CONFIG", "SET", "timeout", "-1"),
     "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and "
     "2147483647 inclusive"),
    ([], ("CONFIG", "SET", "maxmemory-policy", "foo"),
     "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of "
     "the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
     "allkeys-random, noeviction"),
    ([], ("CONFIG", "SET", "databases", "5"),
     "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"),
    ([], ("CONFIG", "SET", "hz", "20", "hz", "30"),
     "ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter"),
    # COMMAND
    ([], ("COMMAND", "GETKEYS", "foo", "a"), "ERR Invalid command specified"),
    ([], ("COMMAND", "GETKEYS", "ping", "x"), "ERR The command has no key arguments"),
    ([], ("COMMAND", "GETKEYS", "get", "a", "b"), "ERR Invalid number of arguments specified for command"),
]


def case_id(case):
    _, cmd, _ = case
    text = " ".join(cmd)
    return text if len(text) < 60 else text[:57] + "..."


@pytest.mark.parametrize("setup, command, error", ERROR_CASES, ids=[case_id(c) for c in ERROR_CASES])
def test_error_reply(raw, setup, command, error):
    for s in setup:
        assert not isinstance(raw.command(*s), RespError)
    raw.send_command(*command)
    assert raw.read_line() == b"-" + error.encode() + b"\r\n"
    # The connection stays usable after an error reply.
    assert raw.command("PING") == "PONG"


def test_errors_do_not_modify_data(raw):
    raw.command("SET", "k", "v")
    for cmd in [("SET", "k", "x", "EX", "0"), ("SET", "k", "x", "NX", "XX"), ("MSET", "k", "x", "j"),
                ("INCR", "k"), ("INCRBYFLOAT", "k", "1"), ("SETRANGE", "k", "-1", "x"),
                ("CONFIG", "SET", "hz", "20", "maxmemory", "abc")]:
        assert isinstance(raw.command(*cmd), RespError)
    assert raw.command("GET", "k") == b"v"
    assert raw.command("TTL", "k") == -1
    assert raw.command("EXISTS", "j") == 0
    assert raw.command("CONFIG", "GET", "hz") == [b"hz", b"10"]


def test_getex_on_missing_key_ignores_bad_expire(raw):
    # GETEX looks the key up before validating the expire value.
    assert raw.command("GETEX", "nosuch", "EX", "0") is None
    assert raw.command("GETEX", "nosuch", "EX", "abc") is None


def test_repeated_set_options_are_accepted(raw):
    assert raw.command("SET", "k", "v", "EX", "10", "EX", "20") == "OK"
    assert raw.command("TTL", "k") == 20
    assert raw.command("SET", "k", "v2", "GET", "GET") == b"v"
    assert raw.command("SET", "k", "v3", "NX", "NX") is None


def test_errors_in_a_pipeline_keep_order(raw):
    raw.send(encode_command("SET", "a", "1") + encode_command("INCR", "a") + encode_command("foo")
             + encode_command("GET") + encode_command("INCRBYFLOAT", "a", "x") + encode_command("GET", "a"))
    expected = (b"+OK\r\n:2\r\n-ERR unknown command 'foo', with args beginning with: \r\n"
                b"-ERR wrong number of arguments for 'get' command\r\n-ERR value is not a valid float\r\n"
                b"$1\r\n2\r\n")
    assert raw.read_exact(len(expected)) == expected


def test_command_names_in_a_pipeline_each_looked_up(raw):
    # The server remembers the last name it looked up: a repeated name, the same name in
    # another case, a longer or shorter one, an unknown one right after a known one and a
    # name past the remembered length must each still find their own command, or none.
    raw.send(encode_command("SET", "a", "1") + encode_command("GET", "a") + encode_command("GET", "a")
             + encode_command("get", "a") + encode_command("GETX", "a") + encode_command("GE", "a")
             + encode_command("GETSET", "a", "2") + encode_command("gEt", "a")
             + encode_command("ZREMRANGEBYSCORE", "z", "0", "1")
             + encode_command("ZREMRANGEBYSCOREX", "z") + encode_command("ZREMRANGEBYSCORE", "z", "0", "1")
             + encode_command("", "a") + encode_command("GET", "a"))
    expected = (b"+OK\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n"
                b"-ERR unknown command 'GETX', with args beginning with: 'a' \r\n"
                b"-ERR unknown command 'GE', with args beginning with: 'a' \r\n"
                b"$1\r\n1\r\n$1\r\n2\r\n:0\r\n"
                b"-ERR unknown command 'ZREMRANGEBYSCOREX', with args beginning with: 'z' \r\n"
                b":0\r\n"
                b"-ERR unknown command '', with args beginning with: 'a' \r\n"
                b"$1\r\n2\r\n")
    assert raw.read_exact(len(expected)) == expected


# -- WRONGTYPE: needs a non-string value, created with LPUSH ------------------------

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"


@pytest.mark.parametrize("command, error", [
    (("GET", "l"), WRONGTYPE),
    (("INCR", "l"), WRONGTYPE),
    (("INCRBYFLOAT", "l", "1"), WRONGTYPE),
    (("APPEND", "l", "x"), WRONGTYPE),
    (("STRLEN", "l"), WRONGTYPE),
    (("GETRANGE", "l", "0", "1"), WRONGTYPE),
    (("SETRANGE", "l", "0", "x"), WRONGTYPE),
    (("GETSET", "l", "x"), WRONGTYPE),
    (("GETDEL", "l"), WRONGTYPE),
    (("GETEX", "l"), WRONGTYPE),
    (("SET", "l", "x", "GET"), WRONGTYPE),
    (("LCS", "l", "x"), "ERR The specified keys must contain string values"),
])
def test_wrongtype(raw, command, error):
    assert raw.command("LPUSH", "l", "a") == 1
    raw.send_command(*command)
    assert raw.read_line() == b"-" + error.encode() + b"\r\n"
    assert raw.command("TYPE", "l") == "list"


def test_wrongtype_mget_returns_nil_and_set_overwrites(raw):
    assert raw.command("LPUSH", "l", "a") == 1
    raw.command("SET", "s", "v")
    assert raw.command("MGET", "s", "l") == [b"v", None]
    assert raw.command("SET", "l", "now-a-string") == "OK"
    assert raw.command("TYPE", "l") == "string"


# -- protocol errors: exact bytes, then the server closes the connection ---------------


PROTOCOL_ERROR_CASES = [
    (b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*2147483648\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1\r\n$abc\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$-1\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$536870913\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$999999999999\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\nx4\r\nPING\r\n", b"-ERR Protocol error: expected '$', got 'x'\r\n"),
    (b"*2\r\n$4\r\nECHO\r\n:1\r\n", b"-ERR Protocol error: expected '$', got ':'\r\n"),
    (b"A" * 70000, b"-ERR Protocol error: too big inline request\r\n"),
    (b"*" + b"1" * 70000, b"-ERR Protocol error: too big mbulk count string\r\n"),
    (b"*1\r\n$" + b"1" * 70000, b"-ERR Protocol error: too big bulk count string\r\n"),
    (b"ECHO \"abc\r\n", b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (b"ECHO 'abc\r\n", b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (b"SET k \"a\"b\r\n", b"-ERR Protocol error: unbalanced quotes in request\r\n"),
]


@pytest.mark.parametrize("payload, expected", PROTOCOL_ERROR_CASES,
                         ids=[repr(p[:24]) for p, _ in PROTOCOL_ERROR_CASES])
def test_protocol_error_closes_connection(server, payload, expected):
    with server.raw() as c:
        # Commands before the bad one are answered first.
        c.send(b"*1\r\n$4\r\nPING\r\n" + payload)
        data, closed = c.read_bytes_until_closed(timeout=5.0)
        assert data == b"+PONG\r\n" + expected
        assert closed
    with server.raw() as c:
        assert c.command("PING") == "PONG"


@pytest.mark.parametrize("payload, reply", [
    (b"*-1\r\n*1\r\n$4\r\nPING\r\n", b"+PONG\r\n"),         # null multibulk: ignored
    (b"*0\r\n*1\r\n$4\r\nPING\r\n", b"+PONG\r\n"),          # empty multibulk: ignored
    (b"*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", b"$0\r\n\r\n"),     # empty bulk argument
    (b"*1\r\n$536870912\r\n", b""),                         # exactly the limit: waits for data
    (b"*1048577\r\n", b""),                                # big but valid count: waits for data
])
def test_protocol_edge_cases_accepted(server, payload, reply):
    with server.raw() as c:
        c.send(payload)
        assert c.read_available(quiet=0.3) == reply
        # Still open: closing from our side is fine; the server must not have replied an error.
    with server.raw() as c:
        assert c.command("PING") == "PONG"
