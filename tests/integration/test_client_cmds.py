"""CLIENT and its subcommands: LIST INFO ID GETNAME SETNAME KILL PAUSE UNPAUSE REPLY NO-EVICT
UNBLOCK GETREDIR TRACKINGINFO HELP, byte for byte as Redis 7.0.15, plus Cairn's Redis 7.2
additions (SETINFO, NO-TOUCH)."""

import socket
import time

import pytest

from conftest import RespError, cairn_only, encode_command, not_on_windows

FIELDS = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
          "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
          "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp"]

HELP = [
    "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    "HELP",
    "    Prints this help.",
]


# --------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------

def parse_line(line):
    """One CLIENT LIST line -> ordered list of (field, value)."""
    if isinstance(line, bytes):
        line = line.decode()
    pairs = []
    for part in line.split(" "):
        k, _, v = part.partition("=")
        pairs.append((k, v))
    return pairs


def parse_list(payload):
    """A CLIENT LIST / INFO payload (bytes, RESP3 verbatim 'txt:' prefix allowed) -> list of
    dicts, one per line."""
    if payload.startswith(b"txt:"):
        payload = payload[4:]
    text = payload.decode()
    assert text == "" or text.endswith("\n")
    return [dict(parse_line(line)) for line in text.split("\n") if line]


def info(conn):
    """CLIENT INFO of a RawConnection as a dict."""
    (d,) = parse_list(conn.command("CLIENT", "INFO"))
    return d


def line_of(conn, client_id):
    """The CLIENT LIST ID line of client_id (dict), or None."""
    lines = parse_list(conn.command("CLIENT", "LIST", "ID", client_id))
    return lines[0] if lines else None


def addr_of(conn):
    host, port = conn.sock.getsockname()[:2]
    return f"{host}:{port}"


def is_closed(conn, timeout=3.0):
    data, closed = conn.read_bytes_until_closed(timeout)
    return closed


