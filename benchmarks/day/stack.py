#!/usr/bin/env python3
"""benchmarks/day on the whole real stack: demand.py's seeded day, compressed, flown by firmware-sim, one
drone-agent per drone, mosquitto and ground-control (SQLite) on loopback through scripts/skyrelay_lab.

    benchmarks/day/stack.py --bin .build-release/release [--quick] [--write-docs]

Ground runs on the wall clock, so the simulator flies at speed 1 and the DAY is compressed instead:
- The demand curve (demand.py: a morning and a lunch peak above the fleet's capacity, 20 % express, a pickup
  window and a deadline on every booking, half of the standard ones booked in advance) of a day is squeezed
  into --minutes: booking times and how far ahead a booking is made are divided by DAY_SCALE (one real minute
  stands for 10 minutes of the day's booking curve: a 6-hour day in full mode's 36 minutes).
- The city is SPACE_SCALE (4×) smaller, so a job (launch, pickup, dropoff, home) takes about half of the
  6-hour day's (FleetProtocol's model: 5.0 min and 55 Wh against 9.8 min and 108 Wh; climb, landing and
  loading do not shrink). Windows and deadlines are divided by SERVICE_SCALE (2) to match: one real minute
  of flight, window or deadline stands for 2 minutes of the day.
- Energy follows the jobs: the pack is PACK_WH (half the stock 250 Wh, as a job takes half the energy), pads
  charge at demand.py's 400 W (a job's energy back in 1.6 jobs' time, as on the 6-hour day) and a swap takes
  SWAP_SECONDS (120 s / 2), so a drone flies two jobs on a full pack and must recharge, as on the 6-hour day.
- The load matches the 6-hour day's: demand.py's 300 bookings × 9.8 min over 20 drones × 6 h is 41 % of the
  fleet's time; 60 bookings × 5.0 min over 20 drones × 36 min is the same share (the peaks above capacity).

- The full run overloads the fleet: 140 bookings in 20 minutes for 20 drones (2.3× the bookings per minute of
  the 6-hour day's compression), so even the offline bound cannot serve every deadline.

Bookings go through the HTTP API at their booking times (a booking made in advance carries a future window).
Every figure comes from ground's API: the booking's first answer (the first quoted dropoff ETA, queued
bookings included), `GET /v1/deliveries/{id}` and its history, `GET /v1/fleet` sampled every SAMPLE_S.
The swap depot's staff works from ground's list: it polls `GET /v1/depots/{id}/swaps` every STAFF_POLL_S and
changes the pack of each drone listed `due` (firmware-sim's `swap-battery`, which takes the depot's swap
time), and nothing else. The run waits until the last deadline plus GRACE_MINUTES (or until every booking
has ended), then reports what was still undelivered and the reason ground gave.
The offline bound is offline_bound.py on the same compressed demand (its legs and energy from day-bench
--job-times, FleetProtocol's model, with this run's pack).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "scripts")]
import demand as demand_py  # noqa: E402
from benchmarks_doc import goal_row, machine, mark, summary_line, write_section  # noqa: E402
from skyrelay_lab.api import APIError, parse_time  # noqa: E402
from skyrelay_lab.area import Place, ServiceArea, distance_m, offset  # noqa: E402
from skyrelay_lab.lab import TERMINAL, Lab, LabConfig  # noqa: E402

DAY_SCALE = 10.0
SPACE_SCALE = 4.0
SERVICE_SCALE = 2.0
PACK_WH = 125.0
SWAP_SECONDS = 60
SAMPLE_S = 10.0
STAFF_POLL_S = 2.0
LOADING_S = 30.0  # VehicleProfile.default.loadingSeconds: landed at the pickup → loaded
PROMISE_GOAL_S = 120.0
ON_TIME_GOAL = 0.95  # × the offline bound
FLYING = {"preflight", "takeoff", "enRouteToPickup", "atPickup", "enRouteToDropoff", "atDropoff", "returning"}
WAITING = {"requested", "scheduled"}


@dataclass(frozen=True)
class Size:
    drones: int
    deliveries: int
    minutes: float
    # After the last deadline: the last flights land and report.
    grace_minutes: float
    bound_seconds: int


FULL = Size(drones=20, deliveries=140, minutes=20, grace_minutes=3, bound_seconds=60)
QUICK = Size(drones=4, deliveries=4, minutes=3, grace_minutes=2, bound_seconds=10)


def compressed_day(size: Size, seed: int) -> dict:
    """demand.py's day (the same generator and seed) with the compression of the module docstring applied.
    Times are seconds from the start of the run; the format stays demand.py's, so offline_bound.py reads it."""
    day_scale = DAY_SCALE
    # demand.py shapes both peaks over `hours`: full mode's 36 minutes are its 6-hour day, quick mode's
    # 8 minutes a 1.3-hour day with the same two peaks.
    hours = size.minutes * day_scale / 60
    day = demand_py.generate(size.drones, size.deliveries, hours, seed)
    origin = demand_py.ORIGIN

    def shrink(p):
        return {"lat": round(origin[0] + (p["lat"] - origin[0]) / SPACE_SCALE, 7),
                "lon": round(origin[1] + (p["lon"] - origin[1]) / SPACE_SCALE, 7)}

    for depot in day["depots"]:
        depot.update(shrink(depot))
        depot["swapSeconds"] = SWAP_SECONDS
    for d in day["deliveries"]:
        wanted = d["windowStartS"] / day_scale
        lead = (d["windowStartS"] - d["bookedAtS"]) / day_scale
        d["pickup"], d["dropoff"] = shrink(d["pickup"]), shrink(d["dropoff"])
        d["windowEndS"] = round(wanted + (d["windowEndS"] - d["windowStartS"]) / SERVICE_SCALE, 1)
        d["deadlineS"] = round(wanted + (d["deadlineS"] - d["windowStartS"]) / SERVICE_SCALE, 1)
        d["windowStartS"] = round(wanted, 1)
        d["bookedAtS"] = round(max(0.0, wanted - lead), 1)
    day["deliveries"].sort(key=lambda d: d["bookedAtS"])
    day["hours"] = size.minutes / 60
    day["city"] = {"origin": shrink(day["city"]["origin"]), "sizeM": day["city"]["sizeM"] / SPACE_SCALE}
    day["compression"] = {"dayScale": day_scale, "serviceScale": SERVICE_SCALE, "spaceScale": SPACE_SCALE,
                          "generatedHours": hours, "packWh": PACK_WH}
    return day


