"""Remote MAVLink access through ground, with pymavlink as the operator's ground station.

The operator opens a session (`POST /v1/fleet/{droneId}/mavlink-sessions`), gets a UDP port on ground
and talks MAVLink to it as to a local vehicle: the datagrams travel over MQTT (`…/mavlink/down`,
allowed by the deployed drones ACL) to the drone's agent, which writes them to the autopilot
(firmware-sim), and the autopilot's frames come back on `…/mavlink/up`. pymavlink is an independent
MAVLink implementation, so the frames are checked by someone else's parser.
"""
import os
import time

os.environ.setdefault("MAVLINK20", "1")
from pymavlink import mavutil  # noqa: E402

from hil_support import finish, lab, run, scenario
from skyrelay_lab.api import APIError


def _ground_station(port):
    return mavutil.mavlink_connection(f"udpout:127.0.0.1:{port}", source_system=250, source_component=190)


def _autopilot_heartbeat(gcs, timeout):
    """Sends the ground station's heartbeat at 1 Hz (which keeps the session open) until the drone's
    autopilot heartbeat comes back through the tunnel."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        gcs.mav.heartbeat_send(mavutil.mavlink.MAV_TYPE_GCS, mavutil.mavlink.MAV_AUTOPILOT_INVALID, 0, 0, 0)
        message = gcs.recv_match(type="HEARTBEAT", blocking=True, timeout=1)
        if message is not None and message.autopilot != mavutil.mavlink.MAV_AUTOPILOT_INVALID:
            return message
    raise AssertionError("no autopilot HEARTBEAT through the tunnel")


@scenario(weight=1)
def mavlink_tunnel():
    with lab("mavlink_tunnel", drones=1) as the_lab:
        drone = the_lab.drone_ids[0]
        operator = the_lab.ground.operator()
        business = the_lab.register_business()
        try:
            business.request("POST", f"/v1/fleet/{drone}/mavlink-sessions")
            raise AssertionError("a business key opened a MAVLink session")
        except APIError as refused:
            assert refused.status == 403, refused
        try:
            operator.request("POST", "/v1/fleet/no-such-drone/mavlink-sessions")
            raise AssertionError("a session to an unknown drone")
        except APIError as refused:
            assert refused.status == 404, refused
        session = operator.request("POST", f"/v1/fleet/{drone}/mavlink-sessions").body
        assert session["droneId"] == drone and session["transport"] == "udp", session
        again = operator.request("POST", f"/v1/fleet/{drone}/mavlink-sessions").body
        assert again["port"] == session["port"], "an open session is returned again"

        gcs = _ground_station(session["port"])
        try:
            heartbeat = _autopilot_heartbeat(gcs, timeout=30)
            assert heartbeat.autopilot == mavutil.mavlink.MAV_AUTOPILOT_PX4, heartbeat
            sysid = heartbeat.get_srcSystem()
            value = None
            for _ in range(5):
                gcs.mav.param_request_read_send(sysid, 1, b"MIS_TAKEOFF_ALT", -1)
                value = gcs.recv_match(type="PARAM_VALUE", blocking=True, timeout=2)
                if value is not None and value.param_id == "MIS_TAKEOFF_ALT":
                    break
            assert value is not None and value.param_id == "MIS_TAKEOFF_ALT", value
            assert value.param_value > 0
            # The agent turns ATTITUDE off when nobody reads it; a listening ground station gets it back.
            attitude = None
            deadline = time.time() + 15
            while attitude is None and time.time() < deadline:
                gcs.mav.heartbeat_send(mavutil.mavlink.MAV_TYPE_GCS, mavutil.mavlink.MAV_AUTOPILOT_INVALID, 0, 0, 0)
                attitude = gcs.recv_match(type="ATTITUDE", blocking=True, timeout=1)
            assert attitude is not None, "no ATTITUDE through the tunnel"
            # Telemetry keeps flowing to ground while the session is open.
            assert the_lab.fleet()[drone]["online"], the_lab.fleet()[drone]
        finally:
            gcs.close()
        finish(the_lab, [], {})


def test_mavlink_tunnel():
    run("mavlink_tunnel")