def wait_listed(conn, addr, timeout=3.0):
    """Wait until the server lists a client with this addr (accept is asynchronous)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for c in parse_list(conn.command("CLIENT", "LIST")):
            if c["addr"] == addr:
                return c
        time.sleep(0.02)
    raise AssertionError(f"{addr} never listed")


@pytest.fixture
def srv(server_factory):
    """A private server: KILL and PAUSE tests need exact client counts and no shared pause."""
    return server_factory()


# --------------------------------------------------------------------------------
# Dispatch, arity, HELP
# --------------------------------------------------------------------------------

def test_client_without_subcommand(raw):
    assert str(raw.command("CLIENT")) == "ERR wrong number of arguments for 'client' command"
    assert str(raw.command("CLIENT", "FOO")) == "ERR unknown subcommand 'FOO'. Try CLIENT HELP."


@pytest.mark.parametrize("args, name", [
    (("ID", "x"), "client|id"),
    (("INFO", "x"), "client|info"),
    (("GETNAME", "x"), "client|getname"),
    (("SETNAME",), "client|setname"),
    (("SETNAME", "a", "b"), "client|setname"),
    (("KILL",), "client|kill"),
    (("PAUSE",), "client|pause"),
    (("UNPAUSE", "x"), "client|unpause"),
    (("REPLY",), "client|reply"),
    (("REPLY", "on", "x"), "client|reply"),
    (("NO-EVICT",), "client|no-evict"),
    (("UNBLOCK",), "client|unblock"),
    (("GETREDIR", "x"), "client|getredir"),
    (("TRACKINGINFO", "x"), "client|trackinginfo"),
    (("HELP", "x"), "client|help"),
])
def test_arity_errors(raw, args, name):
    err = raw.command("CLIENT", *args)
    assert isinstance(err, RespError)
    assert str(err) == f"ERR wrong number of arguments for '{name}' command"


def test_subcommand_syntax_errors(raw):
    # Arity allows these, the handler does not: Redis's addReplySubcommandSyntaxError.
    raw.send_command("CLIENT", "PAUSE", "10", "WRITE", "x")
    assert raw.read_line() == (b"-ERR unknown subcommand or wrong number of arguments for "
                               b"'PAUSE'. Try CLIENT HELP.\r\n")
    raw.send_command("CLIENT", "unblock", "1", "a", "b")
    assert raw.read_line() == (b"-ERR unknown subcommand or wrong number of arguments for "
                               b"'unblock'. Try CLIENT HELP.\r\n")


def test_help(raw):
    assert raw.command("CLIENT", "HELP") == HELP
    raw.send_command("client", "help")
    assert raw.read_line() == b"*48\r\n"
    assert raw.read_line() == b"+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"


def test_command_info_specs(rr):
    (entry,) = rr.execute_command("COMMAND", "INFO", "client")
    assert entry[:6] == ["client", -2, [], 0, 0, 0]
    subs = {e[0]: e for e in entry[9]}
    admin = ["admin", "noscript", "loading", "stale"]
    plain = ["noscript", "loading", "stale"]
    acl_admin = ["@admin", "@slow", "@dangerous", "@connection"]
    acl = ["@slow", "@connection"]
    expected = {
        "client|list": (-2, admin, acl_admin),
        "client|info": (2, plain, acl),
        "client|id": (2, plain, acl),
        "client|getname": (2, plain, acl),
        "client|setname": (3, plain, acl),
        "client|kill": (-3, admin, acl_admin),
        "client|pause": (-3, admin, acl_admin),
        "client|unpause": (2, admin, acl_admin),
        "client|reply": (3, plain, acl),
        "client|no-evict": (3, admin, acl_admin),
        "client|unblock": (-3, admin, acl_admin),
        "client|getredir": (2, plain, acl),
        "client|trackinginfo": (2, plain, acl),
        "client|help": (2, ["loading", "stale"], acl),
    }
    for name, (arity, flags, cats) in expected.items():
        e = subs[name]
        assert (e[1], e[2], e[6]) == (arity, flags, cats), name
    assert subs["client|list"][7] == ["nondeterministic_output"]


def test_command_docs_summaries(rr):
    flat = rr.execute_command("COMMAND", "DOCS", "client")
    doc = dict(zip(flat[1][0::2], flat[1][1::2]))
    assert doc["summary"] == "A container for client connection commands"
    assert doc["group"] == "connection" and doc["since"] == "2.4.0"
    subs = dict(zip(doc["subcommands"][0::2], doc["subcommands"][1::2]))
    kill = dict(zip(subs["client|kill"][0::2], subs["client|kill"][1::2]))
    assert kill["summary"] == "Kill the connection of a client"
    assert kill["complexity"] == "O(N) where N is the number of client connections"
    pause = dict(zip(subs["client|pause"][0::2], subs["client|pause"][1::2]))
    assert pause["since"] == "2.9.50"
    assert pause["arguments"][0] == ["name", "timeout", "type", "integer"]


# --------------------------------------------------------------------------------
# ID, INFO, LIST
# --------------------------------------------------------------------------------

def test_id_matches_info_and_list(raw):
    cid = raw.command("CLIENT", "ID")
    assert isinstance(cid, int) and cid > 0
    assert info(raw)["id"] == str(cid)
    assert line_of(raw, cid)["id"] == str(cid)


def test_info_field_names_and_order(raw):
    payload = raw.command("CLIENT", "INFO")
    assert payload.endswith(b"\n") and payload.count(b"\n") == 1
    assert [k for k, _ in parse_line(payload[:-1])] == FIELDS


def test_list_field_names_and_order(server, raw):
    with server.raw() as other:
        other.command("PING")
        lines = parse_list(raw.command("CLIENT", "LIST"))
        assert len(lines) >= 2
        payload = raw.command("CLIENT", "LIST")
        for line in payload.decode().rstrip("\n").split("\n"):
            assert [k for k, _ in parse_line(line)] == FIELDS


def test_info_values_of_the_caller(server, raw):
    raw.send(encode_command("CLIENT", "INFO"))
    d = dict(parse_line(raw.read_reply()[:-1]))
    assert d["addr"] == addr_of(raw)
    assert d["laddr"] == f"127.0.0.1:{server.port}"
    assert int(d["fd"]) > 0
    assert d["name"] == ""
    assert int(d["age"]) >= 0 and int(d["idle"]) >= 0
    assert d["flags"] == "N"
    assert d["db"] == "0"
    assert (d["sub"], d["psub"], d["ssub"], d["multi"]) == ("0", "0", "0", "-1")
    # The query buffer still holds the command being run; argv-mem is "client" + "info".
    assert int(d["qbuf"]) == len(encode_command("CLIENT", "INFO"))
    assert int(d["qbuf-free"]) > 0
    assert d["argv-mem"] == "10"
    assert d["multi-mem"] == "0"
    assert int(d["rbs"]) >= 0 and 0 <= int(d["rbp"])
    assert (d["obl"], d["oll"], d["omem"]) == ("0", "0", "0")
    assert int(d["tot-mem"]) > 0
    assert d["events"] == "r"
    assert d["cmd"] == "client|info"
    assert d["user"] == "default"
    assert d["redir"] == "-1"
    assert d["resp"] == "2"


def test_list_cmd_is_client_list(raw):
    me = raw.command("CLIENT", "ID")
    (mine,) = [c for c in parse_list(raw.command("CLIENT", "LIST")) if c["id"] == str(me)]
    assert mine["cmd"] == "client|list"
    assert mine["argv-mem"] == "10"


def test_list_values_of_another_client(server, raw):
    with server.raw() as other:
        oid = other.command("CLIENT", "ID")
        assert other.command("SELECT", "5") == "OK"
        assert other.command("CLIENT", "SETNAME", "worker-1") == "OK"
        assert other.command("GET", "nosuchkey") is None
        d = line_of(raw, oid)
        assert d["addr"] == addr_of(other)
        assert d["name"] == "worker-1"
        assert d["db"] == "5"
        assert d["cmd"] == "get"
        assert d["flags"] == "N"
        # Idle and not mid-command: nothing buffered, no arguments held.
        assert (d["qbuf"], d["argv-mem"], d["obl"], d["oll"], d["omem"]) == ("0", "0", "0", "0", "0")
        assert d["events"] == "r"
        assert int(d["tot-mem"]) > 0


def test_stuck_output_shows_rw_and_omem(srv):
    """A client that does not read its replies: the output waits in the reply list (oll, omem)
    and the connection waits for writability (events=rw)."""
    with srv.raw() as admin:
        assert admin.command("SET", "big", b"x" * 1000000) == "OK"
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", srv.port))
        try:
            s.sendall(encode_command("GET", "big") * 30)
            port = s.getsockname()[1]
            deadline = time.monotonic() + 5
            d = None
            while True:
                # The connection may not be accepted yet on a loaded machine: poll for it.
                mine = [c for c in parse_list(admin.command("CLIENT", "LIST"))
                        if c["addr"] == f"127.0.0.1:{port}"]
                d = mine[0] if mine else d
                if (d and d["cmd"] == "get" and int(d["oll"]) > 0) or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert d is not None, "the connection never showed up in CLIENT LIST"
            assert d["events"] == "rw"
            assert int(d["oll"]) > 0
            assert int(d["omem"]) > 1000000
            assert int(d["tot-mem"]) > int(d["omem"])
            # A client waiting to write can be killed; its pending output is dropped.
            assert admin.command("CLIENT", "KILL", "ID", d["id"]) == 1
            assert admin.command("PING") == "PONG"
            assert str(d["id"]) not in {c["id"] for c in parse_list(admin.command("CLIENT", "LIST"))}
        finally:
            s.close()


@not_on_windows("no unixsocket (Unix domain sockets)")
def test_unix_socket_client(server_factory, tmp_path):
    path = str(tmp_path / "cairn.sock")
    srv = server_factory(extra_args=["--unixsocket", path])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    try:
        s.sendall(encode_command("CLIENT", "INFO"))
        data = b""
        while not data.endswith(b"\n\r\n"):
            chunk = s.recv(65536)
            assert chunk
            data += chunk
        d = dict(parse_line(data.split(b"\r\n", 1)[1][:-3]))
        assert d["addr"] == f"{path}:0" and d["laddr"] == f"{path}:0"
        assert d["flags"] == "U"
        with srv.raw() as tcp:
            assert tcp.command("CLIENT", "KILL", f"{path}:0") == "OK"
        s.settimeout(3)
        assert s.recv(100) == b""
    finally:
        s.close()


def test_cmd_null_before_first_command(server, raw):
    with server.raw() as fresh:
        d = wait_listed(raw, addr_of(fresh))
        assert d["cmd"] == "NULL"


def test_resp_field_follows_hello(server):
    with server.raw() as c:
        assert info(c)["resp"] == "2"
        c.command("HELLO", "3")
        assert info(c)["resp"] == "3"
        c.command("HELLO", "2")
        assert info(c)["resp"] == "2"


def test_age_and_idle_advance(server, raw):
    with server.raw() as other:
        oid = other.command("CLIENT", "ID")
        time.sleep(2.2)
        d = line_of(raw, oid)
        assert int(d["age"]) >= 1 and int(d["idle"]) >= 1
        assert other.command("PING") == "PONG"
        d2 = line_of(raw, oid)
        assert int(d2["idle"]) <= 1
        assert int(d2["age"]) >= int(d["age"])


def test_list_type_filter(raw):
    me = str(raw.command("CLIENT", "ID"))
    normal = parse_list(raw.command("CLIENT", "LIST", "TYPE", "normal"))
    assert me in {c["id"] for c in normal}
    assert parse_list(raw.command("CLIENT", "LIST", "TYPE", "NORMAL")) != []
    for t in ("master", "replica", "slave", "pubsub", "PUBSUB"):
        raw.send_command("CLIENT", "LIST", "TYPE", t)
        assert raw.read_line() == b"$0\r\n"
        assert raw.read_line() == b"\r\n"
    assert str(raw.command("CLIENT", "LIST", "TYPE", "foo")) == "ERR Unknown client type 'foo'"


@pytest.mark.parametrize("args", [("foo",), ("TYPE",), ("TYPE", "normal", "x"), ("ID",),
                                  ("foo", "bar", "baz")])
def test_list_syntax_errors(raw, args):
    assert str(raw.command("CLIENT", "LIST", *args)) == "ERR syntax error"


def test_list_id_filter(server, raw):
    me = raw.command("CLIENT", "ID")
    with server.raw() as other:
        oid = other.command("CLIENT", "ID")
        got = parse_list(raw.command("CLIENT", "LIST", "ID", oid, 99999999, me))
        assert [c["id"] for c in got] == [str(oid), str(me)]
        got = parse_list(raw.command("client", "list", "id", me, oid))
        assert [c["id"] for c in got] == [str(me), str(oid)]
    for missing in ("99999999", "0", "-1"):
        raw.send_command("CLIENT", "LIST", "ID", missing)
        assert raw.read_exact(6) == b"$0\r\n\r\n"
    assert str(raw.command("CLIENT", "LIST", "ID", "abc")) == "ERR Invalid client ID"
    assert str(raw.command("CLIENT", "LIST", "ID", me, "1x")) == "ERR Invalid client ID"


def test_list_and_info_resp3_verbatim(server):
    with server.raw() as c:
        c.command("HELLO", "3")
        c.send_command("CLIENT", "LIST", "TYPE", "master")
        assert c.read_exact(10) == b"=4\r\ntxt:\r\n"
        c.send_command("CLIENT", "INFO")
        head = c.read_line()
        assert head.startswith(b"=")
        n = int(head[1:-2])
        body = c.read_exact(n + 2)
        assert body.startswith(b"txt:id=") and body.endswith(b"\n\r\n")
        assert dict(parse_line(body[4:-3]))["resp"] == "3"
        lines = parse_list(c.command("CLIENT", "LIST"))
        assert any(d["resp"] == "3" for d in lines)


def test_list_and_info_resp2_bulk(raw):
    raw.send_command("CLIENT", "INFO")
    head = raw.read_line()
    assert head.startswith(b"$")
    body = raw.read_exact(int(head[1:-2]) + 2)
    assert body.startswith(b"id=") and body.endswith(b"\n\r\n")


# --------------------------------------------------------------------------------
# GETNAME / SETNAME
# --------------------------------------------------------------------------------

def test_getname_setname(raw):
    raw.send_command("CLIENT", "GETNAME")
    assert raw.read_line() == b"$-1\r\n"
    assert raw.command("CLIENT", "SETNAME", "my-conn_1") == "OK"
    raw.send_command("CLIENT", "GETNAME")
    assert raw.read_exact(15) == b"$9\r\nmy-conn_1\r\n"
    assert info(raw)["name"] == "my-conn_1"
    # Any printable ASCII is fine, backslashes and quotes included.
    assert raw.command("CLIENT", "SETNAME", 'a\\b"c') == "OK"
    assert raw.command("CLIENT", "GETNAME") == b'a\\b"c'
    # The empty name clears it.
    assert raw.command("CLIENT", "SETNAME", "") == "OK"
    raw.send_command("CLIENT", "GETNAME")
    assert raw.read_line() == b"$-1\r\n"
    assert info(raw)["name"] == ""


def test_getname_null_resp3(server):
    with server.raw() as c:
        c.command("HELLO", "3")
        c.send_command("CLIENT", "GETNAME")
        assert c.read_line() == b"_\r\n"


@pytest.mark.parametrize("bad", [b"a b", b"a\nb", b"tab\there", b"\x7f", b"caf\xc3\xa9", b"\x00"])
def test_setname_rejects_special_characters(raw, bad):
    assert raw.command("CLIENT", "SETNAME", "keep") == "OK"
    raw.send_command("CLIENT", "SETNAME", bad)
    assert raw.read_line() == (b"-ERR Client names cannot contain spaces, newlines or special "
                               b"characters.\r\n")
    assert raw.command("CLIENT", "GETNAME") == b"keep"


# --------------------------------------------------------------------------------
# KILL
# --------------------------------------------------------------------------------

def test_kill_old_form_by_addr(srv):
    with srv.raw() as me, srv.raw() as victim:
        assert victim.command("PING") == "PONG"
        assert me.command("CLIENT", "KILL", addr_of(victim)) == "OK"
        assert is_closed(victim)
        assert me.command("PING") == "PONG"
        assert str(me.command("CLIENT", "KILL", addr_of(victim))) == "ERR No such client"
        assert str(me.command("CLIENT", "KILL", "1.2.3.4:5")) == "ERR No such client"
        # Three arguments is always the old form: "ID" is taken as an address.
        assert str(me.command("CLIENT", "KILL", "ID")) == "ERR No such client"


def test_kill_old_form_can_kill_self(srv):
    with srv.raw() as me:
        me.send_command("CLIENT", "KILL", addr_of(me))
        me.send_command("PING")
        data, closed = me.read_bytes_until_closed()
        assert data == b"+OK\r\n"
        assert closed


def test_kill_by_id(srv):
    with srv.raw() as me, srv.raw() as victim, srv.raw() as bystander:
        vid = victim.command("CLIENT", "ID")
        assert me.command("CLIENT", "KILL", "ID", vid) == 1
        assert is_closed(victim)
        assert me.command("CLIENT", "KILL", "ID", vid) == 0
        assert bystander.command("PING") == "PONG"
        assert str(vid) not in {c["id"] for c in parse_list(me.command("CLIENT", "LIST"))}


def test_kill_by_id_self_needs_skipme_no(srv):
    with srv.raw() as me:
        mid = me.command("CLIENT", "ID")
        assert me.command("CLIENT", "KILL", "ID", mid) == 0  # SKIPME yes is the default
        assert me.command("CLIENT", "KILL", "ID", mid, "SKIPME", "yes") == 0
        me.send_command("CLIENT", "KILL", "ID", mid, "SKIPME", "no")
        me.send_command("PING")
        data, closed = me.read_bytes_until_closed()
        assert data == b":1\r\n"  # the reply first, then the close; the PING never runs
        assert closed


def test_kill_by_addr_and_laddr(srv):
    with srv.raw() as me, srv.raw() as a, srv.raw() as b:
        a.command("PING")
        b.command("PING")
        assert me.command("CLIENT", "KILL", "ADDR", addr_of(a)) == 1
        assert is_closed(a)
        assert me.command("CLIENT", "KILL", "ADDR", addr_of(a)) == 0
        assert me.command("CLIENT", "KILL", "LADDR", "127.0.0.1:1") == 0
        # LADDR matches every client of the listener; SKIPME (default yes) spares the caller.
        assert me.command("CLIENT", "KILL", "LADDR", f"127.0.0.1:{srv.port}") == 1
        assert is_closed(b)
        assert me.command("PING") == "PONG"


def test_kill_by_type_and_user(srv):
    with srv.raw() as me:
        others = [srv.raw() for _ in range(3)]
        try:
            for o in others:
                o.command("PING")
            assert me.command("CLIENT", "KILL", "TYPE", "master") == 0
            assert me.command("CLIENT", "KILL", "TYPE", "pubsub") == 0
            assert me.command("CLIENT", "KILL", "TYPE", "replica") == 0
            assert me.command("CLIENT", "KILL", "TYPE", "slave") == 0
            assert me.command("CLIENT", "KILL", "USER", "default", "TYPE", "normal") == 3
            for o in others:
                assert is_closed(o)
            assert me.command("PING") == "PONG"
            assert len(parse_list(me.command("CLIENT", "LIST"))) == 1
        finally:
            for o in others:
                o.close()


def test_kill_filters_combine(srv):
    with srv.raw() as me, srv.raw() as a, srv.raw() as b:
        aid = a.command("CLIENT", "ID")
        b.command("PING")
        # ID and ADDR must both match.
        assert me.command("CLIENT", "KILL", "ID", aid, "ADDR", addr_of(b)) == 0
        assert me.command("CLIENT", "KILL", "ID", aid, "ADDR", addr_of(a)) == 1
        assert is_closed(a)
        assert b.command("PING") == "PONG"


def test_kill_type_normal_skipme_no_kills_everyone(srv):
    with srv.raw() as me, srv.raw() as other:
        other.command("PING")
        me.send_command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no")
        data, closed = me.read_bytes_until_closed()
        assert data == b":2\r\n" and closed
        assert is_closed(other)


@pytest.mark.parametrize("args, err", [
    (("ID", "abc"), "ERR client-id should be greater than 0"),
    (("ID", "0"), "ERR client-id should be greater than 0"),
    (("ID", "-5"), "ERR client-id should be greater than 0"),
    (("ID", "99999", "TYPE"), "ERR syntax error"),
    (("TYPE", "foo"), "ERR Unknown client type 'foo'"),
    (("USER", "nobody"), "ERR No such user 'nobody'"),
    (("USER", "default", "SKIPME", "maybe"), "ERR syntax error"),
    (("FOO", "bar"), "ERR syntax error"),
    (("MAXAGE", "10"), "ERR syntax error"),  # 7.4's filter; 7.0 has none
    (("SKIPME", "yes", "ADDR"), "ERR syntax error"),
])
def test_kill_errors(raw, args, err):
    assert str(raw.command("CLIENT", "KILL", *args)) == err
    assert raw.command("PING") == "PONG"


def test_kill_no_match_counts_zero(raw):
    assert raw.command("CLIENT", "KILL", "ID", 99999999) == 0
    assert raw.command("CLIENT", "KILL", "ADDR", "1.2.3.4:5") == 0
    assert raw.command("CLIENT", "KILL", "SKIPME", "yes", "ADDR", addr_of(raw)) == 0


# --------------------------------------------------------------------------------
# PAUSE / UNPAUSE
# --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, err", [
    (("abc",), "ERR timeout is not an integer or out of range"),
    (("1.5",), "ERR timeout is not an integer or out of range"),
    (("-1",), "ERR timeout is negative"),
    (("10", "foo"), "ERR CLIENT PAUSE mode must be WRITE or ALL"),
    (("abc", "foo"), "ERR CLIENT PAUSE mode must be WRITE or ALL"),  # mode is checked first
])
def test_pause_errors(raw, args, err):
    assert str(raw.command("CLIENT", "PAUSE", *args)) == err


def timed_reply(conn):
    start = time.monotonic()
    reply = conn.read_reply()
    return reply, time.monotonic() - start


def test_pause_write_delays_writes_not_reads(srv):
    with srv.raw() as admin, srv.raw() as writer, srv.raw() as reader:
        writer.command("SET", "k", "before")
        assert admin.command("CLIENT", "PAUSE", "400", "WRITE") == "OK"
        t0 = time.monotonic()
        writer.send_command("SET", "k", "after")
        reader.send_command("GET", "k")
        got, _ = timed_reply(reader)
        read_latency = time.monotonic() - t0
        assert got == b"before"
        assert read_latency < 0.25
        assert writer.read_reply() == "OK"
        write_latency = time.monotonic() - t0
        assert 0.3 <= write_latency < 3.0
        assert reader.command("GET", "k") == b"after"


def test_unpause_releases_at_once(srv):
    with srv.raw() as admin, srv.raw() as writer:
        assert admin.command("CLIENT", "PAUSE", "20000", "write") == "OK"
        writer.send_command("INCR", "n")
        assert writer.read_available(quiet=0.3) == b""
        t0 = time.monotonic()
        assert admin.command("CLIENT", "UNPAUSE") == "OK"
        writer.sock.settimeout(3)
        assert writer.read_reply() == 1
        assert time.monotonic() - t0 < 0.5
        assert admin.command("CLIENT", "UNPAUSE") == "OK"  # nothing paused: still OK


def test_postponed_client_is_listed_blocked(srv):
    with srv.raw() as admin, srv.raw() as writer:
        wid = writer.command("CLIENT", "ID")
        assert admin.command("CLIENT", "PAUSE", "20000", "WRITE") == "OK"
        writer.send_command("SET", "k", "v")
        deadline = time.monotonic() + 3
        while line_of(admin, wid)["flags"] != "b" and time.monotonic() < deadline:
            time.sleep(0.02)
        assert line_of(admin, wid)["flags"] == "b"
        assert admin.command("CLIENT", "UNPAUSE") == "OK"
        assert writer.read_reply() == "OK"
        assert line_of(admin, wid)["flags"] == "N"


def test_pause_all_delays_reads_too(srv):
    with srv.raw() as admin, srv.raw() as reader:
        assert admin.command("CLIENT", "PAUSE", "400") == "OK"
        t0 = time.monotonic()
        reader.send_command("PING")
        assert reader.read_reply() == "PONG"
        assert 0.3 <= time.monotonic() - t0 < 3.0


def test_pause_all_keeps_pipeline_order(srv):
    with srv.raw() as admin, srv.raw() as c:
        assert admin.command("CLIENT", "PAUSE", "300", "ALL") == "OK"
        c.send(encode_command("SET", "a", "1") + encode_command("GET", "a") +
               encode_command("INCR", "a"))
        assert c.read_exact(len(b"+OK\r\n$1\r\n1\r\n:2\r\n")) == b"+OK\r\n$1\r\n1\r\n:2\r\n"


def test_pause_zero_does_not_block(srv):
    with srv.raw() as admin, srv.raw() as writer:
        assert admin.command("CLIENT", "PAUSE", "0") == "OK"
        time.sleep(0.05)
        t0 = time.monotonic()
        assert writer.command("SET", "x", "1") == "OK"
        assert time.monotonic() - t0 < 0.25


def test_paused_client_can_be_killed(srv):
    with srv.raw() as admin, srv.raw() as writer:
        wid = writer.command("CLIENT", "ID")
        assert admin.command("CLIENT", "PAUSE", "20000", "WRITE") == "OK"
        writer.send_command("SET", "k", "v")
        time.sleep(0.1)
        assert admin.command("CLIENT", "KILL", "ID", wid) == 1
        assert is_closed(writer)
        assert admin.command("CLIENT", "UNPAUSE") == "OK"
        assert admin.command("EXISTS", "k") == 0


# --------------------------------------------------------------------------------
# REPLY ON / OFF / SKIP
# --------------------------------------------------------------------------------

def test_reply_off_then_on(raw):
    raw.send(encode_command("CLIENT", "REPLY", "OFF") + encode_command("SET", "k", "v") +
             encode_command("GET", "k") + encode_command("NOSUCHCOMMAND") +
             encode_command("CLIENT", "REPLY", "ON") + encode_command("GET", "k"))
    assert raw.read_exact(12) == b"+OK\r\n$1\r\nv\r\n"
    assert raw.read_available(quiet=0.2) == b""


def test_reply_skip_mutes_only_the_next_command(raw):
    raw.send(encode_command("CLIENT", "REPLY", "SKIP") + encode_command("SET", "a", "1") +
             encode_command("GET", "a") + encode_command("PING"))
    assert raw.read_exact(14) == b"$1\r\n1\r\n+PONG\r\n"
    assert raw.read_available(quiet=0.2) == b""


def test_reply_skip_twice_and_skip_then_on(raw):
    # SKIP itself is skipped-over by the next SKIP: each mutes the command after it.
    raw.send(encode_command("CLIENT", "REPLY", "SKIP") + encode_command("CLIENT", "REPLY", "SKIP") +
             encode_command("INCR", "n") + encode_command("INCR", "n"))
    assert raw.read_exact(4) == b":2\r\n"
    # ON right after SKIP: ON clears the skip and its own +OK is sent.
    raw.send(encode_command("CLIENT", "REPLY", "SKIP") + encode_command("CLIENT", "REPLY", "ON") +
             encode_command("INCR", "n"))
    assert raw.read_exact(9) == b"+OK\r\n:3\r\n"
    assert raw.read_available(quiet=0.2) == b""


def test_reply_skip_is_ignored_while_off(raw):
    raw.send(encode_command("CLIENT", "REPLY", "OFF") + encode_command("CLIENT", "REPLY", "SKIP") +
             encode_command("INCR", "m") + encode_command("CLIENT", "REPLY", "ON") +
             encode_command("INCR", "m"))
    assert raw.read_exact(9) == b"+OK\r\n:2\r\n"
    assert raw.read_available(quiet=0.2) == b""


def test_reply_on_when_on_and_bad_mode(raw):
    raw.send_command("CLIENT", "REPLY", "on")
    assert raw.read_line() == b"+OK\r\n"
    raw.send_command("CLIENT", "REPLY", "foo")
    assert raw.read_line() == b"-ERR syntax error\r\n"


def test_reply_off_resp3(server):
    with server.raw() as c:
        c.command("HELLO", "3")
        c.send(encode_command("CLIENT", "REPLY", "OFF") + encode_command("HELLO", "3") +
               encode_command("CLIENT", "REPLY", "ON") + encode_command("CLIENT", "GETNAME"))
        assert c.read_exact(8) == b"+OK\r\n_\r\n"
        assert c.read_available(quiet=0.2) == b""


# --------------------------------------------------------------------------------
# NO-EVICT, UNBLOCK, GETREDIR, TRACKINGINFO
# --------------------------------------------------------------------------------

def test_no_evict_flag(raw):
    assert info(raw)["flags"] == "N"
    assert raw.command("CLIENT", "NO-EVICT", "on") == "OK"
    assert info(raw)["flags"] == "e"
    assert raw.command("CLIENT", "NO-EVICT", "ON") == "OK"
    assert info(raw)["flags"] == "e"
    assert raw.command("CLIENT", "NO-EVICT", "OFF") == "OK"
    assert info(raw)["flags"] == "N"
    assert str(raw.command("CLIENT", "NO-EVICT", "maybe")) == "ERR syntax error"


def test_no_evict_flag_seen_by_others(server, raw):
    with server.raw() as other:
        oid = other.command("CLIENT", "ID")
        other.command("CLIENT", "NO-EVICT", "on")
        assert line_of(raw, oid)["flags"] == "e"


def test_unblock_not_blocked_client(server, raw):
    with server.raw() as other:
        oid = other.command("CLIENT", "ID")
        assert raw.command("CLIENT", "UNBLOCK", oid) == 0
        assert raw.command("CLIENT", "UNBLOCK", oid, "TIMEOUT") == 0
        assert raw.command("CLIENT", "UNBLOCK", oid, "error") == 0
        assert other.command("PING") == "PONG"
    assert raw.command("CLIENT", "UNBLOCK", 99999999) == 0
    assert raw.command("CLIENT", "UNBLOCK", -1) == 0


def test_unblock_errors(raw):
    assert str(raw.command("CLIENT", "UNBLOCK", "abc")) == "ERR value is not an integer or out of range"
    reason = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
    assert str(raw.command("CLIENT", "UNBLOCK", "1", "foo")) == reason
    assert str(raw.command("CLIENT", "UNBLOCK", "abc", "foo")) == reason  # reason first


def test_getredir(raw):
    raw.send_command("CLIENT", "GETREDIR")
    assert raw.read_line() == b":-1\r\n"


def test_trackinginfo(server, raw):
    raw.send_command("CLIENT", "TRACKINGINFO")
    expected = b"$5\r\nflags\r\n%s$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    assert raw.read_exact(len(b"*6\r\n") + len(expected % b"*1\r\n")) == b"*6\r\n" + expected % b"*1\r\n"
    with server.raw() as c:
        c.command("HELLO", "3")
        c.send_command("CLIENT", "TRACKINGINFO")
        assert c.read_exact(len(b"%3\r\n") + len(expected % b"~1\r\n")) == b"%3\r\n" + expected % b"~1\r\n"


# --------------------------------------------------------------------------------
# Redis 7.2 additions (Cairn only: Redis 7.0.15 answers "unknown subcommand")
# --------------------------------------------------------------------------------

@cairn_only
def test_setinfo(raw):
    assert raw.command("CLIENT", "SETINFO", "LIB-NAME", "redis-py") == "OK"
    assert raw.command("CLIENT", "SETINFO", "lib-ver", "4.3.4") == "OK"
    assert raw.command("CLIENT", "SETINFO", "lib-name", "") == "OK"  # clears
    assert str(raw.command("CLIENT", "SETINFO", "lib-foo", "x")) == "ERR Unrecognized option 'lib-foo'"
    raw.send_command("CLIENT", "SETINFO", "Lib-Name", "a b")
    assert raw.read_line() == b"-ERR Lib-Name cannot contain spaces, newlines or special characters.\r\n"
    assert str(raw.command("CLIENT", "SETINFO", "lib-name")) == \
        "ERR wrong number of arguments for 'client|setinfo' command"


@cairn_only
def test_no_touch_flag(raw):
    assert raw.command("CLIENT", "NO-TOUCH", "on") == "OK"
    assert info(raw)["flags"] == "T"
    assert raw.command("CLIENT", "NO-EVICT", "on") == "OK"
    assert info(raw)["flags"] == "eT"
    assert raw.command("CLIENT", "NO-TOUCH", "OFF") == "OK"
    assert raw.command("CLIENT", "NO-EVICT", "off") == "OK"
    assert info(raw)["flags"] == "N"
    assert str(raw.command("CLIENT", "NO-TOUCH", "x")) == "ERR syntax error"
    assert str(raw.command("CLIENT", "NO-TOUCH")) == \
        "ERR wrong number of arguments for 'client|no-touch' command"
