"""HIL: the fence the agent hands its autopilot, read back by an independent ground station, and a breach.

The agent uploads its service area as an inclusion fence (MAVLink mission_type FENCE) before the
flight and makes the autopilot enforce it (PX4 GF_ACTION, ArduCopter FENCE_ENABLE/TYPE/ACTION).
pymavlink, as a second ground station on the vehicle's GCS link, downloads that fence and finds the
service area's vertices. Then the vehicle is pushed across the fence (firmware-sim `push`): the
autopilot runs its breach action and ground stores the agent's `geofenceBreach` alarm.
"""
import json
import math
import os
import random
import re
import struct
import time

os.environ.setdefault("MAVLINK20", "1")
from pymavlink import mavutil  # noqa: E402

from hil_support import lab, run, scenario
from skyrelay_lab.net import wait_until

mav = mavutil.mavlink
IN_FLIGHT = {"enRouteToPickup", "atPickup", "enRouteToDropoff"}
GCS = ["--gcs-base-port", "0", "--gcs-remote-port", "0"]


def _ground_station(port):
    master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{port}", source_system=255, source_component=190)
    master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
    assert master.wait_heartbeat(timeout=10) is not None
    return master


def _download_fence(master, timeout=10):
    master.mav.mission_request_list_send(master.target_system, master.target_component, mav.MAV_MISSION_TYPE_FENCE)
    count = master.recv_match(type="MISSION_COUNT", blocking=True, timeout=timeout)
    assert count is not None and count.mission_type == mav.MAV_MISSION_TYPE_FENCE
    items = []
    for seq in range(count.count):
        master.mav.mission_request_int_send(master.target_system, master.target_component, seq,
                                            mav.MAV_MISSION_TYPE_FENCE)
        item = master.recv_match(type="MISSION_ITEM_INT", blocking=True, timeout=timeout)
        assert item is not None and item.seq == seq and item.mission_type == mav.MAV_MISSION_TYPE_FENCE
        items.append(item)
    master.mav.mission_ack_send(master.target_system, master.target_component, mav.MAV_MISSION_ACCEPTED,
                                mav.MAV_MISSION_TYPE_FENCE)
    return items


def _parameter(master, name, timeout=10):
    master.mav.param_request_read_send(master.target_system, master.target_component, name.encode(), -1)
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = master.recv_match(type="PARAM_VALUE", blocking=True, timeout=1)
        if value is not None and value.param_id == name:
            return value
    raise TimeoutError(f"no PARAM_VALUE {name}")


def _position(the_lab, index):
    line = the_lab.sim.status()[index]
    found = re.search(r" lat ([-\d.]+) lon ([-\d.]+)", line)
    assert found, line
    return float(found.group(1)), float(found.group(2))


def _breach_alarms(the_lab, drone):
    alarms = []
    for event in the_lab.drone_events(drone):
        if event["kind"] == "alarm":
            payload = json.loads(event["payload"])
            if payload.get("code") == "geofenceBreach":
                alarms.append(payload)
    return alarms


def _fence_and_breach(name, autopilot, sim_args, agent_overrides, expected_mode):
    with lab(name, drones=1, sim_args=sim_args + GCS, agent_overrides=agent_overrides) as the_lab:
        area = the_lab.config.area
        the_lab.register_business()
        booking = the_lab.book_random(1, random.Random(5))[0]
        drone = the_lab.wait_status(booking.id, {"scheduled", "pickupInProgress", "inTransit"}, 30)["droneId"]
        the_lab.wait_drone_phase(drone, IN_FLIGHT, timeout=60)
        index = the_lab.sim_index(drone)

        # An independent ground station reads back what the agent uploaded: the service area's vertices.
        master = _ground_station(the_lab.sim.gcs_ports[index])
        fence = _download_fence(master)
        boundary = area.boundary
        assert [i.command for i in fence] == [mav.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION] * len(boundary)
        assert [(i.x, i.y) for i in fence] == [(round(lat * 1e7), round(lon * 1e7)) for lat, lon in boundary]
        assert all(round(i.param1) == len(boundary) for i in fence)
        if autopilot == "px4":
            # PX4 sends integer parameters byte-wise in the float.
            action = struct.unpack("<i", struct.pack("<f", _parameter(master, "GF_ACTION").param_value))[0]
            assert action >= 2, action
        else:
            assert _parameter(master, "FENCE_ENABLE").param_value == 1
            assert int(_parameter(master, "FENCE_TYPE").param_value) & 4 == 4
        master.close()

        # Across the fence: from where it is to the place outside the area.
        lat, lon = _position(the_lab, index)
        north = (area.outside.lat - lat) * math.pi / 180 * 6_371_008.8
        east = (area.outside.lon - lon) * math.pi / 180 * 6_371_008.8 * math.cos(math.radians(lat))
        assert the_lab.sim.control(f"push {index} {north:.1f} {east:.1f}") == "ok"
        alarms = wait_until("geofenceBreach stored by ground", lambda: _breach_alarms(the_lab, drone), timeout=60)
        assert alarms[0]["severity"] == "critical" and "serviceArea" in alarms[0]["message"], alarms
        assert abs(alarms[0]["position"]["lat"] - area.outside.lat) < 0.01, alarms[0]
        wait_until(f"autopilot breach action ({expected_mode})",
                   lambda: f" mode {expected_mode} " in the_lab.sim.status()[index], timeout=30)
        # The agent ended the assignment for the breach (ground then re-plans the delivery by its own rules).
        wait_until("aborted(geofenceBreach) stored by ground",
                   lambda: [p for p in map(json.loads, (e["payload"] for e in the_lab.drone_events(drone)))
                            if p.get("kind") == "phase" and p.get("phase") == "aborted"
                            and p.get("reason") == "geofenceBreach"], timeout=30)


@scenario(weight=2)
def px4_fence_readback_and_breach():
    # GF_ACTION 2 (PX4's default): hold where the breach happened.
    _fence_and_breach("px4_fence_readback_and_breach", "px4", ["--autopilot", "px4"], {}, "hold")


@scenario(weight=2)
def ardupilot_fence_readback_and_breach():
    # FENCE_ACTION 1 more than 100 m outside: land.
    _fence_and_breach("ardupilot_fence_readback_and_breach", "ardupilot", ["--autopilot", "ardupilot"],
                      {"loadingMode": "hover"}, "land")


def test_px4_fence_readback_and_breach():
    run("px4_fence_readback_and_breach")


def test_ardupilot_fence_readback_and_breach():
    run("ardupilot_fence_readback_and_breach")
