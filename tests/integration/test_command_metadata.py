"""COMMAND introspection compared with the reference redis-server 7.0.15, byte for byte.

Cairn's command metadata is generated from redis-server 7.0.15 (scripts/gen-command-table);
these tests check that what Cairn serves from it is what Redis serves, in RESP2 and RESP3:
COMMAND INFO and COMMAND DOCS of every command and subcommand Cairn lists, COMMAND (all),
COMMAND COUNT against COMMAND LIST, COMMAND LIST FILTERBY restricted to Cairn's commands, and
COMMAND GETKEYS / GETKEYSANDFLAGS for argument vectors of every command.

Cairn lists only the commands it implements, so two things are compared per element rather
than whole: a container's subcommands (Redis lists all of its own, in hash-table order, which
also changes between runs) and the order of COMMAND LIST (hash-table order in Redis). CLIENT
SETINFO and CLIENT NO-TOUCH are Redis 7.2 subcommands 7.0.15 does not have; they are checked
against the supplement the generator reads instead."""

import json
import os

import pytest

from conftest import RawConnection, is_cairn, is_windows_server, read_raw

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

SUPPLEMENT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                          "command-metadata-supplement.json")
with open(SUPPLEMENT) as f:
    REDIS_72 = set(json.load(f)["commands"])  # "client|setinfo", "client|no-touch"


# -- Raw replies as trees ---------------------------------------------------------------------------

def tree(raw, i=0):
    """(whole raw bytes, header line, [children]) of the reply starting at raw[i]; and the end."""
    end = raw.index(b"\r\n", i) + 2
    t, n = raw[i:i + 1], raw[i + 1:end - 2]
    kids = []
    if t in b"$=!" and int(n) >= 0:
        end += int(n) + 2
    elif t in b"*%~>|" and int(n) >= 0:
        for _ in range(int(n) * (2 if t in b"%|" else 1)):
            kid, end = tree(raw, end)
            kids.append(kid)
    return (raw[i:end], raw[i:raw.index(b"\r\n", i) + 2], kids), end


def node(raw):
    return tree(raw)[0]


def text(n):
    """The value of a bulk or simple string node."""
    whole, header, _ = n
    return whole[len(header):-2].decode() if whole[:1] in b"$=" else header[1:-2].decode()


def ask(conn, *args):
    conn.send_command(*args)
    return read_raw(conn)


def strings(conn, *args):
    """A flat reply of strings as a list."""
    return [text(k) for k in node(ask(conn, *args))[2]]


@pytest.fixture(params=[2, 3], ids=["resp2", "resp3"])
def pair(request, server, reference):
    with RawConnection(server.port) as a, RawConnection(reference.port) as b:
        for c in (a, b):
            c.send_command("HELLO", str(request.param))
            read_raw(c)
        yield a, b


@pytest.fixture(scope="module")
def cairn_names(server):
    with RawConnection(server.port) as c:
        return strings(c, "COMMAND", "LIST")


def containers(names):
    return sorted({n.split("|")[0] for n in names if "|" in n})


# -- COMMAND INFO / COMMAND DOCS ---------------------------------------------------------------------

def compare_info_entry(got, want, names, diffs, where):
    """One COMMAND INFO entry: all fields, subcommands element by element."""
    (gwhole, _, gkids), (wwhole, _, wkids) = got, want
    if gwhole == wwhole:
        return
    if len(gkids) != 10 or len(wkids) != 10 or [k[0] for k in gkids[:9]] != [
            k[0] for k in wkids[:9]]:
        diffs.append(f"{where}\n   got  {gwhole!r}\n   want {wwhole!r}")
        return
    want_subs = {text(s[2][0]): s for s in wkids[9][2]}
    got_subs = gkids[9][2]
    for sub in got_subs:
        name = text(sub[2][0])
        if name not in names:
            diffs.append(f"{where}: lists {name}, which COMMAND LIST does not")
        elif name in REDIS_72:
            continue
        elif name not in want_subs:
            diffs.append(f"{where}: Redis has no subcommand {name}")
        else:
            compare_info_entry(sub, want_subs[name], names, diffs, f"{where} {name}")
    listed = {n for n in names if n.startswith(text(gkids[0]) + "|")}
    if len(got_subs) != len(listed):
        diffs.append(f"{where}: {len(got_subs)} subcommands, COMMAND LIST has {len(listed)}")