class DayArea(ServiceArea):
    """The compressed city as the lab's service area: a square with a margin, the day's depots as the
    drones' homes, each drone within firmware-sim's 15 m depot site (a 4 m pad grid)."""

    def home_positions(self, count, spacing_m=4.0):
        return super().home_positions(count, spacing_m)


def day_area(day: dict) -> DayArea:
    origin, size = day["city"]["origin"], day["city"]["sizeM"]
    margin = 300.0
    south_west = offset(origin["lat"], origin["lon"], -margin, -margin)
    north_east = offset(origin["lat"], origin["lon"], size + margin, size + margin)
    boundary = ((south_west[0], south_west[1]), (north_east[0], south_west[1]),
                (north_east[0], north_east[1]), (south_west[0], north_east[1]))
    depots = tuple(Place(d["depotId"], d["lat"], d["lon"]) for d in day["depots"])
    outside = offset(origin["lat"], origin["lon"], -5000, -5000)
    return DayArea(name="benchmarks/day compressed city", boundary=boundary, depots=depots, shops=(),
                   ground_altitude_m=410.0, outside=Place("outside", *outside))


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CPUWatch:
    """Host CPU busy share (/proc/stat) and the 1-minute load average, one sample per SAMPLE_S."""

    @staticmethod
    def _jiffies():
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    def __init__(self):
        self.last = self._jiffies()

    def sample(self):
        busy, total = self._jiffies()
        share = (busy - self.last[0]) / max(total - self.last[1], 1)
        self.last = (busy, total)
        return {"cpuBusy": share, "load1": os.getloadavg()[0]}


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds a live process has used (/proc/PID/stat), 0 when gone."""
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stack_cpu(lab: Lab) -> dict[str, float]:
    """CPU seconds used so far by each part of the stack (the agents summed)."""
    return {"ground-control": cpu_seconds(lab.ground.process.pid),
            "firmware-sim": cpu_seconds(lab.sim.process.pid),
            "drone-agents": sum(cpu_seconds(a.process.pid) for a in lab.agents.values()),
            "mosquitto": cpu_seconds(lab.broker.process.pid)}


class DayRun:
    """One compressed day on the lab: books at the booking times, samples the fleet, swaps packs."""

    def __init__(self, lab: Lab, day: dict):
        self.lab, self.day = lab, day
        self.swap_depots = {i for i, d in enumerate(day["depots"]) if d["mode"] == "swap"}
        self.answers: dict[str, dict] = {}  # deliveryId (demand) -> {id, status, body, at}
        self.refused: dict[str, str] = {}
        self.samples: list[dict] = []
        # Swap orders the staff carried out: order id -> (seconds into the run, drone, seconds before neededBy).
        self.swaps: dict[str, tuple[float, str, float | None]] = {}
        self.swap_refusals: dict[str, int] = {}
        self.orders_seen: dict[str, dict] = {}
        # Delivery id -> the last reason ground gave while it waited (requested/scheduled), from the samples.
        self.waiting_reasons: dict[str, str] = {}
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.t0 = 0.0
        self.cpu = CPUWatch()

    def book(self, business, d) -> None:
        start = self.t0 + d["windowStartS"]
        now = time.time()
        body = {"pickup": d["pickup"], "dropoff": d["dropoff"], "weightKg": d["payloadKg"], "size": "small",
                "priority": d["priority"],
                # An on-demand booking's window opens now (the request cannot name a past instant reliably).
                "window": {"start": rfc3339(max(start, now)), "end": rfc3339(self.t0 + d["windowEndS"])},
                "deadline": rfc3339(self.t0 + d["deadlineS"])}
        try:
            response = business.request("POST", "/v1/deliveries", body)
        except APIError as error:
            self.refused[d["deliveryId"]] = f"{error.status} {error.code} {error.field}: {error.message}"
            return
        except OSError as error:
            self.refused[d["deliveryId"]] = f"transport: {error}"
            return
        self.answers[d["deliveryId"]] = {"id": response.body["id"], "status": response.status,
                                         "body": response.body, "at": now}

    def sampler(self) -> None:
        operator = self.lab.ground.operator()
        while not self.stop.wait(SAMPLE_S):
            at = time.time() - self.t0
            try:
                fleet = self.lab.fleet()
                deliveries = operator.deliveries()
            except (OSError, APIError) as error:
                self.errors.append(f"sample at {at:.0f} s: {error}")
                continue
            for d in deliveries:
                if d["status"] in WAITING and d.get("reason"):
                    self.waiting_reasons[d["id"]] = d["reason"]
            states = [s for s in fleet.values() if s.get("batteryPercent") is not None]
            statuses = [d["status"] for d in deliveries]
            self.samples.append({
                "timeS": at,
                "inFlight": sum(1 for s in fleet.values() if s.get("phase") in FLYING),
                "queued": sum(1 for s in statuses if s in WAITING),
                "battery": {k: s["batteryPercent"] for k, s in fleet.items() if s.get("batteryPercent") is not None},
                "meanBattery": statistics.mean(s["batteryPercent"] for s in states) if states else None,
                "minBattery": min((s["batteryPercent"] for s in states), default=None),
                "charging": sum(1 for s in fleet.values() if s.get("chargeState") == "charging"),
                "swapping": sum(1 for s in fleet.values() if s.get("chargeState") == "swapping"),
                **self.cpu.sample(),
            })

    def depot_staff(self) -> None:
        """The swap depots' staff: reads each depot's list from ground and changes the pack of every drone
        listed `due` (once per order); it decides nothing itself. A refusal (the drone still waits for a free
        pad, say) is tried again at the next look."""
        operator = self.lab.ground.operator()
        depots = [d["depotId"] for i, d in enumerate(self.day["depots"]) if i in self.swap_depots]
        while not self.stop.wait(STAFF_POLL_S):
            for depot in depots:
                try:
                    orders = operator.depot_swaps(depot)["swaps"]
                except (OSError, APIError) as error:
                    self.errors.append(f"swap list {depot}: {error}")
                    continue
                for order in orders:
                    self.orders_seen[order["id"]] = order
                    if order["state"] != "due" or order["id"] in self.swaps:
                        continue
                    try:
                        self.lab.swap_battery(order["droneId"])
                    except (OSError, RuntimeError, ValueError) as error:
                        self.swap_refusals[order["id"]] = self.swap_refusals.get(order["id"], 0) + 1
                        if self.swap_refusals[order["id"]] == 1:
                            self.errors.append(f"swap {order['id']} of {order['droneId']}: {error}")
                        continue
                    now = time.time()
                    needed = parse_time(order.get("neededBy"))
                    self.swaps[order["id"]] = (now - self.t0, order["droneId"],
                                               None if needed is None else needed - now)

    def run(self, minutes: float, grace_minutes: float) -> dict[str, dict]:
        business = self.lab.register_business("Day bench")
        self.t0 = time.time()
        cpu_before = stack_cpu(self.lab)
        threads = [threading.Thread(target=self.sampler, daemon=True),
                   threading.Thread(target=self.depot_staff, daemon=True)]
        for t in threads:
            t.start()
        for d in self.day["deliveries"]:
            wait = self.t0 + d["bookedAtS"] - time.time()
            if wait > 0:
                time.sleep(wait)
            self.book(business, d)
        remaining = self.t0 + minutes * 60 - time.time()
        if remaining > 0:
            time.sleep(remaining)
        ids = [a["id"] for a in self.answers.values()]
        # Until the last deadline, and a grace for the flights still landing: what is open then is undelivered.
        last_deadline = max((d["deadlineS"] for d in self.day["deliveries"]), default=0.0)
        deadline = max(time.time(), self.t0 + last_deadline) + grace_minutes * 60
        final: dict[str, dict] = {}
        while time.time() < deadline:
            try:
                final = {k: v for k, v in self.lab.deliveries().items() if k in set(ids)}
            except (OSError, APIError):
                time.sleep(2)
                continue
            if all(final.get(i, {}).get("status") in TERMINAL for i in ids):
                break
            time.sleep(5)
        self.stop.set()
        for t in threads:
            t.join(timeout=15)
        self.ended = time.time() - self.t0
        # Cores each part of the stack kept busy over the day, on average (the host is shared: the rest is others').
        self.cores = {k: (v - cpu_before[k]) / self.ended for k, v in stack_cpu(self.lab).items()}
        return final


def percentile(values, q):
    """Linear-interpolated percentile, as DayMetrics computes it (0 for none)."""
    if not values:
        return 0.0
    s = sorted(values)
    rank = q * (len(s) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return s[low] + (s[high] - s[low]) * (rank - low)


def paced(call, *args):
    """An operator API read, waited out when the API's rate limit (100 in a burst, 50/s) answers 429: reading
    back 140 deliveries and their histories at once is a burst above it."""
    for _ in range(60):
        try:
            return call(*args)
        except APIError as error:
            if error.status != 429:
                raise
            time.sleep(1.0)
    return call(*args)


def figures(run: DayRun, final: dict[str, dict], size: Size) -> dict:
    """The issue's figures from ground's answers (times in seconds from the start of the run)."""
    operator = run.lab.ground.operator()
    day, t0 = run.day, run.t0
    lateness, errors, early_window, launch_lead, rows = [], [], [], [], []
    delivered = on_time = quoted = early = 0
    last_dropoff = 0.0
    for d in day["deliveries"]:
        answer = run.answers.get(d["deliveryId"])
        if answer is None:
            continue
        state = final.get(answer["id"]) or paced(operator.delivery, answer["id"])
        history = paced(operator.delivery_history, answer["id"])
        dropoff = parse_time(state.get("statusTimes", {}).get("delivered"))
        row = {"delivery": d["deliveryId"], "status": state["status"], "priority": d["priority"],
               "inAdvance": d["inAdvance"], "answer": answer["status"], "reason": state.get("reason"),
               "deadlineS": d["deadlineS"]}
        # Why a late one was late: the last reason ground gave while it waited for a drone (sampled).
        if answer["id"] in run.waiting_reasons:
            row["lateReason"] = run.waiting_reasons[answer["id"]]
        quote = parse_time((answer["body"].get("eta") or {}).get("dropoff"))
        if dropoff is not None:
            delivered += 1
            dropoff_s = dropoff - t0
            last_dropoff = max(last_dropoff, dropoff_s)
            late = max(0.0, dropoff_s - d["deadlineS"])
            lateness.append(late)
            on_time += late == 0
            row["lateS"] = late
            if quote is not None:
                quoted += 1
                errors.append(abs(quote - dropoff))
                early += dropoff < quote
                row["promiseErrorS"] = dropoff - quote
        # Launch and pickup from the history: the last `scheduled` before the pickup (a requeue schedules again).
        picked = [parse_time(h["at"]) for h in history if h["to"] == "inTransit"]
        if picked:
            pickup_done = picked[0] - t0
            scheduled = [parse_time(h["at"]) - t0 for h in history
                         if h["to"] == "scheduled" and parse_time(h["at"]) - t0 <= pickup_done]
            window_start = d["windowStartS"] if d["inAdvance"] else max(d["windowStartS"], answer["at"] - t0)
            # Landed at the pickup = loaded minus the loading time; before the window opened = launched too early.
            early_window.append((pickup_done - LOADING_S) - window_start)
            if scheduled:
                launch_lead.append(window_start - scheduled[-1])
        rows.append(row)
    bookings = len(day["deliveries"])
    flown_hours = size.drones * max(last_dropoff, size.minutes * 60) / 3600
    tolerance = 5.0
    return {
        "bookings": bookings, "accepted": len(run.answers), "refused": run.refused,
        "answered201": sum(1 for a in run.answers.values() if a["status"] == 201),
        "answered202": sum(1 for a in run.answers.values() if a["status"] == 202),
        "answeredLate": sum(1 for a in run.answers.values() if (a["body"].get("lateBySeconds") or 0) > 0),
        "delivered": delivered, "onTime": on_time, "onTimeShare": on_time / bookings if bookings else 0.0,
        "meanLatenessS": statistics.mean(lateness) if lateness else 0.0, "p95LatenessS": percentile(lateness, 0.95),
        "p50PromiseErrorS": percentile(errors, 0.5), "p95PromiseErrorS": percentile(errors, 0.95),
        "quoted": quoted, "earlyShare": early / quoted if quoted else 0.0,
        "deliveriesPerDroneHour": delivered / flown_hours if flown_hours else 0.0,
        "pickedUp": len(early_window),
        "pickupsBeforeWindow": sum(1 for e in early_window if e < -tolerance),
        "worstPickupBeforeWindowS": -min(early_window) if early_window else 0.0,
        "statuses": dict(sorted(_count(r["status"] for r in rows).items())),
        "reasons": dict(sorted(_count(r["reason"] for r in rows if r.get("reason")).items(), key=lambda kv: -kv[1])[:6]),
        "swaps": len(run.swaps), "swapOrders": dict(sorted(_count(o["state"] for o in run.orders_seen.values()).items())),
        "swapsAfterNeededBy": sum(1 for _, _, ahead in run.swaps.values() if ahead is not None and ahead < 0),
        "swapRefusals": sum(run.swap_refusals.values()),
        "undelivered": [{k: r.get(k) for k in ("delivery", "status", "priority", "deadlineS", "reason")}
                        for r in rows if r["status"] != "completed"],
        "late": [{k: r.get(k) for k in ("delivery", "priority", "deadlineS", "lateS", "lateReason")}
                 for r in rows if r.get("lateS", 0) > 0],
        "lastDropoffS": last_dropoff, "endedS": run.ended, "stackCores": run.cores,
        "samplerErrors": run.errors[:10], "rows": rows,
    }


def _count(items):
    out: dict = {}
    for item in items:
        out[item] = out.get(item, 0) + 1
    return out


def job_times(day_bench: Path, day: dict, scratch: Path, name: str) -> tuple[Path, dict]:
    """day-bench --job-times of DAY: every leg's time and energy from FleetProtocol's model."""
    demand_file, times_file = scratch / f"{name}.json", scratch / f"{name}-times.json"
    demand_file.write_text(json.dumps(day))
    subprocess.run([str(day_bench), "--demand", str(demand_file), "--dispatchers", "", "--job-times", str(times_file)],
                   check=True, capture_output=True, text=True)
    return demand_file, json.loads(times_file.read_text())


def mean_job(day: dict, times: dict) -> tuple[float, float]:
    """A job's mean duration (launch to landed home, from the nearest depot) and energy."""
    depots, n = range(len(day["depots"])), len(day["deliveries"])
    seconds = [min(times["toPickupS"][k][i] for k in depots) + times["loadingS"] + times["toDropoffS"][i]
               + min(times["toHomeS"][k][i] for k in depots) for i in range(n)]
    energy = [min(times["energyWh"][k][i] for k in depots) for i in range(n)]
    return statistics.mean(seconds), statistics.mean(energy)


