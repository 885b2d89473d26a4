"""The orchestrator's parts against real components: mosquitto with the shipped ACL, the link relay,
process groups, the event-log check, the SSE parser and the service area."""
import io
import json
import random
import socket
import subprocess
import threading
import time

import pytest

from skyrelay_lab import ZURICH, LinkRelay, ProcessRegistry, check_event_log, distance_m
from skyrelay_lab.api import parse_sse
from skyrelay_lab.broker import GROUND_USER, Broker
from skyrelay_lab.process import ManagedProcess
from skyrelay_lab.paths import system_tool


def _mqtt(tool, port, user, password, *args, timeout=5):
    return subprocess.run([system_tool(tool), "-h", "127.0.0.1", "-p", str(port), "-u", user, "-P", password,
                           "-V", "mqttv311", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def broker(tmp_path):
    registry = ProcessRegistry()
    b = Broker(tmp_path / "broker", ["d1", "d2"], registry).start()
    yield b
    registry.stop_all()
    assert registry.leftovers() == []


class Subscriber:
    """mosquitto_sub as the ground account, collecting `topic payload` lines."""

    def __init__(self, broker, topic="skyrelay/#"):
        self.proc = subprocess.Popen(
            [system_tool("mosquitto_sub"), "-h", "127.0.0.1", "-p", str(broker.services_port), "-u", GROUND_USER,
             "-P", broker.passwords[GROUND_USER], "-t", topic, "-v", "-q", "1"],
            stdout=subprocess.PIPE, text=True)
        self.lines = []
        threading.Thread(target=lambda: [self.lines.append(l.strip()) for l in self.proc.stdout], daemon=True).start()
        time.sleep(0.5)

    def close(self):
        self.proc.terminate()
        self.proc.wait(5)


def test_broker_issues_credentials_and_enforces_the_drone_acl(broker):
    ground = Subscriber(broker)
    try:
        own = _mqtt("mosquitto_pub", broker.port, "d1", broker.passwords["d1"], "-t", "skyrelay/drones/d1/telemetry", "-m", "own", "-q", "1")
        assert own.returncode == 0, own.stderr
        # d1 writing d2's topics is dropped by the ACL (mosquitto acks but does not deliver).
        _mqtt("mosquitto_pub", broker.port, "d1", broker.passwords["d1"], "-t", "skyrelay/drones/d2/telemetry", "-m", "forged", "-q", "1")
        # Nobody but ground may command a drone.
        _mqtt("mosquitto_pub", broker.port, "d1", broker.passwords["d1"], "-t", "skyrelay/drones/d2/commands", "-m", "forged", "-q", "1")
        wrong = _mqtt("mosquitto_pub", broker.port, "d1", "not-the-password", "-t", "skyrelay/drones/d1/telemetry", "-m", "x")
        assert wrong.returncode != 0
        time.sleep(0.5)
        assert "skyrelay/drones/d1/telemetry own" in ground.lines
        assert not [l for l in ground.lines if "forged" in l], ground.lines
    finally:
        ground.close()


def test_drone_reads_only_its_own_commands(broker):
    spy = subprocess.Popen([system_tool("mosquitto_sub"), "-h", "127.0.0.1", "-p", str(broker.port), "-u", "d1",
                            "-P", broker.passwords["d1"], "-t", "skyrelay/drones/+/commands", "-v"],
                           stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        for drone in ("d1", "d2"):
            r = _mqtt("mosquitto_pub", broker.services_port, GROUND_USER, broker.passwords[GROUND_USER],
                      "-t", f"skyrelay/drones/{drone}/commands", "-m", f"cmd-{drone}", "-q", "1")
            assert r.returncode == 0, r.stderr
        time.sleep(0.5)
    finally:
        spy.terminate()
        out, _ = spy.communicate(timeout=5)
    assert "skyrelay/drones/d1/commands cmd-d1" in out
    assert "cmd-d2" not in out


def test_broker_restart_keeps_port_and_credentials(broker):
    port = broker.port
    broker.restart()
    assert broker.port == port
    r = _mqtt("mosquitto_pub", port, "d2", broker.passwords["d2"], "-t", "skyrelay/drones/d2/state", "-m", "online")
    assert r.returncode == 0, r.stderr


class EchoServer:
    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    @staticmethod
    def _echo(conn):
        with conn:
            while data := conn.recv(4096):
                conn.sendall(data)


def _roundtrip(sock, payload, timeout=1.0):
    sock.settimeout(timeout)
    sock.sendall(payload)
    try:
        return sock.recv(4096)
    except socket.timeout:
        return None


def test_link_relay_forwards_blackholes_and_recovers():
    echo = EchoServer()
    relay = LinkRelay("test", echo.port)
    try:
        before = socket.create_connection(("127.0.0.1", relay.port))
        assert _roundtrip(before, b"hello") == b"hello"
        relay.cut()
        # Silence, not an error: the sender cannot tell the link is gone.
        assert _roundtrip(before, b"lost", timeout=0.5) is None
        during = socket.create_connection(("127.0.0.1", relay.port))
        assert _roundtrip(during, b"lost too", timeout=0.5) is None
        relay.restore()
        time.sleep(0.3)
        # Connections that lived through the cut are closed; new ones work.
        assert before.recv(10) == b""
        assert during.recv(10) == b""
        after = socket.create_connection(("127.0.0.1", relay.port))
        assert _roundtrip(after, b"back") == b"back"
        assert relay.stats.bytes_dropped >= len(b"lost") + len(b"lost too")
        assert len(relay.stats.cuts) == 1
    finally:
        relay.close()
        echo.server.close()


def test_process_groups_leave_no_orphans(tmp_path):
    registry = ProcessRegistry()
    # A parent that spawns a grandchild: stopping the parent must take the grandchild too.
    parent = ManagedProcess("spawner", ["bash", "-c", "sleep 300 & echo child $!; wait"], tmp_path / "p.log", registry=registry).start()
    parent.wait_for_log(r"^child \d+", 5)
    victim = ManagedProcess("victim", ["sleep", "300"], tmp_path / "v.log", registry=registry).start()
    victim.kill9()
    assert not victim.running and victim.returncode == -9
    victim.start()
    assert victim.starts == 2 and victim.running
    assert len(registry.leftovers()) >= 3
    registry.stop_all()
    assert registry.leftovers() == []


def test_event_log_check_finds_gaps_duplicates_and_lost_tail():
    report = check_event_log({"a": [1, 2, 3], "b": [1, 2, 2, 5], "c": [1]}, {"a": 3, "b": 5, "c": 2})
    assert report.duplicates == {"b": [2]}
    assert report.gaps == {"b": [3, 4]}
    assert report.missing_tail == {"c": [2]}
    assert not report.ok
    assert "b: gap eventSeq 3-4" in report.describe()
    assert check_event_log({"a": list(range(1, 11))}, {"a": 10}).ok
    # A drone that recorded events ground never stored at all.
    assert check_event_log({}, {"a": 2}).missing_tail == {"a": [1, 2]}


def test_sse_parser_yields_json_events_and_skips_heartbeats():
    stream = io.BytesIO(b": heartbeat\n\nevent: update\ndata: {\"status\": \"scheduled\"}\n\n"
                        b"event: update\ndata: {\"status\":\ndata: \"completed\"}\n\n")
    assert list(parse_sse(stream)) == [("update", {"status": "scheduled"}), ("update", {"status": "completed"})]


def test_service_area_generates_deliveries_inside_it():
    rng = random.Random(3)
    assert not ZURICH.contains(ZURICH.outside.lat, ZURICH.outside.lon)
    for _ in range(200):
        shop, dropoff = ZURICH.random_delivery(rng)
        assert ZURICH.contains(*dropoff)
        assert 500 <= distance_m((shop.lat, shop.lon), dropoff) <= 2001
    area = json.loads(ZURICH.geojson())
    ring = area["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == len(ZURICH.boundary) + 1
    homes = ZURICH.home_positions(12)
    assert len({(round(h[0], 7), round(h[1], 7)) for _, h in homes}) == 12
    assert all(ZURICH.contains(h[0], h[1]) for _, h in homes)


def test_sim_and_agent_reach_the_broker_through_the_acl(tmp_path):
    """firmware-sim + one drone-agent + the broker: the agent comes online with the issued password,
    streams telemetry, and a fault sent to the simulator's control port shows up in that telemetry."""
    from skyrelay_lab.agent import DroneAgentProcess
    from skyrelay_lab.paths import bin_dir
    from skyrelay_lab.sim import FirmwareSim

    registry = ProcessRegistry()
    try:
        broker = Broker(tmp_path / "broker", ["zrh-01"], registry).start()
        homes = [h for _, h in ZURICH.home_positions(2)]
        sim = FirmwareSim(bin_dir() / "firmware-sim", tmp_path / "sim", homes, registry, speed=10).start()
        assert [v.index for v in sim.vehicles] == [0, 1]
        assert sim.vehicles[1].home[:2] == pytest.approx(homes[1][:2], abs=1e-6)
        ground = Subscriber(broker)
        agent = DroneAgentProcess(bin_dir() / "drone-agent", tmp_path / "agent", "zrh-01", broker.passwords["zrh-01"],
                                  broker.port, sim.vehicles[0].port, registry, geofence=ZURICH.geofence()).start()
        try:
            deadline = time.time() + 20
            while time.time() < deadline and not any("/telemetry " in l for l in ground.lines):
                time.sleep(0.2)
            states = [json.loads(l.split(" ", 1)[1]) for l in ground.lines if l.startswith("skyrelay/drones/zrh-01/state ")]
            assert states and states[-1]["presence"] == "online", ground.lines[:5]
            sim.fault(0, "battery-sag", 30)
            def battery():
                samples = [json.loads(l.split(" ", 1)[1]) for l in ground.lines if l.startswith("skyrelay/drones/zrh-01/telemetry ")]
                return samples[-1]["battery"]["percent"] if samples else None
            deadline = time.time() + 20
            while time.time() < deadline and not (battery() is not None and battery() <= 71):
                time.sleep(0.2)
            assert battery() is not None and battery() <= 71, f"telemetry battery {battery()} after a 30 % sag"
            assert agent.process.running
            # No assignment yet, no event; read by `drone-agent outbox` while the agent runs.
            assert agent.outbox() == {"lastEventSeq": 0, "pendingEvents": 0, "deadLetters": 0}
        finally:
            ground.close()
    finally:
        registry.stop_all()
    assert registry.leftovers() == []


def test_lab_sim_takes_a_depots_file_and_orders_a_swap(tmp_path):
    """The lab writes the shared depots file, hands it to firmware-sim and orders a swap through the control
    port; a refused swap raises with the simulator's reason. Ground gets the file only when its --help lists it."""
    from skyrelay_lab.paths import bin_dir
    from skyrelay_lab.sim import FirmwareSim, accepts_option, write_depots_file

    homes = [h for _, h in ZURICH.home_positions(2)]
    lat, lon, _ = homes[0]
    with pytest.raises(ValueError, match=r"depots\[0\].*pads"):
        write_depots_file(tmp_path / "bad.json", [{"depotId": "d1", "lat": lat, "lon": lon}])
    depots = write_depots_file(tmp_path / "depots.json", [
        {"depotId": "d1", "lat": lat, "lon": lon, "pads": 1, "chargePowerW": 400, "swapSeconds": 600, "mode": "swap"}])
    assert accepts_option(bin_dir() / "firmware-sim", "--depots-file")
    assert not accepts_option(bin_dir() / "firmware-sim", "--no-such-option")
    registry = ProcessRegistry()
    try:
        sim = FirmwareSim(bin_dir() / "firmware-sim", tmp_path / "sim", homes, registry, speed=10,
                          extra=["--depots-file", str(depots)]).start()
        deadline = time.time() + 10
        while time.time() < deadline and "depot d1 docked" not in sim.status()[0]:
            time.sleep(0.1)
        assert "depot d1 docked" in sim.status()[0]
        assert sim.swap_battery(0) == "ok swapping 600.0s"
        assert "depot d1 swapping" in sim.status()[0]
        with pytest.raises(RuntimeError, match="not at a depot"):
            sim.swap_battery(1)
    finally:
        registry.stop_all()
    assert registry.leftovers() == []