def test_command_info_of_every_command(pair, cairn_names):
    a, b = pair
    diffs = []
    for name in cairn_names:
        if name in REDIS_72:
            continue
        got, want = node(ask(a, "COMMAND", "INFO", name)), node(
            ask(b, "COMMAND", "INFO", name))
        compare_info_entry(got[2][0], want[2][0], cairn_names, diffs, f"COMMAND INFO {name}")
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs)


def test_command_info_several_and_unknown(pair, cairn_names):
    a, b = pair
    args = ("COMMAND", "INFO", "get", "nosuchcommand", "SET", "config|get", "CONFIG|GET",
            "config|nosuch", "get|x")
    assert ask(a, *args) == ask(b, *args)


def doc_fields(n):
    """A COMMAND DOCS map as [(key, value node)]."""
    kids = n[2]
    return [(text(k), v) for k, v in zip(kids[::2], kids[1::2])]


def compare_docs(got, want, names, diffs, where):
    if got[0] == want[0]:
        return
    gf, wf = doc_fields(got), doc_fields(want)
    if got[1] != want[1] or [k for k, _ in gf] != [k for k, _ in wf]:
        diffs.append(f"{where}\n   got  {got[0]!r}\n   want {want[0]!r}")
        return
    for (key, gv), (_, wv) in zip(gf, wf):
        if key != "subcommands":
            if gv[0] != wv[0]:
                diffs.append(f"{where} {key}\n   got  {gv[0]!r}\n   want {wv[0]!r}")
            continue
        want_subs = dict(doc_fields(wv))
        for sub, doc in doc_fields(gv):
            if sub not in names:
                diffs.append(f"{where}: documents {sub}, which COMMAND LIST does not")
            elif sub in REDIS_72:
                continue
            elif sub not in want_subs:
                diffs.append(f"{where}: Redis has no subcommand {sub}")
            else:
                compare_docs(doc, want_subs[sub], names, diffs, f"{where} {sub}")


def test_command_docs_of_every_command(pair, cairn_names):
    a, b = pair
    diffs = []
    for name in cairn_names:
        if name in REDIS_72:
            continue
        got, want = node(ask(a, "COMMAND", "DOCS", name)), node(
            ask(b, "COMMAND", "DOCS", name))
        if got[1] != want[1] or got[2][0][0] != want[2][0][0]:
            diffs.append(f"COMMAND DOCS {name}\n   got  {got[0]!r}\n   want {want[0]!r}")
            continue
        compare_docs(got[2][1], want[2][1], cairn_names, diffs, f"COMMAND DOCS {name}")
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs)


def test_command_docs_several_and_unknown(pair):
    a, b = pair
    args = ("COMMAND", "DOCS", "get", "nosuchcommand", "SET", "config|get", "get|x")
    assert ask(a, *args) == ask(b, *args)


@pytest.mark.skipif(not is_cairn(), reason="Redis 7.0.15 has no CLIENT SETINFO / NO-TOUCH")
def test_redis_72_subcommands_as_the_supplement_says(server):
    with open(SUPPLEMENT) as f:
        supplement = json.load(f)["commands"]
    with RawConnection(server.port) as c:
        listed = strings(c, "COMMAND", "LIST")
        for name, entry in supplement.items():
            assert name in listed
            info = node(ask(c, "COMMAND", "INFO", name))[2][0][2]
            assert text(info[0]) == name
            assert int(info[1][1][1:-2]) == entry["info"][1]
            assert [text(k) for k in info[2][2]] == entry["info"][2]
            assert [text(k) for k in info[6][2]] == entry["info"][6]
            docs = dict(doc_fields(node(ask(c, "COMMAND", "DOCS", name))[2][1]))
            assert text(docs["summary"]) == entry["docs"]["summary"]
            assert text(docs["since"]) == entry["docs"]["since"]


