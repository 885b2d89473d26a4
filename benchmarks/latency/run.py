#!/usr/bin/env python3
"""End-to-end latency: firmware-sim position -> drone-agent -> MQTT -> ground-control -> SSE tracking stream.

Per run, the whole system on loopback (scripts/skyrelay_lab, release build): mosquitto, one firmware-sim
process with N drones in real time, N drone-agents at telemetryRateHz 10, ground-control. Between the
simulator and every agent sits a UDP tap (mavlink_tap.py) that notes when each GLOBAL_POSITION_INT left
the simulator (kernel receive timestamp). N deliveries are booked, one tracking stream per delivery is
opened (`GET /v1/deliveries/:id/track`), and once the drones are flying, every `update` whose
position (lat, lon, alt) matches a position the tap saw exactly once gives one sample:
SSE arrival - simulator send. Positions the simulator repeated (a drone standing still) are ambiguous
and left out, as are updates not caused by a new position (status changes repeat the last one).

Run from the package root after building the release products (or through `benchmarks/run-all latency`):
    python3 benchmarks/latency/run.py [--drones 100] [--runs 3] [--window 30] [--quick] [--write-docs]
"""
import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "scripts")]
import mavlink_tap  # noqa: E402
from benchmarks_doc import goal_row, machine, mark, spread, summary_line, write_section  # noqa: E402
from skyrelay_lab.lab import Lab, LabConfig  # noqa: E402
from sse_reader import SSEReader  # noqa: E402

GOAL_P99_MS = 50
FLYING = {"enRouteToPickup", "atPickup", "enRouteToDropoff", "atDropoff", "returning"}


class TappedLab(Lab):
    """The lab with every agent's MAVLink link through the tap (agents aim at the tap's ports)."""

    def start_agents(self):
        context = multiprocessing.get_context("spawn")
        self.tap_conn, child = context.Pipe()
        self.tap_stop = context.Event()
        self.tap = context.Process(target=mavlink_tap.run, args=([v.port for v in self.sim.vehicles], child, self.tap_stop),
                                   daemon=True)
        self.tap.start()
        ports = self.tap_conn.recv()
        for drone, port in zip(self.drone_ids, ports):
            self.start_agent(drone, self.broker.port, port)

    def tap_records(self):
        self.tap_stop.set()
        records = self.tap_conn.recv()
        self.tap.join(timeout=10)
        return records

    def stop(self):
        if getattr(self, "tap", None) is not None and self.tap.is_alive():
            self.tap_stop.set()
            self.tap.join(timeout=10)
        return super().stop()


def percentile(sorted_values, q):
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_values) - 1, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def require_products(bin_dir):
    """BIN_DIR as a Path, once the release executables the lab needs are there."""
    bin_dir = Path(bin_dir)
    for product in ("firmware-sim", "drone-agent", "ground-control"):
        if not (bin_dir / product).exists():
            raise SystemExit(f"{bin_dir / product} not found: swift build -c release --scratch-path .build-release --product {product}")
    return bin_dir


def key(position):
    """The tap's (lat 1e7, lon 1e7, alt mm) of an SSE position (the agent divided exactly these)."""
    return round(position["lat"] * 1e7), round(position["lon"] * 1e7), round(position["alt"] * 1000)


def one_run(bin_dir, drones, settle, window, seed):
    config = LabConfig(drones=drones, speed=1, seed=seed, configuration="release", bin=bin_dir,
                       agent_overrides={"telemetryRateHz": 10})
    lab = TappedLab(config)
    try:
        lab.start(fleet_timeout=180)
        lab.register_business("Latency bench")
        bookings = lab.book_random(drones)
        reader = SSEReader(lab.ground.http_port, [b.id for b in bookings], lab.business.key)
        # Assignment, mission upload, preflight and take-off, then the window.
        deadline = time.monotonic() + settle
        flying = 0
        while time.monotonic() < deadline:
            time.sleep(2)
            try:
                flying = sum(1 for d in lab.fleet().values() if d.get("phase") in FLYING)
            except OSError:
                continue
            if flying >= 0.95 * drones:
                break
        time.sleep(2)
        window_start = time.time_ns()
        time.sleep(window)
        window_end = time.time_ns()
        reader.stop()
        records = lab.tap_records()
        load = os.getloadavg()[0]
    finally:
        lab.stop()
    positions = records["positions"]
    latencies, seen_keys, unmatched, ambiguous = [], set(), 0, 0
    deliveries = set()
    for arrived, delivery, update in reader.updates:
        if not window_start <= arrived <= window_end or not update.get("position"):
            continue
        k = key(update["position"])
        if k in seen_keys:
            continue  # the same position again (a status change, or a resend): not a new sample
        seen_keys.add(k)
        record = positions.get(k)
        if record is None:
            unmatched += 1
            continue
        if record[1] > 1:
            ambiguous += 1
            continue
        latencies.append((arrived - record[0]) / 1e6)
        deliveries.add(delivery)
    latencies.sort()
    if not latencies:
        raise RuntimeError(f"no matched samples (updates {len(reader.updates)}, unmatched {unmatched}, "
                           f"ambiguous {ambiguous}, errors {reader.errors[:3]})")
    return {
        "drones": drones, "flying_at_start": flying, "samples": len(latencies), "deliveries": len(deliveries),
        "unmatched": unmatched, "ambiguous": ambiguous, "window_s": window, "load": load,
        "p50": percentile(latencies, 50), "p90": percentile(latencies, 90), "p99": percentile(latencies, 99),
        "min": latencies[0], "max": latencies[-1], "mean": statistics.mean(latencies),
        "sse_errors": reader.errors[:5],
    }


