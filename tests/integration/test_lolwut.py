"""LOLWUT [VERSION v] against redis-server 7.0.15, in RESP2 and RESP3 (a verbatim "txt" string).

What draws nothing at random is compared byte for byte: the version line, errors, Schotter with
at most two rows of squares (the first two rows stay in order), skylines one line tall. The
random art is compared by its shape: lines, characters per line, the rows that stay in order,
the colours used and the caption."""

import re

import pytest

from conftest import is_windows_server, read_raw

pytestmark = pytest.mark.skipif(
    is_windows_server(), reason="Windows build: the reference redis-server is a Linux program")

SCHOTTER_CAPTION = b"Georg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15"
SKYLINE_CAPTION = (b"Dedicated to the 8 bit game developers of past and present.\n"
                   b"Original 8 bit image from Plaguemon by hikikomori. Redis ver. 7.0.15")
CELL = re.compile(rb"\x1b\[(0;30;40m|0;90;100m|0;37;47m|0;97;107m) \x1b\[0m")
WHITE = b"\x1b[0;97;107m \x1b[0m"

# Same reply, byte for byte, from both servers.
DETERMINISTIC = [
    ["LOLWUT"],
    ["lolwut", "foo", "bar"],
    ["LOLWUT", "VERSION"],                   # VERSION without a value is no option
    ["LOLWUT", "VERSION", "7"],
    ["LOLWUT", "version", "8", "x"],         # other versions take no arguments
    ["LOLWUT", "VERSION", "4"],
    ["LOLWUT", "VERSION", "59"],
    ["LOLWUT", "VERSION", "-1"],             # (unsigned) -1 = 4294967295.0.0
    ["LOLWUT", "VERSION", "0"],
    ["LOLWUT", "VERSION", "5", "1", "1", "1"],
    ["LOLWUT", "VERSION", "5", "3", "1", "1"],
    ["LOLWUT", "VeRsIoN", "5", "10", "3", "2"],
    ["LOLWUT", "VERSION", "5", "66", "8", "2"],
    ["LOLWUT", "VERSION", "5", "37", "13", "1", "extra", "args"],
    ["LOLWUT", "VERSION", "4294967301", "20", "7", "2"],  # 2^32 + 5 is version 5
    ["LOLWUT", "VERSION", "5", "1", "200", "1"],          # squares below a pixel: no art
    # Limits: columns 1..1000, squares per row and column 1..200.
    ["LOLWUT", "VERSION", "5", "-5", "0", "-1"],
    ["LOLWUT", "VERSION", "5", "5000", "1000", "1"],
    ["LOLWUT", "VERSION", "5", "9223372036854775807", "9223372036854775807", "2"],
    ["LOLWUT", "VERSION", "5", "-9223372036854775808", "3", "0"],
    # A skyline one line tall has no buildings; columns and rows 1..1000.
    ["LOLWUT", "VERSION", "6", "1", "1"],
    ["LOLWUT", "VERSION", "6", "-3", "0"],
    ["LOLWUT", "VERSION", "6", "5000", "-7"],
    # Errors: VERSION and each art argument must be integers.
    ["LOLWUT", "VERSION", "abc"],
    ["LOLWUT", "VERSION", "5.0"],
    ["LOLWUT", "VERSION", "99999999999999999999"],
    ["LOLWUT", "VERSION", ""],
    ["LOLWUT", "VERSION", "5", "x"],
    ["LOLWUT", "VERSION", "5", "10", "1.5"],
    ["LOLWUT", "VERSION", "5", "10", "10", "x"],
    ["LOLWUT", "VERSION", "5", "99999999999999999999"],
    ["LOLWUT", "VERSION", "6", "x"],
    ["LOLWUT", "VERSION", "6", "10", " 3"],
]


def raw_replies(srv, protocol, commands):
    with srv.raw() as c:
        if protocol == 3:
            assert isinstance(c.command("HELLO", "3"), dict)
        out = []
        for args in commands:
            c.send_command(*args)
            out.append(read_raw(c))
        return out