def test_command_without_arguments_lists_every_command(pair, cairn_names):
    a, b = pair
    top = [n for n in cairn_names if "|" not in n]
    entries = node(ask(a, "COMMAND"))[2]
    assert sorted(text(e[2][0]) for e in entries) == sorted(top)
    diffs = []
    for e in entries:
        name = text(e[2][0])
        want = node(ask(b, "COMMAND", "INFO", name))[2][0]
        compare_info_entry(e, want, cairn_names, diffs, f"COMMAND: {name}")
    assert not diffs, "\n".join(diffs)
    docs = doc_fields(node(ask(a, "COMMAND", "DOCS")))
    assert sorted(name for name, _ in docs) == sorted(top)


# -- COMMAND COUNT / COMMAND LIST ----------------------------------------------------------------------

def test_command_count_is_the_top_level_of_command_list(pair):
    for c in pair:
        names = strings(c, "COMMAND", "LIST")
        count = int(ask(c, "COMMAND", "COUNT")[1:-2])
        assert count == len([n for n in names if "|" not in n])
        assert len(names) == len(set(names))


ACL_CATEGORIES = """keyspace read write set sortedset list hash string bitmap hyperloglog geo stream
pubsub admin fast slow blocking dangerous connection transaction scripting""".split()
PATTERNS = ["*", "get*", "*GET*", "config|*", "*|*", "client|*", "[a-c]*", "?et", "h*", "z*",
            "command|get*", "nosuch", "CONFIG|GET", "*o*"]


@pytest.mark.parametrize("filterby", [("ACLCAT", c) for c in ACL_CATEGORIES + ["WRITE", "nosuch"]]
                         + [("PATTERN", p) for p in PATTERNS] + [("MODULE", "nosuch")])
def test_command_list_filterby(pair, cairn_names, filterby):
    a, b = pair
    got = strings(a, "COMMAND", "LIST", "FILTERBY", *filterby)
    want = [n for n in strings(b, "COMMAND", "LIST", "FILTERBY", *filterby)
            if n in cairn_names]
    extra = [n for n in got if n in REDIS_72]  # Redis 7.2: checked against the supplement below
    assert sorted(set(got) - set(extra)) == sorted(want)
    assert len(got) == len(set(got))


@pytest.mark.skipif(not is_cairn(), reason="Redis 7.0.15 has no CLIENT SETINFO / NO-TOUCH")
def test_command_list_filterby_on_redis_72_subcommands(server):
    with RawConnection(server.port) as c:
        for name in REDIS_72:
            assert name in strings(c, "COMMAND", "LIST", "FILTERBY", "PATTERN", name)
            assert name in strings(c, "COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")
            assert name not in strings(c, "COMMAND", "LIST", "FILTERBY", "ACLCAT", "write")


@pytest.mark.parametrize("args", [
    ("FILTERBY",), ("FILTERBY", "ACLCAT"), ("FILTERBY", "nosuch", "x"),
    ("FILTERBY", "PATTERN", "*", "extra"), ("nosuch",)])
def test_command_list_errors(pair, args):
    a, b = pair
    assert ask(a, "COMMAND", "LIST", *args) == ask(b, "COMMAND", "LIST", *args)


# -- COMMAND GETKEYS / GETKEYSANDFLAGS ---------------------------------------------------------------

# Filler arguments: key-like words and small numbers, so keynum specs find their counts.
FILLER = ["k1", "2", "k2", "k3", "1", "k4", "k5", "k6", "k7"]

