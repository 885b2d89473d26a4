"""pymavlink, an independent MAVLink implementation, flies a 4-waypoint mission on firmware-sim."""
import math
import time

from pymavlink import mavutil

from sim_support import firmware_sim

HOME = (47.397742, 8.545594)


def offset(north_m: float, east_m: float):
    lat = HOME[0] + north_m / 111_194.93
    lon = HOME[1] + east_m / (111_194.93 * math.cos(math.radians(HOME[0])))
    return int(lat * 1e7), int(lon * 1e7)


def mission_items(master):
    """TAKEOFF, 4 waypoints (a 120 m square), RETURN_TO_LAUNCH (lands and disarms at home)."""
    mav = mavutil.mavlink
    frame = mav.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT
    ts, tc = master.target_system, master.target_component
    items = [mav.MAVLink_mission_item_int_message(ts, tc, 0, frame, mav.MAV_CMD_NAV_TAKEOFF, 0, 1, 0, 0, 0, math.nan, 0, 0, 20)]
    for north, east in [(120, 0), (120, 120), (0, 120), (0, 0)]:
        lat, lon = offset(north, east)
        items.append(mav.MAVLink_mission_item_int_message(ts, tc, len(items), frame, mav.MAV_CMD_NAV_WAYPOINT, 0, 1,
                                                          0, 2, 0, math.nan, lat, lon, 20))
    items.append(mav.MAVLink_mission_item_int_message(ts, tc, len(items), frame, mav.MAV_CMD_NAV_RETURN_TO_LAUNCH,
                                                      0, 1, 0, 0, 0, 0, 0, 0, 0))
    return items


def upload(master, items, timeout=20):
    mav = mavutil.mavlink
    master.mav.mission_count_send(master.target_system, master.target_component, len(items), mav.MAV_MISSION_TYPE_MISSION)
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = master.recv_match(type=["MISSION_REQUEST_INT", "MISSION_REQUEST", "MISSION_ACK"], blocking=True, timeout=2)
        if msg is None:
            continue
        if msg.get_type() == "MISSION_ACK":
            return msg.type
        master.mav.send(items[msg.seq])
    raise TimeoutError("mission upload")


def command(master, cmd, *params, timeout=10):
    params = list(params) + [0] * (7 - len(params))
    master.mav.command_long_send(master.target_system, master.target_component, cmd, 0, *params)
    deadline = time.time() + timeout
    while time.time() < deadline:
        ack = master.recv_match(type="COMMAND_ACK", blocking=True, timeout=1)
        if ack is not None and ack.command == cmd:
            return ack.result
    raise TimeoutError(f"no COMMAND_ACK for {cmd}")


def test_pymavlink_flies_four_waypoint_mission():
    mav = mavutil.mavlink
    with firmware_sim(speed=10) as sim:
        master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{sim.ports[0]}", source_system=255, source_component=190)
        master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
        hb = master.wait_heartbeat(timeout=10)
        assert hb is not None, sim.log_text()
        assert hb.autopilot == mav.MAV_AUTOPILOT_PX4 and hb.type == mav.MAV_TYPE_QUADROTOR
        assert master.target_system == 1

        items = mission_items(master)
        assert upload(master, items) == mav.MAV_MISSION_ACCEPTED

        # Wait for a 3D fix before arming, as a careful ground station does.
        gps = master.recv_match(type="GPS_RAW_INT", blocking=True, timeout=10)
        assert gps is not None and gps.fix_type >= 3
        assert command(master, mav.MAV_CMD_COMPONENT_ARM_DISARM, 1) == mav.MAV_RESULT_ACCEPTED
        assert command(master, mav.MAV_CMD_MISSION_START, 0, 0) == mav.MAV_RESULT_ACCEPTED

        reached = []
        landed_disarmed = False
        deadline = time.time() + 60
        while time.time() < deadline and not landed_disarmed:
            msg = master.recv_match(type=["MISSION_ITEM_REACHED", "HEARTBEAT", "EXTENDED_SYS_STATE"], blocking=True, timeout=1)
            if msg is None:
                continue
            if msg.get_type() == "MISSION_ITEM_REACHED" and msg.seq not in reached:
                reached.append(msg.seq)
            if msg.get_type() == "HEARTBEAT" and len(reached) == len(items):
                armed = msg.base_mode & mav.MAV_MODE_FLAG_SAFETY_ARMED
                ext = master.messages.get("EXTENDED_SYS_STATE")
                landed_disarmed = not armed and ext is not None and ext.landed_state == mav.MAV_LANDED_STATE_ON_GROUND
        assert reached == list(range(len(items))), f"reached {reached}"
        assert landed_disarmed
        pos = master.messages["GLOBAL_POSITION_INT"]
        assert abs(pos.relative_alt) < 3000  # GPS noise: 0.75 m vertical standard deviation by default
        assert abs(pos.lat / 1e7 - HOME[0]) < 3e-5 and abs(pos.lon / 1e7 - HOME[1]) < 4e-5