@pytest.mark.parametrize("protocol", [2, 3])
def test_deterministic_replies_equal_redis(server, reference, protocol):
    ours = raw_replies(server, protocol, DETERMINISTIC)
    ref = raw_replies(reference, protocol, DETERMINISTIC)
    for args, got, expected in zip(DETERMINISTIC, ours, ref):
        assert got == expected, args


def test_reply_types(server):
    version_line = b"Redis ver. 7.0.15\n"
    resp2, resp3 = (raw_replies(server, p, [["LOLWUT"], ["LOLWUT", "VERSION", "x"]])
                    for p in (2, 3))
    assert resp2[0] == b"$%d\r\n%s\r\n" % (len(version_line), version_line)
    assert resp3[0] == b"=%d\r\ntxt:%s\r\n" % (len(version_line) + 4, version_line)
    assert resp2[1] == resp3[1] == b"-ERR value is not an integer or out of range\r\n"


def art(srv, protocol, *args):
    """The text of one LOLWUT reply (checked to be a bulk or verbatim "txt" string)."""
    raw = raw_replies(srv, protocol, [["LOLWUT", *args]])[0]
    header, _, rest = raw.partition(b"\r\n")
    body = rest[:-2]
    if protocol == 3:
        assert header[:1] == b"=" and body.startswith(b"txt:")
        body = body[4:]
    else:
        assert header[:1] == b"$"
    assert int(header[1:]) == len(rest) - 2
    return body


def schotter_shape(text):
    """Characters per row of braille; a blank line ends the art unless its last row of
    characters starts on the canvas's last pixel line (as Redis writes it)."""
    *rows, caption, end = text.split(b"\n")
    assert (caption, end) == (SCHOTTER_CAPTION, b"")
    blank = rows[-1] == b""
    chars = [row.decode() for row in (rows[:-1] if blank else rows)]
    assert all("\u2800" <= ch <= "\u28ff" for row in chars for ch in row)
    return [len(row) for row in chars], blank


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("args,stable_rows", [
    ((), 6),                  # 66 columns, 8 x 12 squares of 16 pixels
    (("40",), 3),
    (("80", "4", "6"), 8),
    (("30", "3", "200"), 0),
    (("20", "1", "3"), 8),
])
def test_schotter_shape_equals_redis(server, reference, protocol, args, stable_rows):
    ours = art(server, protocol, "VERSION", "5", *args)
    ref = art(reference, protocol, "VERSION", "5", *args)
    assert schotter_shape(ours) == schotter_shape(ref)
    # Squares are turned and shifted at random from the third row of squares on only.
    assert ours.split(b"\n")[:stable_rows] == ref.split(b"\n")[:stable_rows]


def skyline_shape(text, rows):
    lines = text.split(b"\n")
    assert b"\n".join(lines[rows:]) == SKYLINE_CAPTION + b"\n"
    widths = []
    for line in lines[:rows]:
        assert CELL.sub(b"", line) == b""
        widths.append(len(CELL.findall(line)))
    return widths


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("args,rows", [((), 20), (("30", "10"), 10), (("120",), 20),
                                       (("1", "99999"), 1000), (("13", "7"), 7)])
def test_skyline_shape_equals_redis(server, reference, protocol, args, rows):
    ours = art(server, protocol, "VERSION", "6", *args)
    ref = art(reference, protocol, "VERSION", "6", *args)
    assert skyline_shape(ours, rows) == skyline_shape(ref, rows)
    if rows % 2 == 0:  # no building reaches the top line
        assert ours.split(b"\n")[0] == ref.split(b"\n")[0]
        assert ours.split(b"\n")[0] == WHITE * len(CELL.findall(ref.split(b"\n")[0]))
    # Buildings stand on the bottom line: a wide and tall enough one is never all white.
    width = len(CELL.findall(ours.split(b"\n")[0]))
    if rows >= 10 and width >= 30:
        assert ours.split(b"\n")[rows - 1] != WHITE * width


def test_art_is_random(server):
    arts = {art(server, 2, "VERSION", "5") for _ in range(3)}
    skylines = {art(server, 2, "VERSION", "6") for _ in range(3)}
    assert len(arts) > 1 and len(skylines) > 1