# Argument vectors that exercise keyword searches and Redis's getkeys procedures.
SPECIAL = [
    "SET k v", "SET k v GET", "SET k v EX 10 GET", "SET k v NX",
    "BITFIELD k GET u8 0", "BITFIELD k SET u8 0 1", "BITFIELD k INCRBY u8 0 1 OVERFLOW SAT",
    "BITFIELD k OVERFLOW WRAP GET u8 0", "BITFIELD_RO k GET u8 0",
    "SORT k", "SORT k STORE d", "SORT k BY w_* GET # STORE d", "SORT k LIMIT 0 1 STORE d",
    "SORT k STORE d1 STORE d2", "SORT_RO k BY x GET y", "SORT k STORE",
    "ZUNIONSTORE d 2 a b", "ZUNIONSTORE d 2 a b WEIGHTS 1 2", "ZUNIONSTORE d 5 a",
    "ZINTERSTORE d 1 a AGGREGATE MAX", "ZDIFFSTORE d 2 a b", "ZUNION 2 a b", "ZINTER 0 a",
    "ZDIFF 3 a b c", "ZINTERCARD 2 a b LIMIT 1", "SINTERCARD 2 a b", "SINTERCARD 0 a",
    "ZMPOP 2 a b MIN", "ZMPOP -1 a MIN", "BZMPOP 1 2 a b MAX", "LMPOP 2 a b LEFT",
    "BLMPOP 0 1 a RIGHT COUNT 2", "LMPOP x a LEFT", "MSET a 1 b 2", "MSET a 1 b",
    "MSETNX a 1 b 2", "DEL a b c", "RENAME a b", "COPY a b DB 1", "LMOVE a b LEFT RIGHT",
    "BLMOVE a b LEFT RIGHT 0", "SMOVE a b m", "BITOP AND d a b", "PFMERGE d a b",
    "PFCOUNT a b", "BLPOP a b 0", "BZPOPMIN a b 0", "ZRANGESTORE d s 0 1", "GETEX k PERSIST",
    "OBJECT ENCODING k", "OBJECT FREQ k", "PUBLISH ch m", "SUBSCRIBE ch", "WATCH a b",
    "CONFIG GET x", "CLIENT LIST", "PING", "COMMAND INFO get", "NOSUCH a", "GET", "GET a b",
    "EXISTS a b", "TOUCH a", "LCS a b", "SPUBLISH ch m", "SSUBSCRIBE a b", "SUNSUBSCRIBE a",
]


def argument_vectors(c, names):
    """Every command and subcommand with filler arguments around its arity, and SPECIAL."""
    vectors = [line.split() for line in SPECIAL]
    for name in names:
        info = node(ask(c, "COMMAND", "INFO", name))[2][0][2]
        arity = int(info[1][1][1:-2])
        words = name.split("|")
        lo = max(abs(arity), len(words))
        for n in range(lo - 1, lo + 4):
            if n >= len(words):
                vectors.append(words + FILLER[:n - len(words)])
    return vectors


@pytest.mark.parametrize("sub", ["GETKEYS", "GETKEYSANDFLAGS"])
def test_command_getkeys(pair, cairn_names, sub):
    a, b = pair
    diffs = []
    for argv in argument_vectors(a, cairn_names):
        if "|".join(argv[:2]).lower() in REDIS_72:
            continue
        if argv[0].lower() not in cairn_names:
            continue  # a command Cairn does not have: only the error is checked below
        got, want = ask(a, "COMMAND", sub, *argv), ask(b, "COMMAND", sub, *argv)
        if got != want:
            diffs.append(f"COMMAND {sub} {' '.join(argv)}\n   got  {got!r}\n   want {want!r}")
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs)


@pytest.mark.parametrize("args", [(), ("get",), ("nosuch", "a"), ("config", "nosuch", "a"),
                                  ("get", "a", "b"), ("ping",)])
def test_command_getkeys_errors(pair, args):
    a, b = pair
    for sub in ("GETKEYS", "GETKEYSANDFLAGS"):
        assert ask(a, "COMMAND", sub, *args) == ask(b, "COMMAND", sub, *args)
