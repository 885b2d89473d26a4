"""pymavlink, an independent MAVLink implementation, flies a 4-waypoint mission on firmware-sim as PX4
and as ArduCopter, each with the mission encoding its firmware expects, and reads a fence back."""
import math
import os
import re
import socket
import time

import pytest

# MAVLink 2 message classes: mission_type (an extension field) is needed for fences and rally points.
os.environ.setdefault("MAVLINK20", "1")
from pymavlink import mavutil  # noqa: E402

from sim_support import firmware_sim

HOME = (47.397742, 8.545594)
mav = mavutil.mavlink


def offset(north_m: float, east_m: float):
    lat = HOME[0] + north_m / 111_194.93
    lon = HOME[1] + east_m / (111_194.93 * math.cos(math.radians(HOME[0])))
    return int(lat * 1e7), int(lon * 1e7)


def item(master, seq, frame, cmd, x=0, y=0, z=0.0, p1=0.0, p2=0.0, mission_type=mav.MAV_MISSION_TYPE_MISSION):
    return mav.MAVLink_mission_item_int_message(master.target_system, master.target_component, seq, frame, cmd, 0, 1,
                                                p1, p2, 0, math.nan if cmd == mav.MAV_CMD_NAV_WAYPOINT else 0,
                                                x, y, z, mission_type)


def mission_items(master, autopilot):
    """TAKEOFF, 4 waypoints (a 120 m square), RETURN_TO_LAUNCH (lands and disarms at home).

    PX4 takes RETURN_TO_LAUNCH only in MAV_FRAME_MISSION; ArduPilot's seq 0 is the home slot."""
    rel = mav.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
    items = []
    if autopilot == "ardupilot":
        items.append(item(master, 0, mav.MAV_FRAME_GLOBAL_INT, mav.MAV_CMD_NAV_WAYPOINT, *offset(0, 0), 488))
    items.append(item(master, len(items), rel, mav.MAV_CMD_NAV_TAKEOFF, z=20))
    for north, east in [(120, 0), (120, 120), (0, 120), (0, 0)]:
        items.append(item(master, len(items), rel, mav.MAV_CMD_NAV_WAYPOINT, *offset(north, east), 20, p2=2))
    rtl_frame = mav.MAV_FRAME_MISSION if autopilot == "px4" else rel
    items.append(item(master, len(items), rtl_frame, mav.MAV_CMD_NAV_RETURN_TO_LAUNCH))
    return items


def upload(master, items, mission_type=mav.MAV_MISSION_TYPE_MISSION, timeout=20):
    master.mav.mission_count_send(master.target_system, master.target_component, len(items), mission_type)
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = master.recv_match(type=["MISSION_REQUEST_INT", "MISSION_REQUEST", "MISSION_ACK"], blocking=True, timeout=2)
        if msg is None:
            continue
        if msg.get_type() == "MISSION_ACK":
            return msg.type
        master.mav.send(items[msg.seq])
    raise TimeoutError("mission upload")


def download(master, mission_type, timeout=10):
    master.mav.mission_request_list_send(master.target_system, master.target_component, mission_type)
    count = master.recv_match(type="MISSION_COUNT", blocking=True, timeout=timeout)
    assert count is not None and count.mission_type == mission_type
    items = []
    for seq in range(count.count):
        master.mav.mission_request_int_send(master.target_system, master.target_component, seq, mission_type)
        got = master.recv_match(type="MISSION_ITEM_INT", blocking=True, timeout=timeout)
        assert got is not None and got.seq == seq and got.mission_type == mission_type
        items.append(got)
    return items


def command(master, cmd, *params, timeout=10):
    params = list(params) + [0] * (7 - len(params))
    master.mav.command_long_send(master.target_system, master.target_component, cmd, 0, *params)
    return wait_ack(master, cmd, timeout)


