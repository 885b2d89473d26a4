#!/usr/bin/env python3
"""A seeded day of delivery demand, the one input every dispatcher in benchmarks/day is measured on.

    benchmarks/day/demand.py --drones 20 --deliveries 300 --hours 6 --seed 20 > day.json

The day has a morning and a lunch peak above what the fleet can fly, 20 % express bookings, a pickup
window and a deadline on every booking, and bookings made both in advance and on demand. Places lie in
a square city around three depots (the first drones' homes are spread over the depots). Times are
seconds from the start of the day; `dayStartMs` anchors them for runs against the real stack.

Output (JSON):
  {"seed", "hours", "city": {"origin": {lat, lon}, "sizeM"},
   "depots": [{"depotId", "lat", "lon", "pads", "chargePowerW", "swapSeconds", "mode"}],
   "drones": [{"droneId", "depotId"}],
   "deliveries": [{"deliveryId", "bookedAtS", "pickup": {lat, lon}, "dropoff": {lat, lon}, "payloadKg",
                   "priority": "standard"|"express", "windowStartS", "windowEndS", "deadlineS", "inAdvance"}]}
"""
import argparse
import json
import math
import random
import sys

ORIGIN = (47.37, 8.50)  # south-west corner of the city square
EARTH_M_PER_DEG_LAT = 111_320.0


def point(east_m, north_m):
    lat = ORIGIN[0] + north_m / EARTH_M_PER_DEG_LAT
    lon = ORIGIN[1] + east_m / (EARTH_M_PER_DEG_LAT * math.cos(math.radians(ORIGIN[0])))
    return {"lat": round(lat, 7), "lon": round(lon, 7)}


def demand_rate(t_h, hours):
    """Relative booking rate at hour T of the day: a base plus a morning and a lunch peak."""
    morning = math.exp(-((t_h - hours * 0.22) ** 2) / (2 * (hours * 0.07) ** 2))
    lunch = math.exp(-((t_h - hours * 0.6) ** 2) / (2 * (hours * 0.06) ** 2))
    return 0.25 + 2.6 * morning + 3.0 * lunch


def generate(drones, deliveries, hours, seed, size_m=8000.0, depots=3, pads=None):
    rng = random.Random(seed)
    depot_sites = [(size_m * 0.25, size_m * 0.3), (size_m * 0.75, size_m * 0.3), (size_m * 0.5, size_m * 0.78)][:depots]
    pads = pads or max(2, math.ceil(drones / depots * 0.5))
    depot_list = []
    for index, (east, north) in enumerate(depot_sites):
        # One depot swaps packs, the others charge on pads: both are real practice.
        mode = "swap" if index == depots - 1 else "charge"
        depot_list.append({"depotId": f"depot-{index + 1}", **point(east, north), "pads": pads,
                           "chargePowerW": 400, "swapSeconds": 120, "mode": mode})
    drone_list = [{"droneId": f"sr-{i + 1:03d}", "depotId": depot_list[i % depots]["depotId"]} for i in range(drones)]

    # Booking times by rejection sampling on the rate curve (seeded, so every dispatcher sees the same day).
    peak = max(demand_rate(h / 10, hours) for h in range(int(hours * 10) + 1))
    demand_times = []
    while len(demand_times) < deliveries:
        t_h = rng.uniform(0, hours * 0.92)
        if rng.uniform(0, peak) <= demand_rate(t_h, hours):
            demand_times.append(t_h * 3600)
    demand_times.sort()

    out = []
    for index, wanted_s in enumerate(demand_times):
        express = rng.random() < 0.2
        in_advance = not express and rng.random() < 0.5
        pickup = point(rng.uniform(0, size_m), rng.uniform(0, size_m))
        # Dropoffs within a delivery radius of the pickup (2.5 km), inside the city.
        while True:
            angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(1000, 4000)
            east = (pickup["lon"] - ORIGIN[1]) * EARTH_M_PER_DEG_LAT * math.cos(math.radians(ORIGIN[0])) + dist * math.cos(angle)
            north = (pickup["lat"] - ORIGIN[0]) * EARTH_M_PER_DEG_LAT + dist * math.sin(angle)
            if 0 <= east <= size_m and 0 <= north <= size_m:
                break
        dropoff = point(east, north)
        if in_advance:
            booked = max(0.0, wanted_s - rng.uniform(1800, 3 * 3600))
            window_start = wanted_s
            window_end = wanted_s + rng.choice([1800, 2700, 3600])
            deadline = window_end + rng.choice([1800, 2700])
        else:
            booked = wanted_s
            window_start = wanted_s
            window_end = wanted_s + (900 if express else 2700)
            deadline = wanted_s + (1800 if express else 4500)
        out.append({
            "deliveryId": f"day-{index + 1:05d}", "bookedAtS": round(booked, 1), "pickup": pickup, "dropoff": dropoff,
            "payloadKg": round(rng.uniform(0.3, 2.2), 2), "priority": "express" if express else "standard",
            "windowStartS": round(window_start, 1), "windowEndS": round(window_end, 1), "deadlineS": round(deadline, 1),
            "inAdvance": in_advance,
        })
    out.sort(key=lambda d: d["bookedAtS"])
    return {"seed": seed, "hours": hours, "city": {"origin": point(0, 0), "sizeM": size_m},
            "depots": depot_list, "drones": drone_list, "deliveries": out}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drones", type=int, default=20)
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--hours", type=float, default=6)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--depots", type=int, default=3)
    parser.add_argument("--size-m", type=float, default=8000)
    parser.add_argument("--pads", type=int, default=None)
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args()
    day = generate(args.drones, args.deliveries, args.hours, args.seed, args.size_m, args.depots, args.pads)
    text = json.dumps(day, indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
