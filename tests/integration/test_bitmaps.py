"""Bitmap and bit field commands on strings (Redis 7.0 bitops.c): SETBIT GETBIT BITCOUNT BITPOS
BITOP BITFIELD BITFIELD_RO.

Every expectation here was checked against redis-server 7.0.15."""

import pytest

from conftest import RespError

WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INT = "ERR value is not an integer or out of range"
BAD_OFFSET = "ERR bit offset is not an integer or out of range"
BAD_TYPE = ("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not "
            "supported but i64 is.")


def err(raw, *command):
    reply = raw.command(*command)
    assert isinstance(reply, RespError), reply
    return str(reply)


def dirty(r):
    return r.info("persistence")["rdb_changes_since_last_save"]


# -- SETBIT / GETBIT ------------------------------------------------------------------


def test_setbit_grows_with_zero_bytes(rb):
    assert rb.setbit("b", 7, 1) == 0
    assert rb.get("b") == b"\x01"
    assert rb.setbit("b", 7, 1) == 1
    assert rb.setbit("b", 30, 1) == 0
    assert rb.get("b") == b"\x01\x00\x00\x02"
    assert rb.getbit("b", 30) == 1
    assert rb.getbit("b", 31) == 0
    assert rb.getbit("b", 10000) == 0
    assert rb.getbit("nokey", 3) == 0
    assert rb.object("encoding", "b") == b"raw"


def test_setbit_on_int_and_embstr_strings(r):
    r.set("n", "12")
    assert r.setbit("n", 14, 0) == 1
    assert r.get("n") == "10"
    assert r.object("encoding", "n") == "raw"
    r.set("e", "abc")
    r.setbit("e", 0, 0)  # unchanged value, but the string is unshared as Redis does
    assert r.object("encoding", "e") == "raw"


def test_setbit_errors(raw):
    assert err(raw, "SETBIT", "b", "-1", "1") == BAD_OFFSET
    assert err(raw, "SETBIT", "b", "x", "1") == BAD_OFFSET
    assert err(raw, "SETBIT", "b", "4294967296", "1") == BAD_OFFSET  # 512MB proto-max-bulk-len
    assert err(raw, "SETBIT", "b", "1", "2") == "ERR bit is not an integer or out of range"
    assert err(raw, "SETBIT", "b", "1", "-1") == "ERR bit is not an integer or out of range"
    assert err(raw, "SETBIT", "b", "1", "x") == "ERR bit is not an integer or out of range"
    assert err(raw, "GETBIT", "b", "-1") == BAD_OFFSET
    assert err(raw, "GETBIT", "b", "4294967296") == BAD_OFFSET
    assert raw.command("EXISTS", "b") == 0


def test_offset_limit_follows_proto_max_bulk_len(r, raw):
    try:
        r.config_set("proto-max-bulk-len", "1mb")
        assert err(raw, "SETBIT", "b", str(8 * 1024 * 1024), "1") == BAD_OFFSET
        assert raw.command("SETBIT", "b", str(8 * 1024 * 1024 - 1), "1") == 0
        assert raw.command("STRLEN", "b") == 1024 * 1024
    finally:
        r.config_set("proto-max-bulk-len", "536870912")


@pytest.mark.parametrize("command", [
    ("SETBIT", "l", "0", "1"), ("GETBIT", "l", "0"), ("BITCOUNT", "l"), ("BITCOUNT", "l", "0"),
    ("BITPOS", "l", "1"), ("BITOP", "AND", "d", "l"), ("BITOP", "OR", "d", "nokey", "l"),
    ("BITFIELD", "l", "GET", "u8", "0"), ("BITFIELD", "l", "SET", "u8", "0", "1"),
    ("BITFIELD_RO", "l", "GET", "u8", "0"),
])
def test_wrongtype(raw, command):
    raw.command("LPUSH", "l", "a")
    assert err(raw, *command) == WRONGTYPE


def test_setbit_dirty_only_on_change(r):
    base = dirty(r)
    r.setbit("b", 3, 1)
    assert dirty(r) == base + 1
    r.setbit("b", 3, 1)
    assert dirty(r) == base + 1
    r.setbit("b", 100, 0)  # grows the string: a change
    assert dirty(r) == base + 2


# -- BITCOUNT -------------------------------------------------------------------------