def offline_bound(bin_dir: Path, day: dict, seconds: int, scratch: Path) -> dict | None:
    """offline_bound.py on the compressed day; legs and energy from day-bench --job-times, rescaled to the pack.
    Also the mean job of the compressed day and of demand.py's own 6-hour day, for the compression's account."""
    day_bench = bin_dir / "day-bench"
    if not day_bench.exists():
        return None
    reference = demand_py.generate(20, 300, 6, 20)
    _, reference_times = job_times(day_bench, reference, scratch, "reference")
    demand_file, times = job_times(day_bench, day, scratch, "demand")
    times_file = scratch / "demand-times.json"
    # day-bench uses the stock pack; the reserve is a fraction of the pack, so scale it to this run's pack.
    ratio = PACK_WH / times["capacityWh"]
    times["requiredWh"] = [[e + (r - e) * ratio for e, r in zip(es, rs)]
                           for es, rs in zip(times["energyWh"], times["requiredWh"])]
    times["capacityWh"] = PACK_WH
    times_file.write_text(json.dumps(times))
    out = subprocess.run([sys.executable, str(HERE / "offline_bound.py"), "--demand", str(demand_file),
                          "--job-times", str(times_file), "--seconds", str(seconds)],
                         check=True, capture_output=True, text=True)
    bound = json.loads(out.stdout)
    bound["meanJobS"], bound["meanJobWh"] = mean_job(day, times)
    bound["referenceJobS"], bound["referenceJobWh"] = mean_job(reference, reference_times)
    return bound


