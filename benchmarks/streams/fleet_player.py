"""N drones played by one Python process over a few MQTT connections (docs/protocol.md), no agents.

Each drone publishes its retained `state` (online, capabilities, home), then telemetry at 1 Hz, the
drones spread evenly over each second. An `assign` command is answered `accepted` and followed by the
phase events (accepted → preflight → takeoff → enRouteToPickup → atPickup → enRouteToDropoff) and a
`state` with the assignment, so the delivery is in transit; from then on the drone's telemetry
carries the assignment and moves from the pickup towards the dropoff (never reaching it while the
benchmark runs). As the agent does, an expired command is refused, `cancel`/`recall`/`land-now`
end the flight with an `aborted` event (ground recalls a flight whose accept reached it after its reply
timeout), `resend-events` re-publishes the kept events, an unknown command is refused.

Every telemetry message's `timeMs` is its publish time: the wall clock (ns) read just before
`publish()` is kept per (drone, timeMs), the key a tracking update (`time`) and a `mosquitto_sub`
line carry back. The player runs in its own process (`run`), driven through a pipe.
"""
from __future__ import annotations

import json
import math
import threading
import time

import paho.mqtt.client as mqtt

CONNECTIONS = 4
PHASES = ("accepted", "preflight", "takeoff", "enRouteToPickup", "atPickup", "enRouteToDropoff")
# Commands that end the flight, with the abort reason the agent reports.
ABORTS = {"cancel": "cancelled", "recall": "recalled", "land-now": "landNow"}
CRUISE_MPS = 5.0
GROUND_ALT_M = 410.0
CRUISE_ALT_M = 60.0


class Drone:
    """One played drone: where it is based, what it flies, its event log."""

    def __init__(self, index, drone_id, home):
        self.index = index
        self.id = drone_id
        self.home = home
        self.seq = 0
        self.events = []          # every event payload (bytes), eventSeq = position + 1
        self.assignment = None    # (assignmentId, pickup (lat, lon), dropoff (lat, lon), start monotonic)
        self.topic = f"skyrelay/drones/{drone_id}"

    def position(self, now):
        """(lat, lon, altAmslM, altRelM) now: home on the ground, or along pickup → dropoff in flight."""
        if self.assignment is None:
            return self.home[0], self.home[1], GROUND_ALT_M, 0.0
        _, (plat, plon), (dlat, dlon), started = self.assignment
        north = (dlat - plat) * 111_195.0
        east = (dlon - plon) * 111_195.0 * math.cos(math.radians(plat))
        length = math.hypot(north, east) or 1.0
        share = min(0.9, CRUISE_MPS * (now - started) / length)
        return plat + (dlat - plat) * share, plon + (dlon - plon) * share, GROUND_ALT_M + CRUISE_ALT_M, CRUISE_ALT_M


