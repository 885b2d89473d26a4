"""A small synchronous paho-mqtt (MQTT v5) client for the broker tests: every wait is bounded."""
import queue
import socket
import ssl
import struct
import threading
import uuid

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

TIMEOUT = 5.0


class ConnectRefused(Exception):
    """The broker answered CONNECT with a failure reason, or never answered."""


class Client:
    def __init__(self, username=None, password=None, port=None, ca_file=None, client_id=None):
        self.client_id = client_id or f"t-{uuid.uuid4().hex[:10]}"
        self.mqtt = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=mqtt.MQTTv5)
        if username is not None:
            self.mqtt.username_pw_set(username, password)
        if ca_file:
            self.mqtt.tls_set(ca_certs=ca_file, cert_reqs=ssl.CERT_REQUIRED)
        self.port = port
        self.messages = queue.Queue()
        self._connack = queue.Queue()
        self._acks = {}
        self._lock = threading.Lock()
        self.disconnects = queue.Queue()
        self.mqtt.on_connect = lambda c, u, flags, rc, props: self._connack.put(rc)
        self.mqtt.on_disconnect = lambda c, u, flags, rc, props: self.disconnects.put(rc)
        self.mqtt.on_message = lambda c, u, msg: self.messages.put((msg.topic, msg.payload))
        self.mqtt.on_publish = lambda c, u, mid, rc, props: self._ack(mid, rc)
        self.mqtt.on_subscribe = lambda c, u, mid, rcs, props: self._ack(mid, rcs)

    def _ack(self, mid, value):
        with self._lock:
            box = self._acks.setdefault(mid, queue.Queue())
        box.put(value)

    def _wait_ack(self, mid, what):
        with self._lock:
            box = self._acks.setdefault(mid, queue.Queue())
        try:
            return box.get(timeout=TIMEOUT)
        except queue.Empty:
            raise TimeoutError(f"no {what} within {TIMEOUT}s") from None

    def connect(self, timeout=TIMEOUT):
        """Connects and returns self; raises ConnectRefused with the broker's reason otherwise."""
        try:
            self.mqtt.connect("127.0.0.1", self.port, keepalive=10)
        except (OSError, ssl.SSLError) as error:
            raise ConnectRefused(f"transport: {error}") from error
        self.mqtt.loop_start()
        try:
            rc = self._connack.get(timeout=timeout)
        except queue.Empty:
            self.close()
            raise ConnectRefused("no CONNACK") from None
        if rc.is_failure:
            self.close()
            raise ConnectRefused(str(rc))
        return self

    def subscribe(self, topic, qos=1):
        """Subscribes and returns the granted reason code (a failure code when the ACL denies it)."""
        result, mid = self.mqtt.subscribe(topic, qos=qos)
        assert result == mqtt.MQTT_ERR_SUCCESS
        codes = self._wait_ack(mid, f"SUBACK for {topic}")
        return codes[0]

    def publish(self, topic, payload, qos=1, retain=False):
        """Publishes and, for QoS 1, waits for the PUBACK; returns its reason code (None for QoS 0)."""
        info = self.mqtt.publish(topic, payload, qos=qos, retain=retain)
        assert info.rc == mqtt.MQTT_ERR_SUCCESS, f"publish to {topic}: {info.rc}"
        if qos == 0:
            info.wait_for_publish(TIMEOUT)
            return None
        return self._wait_ack(info.mid, f"PUBACK for {topic}")

    def expect(self, topic, payload, timeout=TIMEOUT):
        """Waits for (topic, payload), returning every other message seen before it."""
        others = []
        try:
            while True:
                got = self.messages.get(timeout=timeout)
                if got == (topic, payload):
                    return others
                others.append(got)
        except queue.Empty:
            raise AssertionError(f"{self.client_id} never received {payload!r} on {topic}; saw {others}") from None

    def drain(self):
        items = []
        while True:
            try:
                items.append(self.messages.get_nowait())
            except queue.Empty:
                return items

    def close(self):
        try:
            self.mqtt.disconnect()
        finally:
            self.mqtt.loop_stop()


def is_granted(code):
    return isinstance(code, ReasonCode) and not code.is_failure


def raw_connect_answer(port, username, password, timeout=2.0):
    """Sends a plaintext MQTT 3.1.1 CONNECT to `port` and returns the first bytes answered (b'' if none)."""
    def utf8(s):
        b = s.encode()
        return struct.pack("!H", len(b)) + b
    variable = utf8("MQTT") + bytes([4, 0b11000010]) + struct.pack("!H", 10)
    payload = utf8(f"raw-{uuid.uuid4().hex[:8]}") + utf8(username) + utf8(password)
    body = variable + payload
    packet = bytes([0x10, len(body)]) + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(packet)
        try:
            return s.recv(16)
        except (socket.timeout, ConnectionResetError):
            return b""


def _remaining_length(n):
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def _read_packet(sock):
    """One MQTT packet: (first byte, body)."""
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError(f"connection closed after {len(data)} of {n} bytes")
            data += chunk
        return data
    first = exactly(1)[0]
    length, shift = 0, 0
    while True:
        byte = exactly(1)[0]
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return first, exactly(length)


def raw_publish_v5(port, username, password, topic, payloads, ca_file=None, timeout=5.0):
    """Connects with MQTT v5 on a raw socket and publishes each payload at QoS 1 in turn, on the same
    connection; returns each PUBACK's reason code (0 accepted, 0x10 no subscribers, 0x95 packet too
    large, ...), None once the broker closed the connection instead. paho-mqtt 2 takes a PUBACK with a
    reason code and no properties for a protocol error, so the answers are read off the wire."""
    def utf8(text):
        data = text.encode()
        return struct.pack("!H", len(data)) + data
    raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    if ca_file:
        raw = ssl.create_default_context(cafile=ca_file).wrap_socket(raw, server_hostname="127.0.0.1")
    codes = []
    with raw as sock:
        connect = utf8("MQTT") + bytes([5, 0b11000010]) + struct.pack("!H", 10) + b"\x00"
        connect += utf8(f"raw-{uuid.uuid4().hex[:8]}") + utf8(username) + utf8(password)
        sock.sendall(b"\x10" + _remaining_length(len(connect)) + connect)
        kind, body = _read_packet(sock)
        if kind != 0x20 or body[1] != 0:
            raise ConnectRefused(f"CONNACK {body.hex()}")
        for mid, payload in enumerate(payloads, start=1):
            publish = utf8(topic) + struct.pack("!H", mid) + b"\x00" + payload
            try:
                sock.sendall(b"\x32" + _remaining_length(len(publish)) + publish)
                kind, body = _read_packet(sock)
            except OSError:
                return codes + [None] * (len(payloads) - len(codes))
            if kind >> 4 != 4:  # not a PUBACK: a DISCONNECT (0xE0) with its reason
                return codes + [None] * (len(payloads) - len(codes))
            codes.append(body[2] if len(body) > 2 else 0)
    return codes
