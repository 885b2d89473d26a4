"""Issue 18 "Also": no drone can take another drone's client id, and the broker refuses oversized
messages, in the lab's generated broker (scripts/skyrelay_lab/broker.py) and in deploy/broker alike.

Real mosquitto, paho and raw MQTT v5 sockets. The limit must sit above the largest legitimate
message: a ground relay batch (128 telemetry samples of drones with 64-character ids) and a drone
message at the fleet protocol's own 64 KiB maximum both pass.
"""
import json
import re
import uuid

import pytest

from mqtt_support import Client, is_granted, raw_publish_v5
from skyrelay_lab import ProcessRegistry
from skyrelay_lab.broker import GROUND_USER, MESSAGE_SIZE_LIMIT, Broker
from skyrelay_lab.deploy_broker import BROKER_DIR, DeployBroker

PACKET_TOO_LARGE = 0x95
ACCEPTED = 0x00
FLEET_PROTOCOL_MAX = 64 * 1024


@pytest.fixture(scope="module")
def lab_broker(tmp_path_factory):
    registry = ProcessRegistry()
    broker = Broker(tmp_path_factory.mktemp("lab-broker"), ["d1", "d2"], registry).start()
    yield broker
    registry.stop_all()
    assert registry.leftovers() == []


def relay_batch():
    """The largest message ground sends: one relay batch of 128 samples (RelayedTelemetry.maxSamples)."""
    sample = {
        "v": 1, "type": "telemetry", "droneId": "d" * 64, "seq": 4_294_967_295, "timeMs": 1_893_456_000_000,
        "position": {"lat": -33.868819999, "lon": 151.209295999, "altAmslM": 1234.567891, "altRelM": 119.999999},
        "velocity": {"northMps": -12.3456789, "eastMps": 14.3456789, "downMps": -0.123456789}, "headingDeg": 359.999999,
        "battery": {"percent": 99.999999, "voltageV": 25.2000001, "remainingS": 1799.99999}, "flightMode": "m" * 32,
        "armed": True, "landedState": "inAir", "gps": {"fixType": 6, "satellites": 32},
    }
    return json.dumps({"v": 1, "origin": "ground-" + "i" * 64, "samples": [sample] * 128}).encode()


def fleet_protocol_max():
    """A drone event padded to the fleet protocol's 64 KiB payload limit (ground rejects anything bigger)."""
    head = b'{"v":1,"type":"event","message":"'
    tail = b'"}'
    return head + b"x" * (FLEET_PROTOCOL_MAX - len(head) - len(tail)) + tail


def test_the_lab_and_deploy_share_one_limit_above_every_legitimate_message():
    deployed = re.search(r"^message_size_limit\s+(\d+)$", (BROKER_DIR / "mosquitto.conf").read_text(), re.M)
    assert deployed and int(deployed.group(1)) == MESSAGE_SIZE_LIMIT
    assert len(relay_batch()) < MESSAGE_SIZE_LIMIT and FLEET_PROTOCOL_MAX < MESSAGE_SIZE_LIMIT, len(relay_batch())


def test_a_drone_cannot_knock_another_off_with_its_client_id(lab_broker):
    victim = Client("d1", lab_broker.passwords["d1"], port=lab_broker.port, client_id="d1").connect()
    ground = Client(GROUND_USER, lab_broker.passwords[GROUND_USER], port=lab_broker.services_port).connect()
    impostor = None
    try:
        assert is_granted(victim.subscribe("skyrelay/drones/d1/commands"))
        # Without use_username_as_clientid the broker would close d1's connection ("session taken over").
        impostor = Client("d2", lab_broker.passwords["d2"], port=lab_broker.port, client_id="d1").connect()
        marker = f"after-{uuid.uuid4().hex[:8]}".encode()
        assert not ground.publish("skyrelay/drones/d1/commands", marker).is_failure
        victim.expect("skyrelay/drones/d1/commands", marker)
        assert victim.disconnects.empty(), "d1 was disconnected by a client using its id"
        # The impostor got its own session (its username), not d1's: d1's commands do not reach it.
        assert impostor.drain() == []
    finally:
        for c in (victim, ground, impostor):
            if c is not None:
                c.close()


def test_the_lab_broker_refuses_an_oversized_message_and_keeps_the_connection(lab_broker):
    ground = Client(GROUND_USER, lab_broker.passwords[GROUND_USER], port=lab_broker.services_port).connect()
    try:
        assert is_granted(ground.subscribe("skyrelay/drones/d1/events"))
        assert is_granted(ground.subscribe("skyrelay/ground/live/+"))
        big = b"x" * (MESSAGE_SIZE_LIMIT + 1)
        marker = f"marker-{uuid.uuid4().hex[:8]}".encode()
        codes = raw_publish_v5(lab_broker.port, "d1", lab_broker.passwords["d1"], "skyrelay/drones/d1/events",
                               [fleet_protocol_max(), big, marker])
        assert codes == [ACCEPTED, PACKET_TOO_LARGE, ACCEPTED], codes
        seen = ground.expect("skyrelay/drones/d1/events", marker)
        assert [len(p) for _, p in seen] == [FLEET_PROTOCOL_MAX], "only the 64 KiB event may pass, not the oversized one"
        batch = relay_batch()
        codes = raw_publish_v5(lab_broker.services_port, GROUND_USER, lab_broker.passwords[GROUND_USER],
                               "skyrelay/ground/live/ground-a", [batch])
        assert codes == [ACCEPTED]
        ground.expect("skyrelay/ground/live/ground-a", batch)
    finally:
        ground.close()


def test_the_deployed_broker_refuses_an_oversized_message_from_a_drone(tmp_path):
    broker = DeployBroker(tmp_path, ["drone-a"], ["ground"]).start()
    try:
        ground = Client("ground", broker.passwords["ground"], port=broker.services_port, ca_file=str(broker.ca_file)).connect()
        try:
            assert is_granted(ground.subscribe("skyrelay/drones/drone-a/events"))
            marker = f"marker-{uuid.uuid4().hex[:8]}".encode()
            codes = raw_publish_v5(broker.tls_port, "drone-a", broker.passwords["drone-a"], "skyrelay/drones/drone-a/events",
                                   [b"y" * (MESSAGE_SIZE_LIMIT + 1), fleet_protocol_max(), marker], ca_file=str(broker.ca_file))
            assert codes == [PACKET_TOO_LARGE, ACCEPTED, ACCEPTED], codes
            seen = ground.expect("skyrelay/drones/drone-a/events", marker)
            assert [len(p) for _, p in seen] == [FLEET_PROTOCOL_MAX]
        finally:
            ground.close()
    finally:
        broker.stop()