def test_bitcount(r, raw):
    r.set("k", "foobar")
    assert r.bitcount("k") == 26
    assert r.bitcount("k", 0, 0) == 4
    assert r.bitcount("k", 1, 1) == 6
    assert r.bitcount("k", -2, -1) == 7
    assert r.bitcount("k", -1, -2) == 0
    assert r.bitcount("k", 5, 30) == 4
    assert r.bitcount("k", -100, 100) == 26
    assert raw.command("BITCOUNT", "k", "5", "30", "BIT") == 17
    assert raw.command("BITCOUNT", "k", "1", "1", "bit") == 1
    assert raw.command("BITCOUNT", "k", "-7", "-1", "BIT") == 4
    assert raw.command("BITCOUNT", "k", "0", "-1", "byte") == 26
    assert r.bitcount("nokey") == 0
    assert raw.command("BITCOUNT", "nokey", "x", "y") == 0  # missing key first
    assert err(raw, "BITCOUNT", "k", "0") == "ERR syntax error"
    assert err(raw, "BITCOUNT", "k", "0", "1", "x") == "ERR syntax error"
    assert err(raw, "BITCOUNT", "k", "a", "1") == NOT_INT


# -- BITPOS ---------------------------------------------------------------------------


def test_bitpos(r, rb, raw):
    rb.set("ff", b"\xff\xf0\x00")
    assert rb.bitpos("ff", 0) == 12
    assert rb.bitpos("ff", 1, 2) == -1
    assert rb.bitpos("ff", 0, 2) == 16
    assert raw.command("BITPOS", "ff", "1", "7", "15", "BIT") == 7
    assert raw.command("BITPOS", "ff", "0", "3", "11", "BIT") == -1
    assert raw.command("BITPOS", "ff", "0", "3", "12", "BIT") == 12
    assert raw.command("BITPOS", "ff", "1", "-5", "-1", "bit") == -1
    rb.set("ones", b"\xff\xff")
    assert rb.bitpos("ones", 0) == 16       # no end: the string is taken as zero padded
    assert rb.bitpos("ones", 0, 0) == 16
    assert rb.bitpos("ones", 0, 0, -1) == -1  # explicit end: no clear bit in range
    assert raw.command("BITPOS", "ones", "0", "0", "-1", "BIT") == -1
    rb.set("zero", b"\x00\x00")
    assert rb.bitpos("zero", 1) == -1
    assert rb.bitpos("zero", 0) == 0
    assert raw.command("BITPOS", "zero", "0", "5", "9", "BIT") == 5
    rb.set("empty", b"")
    assert rb.bitpos("empty", 0) == -1
    assert rb.bitpos("empty", 1) == -1
    assert rb.bitpos("nokey", 1) == -1
    assert rb.bitpos("nokey", 0) == 0
    assert raw.command("BITPOS", "ff", "1", "3", "2") == -1
    assert err(raw, "BITPOS", "ff", "2") == "ERR The bit argument must be 1 or 0."
    assert err(raw, "BITPOS", "nokey", "x") == NOT_INT
    assert err(raw, "BITPOS", "ff", "1", "a") == NOT_INT
    assert err(raw, "BITPOS", "ff", "1", "0", "1", "x") == "ERR syntax error"
    assert err(raw, "BITPOS", "ff", "1", "0", "1", "bit", "x") == "ERR syntax error"
    assert raw.command("BITPOS", "nokey", "1", "0", "1", "x") == -1


# -- BITOP ----------------------------------------------------------------------------


def test_bitop(rb, raw):
    rb.set("a", b"\xf0\x0f\xff")
    rb.set("b", b"\x3c")
    assert rb.bitop("AND", "d", "a", "b") == 3
    assert rb.get("d") == b"\x30\x00\x00"
    assert rb.bitop("OR", "d", "a", "b") == 3
    assert rb.get("d") == b"\xfc\x0f\xff"
    assert rb.bitop("XOR", "d", "a", "b", "nokey") == 3
    assert rb.get("d") == b"\xcc\x0f\xff"
    assert rb.bitop("NOT", "d", "b") == 1
    assert rb.get("d") == b"\xc3"
    assert rb.object("encoding", "d") == b"raw"
    rb.set("t", "x", ex=100)
    assert rb.bitop("OR", "t", "nokey", "b") == 1
    assert rb.ttl("t") == -1
    assert rb.bitop("AND", "d", "nokey", "nokey2") == 0
    assert rb.exists("d") == 0
    assert err(raw, "BITOP", "NOT", "d", "a", "b") == \
        "ERR BITOP NOT must be called with a single source key."
    assert err(raw, "BITOP", "NAND", "d", "a") == "ERR syntax error"


# -- BITFIELD -------------------------------------------------------------------------


