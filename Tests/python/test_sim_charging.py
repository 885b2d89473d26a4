"""pymavlink, an independent MAVLink implementation, reads BATTERY_STATUS while firmware-sim charges a pack on
a depot pad (PX4: charge_state CHARGING; ArduCopter: OK with a negative current, as AP_BattMonitor reports)
and while it swaps one (PX4: mode HOT_SWAP), and a bad depots file is refused naming the field."""
import json
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("MAVLINK20", "1")
from pymavlink import mavutil  # noqa: E402

from sim_support import firmware_sim
from skyrelay_lab.paths import bin_dir

HOME = (47.397742, 8.545594)
mav = mavutil.mavlink


def depots_file(mode: str, power_w: float = 2000, swap_s: float = 40) -> str:
    f = tempfile.NamedTemporaryFile("w", prefix="depots-", suffix=".json", delete=False)
    json.dump({"depots": [{"depotId": "d1", "lat": HOME[0], "lon": HOME[1], "pads": 2, "chargePowerW": power_w,
                           "swapSeconds": swap_s, "mode": mode}]}, f)
    f.close()
    return f.name


def control(sim, line: str) -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        s.sendto(line.encode(), ("127.0.0.1", sim.control))
        return s.recv(65536).decode().strip()


def connect(sim):
    master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{sim.ports[0]}", source_system=255, source_component=190)
    master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
    assert master.wait_heartbeat(timeout=10) is not None
    return master


def battery_where(master, predicate, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = master.recv_match(type="BATTERY_STATUS", blocking=True, timeout=1)
        if msg is not None and predicate(msg):
            return msg
    raise TimeoutError("BATTERY_STATUS matching the condition")


@pytest.mark.parametrize("autopilot", ["px4", "ardupilot"])
def test_battery_status_while_charging(autopilot):
    with firmware_sim("--autopilot", autopilot, "--depots-file", depots_file("charge"), speed=20) as sim:
        master = connect(sim)
        assert control(sim, "fault 0 battery-sag 50") == "ok"
        first = battery_where(master, lambda m: m.current_battery < 0)
        expected = mav.MAV_BATTERY_CHARGE_STATE_CHARGING if autopilot == "px4" else mav.MAV_BATTERY_CHARGE_STATE_OK
        assert first.charge_state == expected
        assert first.time_remaining == 0, "time_remaining is a discharge estimate: 0 (not provided) while charging"
        assert first.mode == mav.MAV_BATTERY_MODE_UNKNOWN
        later = battery_where(master, lambda m: m.battery_remaining >= first.battery_remaining + 3)
        assert later.current_battery < 0
        sys_status = master.recv_match(type="SYS_STATUS", blocking=True, timeout=5)
        now = battery_where(master, lambda m: True)
        assert abs(sys_status.battery_remaining - now.battery_remaining) <= 1
        assert "depot d1 charging" in control(sim, "status")


def test_swap_reported_as_hot_swap_and_arming_refused():
    with firmware_sim("--autopilot", "px4", "--depots-file", depots_file("swap", swap_s=60), speed=20) as sim:
        master = connect(sim)
        assert control(sim, "fault 0 battery-sag 70") == "ok"
        battery_where(master, lambda m: m.battery_remaining < 35)
        assert control(sim, "swap-battery 0") == "ok swapping 60.0s"
        swapping = battery_where(master, lambda m: m.mode == mav.MAV_BATTERY_MODE_HOT_SWAP)
        assert swapping.battery_remaining < 35
        master.mav.command_long_send(master.target_system, master.target_component,
                                     mav.MAV_CMD_COMPONENT_ARM_DISARM, 0, 1, 0, 0, 0, 0, 0, 0)
        ack = master.recv_match(type="COMMAND_ACK", blocking=True, timeout=5)
        assert ack is not None and ack.result == mav.MAV_RESULT_DENIED
        done = battery_where(master, lambda m: m.battery_remaining == 100)
        assert done.mode == mav.MAV_BATTERY_MODE_UNKNOWN


def test_bad_depots_file_names_the_field():
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"depots": [{"depotId": "d1", "lat": HOME[0], "lon": HOME[1], "pads": 0, "chargePowerW": 400,
                           "swapSeconds": 120, "mode": "charge"}]}, f)
    f.close()
    run = subprocess.run([str(bin_dir() / "firmware-sim"), "--count", "1", "--around", f"{HOME[0]},{HOME[1]}",
                          "--no-stdin", "--depots-file", f.name], capture_output=True, text=True, timeout=30)
    assert run.returncode != 0
    assert "depots[0].pads" in run.stderr + run.stdout
    Path(f.name).unlink()
