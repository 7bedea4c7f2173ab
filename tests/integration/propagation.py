"""Machinery of test_propagation_differential.py: run a command script against a server and
read back what it propagated, then compare two such streams entry by entry.

redis-server writes its stream to the AOF (``--appendonly yes``): the incr file(s) named in
``appendonlydir/appendonly.aof.manifest``. cairn-server writes the same RESP arrays to the file
given with ``--propagation-log <path>``. A stream ends with a marker write from a fresh
connection (``SET __end__ <token>``, db 0) that is polled for, so a read never races a write.

A script is a list of steps:
  ("SET", "k", "v")    a command on the main connection (names are sent as written)
  Section("name")      ``SET __section__ name``: names the entries that follow; with
                       loose=True they are compared by shape only (random picks)
  Pipe(cmd, cmd, ...)  commands sent in one write and answered together: nothing (no cron
                       tick, no active expiry) runs on the server between them
  Block(cmd, conn=1)   a blocking command on connection `conn`, sent without reading the reply;
                       returns once INFO counts it among the blocked clients
  Await(conn=1)        read the reply of the blocked command of connection `conn`
  Sleep(ms)            only for time-based expiry, where the wait is the condition itself
"""

import os
import time
from dataclasses import dataclass, field

import redis

REPLY_TIMEOUT = 60.0      # seconds, for every reply and every bounded wait
TS_TOLERANCE_MS = 5000    # relative expiries turned into absolute times by each server
NEAR_NOW_MS = 10 * 24 * 3600 * 1000  # a numeric argument this close to the clock is a time
END_KEY = b"__end__"
SECTION_KEY = b"__section__"


@dataclass
class Section:
    name: str
    loose: bool = False


class Block:
    def __init__(self, *args, conn=1):
        self.args, self.conn = args, conn

    def __repr__(self):
        return f"Block{self.args}" + (f" on connection {self.conn}" if self.conn != 1 else "")


@dataclass
class Await:
    conn: int = 1


@dataclass
class Sleep:
    ms: int


class Pipe:
    def __init__(self, *commands):
        self.commands = commands

    def __repr__(self):
        return f"Pipe{self.commands}"


# -- the stream -----------------------------------------------------------------------------

def parse_stream(data):
    """RESP arrays of bulk strings -> list of argv tuples (bytes); a torn tail is dropped."""
    entries, pos, n = [], 0, len(data)
    while pos < n:
        if data[pos:pos + 1] != b"*":
            raise AssertionError(f"stream: expected '*' at offset {pos}: {data[pos:pos + 40]!r}")
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            break
        argc, pos, argv = int(data[pos + 1:eol]), eol + 2, []
        for _ in range(argc):
            eol = data.find(b"\r\n", pos)
            if eol < 0 or data[pos:pos + 1] != b"$":
                return entries
            size = int(data[pos + 1:eol])
            start, pos = eol + 2, eol + 2 + size + 2
            if pos > n:
                return entries
            argv.append(bytes(data[start:start + size]))
        entries.append(tuple(argv))
    return entries


def aof_stream(directory):
    """The commands of the incr files of a Redis 7 multi-part AOF, in manifest order."""
    adir = os.path.join(directory, "appendonlydir")
    try:
        with open(os.path.join(adir, "appendonly.aof.manifest")) as f:
            manifest = f.read()
    except FileNotFoundError:
        return b""
    data = b""
    for line in manifest.splitlines():
        words = line.split()
        fields = dict(zip(words[::2], words[1::2]))
        if fields.get("type") == "i":
            with open(os.path.join(adir, fields["file"]), "rb") as f:
                data += f.read()
    return data