def test_bitfield_get_set_incrby(r, rr):
    assert rr.execute_command("BITFIELD", "bf", "SET", "u8", "0", "255", "GET", "u8", "0",
                              "INCRBY", "u8", "0", "1", "OVERFLOW", "SAT", "INCRBY", "u8", "0",
                              "-1", "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL", "INCRBY",
                              "u8", "0", "1") == [0, 255, 0, 0, 255, None]
    assert rr.execute_command("BITFIELD", "bf", "SET", "i8", "0", "-128", "INCRBY", "i8", "0",
                              "-1", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-1") == [-1, 127, 126]
    assert rr.execute_command("BITFIELD", "bf2", "SET", "i64", "0", "-1", "GET", "u63", "0",
                              "GET", "i64", "0") == [0, 9223372036854775807, -1]
    assert rr.execute_command("BITFIELD", "bf2", "OVERFLOW", "SAT", "SET", "i64", "0",
                              "9223372036854775807", "INCRBY", "i64", "0", "1") == \
        [-1, 9223372036854775807]
    assert rr.execute_command("BITFIELD", "bf", "SET", "u8", "#1", "7", "GET", "u8", "8",
                              "SET", "i4", "#3", "-1", "GET", "u4", "12") == [0, 7, 7, 15]
    assert rr.execute_command("BITFIELD", "bf", "SET", "u8", "0", "-1") == [126]
    assert rr.execute_command("BITFIELD", "bf", "GET", "u8", "0") == [255]
    assert rr.execute_command("BITFIELD", "nokey", "GET", "u8", "0", "GET", "i16", "100") == [0, 0]
    assert r.exists("nokey") == 0
    assert rr.execute_command("BITFIELD", "nokey") == []
    assert rr.execute_command("BITFIELD", "new", "SET", "u8", "100", "0") == [0]
    assert r.strlen("new") == 14


def test_bitfield_errors(raw):
    assert err(raw, "BITFIELD", "bf", "GET", "u64", "0") == BAD_TYPE
    assert err(raw, "BITFIELD", "bf", "GET", "i65", "0") == BAD_TYPE
    assert err(raw, "BITFIELD", "bf", "GET", "u0", "0") == BAD_TYPE
    assert err(raw, "BITFIELD", "bf", "GET", "x8", "0") == BAD_TYPE
    # An empty negative BITCOUNT range is answered before the unit is parsed (not BITPOS).
    assert raw.command("SET", "bits", "foobar") == "OK"
    assert raw.command("BITCOUNT", "bits", "-2", "-5", "x") == 0
    assert err(raw, "BITCOUNT", "bits", "-2", "-1", "x") == "ERR syntax error"
    assert err(raw, "BITPOS", "bits", "1", "-2", "-5", "x") == "ERR syntax error"
    # The type letter is case-sensitive (subcommands and OVERFLOW modes are not).
    assert err(raw, "BITFIELD", "bf", "GET", "U8", "0") == BAD_TYPE
    assert err(raw, "BITFIELD", "bf", "set", "I8", "0", "1") == BAD_TYPE
    assert err(raw, "BITFIELD", "bf", "GET", "i8", "-1") == BAD_OFFSET
    assert err(raw, "BITFIELD", "bf", "GET", "i8", "#-1") == BAD_OFFSET
    assert err(raw, "BITFIELD", "bf", "GET", "i8", "4294967296") == BAD_OFFSET
    assert err(raw, "BITFIELD", "bf", "SET", "i8", "0", "x") == NOT_INT
    assert err(raw, "BITFIELD", "bf", "SET", "i8", "0") == "ERR syntax error"
    assert err(raw, "BITFIELD", "bf", "OVERFLOW", "foo") == "ERR Invalid OVERFLOW type specified"
    assert err(raw, "BITFIELD", "bf", "OVERFLOW") == "ERR syntax error"
    assert err(raw, "BITFIELD", "bf", "FOO") == "ERR syntax error"
    assert raw.command("EXISTS", "bf") == 0


def test_bitfield_ro(r, rr, raw):
    r.set("s", "A")
    assert rr.execute_command("BITFIELD_RO", "s", "GET", "u8", "0", "GET", "i4", "4") == [65, 1]
    assert rr.execute_command("BITFIELD_RO", "nokey", "GET", "u8", "0") == [0]
    assert rr.execute_command("BITFIELD_RO", "s") == []
    assert err(raw, "BITFIELD_RO", "s", "SET", "u8", "0", "1") == \
        "ERR BITFIELD_RO only supports the GET subcommand"
    assert err(raw, "BITFIELD_RO", "s", "INCRBY", "u8", "0", "1") == \
        "ERR BITFIELD_RO only supports the GET subcommand"


def test_bitfield_dirty_counts_changed_fields(r):
    base = dirty(r)
    r.execute_command("BITFIELD", "bb", "SET", "u8", "0", "1", "SET", "u8", "8", "0")
    assert dirty(r) == base + 2  # new key: every write counts
    r.execute_command("BITFIELD", "bb", "SET", "u8", "0", "1", "SET", "u8", "8", "3")
    assert dirty(r) == base + 3