def wait_ack(master, cmd, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        ack = master.recv_match(type="COMMAND_ACK", blocking=True, timeout=1)
        if ack is not None and ack.command == cmd:
            return ack.result
    raise TimeoutError(f"no COMMAND_ACK for {cmd}")


def wait_mode(master, name, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        hb = master.recv_match(type="HEARTBEAT", blocking=True, timeout=1)
        if hb is not None and master.flightmode == name:
            return True
    return False


def connect(sim):
    master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{sim.ports[0]}", source_system=255, source_component=190)
    master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
    hb = master.wait_heartbeat(timeout=10)
    assert hb is not None, sim.log_text()
    # Wait for a 3D fix, as a careful ground station does before arming.
    gps = master.recv_match(type="GPS_RAW_INT", blocking=True, timeout=10)
    assert gps is not None and gps.fix_type >= 3
    return master, hb


@pytest.mark.parametrize("autopilot", ["px4", "ardupilot"])
def test_pymavlink_flies_four_waypoint_mission(autopilot):
    with firmware_sim("--autopilot", autopilot, speed=10) as sim:
        master, hb = connect(sim)
        expected = mav.MAV_AUTOPILOT_PX4 if autopilot == "px4" else mav.MAV_AUTOPILOT_ARDUPILOTMEGA
        assert hb.autopilot == expected and hb.type == mav.MAV_TYPE_QUADROTOR
        assert master.target_system == 1

        items = mission_items(master, autopilot)
        assert upload(master, items) == mav.MAV_MISSION_ACCEPTED
        first = 0
        if autopilot == "px4":
            assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
            assert command(master, mav.MAV_CMD_MISSION_START, 0, 0) == mav.MAV_RESULT_ACCEPTED
        else:
            # ArduCopter: arm in GUIDED (AUTO is not armable), then AUTO flies from seq 1.
            first = 1
            master.set_mode("GUIDED")
            assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
            assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
            master.set_mode("AUTO")
            assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
            current = master.recv_match(type="MISSION_CURRENT", blocking=True, timeout=5)
            assert current is not None and current.total == len(items) - 1  # home excluded

        reached = []
        landed_disarmed = False
        deadline = time.time() + 90
        while time.time() < deadline and not landed_disarmed:
            msg = master.recv_match(type=["MISSION_ITEM_REACHED", "HEARTBEAT", "EXTENDED_SYS_STATE"], blocking=True, timeout=1)
            if msg is None:
                continue
            if msg.get_type() == "MISSION_ITEM_REACHED" and msg.seq not in reached:
                reached.append(msg.seq)
            if msg.get_type() == "HEARTBEAT" and len(reached) == len(items) - first:
                armed = msg.base_mode & mav.MAV_MODE_FLAG_SAFETY_ARMED
                ext = master.messages.get("EXTENDED_SYS_STATE")
                landed_disarmed = not armed and ext is not None and ext.landed_state == mav.MAV_LANDED_STATE_ON_GROUND
        assert reached == list(range(first, len(items))), f"reached {reached}"
        assert landed_disarmed
        # PX4 hands the RTL item to AUTO.RTL; ArduCopter flies it inside AUTO.
        assert master.flightmode == ("RTL" if autopilot == "px4" else "AUTO")
        pos = master.messages["GLOBAL_POSITION_INT"]
        assert abs(pos.relative_alt) < 3000  # GPS noise: 0.75 m vertical standard deviation by default
        assert abs(pos.lat / 1e7 - HOME[0]) < 3e-5 and abs(pos.lon / 1e7 - HOME[1]) < 4e-5


def test_px4_refuses_rtl_item_outside_mission_frame():
    with firmware_sim("--autopilot", "px4", speed=10) as sim:
        master, _ = connect(sim)
        items = mission_items(master, "px4")
        items[-1].frame = mav.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
        assert upload(master, items) == mav.MAV_MISSION_UNSUPPORTED


@pytest.mark.parametrize("autopilot", ["px4", "ardupilot"])
def test_fence_and_rally_round_trip(autopilot):
    with firmware_sim("--autopilot", autopilot, speed=10) as sim:
        master, _ = connect(sim)
        rel = mav.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
        corners = [offset(-100, -100), offset(-100, 100), offset(100, 100), offset(100, -100)]
        fence = [item(master, n, rel, mav.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, x, y, 0, p1=4,
                      mission_type=mav.MAV_MISSION_TYPE_FENCE) for n, (x, y) in enumerate(corners)]
        cx, cy = offset(20, 20)
        fence.append(item(master, 4, rel, mav.MAV_CMD_NAV_FENCE_CIRCLE_EXCLUSION, cx, cy, 0, p1=15,
                          mission_type=mav.MAV_MISSION_TYPE_FENCE))
        assert upload(master, fence, mav.MAV_MISSION_TYPE_FENCE) == mav.MAV_MISSION_ACCEPTED
        back = download(master, mav.MAV_MISSION_TYPE_FENCE)
        assert [(i.command, i.x, i.y, i.param1) for i in back] == [(i.command, i.x, i.y, i.param1) for i in fence]

        rally = [item(master, 0, rel, mav.MAV_CMD_NAV_RALLY_POINT, cx, cy, 30, mission_type=mav.MAV_MISSION_TYPE_RALLY)]
        assert upload(master, rally, mav.MAV_MISSION_TYPE_RALLY) == mav.MAV_MISSION_ACCEPTED
        back = download(master, mav.MAV_MISSION_TYPE_RALLY)
        assert [(i.x, i.y, i.z) for i in back] == [(cx, cy, 30)]

        # Vertex counts that do not add up: PX4 refuses fewer than 3 per polygon at once,
        # ArduPilot validates the whole fence at the end (validate_fence).
        bad = [item(master, n, rel, mav.MAV_CMD_NAV_FENCE_POLYGON_VERTEX_INCLUSION, x, y, 0, p1=2 if autopilot == "px4" else 4,
                    mission_type=mav.MAV_MISSION_TYPE_FENCE) for n, (x, y) in enumerate(corners[:3])]
        assert upload(master, bad, mav.MAV_MISSION_TYPE_FENCE) == mav.MAV_MISSION_ERROR
        assert len(download(master, mav.MAV_MISSION_TYPE_FENCE)) == 5


def test_mode_numbers_match_pymavlink_tables():
    """pymavlink's own tables (px4_map, mode_mapping_acm) set each mode the simulator flies, and
    pymavlink's decoding of the HEARTBEAT names it back: both numberings agree with MAVLink/Modes."""
    with firmware_sim("--autopilot", "px4", speed=10) as sim:
        master, _ = connect(sim)
        for name in ["LOITER", "POSCTL", "LAND", "LOITER"]:
            master.set_mode(name)
            assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
            assert wait_mode(master, name), f"PX4 {name}: heartbeat says {master.flightmode}"
        assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
        master.set_mode("TAKEOFF")
        assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
        assert wait_mode(master, "TAKEOFF")
        assert wait_mode(master, "LOITER", timeout=30)
        for name in ["RTL", "LAND"]:
            master.set_mode(name)
            assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
            assert wait_mode(master, name)
        # Modes the simulator does not fly are refused.
        master.set_mode("ACRO")
        assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_DENIED

    with firmware_sim("--autopilot", "ardupilot", speed=10) as sim:
        master, hb = connect(sim)
        assert mavutil.mode_mapping_acm[hb.custom_mode] == "STABILIZE" == master.flightmode
        flown = ["GUIDED", "LOITER", "ALT_HOLD", "POSHOLD", "BRAKE", "LAND", "RTL", "STABILIZE"]
        for name in flown:
            master.set_mode(name)
            assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED, name
            assert wait_mode(master, name), f"ArduCopter {name}: heartbeat says {master.flightmode}"
        master.set_mode("ACRO")
        assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_FAILED
        # The SET_MODE message is acked too, as a COMMAND_ACK whose command is its message id (11).
        master.mav.set_mode_send(master.target_system, mav.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED, mavutil.mode_mapping_byname(mav.MAV_TYPE_QUADROTOR)["GUIDED"])
        assert wait_ack(master, mav.MAVLINK_MSG_ID_SET_MODE) == mav.MAV_RESULT_ACCEPTED
        assert wait_mode(master, "GUIDED")


def test_ground_station_instance_streams_to_14550_style_listener_and_answers_there():
    """--gcs-base-port: a second MAVLink instance per vehicle, as PX4 SITL's GCS link (local 18570+i,
    remote 14550). A pymavlink ground station listening like QGroundControl hears the vehicle before it
    talks, and its exchanges are answered on its link while another peer holds the vehicle's base port."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    gcs_remote = probe.getsockname()[1]
    probe.close()
    gcs = mavutil.mavlink_connection(f"udpin:127.0.0.1:{gcs_remote}", source_system=255, source_component=190)
    with firmware_sim("--autopilot", "px4", "--gcs-base-port", "0", "--gcs-remote-port", str(gcs_remote), speed=10) as sim:
        gcs_port = re.search(r"^drone 0 gcs udp [\d.]+:(\d+)", sim.log_text(), re.M)
        assert gcs_port is not None and int(gcs_port.group(1)) != sim.ports[0], sim.log_text()
        hb = gcs.wait_heartbeat(timeout=10)
        assert hb is not None and hb.autopilot == mav.MAV_AUTOPILOT_PX4, sim.log_text()
        agent, _ = connect(sim)
        items = mission_items(gcs, "px4")
        assert upload(gcs, items) == mav.MAV_MISSION_ACCEPTED
        deadline = time.time() + 10
        total = None
        while time.time() < deadline and total != len(items):
            current = agent.recv_match(type="MISSION_CURRENT", blocking=True, timeout=1)
            total = current.total if current is not None else total
        assert total == len(items)
        assert command(gcs, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
        # The agent's link never carried the ground station's answers.
        assert agent.recv_match(type=["COMMAND_ACK", "MISSION_ACK", "MISSION_REQUEST_INT"], blocking=True, timeout=1) is None
    gcs.close()


def test_ardupilot_wind_decodes_with_the_ardupilotmega_dialect():
    """ArduCopter's WIND (ardupilotmega, id 168) once flying: the direction the wind comes FROM, as
    GCS_MAVLINK::send_wind computes it, decoded by pymavlink's own ardupilotmega dialect. PX4 sends WIND_COV
    (where the air moves to) and no WIND."""
    from pymavlink.dialects.v20 import ardupilotmega

    # Air moving 3 m/s north and 4 m/s west comes from the south-east: atan2(4, -3) = 126.87 degrees.
    with firmware_sim("--autopilot", "ardupilot", "--wind", "3,-4", speed=10) as sim:
        master, _ = connect(sim)
        assert master.recv_match(type="WIND", blocking=True, timeout=3) is None, "no WIND on the ground"
        master.set_mode("GUIDED")
        assert wait_ack(master, mav.MAV_CMD_DO_SET_MODE) == mav.MAV_RESULT_ACCEPTED
        assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
        assert command(master, mav.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, 0, 0, 0, 20) == mav.MAV_RESULT_ACCEPTED
        wind = master.recv_match(type="WIND", blocking=True, timeout=20)
        assert wind is not None, sim.log_text()
        decoder = ardupilotmega.MAVLink(None)
        decoded = decoder.parse_char(wind.get_msgbuf())
        assert isinstance(decoded, ardupilotmega.MAVLink_wind_message)
        assert abs(decoded.direction - 126.87) < 0.05, decoded.direction
        assert abs(decoded.speed - 5) < 1e-4 and decoded.speed_z == 0
        # Back to the vector: where the air moves to is opposite to where it comes from.
        north = -decoded.speed * math.cos(math.radians(decoded.direction))
        east = -decoded.speed * math.sin(math.radians(decoded.direction))
        assert abs(north - 3) < 0.01 and abs(east + 4) < 0.01

    with firmware_sim("--autopilot", "px4", "--wind", "3,-4", speed=10) as sim:
        master, _ = connect(sim)
        assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
        assert command(master, mav.MAV_CMD_NAV_TAKEOFF, 0, 0, 0, math.nan, math.nan, math.nan, 508) \
            == mav.MAV_RESULT_ACCEPTED
        cov = master.recv_match(type="WIND_COV", blocking=True, timeout=20)
        assert cov is not None and abs(cov.wind_x - 3) < 1e-4 and abs(cov.wind_y + 4) < 1e-4
        assert master.recv_match(type="WIND", blocking=True, timeout=3) is None
