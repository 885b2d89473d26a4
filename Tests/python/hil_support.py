"""Hardware-in-the-loop scenarios: whole systems (skyrelay_lab.Lab) flying real deliveries, run in parallel.

A scenario is a function decorated with `@scenario` in a test_hil_*.py module; the test of the same
name calls `run(name)`. conftest.py hands every collected scenario to `RUNNER` before the first test
runs, so independent scenarios (each with its own ports, state dir and processes) fly at the same
time and the whole suite takes as long as its slowest few, not their sum.
SKYRELAY_HIL_PARALLEL sets how many run at once (default 3).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from skyrelay_lab import TERMINAL, Lab, LabConfig

# Simulated seconds per wall second in every scenario: a delivery takes ~20-30 s of wall time.
SPEED = float(os.environ.get("SKYRELAY_HIL_SPEED", "20"))

SCENARIOS: dict[str, Callable[[], Any]] = {}


def scenario(weight: int = 0) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Registers a scenario under its function name (its test is `test_<name>` and calls run(name)).

    Heavier scenarios (higher `weight`) are started first so the quick ones overlap with them.
    """
    def register(fn: Callable[[], Any]) -> Callable[[], Any]:
        fn.weight = weight  # type: ignore[attr-defined]
        SCENARIOS[fn.__name__] = fn
        return fn
    return register


class Runner:
    """Runs scenarios on a bounded thread pool; results (or exceptions) are collected per name."""

    def __init__(self, workers: int):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hil")
        self._futures: dict[str, Future[Any]] = {}
        self._lock = threading.Lock()

    def schedule(self, names: list[str]) -> None:
        for name in names:
            self._submit(name)

    def result(self, name: str) -> Any:
        return self._submit(name).result()

    def _submit(self, name: str) -> Future[Any]:
        with self._lock:
            if name not in self._futures:
                self._futures[name] = self._pool.submit(SCENARIOS[name])
            return self._futures[name]


RUNNER = Runner(int(os.environ.get("SKYRELAY_HIL_PARALLEL", "3")))


def run(name: str) -> Any:
    """The test side: waits for the scenario and re-raises whatever failed in it."""
    return RUNNER.result(name)


def lab(name: str, drones: int, **overrides: Any) -> Lab:
    """A lab for one scenario, its state under SKYRELAY_HIL_STATE (if set) or a fresh temp dir."""
    root = os.environ.get("SKYRELAY_HIL_STATE")
    state = Path(root) / name if root else None
    return Lab(LabConfig(drones=drones, speed=SPEED, state_dir=state, id_prefix=name.split("_")[0][:8], **overrides))


def finish(the_lab: Lab, ids: list[str], expected: dict[str, str], timeout: float = 150,
           problems: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The common end of every flying scenario.

    Every delivery reaches a terminal state (`expected` maps id -> status, default completed),
    completed ones have a delivered time and failed ones carry a reason, and the ground's event log
    of every drone holds 1..N with no gap, N being the last eventSeq the agent allocated (nothing it
    recorded was lost). Duplicates: the store keeps one row per (drone, eventSeq) by its primary
    key, so a repeat is caught where it would do harm instead: ground logs every event that reuses a
    stored eventSeq with other content (its log is appended across restarts, so a ground kill -9
    does not hide one), and a delivery's history must not repeat a status change, which an event
    applied twice would cause. Then every process is stopped and none may be left.
    Every problem found (plus the scenario's own `problems`) is reported in one assertion, so a
    failing run says everything that went wrong, not just the first thing.
    """
    problems = list(problems or [])
    final = the_lab.wait_terminal(ids, timeout)
    for i in ids:
        d = final[i]
        want = expected.get(i, "completed")
        if d["status"] != want:
            problems.append(f"{i}: {d['status']} ({d.get('reason')}), expected {want}; "
                            f"history {[(h['to'], h.get('reason')) for h in the_lab.delivery_history(i)]}")
        elif want == "completed" and "delivered" not in d["statusTimes"]:
            problems.append(f"{i} completed without a delivered time: {d}")
        elif want == "failed" and not d.get("reason"):
            problems.append(f"{i} failed without a reason")
    report = the_lab.wait_event_log_complete(timeout=30)
    if not report.ok:
        problems.append(f"event log: {report.describe()}")
    silent = {d["droneId"] for d in final.values() if d.get("droneId")} - set(report.seqs)
    if silent:
        problems.append(f"drones flew but have no stored events: {sorted(silent)}")
    reused = [line for line in the_lab.ground.process.log.read_text(errors="replace").splitlines()
              if "reused an eventSeq" in line]
    if reused:
        problems.append(f"ground saw {len(reused)} eventSeq(s) reused for different events: {reused[:3]}")
    for i in ids:
        changes = [(h.get("from"), h["to"]) for h in the_lab.delivery_history(i)]
        # A re-queue (back to requested, for another drone) legitimately starts the lifecycle again.
        attempt: list[tuple[str, str]] = []
        for change in changes:
            if change in attempt:
                problems.append(f"{i}: status change {change} applied twice in one attempt: {changes}")
                break
            attempt = [] if change[1] == "requested" else attempt + [change]
    left = the_lab.stop()
    if left:
        problems.append(f"processes left after stop: {left}")
    assert not problems, "\n".join(problems)
    return final


def statuses_of(final: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {i: d["status"] for i, d in final.items() if d["status"] in TERMINAL}
