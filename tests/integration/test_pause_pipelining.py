"""CLIENT PAUSE with clients that pipeline (they read straight into their query buffer):
postponed commands run once the pause ends, and no client's input is mixed with another's."""

import socket
import time


def recv_exact(sock, n, timeout=10.0):
    sock.settimeout(timeout)
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def test_postponed_pipelining_client_resumes_cleanly(server):
    admin = server.client()
    a = socket.create_connection(("127.0.0.1", server.port))
    b = socket.create_connection(("127.0.0.1", server.port))
    try:
        # A pipeline far larger than a small first read puts both clients in in-place reads.
        burst = b"".join(b"SET a:%d %s\r\n" % (i, b"v" * 40) for i in range(200))
        a.sendall(burst)
        assert recv_exact(a, 5 * 200) == b"+OK\r\n" * 200
        b.sendall(burst.replace(b"a:", b"b:"))
        assert recv_exact(b, 5 * 200) == b"+OK\r\n" * 200

        assert admin.execute_command("CLIENT", "PAUSE", "400", "WRITE")
        a.sendall(b"SET paused 1\r\n")  # postponed, with a read pending again
        time.sleep(0.1)
        a.settimeout(0.1)
        try:
            early = a.recv(64)
        except socket.timeout:
            early = b""
        assert early == b""  # nothing ran yet
        # After the pause the postponed SET runs; then both clients keep pipelining.
        assert recv_exact(a, 5) == b"+OK\r\n"
        for round_ in range(5):
            b.sendall(b"".join(b"SET b:%d r%d\r\n" % (i, round_) for i in range(300)))
            a.sendall(b"GET paused\r\n" * 50)
            assert recv_exact(a, 7 * 50) == b"$1\r\n1\r\n" * 50
            assert recv_exact(b, 5 * 300) == b"+OK\r\n" * 300
        assert admin.get("b:299") == b"r4"
        assert admin.get("a:0") == b"v" * 40
    finally:
        a.close()
        b.close()
