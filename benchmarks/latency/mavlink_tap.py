"""A UDP relay between firmware-sim and each drone-agent that notes when every position left the simulator.

For each simulated vehicle the tap listens on a loopback port (the agent's `udpout://` target) and
talks to the vehicle from a socket of its own, so the simulator answers the tap and the tap forwards
to the agent. Datagrams from the simulator carry the kernel's receive timestamp (SO_TIMESTAMPNS):
the moment the position arrived on loopback, not the moment this Python process got round to it,
so a busy tap cannot make the measured latency look shorter. Each GLOBAL_POSITION_INT's
(lat, lon, alt) — exactly what the agent puts into telemetry and ground into the SSE `position` — is
recorded with its first arrival time and how often it was seen (a repeated position is ambiguous).

Runs in its own process (`multiprocessing`), so the SSE reader and the tap do not share a GIL.
"""
import selectors
import socket
import struct
import time

# Linux: SO_TIMESTAMPNS (SCM_TIMESTAMPNS) = 35; Python's socket module does not export it.
SO_TIMESTAMPNS = 35
GLOBAL_POSITION_INT = 33
POSITION_PAYLOAD = 28  # time_boot_ms u32, lat i32, lon i32, alt i32, relative_alt i32, vx vy vz i16, hdg u16


def positions(datagram):
    """(lat 1e7, lon 1e7, alt mm) of every GLOBAL_POSITION_INT in a datagram of MAVLink v1/v2 frames."""
    found, i = [], 0
    while i + 8 <= len(datagram):
        magic = datagram[i]
        if magic == 0xFD:  # v2: len, incompat, compat, seq, sysid, compid, msgid[3], payload, crc[2], signature?
            length, incompat = datagram[i + 1], datagram[i + 2]
            msgid = int.from_bytes(datagram[i + 7:i + 10], "little")
            start, size = i + 10, 10 + length + 2 + (13 if incompat & 1 else 0)
        elif magic == 0xFE:  # v1: len, seq, sysid, compid, msgid, payload, crc[2]
            length, msgid = datagram[i + 1], datagram[i + 5]
            start, size = i + 6, 6 + length + 2
        else:
            i += 1
            continue
        if msgid == GLOBAL_POSITION_INT:
            # v2 drops trailing zero bytes of a payload: pad back before unpacking.
            payload = datagram[start:start + length].ljust(POSITION_PAYLOAD, b"\0")
            found.append(struct.unpack_from("<iii", payload, 4))
        i += size
    return found


def run(sim_ports, conn, stop):
    """Relays for SIM_PORTS; sends the listening ports through CONN, then on STOP the records."""
    selector = selectors.DefaultSelector()
    agent_side, sim_side = [], []
    for port in sim_ports:
        listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        listen.bind(("127.0.0.1", 0))
        upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        upstream.bind(("127.0.0.1", 0))
        upstream.connect(("127.0.0.1", port))
        upstream.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        for s in (listen, upstream):
            s.setblocking(False)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        index = len(agent_side)
        agent_side.append([listen, None])  # socket, agent address (learned from its first datagram)
        sim_side.append(upstream)
        selector.register(listen, selectors.EVENT_READ, ("agent", index))
        selector.register(upstream, selectors.EVENT_READ, ("sim", index))
    conn.send([s.getsockname()[1] for s, _ in agent_side])
    # (lat, lon, alt) -> [first arrival ns (CLOCK_REALTIME), times seen, vehicle index]
    seen = {}
    forwarded = 0
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            side, index = key.data
            sock = key.fileobj
            while True:
                try:
                    if side == "agent":
                        data, address = sock.recvfrom(65536)
                        agent_side[index][1] = address
                        sim_side[index].send(data)
                        continue
                    data, ancillary, _, _ = sock.recvmsg(65536, 64)
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                arrived = time.time_ns()
                for level, kind, value in ancillary:
                    if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
                        seconds, nanos = struct.unpack_from("qq", value)
                        arrived = seconds * 1_000_000_000 + nanos
                for position in positions(data):
                    record = seen.get(position)
                    if record is None:
                        seen[position] = [arrived, 1, index]
                    else:
                        record[1] += 1
                listen, address = agent_side[index]
                if address is not None:
                    try:
                        listen.sendto(data, address)
                        forwarded += 1
                    except OSError:
                        pass
    conn.send({"positions": seen, "forwarded": forwarded})
    for s, _ in agent_side:
        s.close()
    for s in sim_side:
        s.close()
