#!/usr/bin/env python3
"""Slow-client and oversized-body probes against a running eligo serve (bench/serve.sh).

Each probe prints one line: what it sent, what came back, how long it took. While the slow
clients hold their connections, /healthz is timed to show the server still answers.
Usage: probes.py PORT [SLOW_CLIENTS]
"""
import socket, sys, threading, time

port = int(sys.argv[1])
n_slow = int(sys.argv[2]) if len(sys.argv) > 2 else 100


def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    return s


def answer(s, limit=60):
    """Reads until the server closes or `limit` s pass; returns (first line, bytes, seconds, closed)."""
    t0 = time.time()
    data = b""
    closed = False
    s.settimeout(1)
    while time.time() - t0 < limit:
        try:
            b = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
        if not b:
            closed = True
            break
        data += b
        if b"\r\n\r\n" in data and b"Content-Length" in data:
            head, _, body = data.partition(b"\r\n\r\n")
            length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
            if len(body) >= length:
                break
    return data.split(b"\r\n", 1)[0].decode(errors="replace"), len(data), time.time() - t0, closed


def healthz():
    t0 = time.time()
    s = connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    line, _, _, _ = answer(s, 30)
    s.close()
    return line, (time.time() - t0) * 1000


def probe(name, payload, drip=None, limit=60):
    s = connect()
    t0 = time.time()
    try:
        if drip:
            for b in payload:
                s.sendall(bytes([b]))
                time.sleep(drip)
        else:
            s.sendall(payload)
    except OSError as e:
        pass
    line, n, secs, closed = answer(s, limit)
    s.close()
    state = "then the server closed the connection" if closed else "the connection stays open for the next request"
    print(f"{name}: {line or '(no answer)'} after {time.time() - t0:.1f} s; {state}")


# 1. Oversized bodies: the limit is checked before the body is read.
probe("body of 6 MB (limit 5 MB)", b"POST /api/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 6291456\r\n\r\n" + b" " * 6291456)
probe("Content-Length of 1 GB, no body sent", b"POST /api/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n")
chunk = b" " * 65536
chunked = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(100)) + b"0\r\n\r\n"
probe("chunked body of 6.25 MB", b"POST /api/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
probe("header of 1 MB", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")

# 2. Slow clients: a body promised and never sent; a request line never finished.
probe("promises 100 bytes, sends 1", b"POST /api/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
probe("half a request line", b"POST /api/scr")

# 3. Many slow clients at once (slowloris: one header byte every 2 s), while /healthz is timed.
held = []
stop = threading.Event()
closed = [0]
lock = threading.Lock()


def loris():
    try:
        s = connect()
    except OSError:
        return
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    try:
        for b in req:
            if stop.is_set():
                break
            s.sendall(bytes([b]))
            stop.wait(2)
    except OSError:
        with lock:
            closed[0] += 1
    s.close()


ts = [threading.Thread(target=loris) for _ in range(n_slow)]
for t in ts:
    t.start()
time.sleep(5)
times = [healthz() for _ in range(10)]
ok = sum(1 for l, _ in times if l.startswith("HTTP/1.1 200"))
ms = sorted(t for _, t in times)
print(f"{n_slow} slowloris clients (a header byte every 2 s): /healthz answered {ok}/10, median {ms[5]:.0f} ms, max {ms[-1]:.0f} ms")
stop.set()
for t in ts:
    t.join()
print(f"slowloris connections the server closed while they dripped: {closed[0]}/{n_slow}")
