"""HIL: deliveries survive broker, agent and ground crashes, a 30 s radio link loss and battery failures.

Each scenario flies real deliveries (firmware-sim -> drone-agent -> mosquitto -> ground-control),
breaks one thing mid-flight, and then requires (hil_support.finish) that every delivery reaches the
right terminal state with the right reason and that the ground's event log of every drone has no gap
and no duplicate eventSeq up to the last one the agent allocated.
"""
import time

from hil_support import finish, lab, run, scenario
from skyrelay_lab import ZURICH, distance_m
from skyrelay_lab.net import wait_until

IN_FLIGHT = {"enRouteToPickup", "atPickup", "enRouteToDropoff"}


def _book(the_lab, count, seed=5):
    import random
    the_lab.register_business()
    return [b.id for b in the_lab.book_random(count, random.Random(seed))]


def _drone_of(the_lab, delivery_id, timeout=30):
    return the_lab.wait_status(delivery_id, {"scheduled", "pickupInProgress", "inTransit"}, timeout)["droneId"]


def _down_mid_flight(name, part, stop, seconds):
    """Three drones flying three deliveries; once the first is in flight `part` of the lab goes down
    (`stop`: "stop" or "kill9") for `seconds`, then starts again, and every delivery still completes."""
    with lab(name, drones=3) as the_lab:
        ids = _book(the_lab, 3)
        drone = _drone_of(the_lab, ids[0])
        the_lab.wait_drone_phase(drone, IN_FLIGHT, timeout=60)
        component = part(the_lab)
        getattr(component, stop)()
        time.sleep(seconds)
        component.start()
        assert component.process.starts == 2
        finish(the_lab, ids, {})


@scenario(weight=3)
def broker_restart_mid_flight():
    # Drones fly on; events wait in the agents' outboxes.
    _down_mid_flight("broker_restart_mid_flight", lambda the_lab: the_lab.broker, "stop", 3)


@scenario(weight=3)
def agent_kill9_mid_cruise_and_restart():
    with lab("agent_kill9_mid_cruise_and_restart", drones=2) as the_lab:
        ids = _book(the_lab, 2)
        drone = _drone_of(the_lab, ids[0])
        the_lab.wait_drone_phase(drone, {"enRouteToDropoff"}, timeout=90)
        agent = the_lab.agents[drone]
        seq_before = agent.last_event_seq()
        agent.kill9()
        time.sleep(2)
        agent.start()
        final = finish(the_lab, ids, {})
        # The restarted agent resumed the same assignment from its SQLite, numbering on from before.
        assert final[ids[0]]["droneId"] == drone
        assert agent.last_event_seq() > seq_before


@scenario(weight=3)
def ground_control_kill9_and_restart():
    # Events meanwhile queue in the ground's persistent MQTT session.
    _down_mid_flight("ground_control_kill9_and_restart", lambda the_lab: the_lab.ground, "kill9", 5)


@scenario(weight=5)
def radio_link_loss_30s_between_agent_and_broker():
    with lab("radio_link_loss_30s_between_agent_and_broker", drones=2, relays=True) as the_lab:
        ids = _book(the_lab, 2)
        drone = _drone_of(the_lab, ids[0])
        # Package on board: the ground must not give the delivery to another drone while it cannot hear this one.
        the_lab.wait_drone_phase(drone, {"enRouteToDropoff"}, timeout=90)
        relay = the_lab.relays[drone]
        seen_offline = False
        relay.cut()
        cut_at = time.monotonic()
        try:
            while time.monotonic() - cut_at < 30:
                state = the_lab.fleet().get(drone, {})
                seen_offline |= state.get("online") is False
                time.sleep(0.5)
        finally:
            relay.restore()
        assert relay.stats.bytes_dropped > 0, "nothing was lost during the cut: the link was not in use"
        assert seen_offline, "the ground never noticed the drone was gone (Last Will after keep-alive)"
        finish(the_lab, ids, {})


def _sag_to(the_lab, drone, percent):
    """Drains the drone's battery to about `percent` % (below the agent's 20 % reserve: abort and return)."""
    current = the_lab.fleet()[drone]["batteryPercent"]
    the_lab.sim.fault(the_lab.sim_index(drone), "battery-sag", round(max(0.0, current - percent), 1))


def _near_home(the_lab, drone, metres=40):
    state = the_lab.fleet()[drone]
    home = the_lab.homes[the_lab.sim_index(drone)][1]
    pos = state.get("position") or {}
    return "lat" in pos and distance_m((pos["lat"], pos["lon"]), home[:2]) < metres


@scenario(weight=4)
def battery_failure_mid_flight():
    with lab("battery_failure_mid_flight", drones=4) as the_lab:
        problems = []
        first = _book(the_lab, 1, seed=11)[0]
        # Before pickup: the drone aborts and flies home; the delivery goes to another drone.
        a = _drone_of(the_lab, first)
        the_lab.wait_drone_phase(a, {"enRouteToPickup"}, timeout=60)
        _sag_to(the_lab, a, 17)
        second = _book_one(the_lab, seed=12)
        # With the package on board: the drone aborts and returns, the delivery fails with the reason.
        c = _drone_of(the_lab, second)
        the_lab.wait_drone_phase(c, {"enRouteToDropoff"}, timeout=90)
        _sag_to(the_lab, c, 17)
        # "Abort and return": both drones are back on their pads.
        for drone in (a, c):
            try:
                wait_until(f"{drone} back home", lambda: _near_home(the_lab, drone), timeout=90, interval=0.5)
            except TimeoutError as error:
                problems.append(str(error))
        final = the_lab.wait_terminal([first, second], 150)
        if final[first]["droneId"] == a:
            problems.append(f"{first} (not picked up) was not rescheduled to another drone: {final[first]['status']} on {a}")
        requeued = [h for h in the_lab.delivery_history(first) if h["to"] == "requested" and h.get("from")]
        if not (requeued and "battery" in (requeued[0].get("reason") or "").lower()):
            problems.append(f"{first} has no re-queue with a battery reason in its history")
        if "battery" not in (final[second].get("reason") or "").lower():
            problems.append(f"{second} (on board) failed without a battery reason: {final[second].get('reason')}")
        for drone in (a, c):
            aborted = [e for e in the_lab.drone_events(drone) if e["kind"] == "phase" and '"aborted"' in e["payload"]]
            if not (aborted and "lowBattery" in aborted[0]["payload"]):
                problems.append(f"{drone} has no stored aborted/lowBattery event")
        finish(the_lab, [first, second], {first: "completed", second: "failed"}, problems=problems)


def _book_one(the_lab, seed):
    import random
    shop, dropoff = ZURICH.random_delivery(random.Random(seed))
    return the_lab.book((shop.lat, shop.lon), dropoff, shop).id


def test_broker_restart_mid_flight():
    run("broker_restart_mid_flight")


def test_agent_kill9_mid_cruise_and_restart():
    run("agent_kill9_mid_cruise_and_restart")


def test_ground_control_kill9_and_restart():
    run("ground_control_kill9_and_restart")


def test_radio_link_loss_30s_between_agent_and_broker():
    run("radio_link_loss_30s_between_agent_and_broker")


def test_battery_failure_mid_flight():
    run("battery_failure_mid_flight")
