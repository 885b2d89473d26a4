"""Many `GET /v1/deliveries/:id/track` Server-Sent-Event streams read by one thread (selectors).

One thread for every stream keeps the reader cheap and its timestamps honest: each `update` frame is
stamped (CLOCK_REALTIME, ns) when the bytes that completed it came off the socket. The response is
HTTP/1.1 with chunked transfer encoding; frames are `event: update` / `data: <json>` / blank line.
"""
import json
import selectors
import socket
import threading
import time


class TrackStream:
    """One delivery's tracking stream: raw bytes in, (time ns, update JSON) out."""

    def __init__(self, port, delivery_id, key):
        self.delivery_id = delivery_id
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall((f"GET /v1/deliveries/{delivery_id}/track HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           f"Authorization: Bearer {key}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self.sock.setblocking(False)
        self.raw = b""        # undecoded bytes (headers, then chunk framing)
        self.body = b""       # de-chunked SSE text not yet split into frames
        self.headers_done = False
        self.status = None
        self.chunked = False
        self.closed = False

    def feed(self, data, now_ns, out):
        """Decodes DATA; appends (now_ns, delivery id, update) to OUT for every complete update frame."""
        self.raw += data
        if not self.headers_done:
            head, sep, rest = self.raw.partition(b"\r\n\r\n")
            if not sep:
                return
            lines = head.decode(errors="replace").split("\r\n")
            self.status = int(lines[0].split()[1])
            self.chunked = any(line.lower().startswith("transfer-encoding:") and "chunked" in line.lower() for line in lines[1:])
            self.headers_done, self.raw = True, rest
            if self.status != 200:
                raise RuntimeError(f"track {self.delivery_id}: HTTP {self.status}: {rest[:200]!r}")
        if self.chunked:
            while True:
                size_line, sep, rest = self.raw.partition(b"\r\n")
                if not sep:
                    break
                size = int(size_line.split(b";")[0], 16)
                if size == 0:
                    self.closed = True
                    break
                if len(rest) < size + 2:
                    break
                self.body += rest[:size]
                self.raw = rest[size + 2:]
        else:
            self.body, self.raw = self.body + self.raw, b""
        while b"\n\n" in self.body:
            frame, self.body = self.body.split(b"\n\n", 1)
            event, data = "message", []
            for line in frame.decode(errors="replace").split("\n"):
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
            if event == "update" and data:
                out.append((now_ns, self.delivery_id, json.loads("\n".join(data))))


class SSEReader:
    """Reads every stream in a background thread until `stop()`; `updates` holds what arrived."""

    def __init__(self, port, delivery_ids, key):
        self.streams = [TrackStream(port, d, key) for d in delivery_ids]
        self.updates = []
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sse-reader", daemon=True)
        self._thread.start()

    def _run(self):
        selector = selectors.DefaultSelector()
        for stream in self.streams:
            selector.register(stream.sock, selectors.EVENT_READ, stream)
        open_streams = len(self.streams)
        while not self._stop.is_set() and open_streams:
            for key, _ in selector.select(timeout=0.2):
                stream = key.data
                try:
                    data = stream.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError as error:
                    data, self.errors = b"", self.errors + [f"{stream.delivery_id}: {error}"]
                now = time.time_ns()
                if data:
                    try:
                        stream.feed(data, now, self.updates)
                    except (RuntimeError, ValueError) as error:
                        self.errors.append(str(error))
                        stream.closed = True
                if not data or stream.closed:
                    selector.unregister(stream.sock)
                    stream.sock.close()
                    open_streams -= 1
        for stream in self.streams:
            if not stream.closed:
                try:
                    stream.sock.close()
                except OSError:
                    pass

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