def markdown(drones, results, runs, window, host):
    p99s = [r["p99"] for r in results]
    met = statistics.median(p99s) < GOAL_P99_MS
    ms = "{:.1f}"
    lines = [
        f"## End-to-end latency: simulator position to SSE tracking stream, {drones} drones flying",
        "",
        f"`benchmarks/latency/run.py`: the whole system on loopback (release build): mosquitto, one `firmware-sim`",
        f"with {drones} drones in real time, {drones} `drone-agent`s at `telemetryRateHz: 10`, one `ground-control` (SQLite).",
        f"{drones} deliveries booked, one `GET /v1/deliveries/:id/track` stream each, all read by one selector thread.",
        "A UDP tap between the simulator and each agent stamps every GLOBAL_POSITION_INT with its kernel receive",
        "time (SO_TIMESTAMPNS) as it leaves the simulator; an SSE `update` whose position (lat, lon, alt) equals a",
        "position the simulator sent exactly once is one sample: SSE arrival − simulator send. Repeated positions",
        "(standing still) and updates without a new position are left out. The path: tap → agent (MAVLink decode,",
        "telemetry published as the new position arrives, rate-limited to 10 Hz) → mosquitto → ground (decode,",
        "ETA, tracking hub; no batch wait) → SSE. Everything — simulator, the agents, broker, ground, tap and",
        f"reader — shares the host's cores. {runs} runs, each a fresh system, a {window:.0f} s window once the drones fly.",
        f"Machine: {host}.",
        "Regenerate: `benchmarks/run-all latency` (or `python3 benchmarks/latency/run.py --write-docs`).",
        "",
        "| run | drones flying | samples (deliveries) | p50 ms | p90 ms | p99 ms | min ms | max ms | load avg (1 min) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(results, 1):
        lines.append(f"| {i} | {r['flying_at_start']} | {r['samples']:,} ({r['deliveries']}) | {r['p50']:.1f} | {r['p90']:.1f} | "
                     f"{r['p99']:.1f} | {r['min']:.1f} | {r['max']:.1f} | {r['load']:.1f} |")
    lines += [
        f"| **median (min–max) over runs** | | | {spread((r['p50'] for r in results), ms)} | {spread((r['p90'] for r in results), ms)} | "
        f"{spread(p99s, ms)} | {spread((r['min'] for r in results), ms)} | {spread((r['max'] for r in results), ms)} | |",
        "",
        f"Goal: p99 < {GOAL_P99_MS} ms on loopback with {drones} drones flying — {mark(met)} "
        f"(median p99 over runs {statistics.median(p99s):.1f} ms).",
        "",
        summary_line([
            goal_row(f"end-to-end latency p99, {drones} drones at 10 Hz", f"{spread(p99s, ms)} ms", f"< {GOAL_P99_MS} ms", met),
            goal_row(f"end-to-end latency p50, {drones} drones at 10 Hz", f"{spread((r['p50'] for r in results), ms)} ms",
                     "(no goal)", None),
        ]),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / ".build-release" / "release"), help="release executables")
    parser.add_argument("--drones", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--window", type=float, default=30)
    parser.add_argument("--settle", type=float, default=90, help="longest wait for the drones to fly, s")
    parser.add_argument("--quick", action="store_true", help="one run, 20 drones, 15 s window")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.drones, args.window = 1, 20, 15
    bin_dir = require_products(args.bin)
    results = []
    for run in range(args.runs):
        result = one_run(bin_dir, args.drones, args.settle, args.window, seed=run + 1)
        print(json.dumps({"run": run + 1, **result}), flush=True)
        results.append(result)
    section = markdown(args.drones, results, args.runs, args.window, machine())
    print(section)
    if args.write_docs:
        write_section("latency", section)


if __name__ == "__main__":
    sys.exit(main())
