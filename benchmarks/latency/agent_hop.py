#!/usr/bin/env python3
"""The agent's own hop: MAVLink position in -> MQTT telemetry publish out, one release drone-agent.

One drone of the lab (scripts/skyrelay_lab: mosquitto, firmware-sim in real time, the agent at
telemetryRateHz 10, ground to give it a delivery so it flies and its positions change). Both ends of the
hop are read off the loopback interface by one packet capture (AF_PACKET, kernel timestamps,
SO_TIMESTAMPNS): the UDP datagram carrying a GLOBAL_POSITION_INT as it is sent to the agent, and the TCP
segment carrying the MQTT PUBLISH of the telemetry with that position (lat, lon, alt AMSL) as the agent
sends it to the broker. Nothing between them is Python: the hop is the agent's MAVLink decode, state
update, telemetry encoding, outbox-free QoS 0 publish through libmosquitto and the kernel's send.

The peer, measured in the same run by the same capture: a minimal Python relay (pymavlink decode of the
same datagrams, a JSON telemetry of the same fields, paho-mqtt publish QoS 0 to a mosquitto of its own).
A UDP tee between the simulator and the two gives them every datagram at once; the tee's own delay is
outside both hops (each hop starts at the tee's send to that reader).

Positions the simulator sent more than once (a drone standing still) are ambiguous and left out; a
position the agent did not publish (its 10 Hz limit) is not a sample.

Needs CAP_NET_RAW for the capture (root, or `setcap cap_net_raw+ep` on the interpreter).

    python3 benchmarks/latency/agent_hop.py [--bin .build-release/release] [--runs 3] [--window 30] [--quick] [--write-docs]
"""
import argparse
import json
import multiprocessing
import os
import selectors
import socket
import statistics
import struct
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "scripts")]
from benchmarks_doc import goal_row, machine, mark, spread, summary_line, write_section  # noqa: E402
from mavlink_tap import positions as mavlink_positions  # noqa: E402
from run import percentile, require_products  # noqa: E402
from skyrelay_lab.broker import OpenBroker  # noqa: E402
from skyrelay_lab.lab import Lab, LabConfig  # noqa: E402

GOAL_P99_MS = 2.0
FLYING = {"enRouteToPickup", "atPickup", "enRouteToDropoff", "atDropoff", "returning"}
SO_TIMESTAMPNS = 35
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def udp_tee(sim_port, peer_port, conn, stop):
    """Relays the agent's link to SIM_PORT and copies every simulator datagram to PEER_PORT as well.
    Sends (agent-facing port, tee's port towards the peer) through CONN, then runs until STOP."""
    listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listen.bind(("127.0.0.1", 0))
    upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    upstream.bind(("127.0.0.1", 0))
    upstream.connect(("127.0.0.1", sim_port))
    to_peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    to_peer.bind(("127.0.0.1", 0))
    to_peer.connect(("127.0.0.1", peer_port))
    for s in (listen, upstream):
        s.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listen, selectors.EVENT_READ, "agent")
    selector.register(upstream, selectors.EVENT_READ, "sim")
    conn.send((listen.getsockname()[1], to_peer.getsockname()[1]))
    agent = None
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            while True:
                try:
                    data, address = key.fileobj.recvfrom(65536)
                except (BlockingIOError, InterruptedError):
                    break
                if key.data == "agent":
                    agent = address
                    upstream.send(data)
                    continue
                if agent is not None:
                    listen.sendto(data, agent)
                try:
                    to_peer.send(data)
                except OSError:
                    pass  # the peer is not up yet


