"""Many Server-Sent-Event streams of ground-control read by one process (epoll through selectors).

A reader process opens its streams (`GET /v1/deliveries/{id}/track` or `GET /v1/fleet/stream`),
then stamps each frame (CLOCK_REALTIME, ns) with the kernel's receive time of the bytes that completed
it (SO_TIMESTAMPNS: when the last packet read reached this socket), so a reader that a loaded host
schedules late does not add its own lateness to ground's delay.
It keeps only what identifies the telemetry sample behind a frame — a tracking `update`'s `time`,
a fleet `drone` frame's drone and `lastSeen` (both the sample's `timeMs`) — so one process keeps up
with thousands of streams; the first frame of a stream (the snapshot taken at connect) is not a
sample. A stream the server ends, or that fails, before the reader is told to stop counts as dropped.
"""
from __future__ import annotations

import re
import resource
import selectors
import socket
import struct
import time

# Linux values; Python's socket module does not export them.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
SCM_TIMESTAMPNS = getattr(socket, "SCM_TIMESTAMPNS", SO_TIMESTAMPNS)
TIMESPEC = struct.Struct("@qq")

TRACK_TIME = re.compile(rb'^data: \{[^\n]*?"time":"([^"]+)"', re.M)
FLEET_DRONE = re.compile(rb'^event: drone\ndata: \{[^\n]*?"drone(?:ID|Id)":"([^"]+)"[^\n]*?"lastSeen":"([^"]+)"', re.M)


class Stream:
    """One SSE response: HTTP/1.1 head, then chunked body split into frames."""

    def __init__(self, index, port, path, key):
        self.index = index
        self.path = path
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
                           "Accept: text/event-stream\r\n\r\n").encode())
        self.sock.setblocking(False)
        self.raw = bytearray()
        self.body = bytearray()
        self.status = None
        self.frames = 0
        self.ended = None         # why the stream ended before the reader stopped

    def feed(self, data):
        """Adds DATA; returns the complete SSE frames (bytes, without the blank line) it finished."""
        self.raw += data
        if self.status is None:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return []
            head = bytes(self.raw[:end]).decode(errors="replace").split("\r\n")
            self.status = int(head[0].split()[1])
            del self.raw[:end + 4]
            if self.status != 200:
                self.ended = f"HTTP {self.status}"
                return []
        while True:
            line_end = self.raw.find(b"\r\n")
            if line_end < 0:
                break
            size = int(bytes(self.raw[:line_end]).split(b";")[0], 16)
            if size == 0:
                self.ended = "server ended the stream"
                break
            if len(self.raw) < line_end + 2 + size + 2:
                break
            self.body += self.raw[line_end + 2:line_end + 2 + size]
            del self.raw[:line_end + 2 + size + 2]
        end = self.body.rfind(b"\n\n")
        if end < 0:
            return []
        frames = bytes(self.body[:end]).split(b"\n\n")
        del self.body[:end + 2]
        return frames


def run(port, paths, key, kind, conn, sample_drones=None, first_index=0):
    """Child process entry. Opens every path in PATHS, reports {"opened", "failed"} on CONN, reads until
    "stop" arrives, then sends the records and each stream's end.

    Streams are numbered from FIRST_INDEX. Records: kind "track": (stream number, time text, kernel arrival ns,
    reader arrival ns) per update; kind "fleet": (stream index, drone id, lastSeen text, kernel arrival ns,
    reader arrival ns) per drone frame of a drone in SAMPLE_DRONES (all when None). The reader's own time
    (read just before the recv) is comparable with mosquitto_sub's `%U`; the kernel's is free of the
    reader's scheduling."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    selector = selectors.DefaultSelector()
    streams, failed = [], []
    for index, path in enumerate(paths):
        try:
            stream = Stream(first_index + index, port, path, key)
        except OSError as error:
            failed.append(f"{path}: connect: {error}")
            continue
        streams.append(stream)
        selector.register(stream.sock, selectors.EVENT_READ, stream)
    selector.register(conn.fileno(), selectors.EVENT_READ, None)
    wanted = set(sample_drones) if sample_drones is not None else None
    records = []
    opened_reported = False
    open_count = len(streams)
    deadline = time.monotonic() + 120
    stop = False
    while not stop:
        if not opened_reported:
            answered = sum(1 for s in streams if s.status is not None or s.ended)
            if answered == len(streams) or time.monotonic() > deadline:
                ok = sum(1 for s in streams if s.status == 200 and not s.ended)
                bad = [f"{s.path}: {s.ended or 'no answer'}" for s in streams if s.status != 200 or s.ended]
                conn.send({"opened": ok, "failed": failed + bad})
                opened_reported = True
        for selected, _ in selector.select(timeout=0.5):
            stream = selected.data
            if stream is None:
                if conn.recv() == "stop":
                    stop = True
                continue
            now = None
            user = time.time_ns()
            try:
                data, ancillary, _, _ = stream.sock.recvmsg(262144, socket.CMSG_SPACE(TIMESPEC.size))
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as error:
                data, ancillary, stream.ended = b"", [], f"socket error: {error}"
            for level, message_type, payload in ancillary:
                if level == socket.SOL_SOCKET and message_type == SCM_TIMESTAMPNS and len(payload) >= TIMESPEC.size:
                    seconds, nanoseconds = TIMESPEC.unpack_from(payload)
                    now = seconds * 1_000_000_000 + nanoseconds
            if now is None:
                now = user
            if data:
                try:
                    frames = stream.feed(data)
                except ValueError as error:
                    frames, stream.ended = [], f"bad chunk framing: {error}"
                for frame in frames:
                    stream.frames += 1
                    if stream.frames == 1:
                        continue  # the snapshot at connect, not a new sample
                    if kind == "track":
                        match = TRACK_TIME.search(frame)
                        if match:
                            records.append((stream.index, match.group(1).decode(), now, user))
                    else:
                        match = FLEET_DRONE.search(frame)
                        if match and (wanted is None or match.group(1).decode() in wanted):
                            records.append((stream.index, match.group(1).decode(), match.group(2).decode(), now, user))
            else:
                stream.ended = stream.ended or "server closed the connection"
            if stream.ended:
                selector.unregister(stream.sock)
                stream.sock.close()
                stream.ended_at = now
                open_count -= 1
    ends = [(s.index, s.ended, getattr(s, "ended_at", None)) for s in streams if s.ended]
    for stream in streams:
        if not stream.ended:
            stream.sock.close()
    conn.send({"records": records, "ends": ends, "frames": sum(s.frames for s in streams)})
