"""A loopback TCP relay that can black-hole its traffic: a radio link loss between an agent and the broker.

While cut, bytes in both directions are read and thrown away (as a dead radio link would lose them:
the sender sees no error, only silence) and new connections are accepted but never reach the broker.
When the link comes back, every connection that lived through the cut is closed, as TCP would have
given up on it, and the client reconnects through the relay.
"""
from __future__ import annotations

import selectors
import socket
import threading
import time
from dataclasses import dataclass, field

from .net import free_tcp_port


@dataclass(eq=False)
class _Pair:
    client: socket.socket
    upstream: socket.socket | None
    # Lived through a cut: never forwards again, closed when the link returns.
    stale: bool = False

    def other(self, s: socket.socket) -> socket.socket | None:
        return self.upstream if s is self.client else self.client


@dataclass
class RelayStats:
    connections: int = 0
    bytes_forwarded: int = 0
    bytes_dropped: int = 0
    cuts: list[tuple[float, float]] = field(default_factory=list)


class LinkRelay:
    """Relays 127.0.0.1:`port` to 127.0.0.1:`target_port` until `close()`; `cut()`/`restore()` toggle the link."""

    def __init__(self, name: str, target_port: int, port: int | None = None):
        self.name = name
        self.target_port = target_port
        self.port = port or free_tcp_port()
        self.stats = RelayStats()
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self._listener.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._pairs: dict[socket.socket, _Pair] = {}
        self._lock = threading.Lock()
        self._is_cut = False
        self._restore_requested = False
        self._closed = False
        self._cut_started = 0.0
        self._thread = threading.Thread(target=self._run, name=f"relay-{name}", daemon=True)
        self._thread.start()

    @property
    def is_cut(self) -> bool:
        return self._is_cut

    def cut(self) -> None:
        """The link goes silent now."""
        with self._lock:
            self._is_cut = True
            self._cut_started = time.time()
            for pair in self._pairs.values():
                pair.stale = True

    def restore(self) -> None:
        """The link is back: stale connections are closed (by the relay thread), new ones go through."""
        with self._lock:
            self._is_cut = False
            self._restore_requested = True
            self.stats.cuts.append((self._cut_started, time.time()))

    def outage(self, seconds: float) -> None:
        """Blocks for a `seconds` long cut."""
        self.cut()
        try:
            time.sleep(seconds)
        finally:
            self.restore()

    def close(self) -> None:
        self._closed = True
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while not self._closed:
                for key, _ in self._selector.select(timeout=0.05):
                    if key.fileobj is self._listener:
                        self._accept()
                    else:
                        self._pump(key.fileobj)  # type: ignore[arg-type]
                with self._lock:
                    restore, self._restore_requested = self._restore_requested, False
                if restore:
                    for pair in {p for p in self._pairs.values() if p.stale}:
                        self._close(pair)
        finally:
            for pair in set(self._pairs.values()):
                self._close(pair)
            self._selector.close()
            self._listener.close()

    def _accept(self) -> None:
        try:
            client, _ = self._listener.accept()
        except BlockingIOError:
            return
        self.stats.connections += 1
        upstream = None
        with self._lock:
            stale = self._is_cut
        if not stale:
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=2)
            except OSError:
                client.close()  # broker down: the client sees a refused connection, as without relay
                return
        pair = _Pair(client, upstream, stale=stale)
        for s in (client, upstream):
            if s is not None:
                s.setblocking(True)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._pairs[s] = pair
                self._selector.register(s, selectors.EVENT_READ)

    def _pump(self, s: socket.socket) -> None:
        pair = self._pairs.get(s)
        if pair is None:
            return
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._close(pair)
            return
        target = pair.other(s)
        if pair.stale or target is None:
            self.stats.bytes_dropped += len(data)
            return
        try:
            target.sendall(data)
            self.stats.bytes_forwarded += len(data)
        except OSError:
            self._close(pair)

    def _close(self, pair: _Pair) -> None:
        for s in (pair.client, pair.upstream):
            if s is None or s not in self._pairs:
                continue
            del self._pairs[s]
            try:
                self._selector.unregister(s)
            except (KeyError, ValueError):
                pass
            try:
                s.close()
            except OSError:
                pass