def plot(samples: list[dict], path: Path, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [s["timeS"] / 60 for s in samples]
    fig, axes = plt.subplots(4, 1, figsize=(9, 10), sharex=True)
    axes[0].plot(minutes, [s["inFlight"] for s in samples], label="drones in flight")
    axes[0].plot(minutes, [s["charging"] + s["swapping"] for s in samples], label="charging or swapping")
    axes[0].set_ylabel("drones")
    axes[0].legend(fontsize=8)
    axes[1].plot(minutes, [s["queued"] for s in samples], color="tab:orange")
    axes[1].set_ylabel("bookings waiting\n(requested/scheduled)")
    drones = sorted({k for s in samples for k in s["battery"]})
    for drone in drones:
        axes[2].plot(minutes, [s["battery"].get(drone) for s in samples], color="tab:gray", alpha=0.35, linewidth=0.8)
    axes[2].plot(minutes, [s["meanBattery"] for s in samples], color="tab:green", linewidth=2, label="fleet mean")
    axes[2].set_ylabel("battery %")
    axes[2].legend(fontsize=8)
    axes[3].plot(minutes, [s["load1"] for s in samples], color="tab:red", label="1-min load average")
    axes[3].axhline(os.cpu_count() or 1, color="tab:red", linestyle=":", linewidth=1, label="cores")
    axes[3].set_ylabel("host load")
    axes[3].set_ylim(bottom=0)
    axes[3].legend(fontsize=8, loc="upper left")
    busy = axes[3].twinx()
    busy.plot(minutes, [100 * s["cpuBusy"] for s in samples], color="tab:blue", alpha=0.6, label="CPU busy %")
    busy.set_ylim(0, 105)
    busy.set_ylabel("CPU busy %")
    busy.legend(fontsize=8, loc="upper right")
    axes[3].set_xlabel("minutes into the compressed day (wall clock)")
    axes[0].set_title(title)
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".") or "svg")
    plt.close(fig)


