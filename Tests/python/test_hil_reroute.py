"""HIL: an operator adds a no-fly zone across a flying drone's route; the drone re-routes around it.

A drone flies from its depot to a pickup far away. While it is on the way, the operator puts a zone
(POST /v1/zones) across the straight line ahead of it. Ground's next dispatch round finds the remaining
path crossing the zone and sends `reroute` from where the drone is; the agent uploads the new fences and
mission and flies on around the zone. The simulator's position of the drone, read many times a second
until the package is released, never lies inside the zone, and the drone did leave the straight line
(so it flew around rather than the zone happening to miss it).
"""
import math
import re
import threading
import time

from hil_support import run, scenario
from skyrelay_lab import Lab, LabConfig

# Slower than the other scenarios: the zone must be in place before the drone reaches it, and a dispatch
# round (every 0.5 s here) plus the re-upload take a second or two of wall time.
SPEED = 4
PICKUP = (47.3853, 8.5170)    # Hardbruecke, ~1.9 km from the Hauptbahnhof depot
DROPOFF = (47.3931, 8.5287)
EARTH_M = 6_371_008.8


def _local(origin, point):
    """(east, north) metres of `point` from `origin` (lat, lon)."""
    north = (point[0] - origin[0]) * math.pi / 180 * EARTH_M
    east = (point[1] - origin[1]) * math.pi / 180 * EARTH_M * math.cos(math.radians(origin[0]))
    return east, north


def _geo(origin, east, north):
    lat = origin[0] + north / EARTH_M * 180 / math.pi
    lon = origin[1] + east / (EARTH_M * math.cos(math.radians(origin[0]))) * 180 / math.pi
    return lat, lon


def _inside(ring, point):
    """Even-odd test in (lat, lon)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (ai, bi), (aj, bj) = ring[i], ring[j]
        if (ai > point[0]) != (aj > point[0]) and point[1] < (bj - bi) * (point[0] - ai) / (aj - ai) + bi:
            inside = not inside
        j = i
    return inside


def _position(the_lab, index):
    line = the_lab.sim.status()[index]
    found = re.search(r" lat ([-\d.]+) lon ([-\d.]+)", line)
    assert found, line
    return float(found.group(1)), float(found.group(2))


class Track:
    """Reads the simulated vehicle's position as fast as the control port answers, in a thread."""

    def __init__(self, the_lab, index):
        self.lab, self.index = the_lab, index
        self.points = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            self.points.append(_position(self.lab, self.index))
            time.sleep(0.02)

    def finish(self):
        self.stop.set()
        self.thread.join(timeout=5)
        return self.points


@scenario(weight=3)
def zone_added_across_a_flying_route():
    config = LabConfig(drones=1, speed=SPEED, id_prefix="zone", ground_args=["--scheduler-interval", "0.5"])
    with Lab(config) as the_lab:
        the_lab.register_business()
        booking = the_lab.book(PICKUP, DROPOFF)
        drone = the_lab.wait_status(booking.id, {"scheduled", "pickupInProgress"}, 30)["droneId"]
        the_lab.wait_drone_phase(drone, {"enRouteToPickup"}, timeout=60)
        index = the_lab.sim_index(drone)
        here = _position(the_lab, index)
        east, north = _local(here, PICKUP)
        remaining = math.hypot(east, north)
        assert remaining > 900, f"the drone is already {remaining:.0f} m from the pickup"

        # 400 m across the line, 150 m deep, centred 55 % of the way to the pickup.
        ux, uy = east / remaining, north / remaining
        cx, cy = ux * remaining * 0.55, uy * remaining * 0.55
        corners = [(cx + ux * a + -uy * b, cy + uy * a + ux * b) for a, b in
                   ((-75, -200), (75, -200), (75, 200), (-75, 200))]
        ring = [_geo(here, x, y) for x, y in corners]
        track = Track(the_lab, index)
        zone = the_lab.ground.operator().request(
            "POST", "/v1/zones", {"id": "fire-hil", "name": "HIL fire",
                                  "vertices": [{"lat": lat, "lon": lon} for lat, lon in ring]}).body
        assert zone["active"] is True, zone

        # Released at the dropoff: the legs the zone could cross are flown.
        reached = the_lab.wait_status(booking.id, {"delivered", "completed", "failed", "cancelled"}, timeout=240)
        points = track.finish()
        assert reached["status"] in ("delivered", "completed"), reached

        inside = [p for p in points if _inside(ring, p)]
        assert not inside, f"{len(inside)} of {len(points)} positions inside the zone, first {inside[0]}"
        # Between two reads the drone moves a few metres; check the straight pieces between them too.
        for a, b in zip(points, points[1:]):
            for k in range(1, 10):
                p = (a[0] + (b[0] - a[0]) * k / 10, a[1] + (b[1] - a[1]) * k / 10)
                assert not _inside(ring, p), f"crossed the zone between {a} and {b}"
        # It went round: some position before the pickup lies beyond the zone's half-width off the line.
        offsets = [abs(-uy * x + ux * y) for x, y in (_local(here, p) for p in points)
                   if 0 < ux * _local(here, p)[0] + uy * _local(here, p)[1] < remaining * 0.9]
        assert offsets and max(offsets) > 200, f"largest offset from the straight line {max(offsets or [0]):.0f} m"


def test_zone_added_across_a_flying_route():
    run("zone_added_across_a_flying_route")
