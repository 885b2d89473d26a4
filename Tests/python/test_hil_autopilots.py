"""HIL: a delivery booked over the HTTP API completes against each autopilot firmware-sim imitates.

firmware-sim's personalities are written from the PX4 and ArduPilot sources: PX4 up to 1.15 leaves
MISSION_CURRENT.mission_state 0 (`--px4-mission-state legacy`), newer PX4 reports it, and ArduCopter has
a home slot at seq 0, copter mode numbers, a total without home and an RTL item inside AUTO. The agent
picks its adapter from the HEARTBEAT; nothing in its configuration names the firmware. ArduCopter flies
with hover loading: land loading there needs MIS_OPTIONS bit 2 on the vehicle (the Swift flight tests
cover both that and its refusal).
"""
import random

from hil_support import finish, lab, run, scenario

PX4_LEGACY = ["--autopilot", "px4", "--px4-mission-state", "legacy"]
PX4_REPORTED = ["--autopilot", "px4", "--px4-mission-state", "reported"]
ARDUCOPTER = ["--autopilot", "ardupilot"]


def _deliver(name, sim_args, agent_overrides=None):
    with lab(name, drones=1, sim_args=sim_args, agent_overrides=agent_overrides or {}) as the_lab:
        the_lab.register_business()
        ids = [b.id for b in the_lab.book_random(1, random.Random(11))]
        finish(the_lab, ids, {})


@scenario(weight=1)
def px4_legacy_delivery():
    _deliver("px4_legacy_delivery", PX4_LEGACY)


@scenario(weight=1)
def px4_reported_delivery():
    _deliver("px4_reported_delivery", PX4_REPORTED)


@scenario(weight=1)
def ardupilot_delivery():
    _deliver("ardupilot_delivery", ARDUCOPTER, {"loadingMode": "hover"})


def test_px4_legacy_delivery():
    run("px4_legacy_delivery")


def test_px4_reported_delivery():
    run("px4_reported_delivery")


def test_ardupilot_delivery():
    run("ardupilot_delivery")
