"""MAVLink 2 signing cross-checked against pymavlink, an independent implementation.

pymavlink signs -> firmware-sim (the Swift MAVLink codec's verifier) accepts, and refuses what pymavlink
sends unsigned or with another key; firmware-sim signs -> pymavlink verifies every frame.
"""
import os
import time

import pytest
from pymavlink import mavutil

from sim_support import firmware_sim

KEY = bytes(range(32, 64))
KEY_HEX = KEY.hex()


@pytest.fixture(autouse=True)
def mavlink2():
    """Signing needs MAVLink 2: pymavlink picks its wire version from MAVLINK20 when the dialect loads.
    Restored afterwards, so other modules keep the pymavlink default."""
    previous = os.environ.get("MAVLINK20")
    os.environ["MAVLINK20"] = "1"
    mavutil.set_dialect("common")
    yield
    if previous is None:
        del os.environ["MAVLINK20"]
    else:
        os.environ["MAVLINK20"] = previous
    mavutil.set_dialect("common")


def connect(port, key=None, link_id=1, accept_unsigned=False):
    master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{port}", source_system=255, source_component=190, dialect="common")
    if key is not None:
        master.setup_signing(key, sign_outgoing=True, link_id=link_id,
                             allow_unsigned_callback=(lambda mav, msg_id: True) if accept_unsigned else None)
    return master


def heartbeat(master):
    master.mav.heartbeat_send(mavutil.mavlink.MAV_TYPE_GCS, mavutil.mavlink.MAV_AUTOPILOT_INVALID, 0, 0, 0)


def request_version(master, timeout=3.0):
    """Asks for AUTOPILOT_VERSION; returns the COMMAND_ACK result, or None if no ack comes."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        heartbeat(master)
        master.mav.command_long_send(1, 1, mavutil.mavlink.MAV_CMD_REQUEST_MESSAGE, 0,
                                     mavutil.mavlink.MAVLINK_MSG_ID_AUTOPILOT_VERSION, 0, 0, 0, 0, 0, 0)
        ack = master.recv_match(type="COMMAND_ACK", blocking=True, timeout=0.5)
        if ack is not None and ack.command == mavutil.mavlink.MAV_CMD_REQUEST_MESSAGE:
            return ack.result
    return None


def test_pymavlink_signed_commands_are_accepted_and_sim_signatures_verify(tmp_path):
    with firmware_sim("--signing-key", KEY_HEX) as sim:
        master = connect(sim.ports[0], KEY)
        try:
            assert request_version(master, timeout=10) == mavutil.mavlink.MAV_RESULT_ACCEPTED
            # Everything the sim sent was signed with the key: pymavlink checked each signature.
            deadline = time.time() + 3
            while time.time() < deadline:
                master.recv_match(blocking=True, timeout=0.2)
            signing = master.mav.signing
            assert signing.goodsig_count >= 5
            assert signing.badsig_count == 0
            assert signing.unsigned_count == 0
        finally:
            master.close()


def test_sim_refuses_unsigned_and_wrongly_signed_pymavlink_frames(tmp_path):
    key_file = tmp_path / "mavlink.key"
    key_file.write_text(KEY_HEX + "\n")
    with firmware_sim("--signing-key-file", str(key_file)) as sim:
        unsigned = connect(sim.ports[0])
        wrong = connect(sim.ports[0], bytes(32 * [7]), link_id=2)
        try:
            assert request_version(unsigned) is None
            assert request_version(wrong) is None
        finally:
            unsigned.close()
            wrong.close()
        # A correctly signed peer is still served afterwards.
        good = connect(sim.ports[0], KEY, link_id=3)
        try:
            assert request_version(good, timeout=10) == mavutil.mavlink.MAV_RESULT_ACCEPTED
        finally:
            good.close()


def test_sim_without_key_accepts_signed_frames_as_px4_does():
    """PX4 with signing off (MAV_SIGN_CFG 0) accepts everything; so does the sim without a key (which then
    answers unsigned, so this pymavlink peer accepts unsigned frames)."""
    with firmware_sim() as sim:
        master = connect(sim.ports[0], KEY, accept_unsigned=True)
        try:
            assert request_version(master, timeout=10) == mavutil.mavlink.MAV_RESULT_ACCEPTED
        finally:
            master.close()