def markdown(size: Size, seed: int, day: dict, f: dict, bound: dict | None, bin_dir: Path, host: str,
             samples: list[dict], quick: bool, elapsed: float, build_label: str | None = None) -> str:
    c = day["compression"]
    loads = [s["load1"] for s in samples] or [0.0]
    busy = [s["cpuBusy"] for s in samples] or [0.0]
    express = sum(1 for d in day["deliveries"] if d["priority"] == "express")
    advance = sum(1 for d in day["deliveries"] if d["inAdvance"])
    pads = day["depots"][0]["pads"]
    build = build_label or ("release" if "release" in str(bin_dir) else "debug")
    lines = [
        "## A day of operations on the whole real stack (benchmarks/day/stack.py)", "",
        f"`benchmarks/day/stack.py{' --quick' if quick else ''}`: demand.py's seeded day (seed {seed}) flown by the real "
        f"system on loopback through scripts/skyrelay_lab: mosquitto, one `firmware-sim` at speed 1 with "
        f"{len(day['depots'])} depots ({pads} pads each; two charge at 400 W, one swaps packs in {SWAP_SECONDS} s), "
        f"{size.drones} `drone-agent`s (telemetry at 2 Hz), one `ground-control` on SQLite with the same depots file; {build} build "
        f"(`{bin_dir}`). Bookings are POSTed at their booking times; every figure is read back from ground's API.", "",
        "**Compression** (ground runs on the wall clock, so the day is compressed, not the simulator): "
        f"the booking curve of a {c['generatedHours']:.1f}-hour day is squeezed into {size.minutes:.0f} minutes "
        f"(1 real minute = {c['dayScale']:.0f} minutes of the booking curve, booking-ahead times too); the city is "
        f"{SPACE_SCALE:.0f}× smaller ({day['city']['sizeM']:.0f} m square), so a job takes "
        + (f"{bound['meanJobS'] / 60:.1f} min and {bound['meanJobWh']:.0f} Wh on average against the 6-hour day's "
           f"{bound['referenceJobS'] / 60:.1f} min and {bound['referenceJobWh']:.0f} Wh (FleetProtocol's model; "
           "climb, landing and loading do not shrink), " if bound else "about half of the 6-hour day's, ")
        + f"and windows and deadlines are divided by {SERVICE_SCALE:.0f} to match (1 real minute of flight, window "
        f"or deadline = {SERVICE_SCALE:.0f} minutes of the day). The pack is {PACK_WH:.0f} Wh (half the stock "
        "250 Wh, as a job takes half the energy) on demand.py's 400 W pads, and a swap takes "
        f"{SWAP_SECONDS} s (120 s / {SERVICE_SCALE:.0f}): as on the 6-hour day a full pack flies about two jobs, "
        "then the drone recharges. "
        + ("A short check, not the day's load: " if quick else
           f"**An overloaded day**: {f['bookings']} bookings in {size.minutes:.0f} minutes for {size.drones} drones "
           + (f"ask {f['bookings'] * bound['meanJobS'] / (size.drones * size.minutes * 60):.0%} of the fleet's "
              "time over the booking period in flight alone, before any charging (the 6-hour day's compression asked "
              "41 %), " if bound else "")
           + "so not every deadline can be met, even by the offline bound: ")
        + f"{f['bookings']} bookings ({express} express, {advance} booked in advance) for {size.drones} drones. "
        "The swap depot's staff works from ground's swap list (`GET /v1/depots/{id}/swaps`, polled every "
        f"{STAFF_POLL_S:.0f} s): it changes the pack of each drone listed `due`, and only those. The run waits until "
        f"the last deadline plus {size.grace_minutes:.0f} minutes (or until every booking has ended).", "",
        f"Host: {host}. During the day: 1-min load average median {statistics.median(loads):.1f} "
        f"(max {max(loads):.1f}), host CPU busy median {100 * statistics.median(busy):.0f} % "
        f"(max {100 * max(busy):.0f} %), shared with other builds. Whole run {elapsed / 60:.0f} min."
        + (" The stack itself kept " + ", ".join(f"{k} {v:.2f}" for k, v in f["stackCores"].items())
           + f" cores busy on average ({sum(f['stackCores'].values()):.2f} in all)." if f.get("stackCores") else ""), "",
        "| figure | measured |", "|---|---|",
        f"| bookings answered 201 / 202 / refused | {f['answered201']} / {f['answered202']} / {len(f['refused'])} |",
        f"| answered flagged late (deadline no plan meets) | {f['answeredLate']} |",
        f"| delivered (by the end of the run) | {f['delivered']} of {f['bookings']} |",
        f"| on time (delivered by the deadline) | {f['onTime']} = **{f['onTimeShare']:.3f}** of all bookings |",
        f"| offline bound (OR-Tools, same demand) | "
        + (f"{bound['onTime']} = {bound['onTimeShare']:.3f} ({bound['timeLimitSeconds']} s search); ratio "
           f"**{f['onTimeShare'] / bound['onTimeShare']:.2f}×** |" if bound and bound["onTimeShare"] else "not run |"),
        f"| mean / p95 lateness (delivered) | {f['meanLatenessS']:.0f} s / {f['p95LatenessS']:.0f} s |",
        f"| p50 / p95 \\|first quoted dropoff − actual\\| | {f['p50PromiseErrorS']:.0f} s / **{f['p95PromiseErrorS']:.0f} s** "
        f"({f['quoted']} quoted; {100 * f['earlyShare']:.0f} % arrived before the quote) |",
        f"| deliveries per drone-hour (wall clock) | {f['deliveriesPerDroneHour']:.2f} |",
        f"| picked up before the window opened (> 5 s) | {f['pickupsBeforeWindow']} of {f['pickedUp']} "
        + (f"(earliest {f['worstPickupBeforeWindowS']:.0f} s before) |" if f["worstPickupBeforeWindowS"] > 0
           else f"(closest {-f['worstPickupBeforeWindowS']:.0f} s after the window opened) |"),
        f"| swap orders from ground (final states) / swaps done by the staff / done after their needed-by | "
        f"{', '.join(f'{k} {v}' for k, v in f.get('swapOrders', {}).items()) or 'none'} / {f['swaps']} / "
        f"{f.get('swapsAfterNeededBy', 0)} |",
        f"| staff swap attempts refused by firmware-sim (drone not on a pad yet) | {f.get('swapRefusals', 0)} |",
        f"| min battery seen | "
        f"{min((s['minBattery'] for s in samples if s['minBattery'] is not None), default=float('nan')):.0f} % |",
        f"| final statuses | {', '.join(f'{k} {v}' for k, v in f['statuses'].items())} |",
        "",
    ]
    queued = [abs(r["promiseErrorS"]) for r in f["rows"] if r["answer"] == 202 and "promiseErrorS" in r]
    direct = [abs(r["promiseErrorS"]) for r in f["rows"] if r["answer"] == 201 and "promiseErrorS" in r]
    reading = [f"Promise error by first answer: scheduled at once (201) p95 {percentile(direct, 0.95):.0f} s over "
               f"{len(direct)}, queued (202) p95 {percentile(queued, 0.95):.0f} s (max {max(queued, default=0):.0f} s) "
               f"over {len(queued)}: at speed 1 ground's flight model and firmware-sim agree to a second or two, so the "
               "error is the plan moving a queued job."]
    if bound and bound["onTimeShare"] >= 0.999 and f["onTimeShare"] >= 0.999:
        reading.append("This day did not stretch the fleet past what a plan can serve: every booking arrived by its "
                       "deadline and the bound is 1.000 as well, so the ratio to the bound is met trivially and says "
                       "nothing about the planner under overload.")
    lines += [" ".join(reading), ""]
    if f["reasons"]:
        lines += ["Most frequent reasons ground gave: " + "; ".join(f"{v}× “{k}”" for k, v in f["reasons"].items()), ""]
    if f.get("undelivered"):
        by_reason = _count(f"{u['status']}: {u.get('reason') or 'no reason given'}" for u in f["undelivered"])
        lines += [f"Not delivered when the run ended ({len(f['undelivered'])}; the run waited until "
                  f"{f['endedS'] / 60:.0f} min, the last deadline plus the grace): "
                  + "; ".join(f"{v}× {k}" for k, v in sorted(by_reason.items(), key=lambda kv: -kv[1])), ""]
    if f.get("late"):
        by_reason = _count(re.sub(r"\d+", "N", l.get("lateReason") or "never waited") for l in f["late"])
        lines += [f"Delivered late ({len(f['late'])}, {sum(1 for l in f['late'] if l['priority'] == 'express')} "
                  f"express; lateness median {statistics.median(l['lateS'] for l in f['late']):.0f} s), by the last "
                  "reason ground gave while they waited: "
                  + "; ".join(f"{v}× “{k}”" for k, v in sorted(by_reason.items(), key=lambda kv: -kv[1])[:6]), ""]
    if f["refused"]:
        lines += ["Refused bookings: " + "; ".join(f"{k}: {v}" for k, v in list(f["refused"].items())[:5]), ""]
    lines += ["The day (10 s samples from `GET /v1/fleet` and the delivery list):", "",
              "![the compressed day on the real stack](benchmarks-day-stack.svg)", ""]
    rows = []
    if bound and bound["onTimeShare"]:
        ratio = f["onTimeShare"] / bound["onTimeShare"]
        rows.append(goal_row(f"day on the real stack{' (quick)' if quick else ''}: on-time share / OR-Tools bound",
                             f"{ratio:.2f}×", f"≥ {ON_TIME_GOAL}×", ratio >= ON_TIME_GOAL))
    rows.append(goal_row(f"day on the real stack{' (quick)' if quick else ''}: p95 promise error (first quote vs dropoff)",
                         f"{f['p95PromiseErrorS']:.0f} s", f"≤ {PROMISE_GOAL_S:.0f} s",
                         f["p95PromiseErrorS"] <= PROMISE_GOAL_S if f["quoted"] else None))
    lines.append(summary_line(rows))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("SKYRELAY_BIN_DIR") or str(ROOT / ".build-release" / "release"))
    parser.add_argument("--quick", action="store_true", help=f"{QUICK.drones} drones, {QUICK.minutes:.0f} min")
    parser.add_argument("--drones", type=int)
    parser.add_argument("--deliveries", type=int)
    parser.add_argument("--minutes", type=float)
    parser.add_argument("--grace-minutes", type=float, help="wait this long after the last deadline")
    parser.add_argument("--bound-seconds", type=int)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--state-dir", help="keep the lab's logs and databases here")
    parser.add_argument("--json", help="also write the raw figures and samples here")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--build-label", help="how the binaries in --bin were built, for the docs (default: "
                        "release when the path says so, else debug)")
    parser.add_argument("--render", metavar="JSON", help="no run: the docs section and plot from a --json file")
    args = parser.parse_args()
    base = QUICK if args.quick else FULL
    size = Size(args.drones or base.drones, args.deliveries or base.deliveries, args.minutes or base.minutes,
                base.grace_minutes if args.grace_minutes is None else args.grace_minutes,
                base.bound_seconds if args.bound_seconds is None else args.bound_seconds)
    if args.render:
        return render(json.loads(Path(args.render).read_text()), size, args.seed, args.quick, args.write_docs)
    bin_dir = Path(args.bin)
    for product in ("firmware-sim", "drone-agent", "ground-control"):
        if not (bin_dir / product).exists():
            raise SystemExit(f"{bin_dir / product} not found (build it, or pass --bin)")
    # A background run ignores SIGINT: SIGTERM stops it cleanly too (the lab stops every process it started).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    day = compressed_day(size, args.seed)
    area = day_area(day)
    depots = [{k: d[k] for k in ("depotId", "lat", "lon", "pads", "chargePowerW", "swapSeconds", "mode")}
              for d in day["depots"]]
    state = Path(args.state_dir) if args.state_dir else Path(tempfile.mkdtemp(prefix="day-stack-"))
    config = LabConfig(drones=size.drones, speed=1, seed=args.seed, area=area, bin=bin_dir, state_dir=state,
                       battery_wh=PACK_WH, depots=depots, id_prefix="day",
                       # The day is measured on its promise error, early arrivals included, as day-bench's planner
                       # rows are: promises are kept from the early side too (off by default in ground).
                       ground_args=["--promise-hold"])
    lab = Lab(config)
    try:
        lab.start(fleet_timeout=240)
        # Ground plans a drone once its telemetry gave a position and a battery (online alone is not enough).
        ready_by = time.time() + 120
        while not all(s.get("position") and s.get("batteryPercent") is not None for s in lab.fleet().values()):
            if time.time() > ready_by:
                raise SystemExit(f"drones without telemetry after 120 s: {lab.fleet()}")
            time.sleep(1)
        print(f"day-stack: {size.drones} drones ready, flying {len(day['deliveries'])} bookings over "
              f"{size.minutes:.0f} min (state {state})", file=sys.stderr, flush=True)
        run = DayRun(lab, day)
        final = run.run(size.minutes, size.grace_minutes)
        result = figures(run, final, size)
    finally:
        leftovers = lab.stop()
    if leftovers:
        print(f"day-stack: processes left over: {leftovers}", file=sys.stderr)
    bound = None
    if size.bound_seconds > 0:
        with tempfile.TemporaryDirectory(prefix="day-stack-bound-") as scratch:
            bound = offline_bound(bin_dir, day, size.bound_seconds, Path(scratch))
    record = {"figures": result, "bound": bound, "samples": run.samples, "day": day,
              "host": machine(), "elapsedS": time.monotonic() - started, "bin": str(bin_dir),
              "buildLabel": args.build_label}
    if args.json:
        Path(args.json).write_text(json.dumps(record, indent=1))
    return render(record, size, args.seed, args.quick, args.write_docs)


def render(record: dict, size: Size, seed: int, quick: bool, write_docs: bool) -> int:
    """Prints the docs section of one run (and with WRITE_DOCS writes it and the plot)."""
    day = record["day"]
    text = markdown(size, seed, day, record["figures"], record["bound"], Path(record["bin"]), record["host"],
                    record["samples"], quick, record["elapsedS"], record.get("buildLabel"))
    print(text)
    if write_docs:
        plot(record["samples"], ROOT / "docs" / "benchmarks-day-stack.svg",
             f"{size.drones} drones, {len(day['deliveries'])} bookings in {size.minutes:.0f} min (seed {seed}, real stack)")
        write_section("day-stack", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
