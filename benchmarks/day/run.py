#!/usr/bin/env python3
"""benchmarks/day: a seeded day of operations flown by each dispatcher on the same demand.

    benchmarks/day/run.py --bin .build-release/release [--quick] [--write-docs]

For each size it generates the day (demand.py), flies it in simulated time under every dispatcher
(day-bench: today's idle-only optimal assignment, a greedy nearest-free-drone dispatcher, and the rolling
planner once GroundCore has one), solves the offline bound with OR-Tools on the small day
(offline_bound.py), and writes docs/benchmarks.md's `day` section with a plot of the small day.
The same demand compressed onto the whole real stack (firmware-sim, agents, broker, ground) is stack.py,
its own section `day-stack` (`benchmarks/run-all day-stack`).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchmarks_doc import ROOT as ROOT_DIR, goal_row, machine, mark, summary_line, write_section  # noqa: E402

ROOT = Path(ROOT_DIR)

PROMISE_GOAL_S = 120.0
REPLAN_GOAL_MS = 200.0
ON_TIME_GOAL = 0.95  # × the offline bound


def run(argv, **kwargs):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs).stdout


def available_dispatchers(day_bench):
    """day-bench lists what it can fly in its usage line (the planner slot is filled once GroundCore has one)."""
    probe = subprocess.run([day_bench, "--list"], capture_output=True, text=True)
    names = probe.stdout.split()
    return names or ["idle", "greedy"]


def plot(metrics, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(3, 1, figsize=(9, 8), sharex=True)
    for name, m in metrics.items():
        hours = [s["timeS"] / 3600 for s in m["samples"]]
        axes[0].plot(hours, [s["inFlight"] for s in m["samples"]], label=m["dispatcher"])
        axes[1].plot(hours, [s["queued"] for s in m["samples"]], label=m["dispatcher"])
        axes[2].plot(hours, [s["meanBatteryPercent"] for s in m["samples"]], label=f"{m['dispatcher']} (mean)")
    axes[0].set_ylabel("drones in flight")
    axes[1].set_ylabel("bookings waiting")
    axes[2].set_ylabel("battery %")
    axes[2].set_xlabel("hours into the simulated day")
    axes[0].set_title(title)
    axes[0].legend(fontsize=8)
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / ".build-release" / "release"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    day_bench = str(Path(args.bin) / "day-bench")
    dispatchers = available_dispatchers(day_bench)
    sizes = [("small", 20, 300, 6, 20, 30 if args.quick else 120)]
    sizes.append(("large", 200, 1000, 3, 200, None) if args.quick else ("large", 200, 5000, 12, 200, None))

    results = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="day-bench-") as scratch:
        for label, drones, deliveries, hours, seed, bound_seconds in sizes:
            demand = os.path.join(scratch, f"{label}.json")
            times = os.path.join(scratch, f"{label}-times.json")
            run([sys.executable, str(HERE / "demand.py"), "--drones", str(drones), "--deliveries", str(deliveries),
                 "--hours", str(hours), "--seed", str(seed), "-o", demand])
            metrics = json.loads(run([day_bench, "--demand", demand, "--dispatchers", ",".join(dispatchers),
                                      "--job-times", times]))
            bound = None
            if bound_seconds:
                bound = json.loads(run([sys.executable, str(HERE / "offline_bound.py"), "--demand", demand,
                                        "--job-times", times, "--seconds", str(bound_seconds)]))
            results[label] = {"drones": drones, "deliveries": deliveries, "hours": hours, "seed": seed,
                              "metrics": metrics, "bound": bound}
            print(f"day: {label} done", file=sys.stderr)
    elapsed = time.monotonic() - started
    host = machine()

    lines = ["## A day of operations (benchmarks/day)", "",
             "`benchmarks/day/run.py`: a seeded day (demand.py: a morning and a lunch peak above what the fleet "
             "flies, 20 % express, a pickup window and a deadline on every booking, half of the standard ones "
             "booked in advance) flown in simulated time by `day-bench` under each dispatcher, on the same "
             "demand. Drones fly by FleetProtocol's energy model, wait at a pickup until its window opens, "
             "return to their depot and charge on a limited number of pads (400 W, with firmware-sim's constant-voltage taper above 80 %) or "
             "have the pack swapped (120 s) at the third depot. The offline bound is OR-Tools routing with "
             "time windows over the whole day known in advance (offline_bound.py: recharging without taper and "
             "unlimited pads, so it errs high; a time-limited search, so it is the best plan found, not a proof).",
             "",
             "Four rows fly GroundCore's `DayPlanner`: `rolling day planner` with ground's default promise rule "
             "(`none`: a new express booking or one due sooner may push a promised delivery back) and "
             "`promises first` (`beforeLaterDue`: each promise before every new booking due later), each also "
             "with `learned slack` (below). All hold a "
             "promised launch so that it lands on its promise (ground's `--promise-hold`, off by default there), fill the idle time before held launches, and "
             "model pads first come, first served with the charger's taper (docs/ground-control.md, Day "
             "planning). The `learned slack` rows quote each booking's first dropoff ETA with GroundCore's "
             "`PromiseQuoter` (ground does the same with `--promise-hold`): the plan's dropoff plus a slack per "
             "lead time, learned online so that 4 % of promises slip past their quote by more than 60 s, never "
             "past the latest dropoff the booking allows; a job flown at once is quoted as planned.",
             "", f"Host: {host}. Whole run {elapsed:.0f} s.", ""]
    summary = []
    for label, r in results.items():
        bound = r["bound"]
        lines += [f"### {r['drones']} drones, {r['deliveries']:,} bookings, {r['hours']} simulated hours "
                  f"(seed {r['seed']})", ""]
        if bound:
            lines += [f"Offline bound (OR-Tools {bound['ortools']}, {bound['timeLimitSeconds']} s search): "
                      f"{bound['onTime']} of {bound['deliveries']} on time = **{bound['onTimeShare']:.3f}**.", ""]
            # A bound below what a dispatcher flew on the same day is no bound: say so rather than compare to it.
            beaten = [m["dispatcher"] for m in r["metrics"].values() if m["onTimeShare"] > bound["onTimeShare"]]
            if beaten:
                lines += [f"**The bound is wrong on this day**: {', '.join(beaten)} delivered more on time.", ""]
                print(f"day: {label}: offline bound below {', '.join(beaten)}", file=sys.stderr)
        else:
            lines += ["No offline bound at this size: OR-Tools' routing search does not reach a useful plan for "
                      "thousands of bookings within minutes on 2 cores; the bound is measured on the small day.", ""]
        lines += ["| dispatcher | on time | on-time share | vs bound | mean / p95 lateness | p50 / p95 promise error "
                  "| deliveries per drone-hour | decide mean / p95 / max | most open bookings at a decision |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, m in r["metrics"].items():
            ratio = f"{m['onTimeShare'] / bound['onTimeShare']:.2f}×" if bound and bound["onTimeShare"] else "-"
            lines.append(
                f"| {m['dispatcher']} | {m['onTime']}/{m['deliveries']} | {m['onTimeShare']:.3f} | {ratio} | "
                f"{m['meanLatenessS']:.0f} s / {m['p95LatenessS']:.0f} s | "
                f"{m['p50PromiseErrorS']:.0f} s / {m['p95PromiseErrorS']:.0f} s ({m['quoted']} quoted) | "
                f"{m['deliveriesPerDroneHour']:.2f} | {m['meanDecideMs']:.1f} / {m['p95DecideMs']:.1f} / "
                f"{m['maxDecideMs']:.1f} ms | {m['maxOpenAtDecide']:,} |")
        lines.append("")
        best = r["metrics"].get("planner")
        if best and bound:
            share = best["onTimeShare"] / bound["onTimeShare"]
            summary.append(goal_row(f"day {label}: planner on-time share / OR-Tools bound", f"{share:.2f}×",
                                    f"≥ {ON_TIME_GOAL}×", share >= ON_TIME_GOAL))
            summary.append(goal_row(f"day {label}: p95 promise error (first quote vs dropoff)",
                                    f"{best['p95PromiseErrorS']:.0f} s ({best['p95PromiseErrorS'] / PROMISE_GOAL_S:.2f}× goal)",
                                    f"≤ {PROMISE_GOAL_S:.0f} s", best["p95PromiseErrorS"] <= PROMISE_GOAL_S))
        variants = [("planner-promises", "planner with promises first (beforeLaterDue)"),
                    ("planner-quoted", "planner, promise = plan + learned slack (PromiseQuoter)"),
                    ("planner-promises-quoted", "planner, promises first, promise = plan + learned slack")]
        for key, text in variants:
            variant = r["metrics"].get(key)
            if not variant or not bound:
                continue
            share = variant["onTimeShare"] / bound["onTimeShare"]
            summary.append(goal_row(f"day {label}: {text}: on time / bound, p95 promise error",
                                    f"{share:.2f}×, {variant['p95PromiseErrorS']:.0f} s",
                                    f"≥ {ON_TIME_GOAL}×, ≤ {PROMISE_GOAL_S:.0f} s",
                                    share >= ON_TIME_GOAL and variant["p95PromiseErrorS"] <= PROMISE_GOAL_S))
        if best and label == "large":
            summary.append(goal_row(f"day {label}: planner decision p95 at up to {best['maxOpenAtDecide']:,} open",
                                    f"{best['p95DecideMs']:.1f} ms ({best['p95DecideMs'] / REPLAN_GOAL_MS:.2f}× goal)",
                                    f"≤ {REPLAN_GOAL_MS:.0f} ms", best["p95DecideMs"] <= REPLAN_GOAL_MS))
        if not best:
            summary.append(goal_row(f"day {label}: planner", "not built yet (day-bench has no planner slot filled)",
                                    f"on time ≥ {ON_TIME_GOAL}× bound, p95 promise ≤ {PROMISE_GOAL_S:.0f} s", None))
    small = results["small"]
    plot_path = ROOT / "docs" / "benchmarks-day.svg"
    plot(small["metrics"], plot_path, f"{small['drones']} drones, {small['deliveries']} bookings (seed {small['seed']})")
    lines += ["The small day, per dispatcher (5-minute samples):", "", "![the simulated day](benchmarks-day.svg)", "",
              summary_line(summary)]
    text = "\n".join(lines)
    print(text)
    if args.write_docs:
        write_section("day", text)


if __name__ == "__main__":
    main()