def peer_relay(port, broker_port, stop):
    """The reference: pymavlink decode, one JSON telemetry per GLOBAL_POSITION_INT, paho publish QoS 0."""
    import paho.mqtt.client as mqtt
    from pymavlink.dialects.v20 import common

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="peer")
    client.connect("127.0.0.1", broker_port)
    client.loop_start()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    sock.settimeout(0.2)
    parser = common.MAVLink(None)
    parser.robust_parsing = True
    while not stop.is_set():
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        for message in parser.parse_buffer(data) or []:
            if message.get_type() != "GLOBAL_POSITION_INT":
                continue
            payload = {
                "v": 1, "type": "telemetry", "droneId": "peer", "time": int(time.time() * 1000),
                "position": {"lat": message.lat / 1e7, "lon": message.lon / 1e7, "altAmslM": message.alt / 1000,
                             "altRelM": message.relative_alt / 1000},
                "velocity": {"northMps": message.vx / 100, "eastMps": message.vy / 100, "downMps": message.vz / 100},
                "headingDeg": message.hdg / 100,
            }
            client.publish("bench/peer/telemetry", json.dumps(payload, separators=(",", ":")), qos=0)
    client.loop_stop()
    client.disconnect()


def mqtt_positions(segment):
    """(lat 1e7, lon 1e7, alt mm) of every telemetry PUBLISH whole in a TCP segment's payload."""
    found, i = [], 0
    while i + 2 <= len(segment):
        kind = segment[i] >> 4
        length, multiplier, j = 0, 1, i + 1
        while j < len(segment):
            byte = segment[j]
            length += (byte & 0x7F) * multiplier
            multiplier *= 128
            j += 1
            if not byte & 0x80:
                break
        end = j + length
        if end > len(segment):
            break
        if kind == 3:
            body = segment[j:end]
            start = body.find(b"{")
            if start >= 0:
                try:
                    position = json.loads(body[start:]).get("position")
                except (ValueError, UnicodeDecodeError):
                    position = None
                if position and "altAmslM" in position:
                    found.append((round(position["lat"] * 1e7), round(position["lon"] * 1e7),
                                  round(position["altAmslM"] * 1000)))
        i = end
    return found


def capture(ports, conn, stop):
    """Every position sent on loopback towards the agent and the peer, and every telemetry each published.

    PORTS: {"agent_udp_src", "peer_udp_dst", "agent_mqtt_dst", "peer_mqtt_dst"}. Sends back, per reader,
    {position: [first UDP ns, UDP count]} and {position: first PUBLISH ns}."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind(("lo", 0))
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.settimeout(0.2)
    inbound = {"agent": {}, "peer": {}}
    published = {"agent": {}, "peer": {}}
    conn.send("ready")
    while not stop.is_set():
        try:
            frame, ancillary, _, address = sock.recvmsg(65536, 64)
        except socket.timeout:
            continue
        if address[2] != PACKET_OUTGOING or len(frame) < 14 + 20:
            continue  # loopback shows each packet twice: keep the send
        stamp = time.time_ns()
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
                seconds, nanos = struct.unpack_from("qq", value)
                stamp = seconds * 1_000_000_000 + nanos
        ip = frame[14:]
        if ip[0] >> 4 != 4:
            continue
        header = (ip[0] & 0x0F) * 4
        protocol = ip[9]
        transport = ip[header:]
        src, dst = struct.unpack_from("!HH", transport, 0)
        if protocol == 17:
            who = "agent" if src == ports["agent_udp_src"] else "peer" if dst == ports["peer_udp_dst"] else None
            if who:
                for position in mavlink_positions(transport[8:]):
                    record = inbound[who].setdefault(position, [stamp, 0])
                    record[1] += 1
        elif protocol == 6:
            who = "agent" if dst == ports["agent_mqtt_dst"] else "peer" if dst == ports["peer_mqtt_dst"] else None
            if who:
                offset = (transport[12] >> 4) * 4
                for position in mqtt_positions(transport[offset:]):
                    published[who].setdefault(position, stamp)
    conn.send({"inbound": inbound, "published": published})


class HopLab(Lab):
    """The lab's one agent behind the tee, with the capture and the peer beside it."""

    def start_agents(self):
        context = multiprocessing.get_context("spawn")
        self.stop_event = context.Event()
        self.peer_broker = OpenBroker(self.state / "peer-broker", self.registry)
        self.peer_broker.start()
        peer_port = free_udp_port()
        tee_conn, child = context.Pipe()
        vehicle = self.sim.vehicles[0]
        self.tee = context.Process(target=udp_tee, args=(vehicle.port, peer_port, child, self.stop_event), daemon=True)
        self.tee.start()
        agent_side, _ = tee_conn.recv()
        self.capture_conn, child = context.Pipe()
        ports = {"agent_udp_src": agent_side, "peer_udp_dst": peer_port, "agent_mqtt_dst": self.broker.port,
                 "peer_mqtt_dst": self.peer_broker.port}
        self.capture = context.Process(target=capture, args=(ports, child, self.stop_event), daemon=True)
        self.capture.start()
        self.capture_conn.recv()
        self.peer = context.Process(target=peer_relay, args=(peer_port, self.peer_broker.port, self.stop_event),
                                    daemon=True)
        self.peer.start()
        self.start_agent(self.drone_ids[0], self.broker.port, agent_side)

    def records(self):
        self.stop_event.set()
        records = self.capture_conn.recv()
        for process in (self.capture, self.tee, self.peer):
            process.join(timeout=10)
        return records

    def stop(self):
        if getattr(self, "stop_event", None) is not None:
            self.stop_event.set()
            for process in (self.capture, self.tee, self.peer):
                if process.is_alive():
                    process.join(timeout=10)
        return super().stop()


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hops(inbound, published, window):
    """Milliseconds from each unambiguous position's send to the reader until its publish, in WINDOW."""
    values = []
    for position, sent_at in published.items():
        record = inbound.get(position)
        if record is None or record[1] > 1 or not window[0] <= record[0] <= window[1] or sent_at < record[0]:
            continue
        values.append((sent_at - record[0]) / 1e6)
    return sorted(values)