class FleetPlayer:
    def __init__(self, broker_port, drones):
        self.drones = [Drone(i, d, home) for i, (d, home) in enumerate(drones)]
        self.by_id = {d.id: d for d in self.drones}
        self.lock = threading.Lock()
        self.clients = []
        for n in range(min(CONNECTIONS, len(self.drones))):
            client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"streams-player-{n}", protocol=mqtt.MQTTv311)
            client.max_queued_messages_set(0)
            client.max_inflight_messages_set(1000)
            client.connect("127.0.0.1", broker_port, keepalive=60)
            client.loop_start()
            self.clients.append(client)
        # Commands of every drone arrive on the first connection.
        self.clients[0].on_message = self.on_command
        self.clients[0].subscribe("skyrelay/drones/+/commands", qos=1)
        self.stamps = []          # (drone index, timeMs, publish ns)
        self.assigned = 0
        self.aborted = 0
        self.refused_commands = 0
        self.stop_flag = threading.Event()

    def client(self, drone):
        return self.clients[drone.index % len(self.clients)]

    # state, events, replies

    def publish_state(self, drone, phase=None):
        message = {
            "v": 1, "type": "state", "droneId": drone.id, "presence": "online", "timeMs": int(time.time() * 1000),
            "agentVersion": "streams-bench", "autopilot": "px4",
            "capabilities": {"maxPayloadKg": 2.5, "cruiseSpeedMps": 15, "maxRangeM": 45000},
            "home": {"lat": drone.home[0], "lon": drone.home[1]},
        }
        if drone.assignment is not None and phase is not None:
            message["assignmentId"], message["phase"] = drone.assignment[0], phase
        self.client(drone).publish(f"{drone.topic}/state", json.dumps(message), qos=1, retain=True)

    def publish_event(self, drone, phase, position, reason=None):
        lat, lon, amsl, rel = position
        with self.lock:
            seq = len(drone.events) + 1
            event = {
                "v": 1, "type": "event", "droneId": drone.id, "eventSeq": seq, "timeMs": int(time.time() * 1000),
                "assignmentId": drone.assignment[0],
                "position": {"lat": lat, "lon": lon, "altAmslM": amsl, "altRelM": rel},
                "batteryPercent": 90.0, "kind": "phase", "phase": phase,
            }
            if reason:
                event["reason"] = reason
            if phase == "aborted":
                event["energyUsedWh"] = 0.0
            payload = json.dumps(event).encode()
            drone.events.append(payload)
        self.client(drone).publish(f"{drone.topic}/events", payload, qos=1)

    def reply(self, drone, command_id, accepted=True, reason=None):
        message = {"v": 1, "type": "reply", "commandId": command_id, "droneId": drone.id, "accepted": accepted,
                   "timeMs": int(time.time() * 1000)}
        if reason:
            message["reason"] = reason
        self.client(drone).publish(f"{drone.topic}/replies", json.dumps(message), qos=1)

    def on_command(self, _client, _userdata, message):
        try:
            command = json.loads(message.payload)
            drone = self.by_id[command["droneId"]]
            kind, command_id = command["kind"], command["commandId"]
        except (ValueError, KeyError, TypeError) as error:
            # Ground only sends valid commands; anything else is counted and shown in the result.
            self.refused_commands += 1
            print(f"fleet player: unreadable command on {message.topic}: {error}", flush=True)
            return
        if command.get("expiresAtMs", 0) < time.time() * 1000:
            self.reply(drone, command_id, accepted=False, reason="expired")
            return
        if kind == "assign":
            if drone.assignment is not None:
                self.reply(drone, command_id, accepted=False, reason="busy")
                return
            a = command["assignment"]
            pickup = (a["pickup"]["lat"], a["pickup"]["lon"])
            dropoff = (a["dropoff"]["lat"], a["dropoff"]["lon"])
            self.reply(drone, command_id)
            drone.assignment = (a["assignmentId"], pickup, dropoff, time.monotonic())
            at_pickup = (pickup[0], pickup[1], GROUND_ALT_M + CRUISE_ALT_M, CRUISE_ALT_M)
            for phase in PHASES:
                self.publish_event(drone, phase, at_pickup)
            self.publish_state(drone, PHASES[-1])
            with self.lock:
                self.assigned += 1
        elif kind == "resend-events":
            with self.lock:
                events = drone.events[max(0, command["fromSeq"] - 1):]
            for payload in events:
                self.client(drone).publish(f"{drone.topic}/events", payload, qos=1)
            self.reply(drone, command_id)
        elif kind in ABORTS:
            current = drone.assignment
            if current is None or (kind == "cancel" and command.get("assignmentId") != current[0]):
                self.reply(drone, command_id, accepted=False, reason="unknownAssignment")
                return
            self.reply(drone, command_id)
            self.publish_event(drone, "aborted", drone.position(time.monotonic()), reason=ABORTS[kind])
            drone.assignment = None
            self.publish_state(drone)
            with self.lock:
                self.aborted += 1
        else:
            self.reply(drone, command_id, accepted=False, reason="unknownCommand")

    # telemetry

    def telemetry(self, drone, now_ns):
        lat, lon, amsl, rel = drone.position(time.monotonic())
        flying = drone.assignment is not None
        drone.seq += 1
        message = {
            "v": 1, "type": "telemetry", "droneId": drone.id, "seq": drone.seq, "timeMs": now_ns // 1_000_000,
            "position": {"lat": lat, "lon": lon, "altAmslM": amsl, "altRelM": rel},
            "velocity": {"northMps": CRUISE_MPS if flying else 0.0, "eastMps": 0.0, "downMps": 0.0},
            "headingDeg": 0.0, "battery": {"percent": 90.0, "voltageV": 24.0, "remainingS": 1500.0},
            "flightMode": "mission" if flying else "hold", "armed": flying,
            "landedState": "inAir" if flying else "onGround", "gps": {"fixType": 3, "satellites": 14},
        }
        if flying:
            message["assignmentId"] = drone.assignment[0]
        return json.dumps(message, separators=(",", ":")).encode()

    def run_telemetry(self):
        """1 Hz per drone, drone i at i/N of each second, until stopped."""
        count = len(self.drones)
        start = time.monotonic()
        sent = 0
        while not self.stop_flag.is_set():
            due = int((time.monotonic() - start) * count)
            while sent < due:
                drone = self.drones[sent % count]
                now_ns = time.time_ns()
                payload = self.telemetry(drone, now_ns)
                self.client(drone).publish(f"{drone.topic}/telemetry", payload, qos=0)
                self.stamps.append((drone.index, now_ns // 1_000_000, now_ns))
                sent += 1
            self.stop_flag.wait(max(0.0, start + (sent + 1) / count - time.monotonic()))

    def close(self):
        for client in self.clients:
            client.loop_stop()
            client.disconnect()


def run(broker_port, drones, conn):
    """Child process entry: plays DRONES ([(id, (lat, lon))]) until "stop" arrives on CONN.

    CONN answers "status" with {"assigned", "published"}, and "stop" with the stamps and counters."""
    player = FleetPlayer(broker_port, drones)
    for drone in player.drones:
        player.publish_state(drone)
    worker = threading.Thread(target=player.run_telemetry, name="telemetry", daemon=True)
    worker.start()
    try:
        while True:
            request = conn.recv()
            if request == "status":
                conn.send({"assigned": player.assigned, "aborted": player.aborted, "published": len(player.stamps)})
            elif request == "stop":
                break
    finally:
        player.stop_flag.set()
        worker.join(timeout=5)
        player.close()
    conn.send({"stamps": player.stamps, "assigned": player.assigned, "aborted": player.aborted,
               "refused_commands": player.refused_commands})
