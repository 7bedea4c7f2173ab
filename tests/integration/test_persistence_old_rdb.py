"""RDB files as Redis 5 and 6 wrote them (version 9: ziplist, zipmap, quicklist-of-ziplist and
intset encodings, second-resolution expiries, text zset scores of the oldest files), built here
byte by byte from the format, loaded by redis-server 7.0.15 and by the server under test, and
compared key by key."""

import os
import struct


from conftest import ReferenceServer
from persistence_data import dump_server

FAR_S = 2000000000  # 2033, in seconds (RDB_OPCODE_EXPIRETIME is a signed 32-bit count)


def crc64(data):
    """Redis's CRC-64 (Jones polynomial, reflected)."""
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x95AC9329AC4BC9B5 if crc & 1 else 0)
    return crc


def length(n):
    if n < 64:
        return bytes([n])
    if n < 16384:
        return bytes([0x40 | (n >> 8), n & 0xFF])
    return b"\x80" + struct.pack(">I", n)


def string(s):
    s = s.encode() if isinstance(s, str) else s
    return length(len(s)) + s


def ziplist(items):
    entries = []
    prev = 0
    for it in items:
        head = bytes([prev]) if prev < 254 else b"\xfe" + struct.pack("<I", prev)
        if isinstance(it, int):
            if 0 <= it <= 12:
                body = bytes([0xF1 + it])
            elif -128 <= it <= 127:
                body = b"\xfe" + struct.pack("<b", it)
            elif -32768 <= it <= 32767:
                body = b"\xc0" + struct.pack("<h", it)
            elif -(1 << 23) <= it < (1 << 23):
                body = b"\xf0" + struct.pack("<i", it)[:3]
            elif -(1 << 31) <= it < (1 << 31):
                body = b"\xd0" + struct.pack("<i", it)
            else:
                body = b"\xe0" + struct.pack("<q", it)
        else:
            data = it.encode()
            if len(data) < 64:
                body = bytes([len(data)]) + data
            elif len(data) < 16384:
                body = bytes([0x40 | (len(data) >> 8), len(data) & 0xFF]) + data
            else:
                body = b"\x80" + struct.pack(">I", len(data)) + data
        entry = head + body
        entries.append(entry)
        prev = len(entry)
    tail = 10 + sum(len(e) for e in entries[:-1]) if entries else 10
    body = b"".join(entries)
    total = 10 + len(body) + 1
    return struct.pack("<IIH", total, tail, len(items)) + body + b"\xff"


def zipmap(pairs):
    out = bytes([len(pairs)])
    for k, v in pairs:
        out += bytes([len(k)]) + k.encode() + bytes([len(v), 0]) + v.encode()
    return out + b"\xff"


def intset(values, width):
    fmt = {2: "<h", 4: "<i", 8: "<q"}[width]
    return struct.pack("<II", width, len(values)) + b"".join(struct.pack(fmt, v) for v in sorted(values))


def old_rdb():
    body = b"REDIS0009"
    body += b"\xfa" + string("redis-ver") + string("6.2.14")
    body += b"\xfe\x00"  # SELECTDB 0
    body += b"\x00" + string("str") + string("hello")
    body += b"\x00" + string("int") + b"\xc0\x7b"  # 8-bit integer encoding: 123
    body += b"\xfd" + struct.pack("<I", FAR_S) + b"\x00" + string("ttl") + string("v")
    body += b"\x01" + string("linked") + length(3) + string("a") + string("b") + string("c")
    body += b"\x0a" + string("zl-list") + string(ziplist(["x", 5, -200, 70000, 5000000000, "y" * 70]))
    body += b"\x0e" + string("ql-list") + length(2) + string(ziplist(["a", "b"])) + \
        string(ziplist([1, 2, 3]))
    body += b"\x02" + string("set") + length(3) + string("m1") + string("m2") + string("m3")
    body += b"\x0b" + string("iset16") + string(intset([1, -2, 300], 2))
    body += b"\x0b" + string("iset64") + string(intset([1, 5000000000], 8))
    body += b"\x03" + string("oldz") + length(3) + string("a") + b"\x031.5" + string("b") + b"\xfe" + \
        string("c") + b"\xff"  # scores 1.5, +inf, -inf as text
    body += b"\x05" + string("z2") + length(2) + string("p") + struct.pack("<d", 2.5) + \
        string("q") + struct.pack("<d", -1.0)
    body += b"\x0c" + string("zl-zset") + string(ziplist(["a", 1, "b", "2.5", "c", 10]))
    body += b"\x04" + string("hash") + length(2) + string("f1") + string("v1") + string("f2") + \
        string("v2")
    body += b"\x09" + string("zm-hash") + string(zipmap([("a", "1"), ("bb", "hello")]))
    body += b"\x0d" + string("zl-hash") + string(ziplist(["f", "v", "n", 42]))
    body += b"\xfe\x02"  # SELECTDB 2
    body += b"\x00" + string("db2") + string("two")
    body += b"\xff"
    return body + struct.pack("<Q", crc64(body))


def test_crc64_matches_redis():
    assert crc64(b"123456789") == 0xE9C6D914C4B8D9CA


def test_version_9_file_loads_as_in_redis(reference, server_factory):
    data = old_rdb()
    ref = ReferenceServer(name="reference loading an RDB 9 file")
    with open(os.path.join(ref.dir, "dump.rdb"), "wb") as f:
        f.write(data)
    try:
        ref.start()
        rc = ref.client()
        expected = dump_server(rc, dbs=(0, 2))
        rc.close()
    finally:
        ref.cleanup()
    assert len(expected[0]) == 15 and len(expected[2]) == 1, sorted(expected[0])
    s = server_factory(start=False)
    with open(os.path.join(s.dir, "dump.rdb"), "wb") as f:
        f.write(data)
    s.start()
    c = s.client()
    assert dump_server(c, dbs=(0, 2)) == expected
    c.close()


def test_duplicated_key_stops_startup_as_in_redis(reference, server_factory):
    """A file that holds one key twice (40 keys apart, past any batch of keys loaded together):
    Redis logs the key and stops; so does the server under test, with exit status 1."""
    body = b"REDIS0009" + b"\xfe\x00"
    for i in range(60):
        body += b"\x00" + string(f"k{i}") + string(f"v{i}")
        if i == 45:
            body += b"\x00" + string("k5") + string("again")
    body += b"\xff"
    data = body + struct.pack("<Q", crc64(body))
    ref = ReferenceServer(name="reference loading a duplicated key")
    with open(os.path.join(ref.dir, "dump.rdb"), "wb") as f:
        f.write(data)
    try:
        ref.spawn()
        assert ref.wait_exit(60) not in (None, 0)
        assert "RDB has duplicated key 'k5' in DB 0" in ref.log()
    finally:
        ref.cleanup()
    s = server_factory(start=False)
    with open(os.path.join(s.dir, "dump.rdb"), "wb") as f:
        f.write(data)
    s.spawn()
    assert s.wait_exit(60) == 1
    assert "RDB has duplicated key 'k5' in DB 0" in s.log()
    assert "Duplicated key found in RDB file" in s.log()