def log_stream(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


# -- running a script -------------------------------------------------------------------------

def connect(port):
    return redis.Connection(host="127.0.0.1", port=port, socket_timeout=REPLY_TIMEOUT,
                            socket_connect_timeout=REPLY_TIMEOUT)


def call(conn, *args):
    """Send, read the reply; an error reply is returned (as ResponseError), not raised."""
    conn.send_command(*args)
    return read(conn)


def read(conn):
    try:
        return conn.read_response()
    except redis.ResponseError as e:
        return e


def blocked_clients(conn):
    info = call(conn, "INFO", "clients").decode()
    return int(info.split("blocked_clients:")[1].split()[0])


def wait_blocked(main, conn, count, args):
    """Until INFO counts `count` blocked clients; fails at once if `args` got its reply."""
    def done():
        if conn.can_read(timeout=0):
            raise AssertionError(f"{args} did not block: it answered {read(conn)!r}")
        return blocked_clients(main) == count
    wait_until(done, f"{args} to block")


def wait_until(condition, what, timeout=REPLY_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Run:
    """What one server did with a script: its stream, and the wall clock at each section."""
    entries: list
    section_ms: dict = field(default_factory=dict)
    replies: list = field(default_factory=list)
    start_ms: float = field(default_factory=lambda: time.time() * 1000)

    def clock(self, section):
        """The wall clock (ms) when `section` began on this run (or when the run began)."""
        return self.section_ms.get(section, self.start_ms)


def run_script(port, read_stream, steps, token="1"):
    """Runs `steps` against the server on `port`; returns the Run once the stream is complete
    (its last entry is the end marker). `read_stream` returns the stream's bytes so far."""
    main, conns = connect(port), {}
    run, blocked, section = Run([]), 0, "<start>"
    try:
        for i, step in enumerate(steps):
            try:
                if isinstance(step, Section):
                    section = step.name
                    run.section_ms[section] = time.time() * 1000
                    call(main, "SET", SECTION_KEY, section)
                elif isinstance(step, Pipe):
                    main.send_packed_command(main.pack_commands(step.commands))
                    run.replies += [(section, c, read(main)) for c in step.commands]
                elif isinstance(step, Block):
                    conn = conns.get(step.conn) or connect(port)
                    conns[step.conn] = conn
                    conn.send_command(*step.args)
                    blocked += 1
                    wait_blocked(main, conn, blocked, step.args)
                elif isinstance(step, Await):
                    run.replies.append((section, step, read(conns[step.conn])))
                    blocked -= 1
                elif isinstance(step, Sleep):
                    time.sleep(step.ms / 1000)
                else:
                    run.replies.append((section, step, call(main, *step)))
            except Exception as e:
                raise AssertionError(f"step {i} {step} of section {section!r}: {e!r}") from e
        end = connect(port)
        call(end, "SET", END_KEY, token)
        end.disconnect()
    finally:
        for c in [main, *conns.values()]:
            c.disconnect()
    marker = (b"SET", END_KEY, token.encode())

    def complete():
        run.entries = parse_stream(read_stream())
        return run.entries[-1:] == [marker]
    try:
        wait_until(complete, "the end marker in the propagated stream")
    except AssertionError as e:
        tail = "\n   ".join(show(x) for x in run.entries[-5:]) or "<empty>"
        raise AssertionError(f"{e}; the stream has {len(run.entries)} entries, the last:\n   "
                             f"{tail}") from None
    return run


# -- comparing two runs -------------------------------------------------------------------------

def sections_of(entries):
    """The section name of each entry (the most recent section marker before it)."""
    names, current = [], "<start>"
    for e in entries:
        if len(e) == 3 and e[0].upper() == b"SET" and e[1] == SECTION_KEY:
            current = e[2].decode()
        names.append(current)
    return names


def _as_int(arg):
    try:
        return int(arg)
    except ValueError:
        return None


def args_match(a, b, clock_a, clock_b):
    """Equal, or both absolute times (ms) the servers computed from a relative expiry: then
    their offsets from each run's own clock must agree within TS_TOLERANCE_MS."""
    if a == b:
        return True
    ia, ib = _as_int(a), _as_int(b)
    if ia is None or ib is None:
        return False
    if abs(ia - clock_a) > NEAR_NOW_MS or abs(ib - clock_b) > NEAR_NOW_MS:
        return False
    return abs((ia - clock_a) - (ib - clock_b)) <= TS_TOLERANCE_MS


def entries_match(ea, eb, clock_a, clock_b, loose):
    if len(ea) != len(eb):
        return False
    if loose:  # random picks: same command on the same key with as many arguments
        return ea[0].upper() == eb[0].upper() and ea[1:2] == eb[1:2]
    return all(args_match(x, y, clock_a, clock_b) for x, y in zip(ea, eb))


def show(entry):
    return " ".join(repr(a)[2:-1] if a else '""' for a in entry)


def differing_sections(got, want, loose_sections):
    """Names of the sections whose entries differ (each compared on its own)."""
    def by_section(run):
        out = {}
        for sec, e in zip(sections_of(run.entries), run.entries):
            out.setdefault(sec, []).append(e)
        return out
    g, w = by_section(got), by_section(want)
    names = list(w) + [n for n in g if n not in w]
    return [n for n in names
            if len(g.get(n, [])) != len(w.get(n, [])) or not all(
                entries_match(a, b, got.clock(n), want.clock(n), n in loose_sections)
                for a, b in zip(g.get(n, []), w.get(n, [])))]


def compare_runs(got, want, loose_sections=(), got_name="server", want_name="redis-server"):
    """Raises AssertionError naming the first differing entry, its section and a window."""
    secs_got, secs_want = sections_of(got.entries), sections_of(want.entries)
    first = None
    for i in range(max(len(got.entries), len(want.entries))):
        if i >= len(got.entries) or i >= len(want.entries):
            first = i
            break
        sec = secs_want[i]
        ok = secs_got[i] == sec and entries_match(
            got.entries[i], want.entries[i], got.clock(sec), want.clock(sec), sec in loose_sections)
        if not ok:
            first = i
            break
    if first is None:
        return
    section = secs_want[min(first, len(secs_want) - 1)] if secs_want else "<start>"
    lines = [f"propagated streams differ at entry {first} (section {section!r}); "
             f"{got_name}: {len(got.entries)} entries, {want_name}: {len(want.entries)}",
             f"(one line where both are equal, else {got_name} then {want_name}; "
             f"~ marks entries equal up to tolerated times or random picks)"]
    last = min(first + 8, max(len(got.entries), len(want.entries)))
    for i in range(max(0, first - 8), last):
        g = show(got.entries[i]) if i < len(got.entries) else "<none>"
        w = show(want.entries[i]) if i < len(want.entries) else "<none>"
        s = secs_want[i] if i < len(secs_want) else secs_got[i]
        mark = ">>" if i == first else ("~ " if g != w and i < first else "  ")
        prefix = f"{mark} {i:>5} [{s}] "
        if g == w:
            lines.append(prefix + g)
        else:
            lines.append(f"{prefix}{got_name}: {g}")
            lines.append(f"{'':{len(prefix)}}{want_name}: {w}")
    differing = differing_sections(got, want, loose_sections)
    lines.append("sections that differ: " + ", ".join(differing))
    # Different replies in that section often explain the difference.
    replies = [(cmd, a, b) for (sec, cmd, a), (_, _, b) in zip(got.replies, want.replies)
               if sec == section and repr(a) != repr(b) and section not in loose_sections]
    if replies:
        lines.append(f"replies that differ in section {section!r}:")
        for cmd, a, b in replies[:10]:
            lines.append(f"   {cmd}: {got_name} {a!r}, {want_name} {b!r}")
    raise AssertionError("\n".join(lines))