def raise_priority(pid, priority):
    """SCHED_FIFO at PRIORITY for every thread of PID (threads it starts later inherit it): how a
    companion computer would run its one latency-bound service, out of reach of the host's other work."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        os.sched_setscheduler(int(tid), os.SCHED_FIFO, os.sched_param(priority))


def one_run(bin_dir, settle, window, seed, realtime=None):
    config = LabConfig(drones=1, speed=1, seed=seed, configuration="release", bin=bin_dir,
                       agent_overrides={"telemetryRateHz": 10})
    lab = HopLab(config)
    try:
        lab.start(fleet_timeout=120)
        if realtime:
            # Both readers alike, so the peer stays the ceiling of the same run.
            for pid in (lab.agents[lab.drone_ids[0]].process.pid, lab.peer.pid):
                raise_priority(pid, realtime)
        lab.register_business("Agent hop bench")
        lab.book_random(1)
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline:
            time.sleep(1)
            try:
                if any(d.get("phase") in FLYING for d in lab.fleet().values()):
                    break
            except OSError:
                continue
        start = time.time_ns()
        time.sleep(window)
        end = time.time_ns()
        load = os.getloadavg()[0]
        records = lab.records()
    finally:
        lab.stop()
    result = {"load": load, "window_s": window}
    for who in ("agent", "peer"):
        values = hops(records["inbound"][who], records["published"][who], (start, end))
        if not values:
            raise RuntimeError(f"no {who} samples (positions in {len(records['inbound'][who])}, "
                               f"published {len(records['published'][who])})")
        result[who] = {"samples": len(values), "p50": percentile(values, 50), "p90": percentile(values, 90),
                       "p99": percentile(values, 99), "max": values[-1], "mean": statistics.mean(values)}
    return result


def markdown(results, runs, window, host):
    ms = "{:.2f}"
    agent_p99 = [r["agent"]["p99"] for r in results]
    peer_p99 = [r["peer"]["p99"] for r in results]
    ratio = statistics.median(agent_p99) / statistics.median(peer_p99)
    met = statistics.median(agent_p99) <= GOAL_P99_MS
    lines = [
        "## The agent's hop: MAVLink position in to MQTT publish out, one agent",
        "",
        "`benchmarks/latency/agent_hop.py`: one release `drone-agent` (telemetryRateHz 10) flying a delivery from a real-time",
        "`firmware-sim`, mosquitto and ground on loopback. Both ends of the hop are read by one packet capture on",
        "the loopback interface (AF_PACKET, kernel timestamps): the UDP datagram with a GLOBAL_POSITION_INT as it is",
        "sent to the agent, and the TCP segment with the MQTT PUBLISH of the telemetry carrying that position as the",
        "agent sends it to the broker. The hop is the agent's MAVLink decode, state update, telemetry encoding and",
        "QoS 0 publish through libmosquitto. Peer, measured by the same capture in the same run on the same",
        "datagrams (a UDP tee hands both every datagram): a minimal Python relay, pymavlink decode, a JSON",
        "telemetry of the same fields, paho-mqtt publish QoS 0 to a mosquitto of its own. Positions the simulator",
        "sent more than once are left out; a position the agent's 10 Hz limit skipped is not a sample.",
        f"{runs} runs, each a fresh system, a {window:.0f} s window once the drone flies.",
        f"Machine: {host}.",
        "Regenerate: `benchmarks/run-all agent-hop` (or `python3 benchmarks/latency/agent_hop.py --write-docs`; needs CAP_NET_RAW).",
        "",
        "| run | agent samples | agent p50 ms | agent p99 ms | agent max ms | peer samples | peer p50 ms | peer p99 ms | load avg (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, 1):
        a, p = r["agent"], r["peer"]
        lines.append(f"| {i} | {a['samples']} | {a['p50']:.2f} | {a['p99']:.2f} | {a['max']:.2f} | {p['samples']} | "
                     f"{p['p50']:.2f} | {p['p99']:.2f} | {r['load']:.1f} |")
    lines += [
        f"| **median (min–max) over runs** | | {spread((r['agent']['p50'] for r in results), ms)} | {spread(agent_p99, ms)} | "
        f"{spread((r['agent']['max'] for r in results), ms)} | | {spread((r['peer']['p50'] for r in results), ms)} | "
        f"{spread(peer_p99, ms)} | |",
        "",
        f"Goal: the agent's hop p99 ≤ {GOAL_P99_MS:g} ms — {mark(met)} (median p99 {statistics.median(agent_p99):.2f} ms, "
        f"{ratio:.2f}× the Python peer's).",
        "",
        summary_line([
            goal_row("agent hop p99, MAVLink position in → MQTT publish out, one agent at 10 Hz",
                     f"{spread(agent_p99, ms)} ms ({ratio:.2f}× the pymavlink + paho peer)", f"≤ {GOAL_P99_MS:g} ms", met),
        ]),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / ".build-release" / "release"), help="release executables")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--window", type=float, default=30)
    parser.add_argument("--settle", type=float, default=60, help="longest wait for the drone to fly, s")
    parser.add_argument("--quick", action="store_true", help="one run, 15 s window")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--realtime", type=int, metavar="PRIORITY",
                        help="run the agent and the peer at SCHED_FIFO PRIORITY (needs CAP_SYS_NICE); never with --write-docs")
    args = parser.parse_args()
    if args.realtime and args.write_docs:
        parser.error("--realtime figures are not the section's (printed only)")
    if args.quick:
        args.runs, args.window = 1, 15
    bin_dir = require_products(args.bin)
    results = []
    for run in range(args.runs):
        result = one_run(bin_dir, args.settle, args.window, seed=run + 1, realtime=args.realtime)
        print(json.dumps({"run": run + 1, **result}), flush=True)
        results.append(result)
    section = markdown(results, args.runs, args.window, machine())
    print(section)
    if args.write_docs:
        write_section("agent-hop", section)


if __name__ == "__main__":
    sys.exit(main())
