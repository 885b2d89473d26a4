"""The SkyRelay demo: a whole fleet on loopback flying M deliveries over central Zurich.

Run through scripts/demo (which installs dependencies and reuses or builds the programs first: the
release build when there is one, else the debug build; --release or --debug to choose):

    scripts/demo [--release|--debug] [--drones N] [--deliveries M] [--speed K] [--keep-running]
"""
from __future__ import annotations

import argparse
import random
import shlex
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .api import APIError
from .area import ZURICH, distance_m
from .lab import Lab, LabConfig
from .progress import DeliveryBoard, Summary, clock, summarize

CLEAR = "\x1b[H\x1b[2J"
# Without a terminal (logs, CI, docs) the whole table is printed this often, status changes as they happen.
PLAIN_TABLE_EVERY_S = 15


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/demo", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--drones", type=int, default=5, help="number of drones (default 5)")
    p.add_argument("--deliveries", type=int, default=10, help="number of deliveries to book (default 10)")
    p.add_argument("--speed", type=float, default=10, help="simulated seconds per wall second (default 10)")
    p.add_argument("--keep-running", action="store_true",
                   help="leave everything up after the run, print URLs, keys and example commands; Ctrl-C stops")
    p.add_argument("--seed", type=int, default=1, help="seed of delivery locations and simulator noise")
    p.add_argument("--state-dir", type=Path, help="where logs and databases go (default: a new temp dir)")
    p.add_argument("--bin-dir", type=Path, help="built executables (default: SKYRELAY_BIN_DIR, which scripts/demo sets)")
    p.add_argument("--timeout", type=float, default=0, help="give up waiting after this many wall seconds (default: from the workload)")
    p.add_argument("--plain", action="store_true", help="no live table: one line per status change (default when not a terminal)")
    args = p.parse_args(argv)
    if args.drones < 1 or args.deliveries < 0 or args.speed <= 0:
        p.error("--drones >= 1, --deliveries >= 0 and --speed > 0")
    return args


class Stop(Exception):
    """SIGTERM/SIGHUP: leave like Ctrl-C, through the same clean-up."""


def _raise_stop(signum: int, _frame: Any) -> None:
    raise Stop(signal.Signals(signum).name)


def say(text: str = "") -> None:
    print(text, flush=True)


def run(args: argparse.Namespace) -> int:
    # Ctrl-C raises KeyboardInterrupt even when a parent shell started us with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_stop)
    config = LabConfig(drones=args.drones, speed=args.speed, seed=args.seed, configuration="release",
                       bin=args.bin_dir, state_dir=args.state_dir)
    lab = Lab(config)
    say(f"SkyRelay demo: {args.drones} drones, {args.deliveries} deliveries over {ZURICH.name}, simulation x{args.speed:g}")
    say(f"state (logs, databases): {lab.state}")
    code = 1
    try:
        start_system(lab)
        bookings = book(lab, args.deliveries)
        board = DeliveryBoard(lab, bookings)
        sse = watch_first_delivery(lab, bookings[0].id) if bookings else None
        timeout = args.timeout or expected_wall_seconds(args.deliveries, args.drones, args.speed)
        finished = follow(board, timeout, plain=args.plain or not sys.stdout.isatty())
        summary = summarize([board.snapshot.deliveries[b.id] for b in bookings if b.id in board.snapshot.deliveries], args.speed)
        print_summary(lab, summary, sse, finished)
        code = 0 if finished and summary.failed == 0 else 1
        if args.keep_running:
            explore(lab)
    except KeyboardInterrupt:
        say("\ninterrupted: stopping everything")
    except Stop as stop:
        say(f"\n{stop}: stopping everything")
    finally:
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        stopping = time.time()
        left = lab.stop()
        groups = len(lab.registry.groups())
        say(f"stopped {groups} process groups in {time.time() - stopping:.1f} s; "
            f"{'no process left' if not left else f'STILL RUNNING: {left}'}")
        say(f"logs and databases kept in {lab.state}")
    return code


def start_system(lab: Lab) -> None:
    t0 = time.time()
    lab.broker.start()
    say(f"[1/5] mosquitto on 127.0.0.1:{lab.broker.port} (drones) and :{lab.broker.services_port} (ground): "
        f"{len(lab.drone_ids)} drone passwords issued with "
        f"deploy/broker/issue-drone-credentials, ACLs deploy/broker/drones.acl and services.acl")
    lab.sim.start()
    depots = ", ".join(sorted({d.name for d, _ in lab.homes}))
    say(f"[2/5] firmware-sim: {len(lab.sim.vehicles)} simulated flight controllers at depots {depots} "
        f"(MAVLink UDP {lab.sim.vehicles[0].port}..{lab.sim.vehicles[-1].port}, control {lab.sim.control_port})")
    lab.start_agents()
    say(f"[3/5] {len(lab.agents)} drone-agents ({lab.drone_ids[0]}..{lab.drone_ids[-1]}), each with its own SQLite outbox")
    lab.ground.start()
    say(f"[4/5] ground-control {lab.ground.url} (SQLite {lab.ground.database}); fleet map {lab.ground.url}/ui/fleet.html")
    lab.wait_fleet_online(60)
    say(f"[5/5] all {len(lab.drone_ids)} drones online at ground control ({time.time() - t0:.1f} s after start)")


def book(lab: Lab, count: int) -> list:
    business = lab.register_business("Zurich Corner Shops")
    say(f"\nregistered business 'Zurich Corner Shops' (API key {business.key[:14]}...)")
    bookings = lab.book_random(count, random.Random(lab.config.seed))
    for i, b in enumerate(bookings, 1):
        d = b.first
        km = distance_m((d["pickup"]["lat"], d["pickup"]["lon"]), b.dropoff) / 1000
        answer = f"{b.status_code} {d['status']}"
        if d.get("droneId"):
            answer += f" on {d['droneId']}"
        if d.get("reason"):
            answer += f" ({d['reason']})"
        say(f"  booked #{i:<2} {b.id}  {b.shop.name if b.shop else ''} -> {b.dropoff[0]:.5f},{b.dropoff[1]:.5f} ({km:.1f} km): {answer}")
    return bookings


def expected_wall_seconds(deliveries: int, drones: int, speed: float) -> float:
    """Generous bound: ~12 flight-minutes per delivery round, rounds = ceil(M/N), plus start-up slack."""
    rounds = max(1, -(-deliveries // drones))
    return 120 + rounds * 720 / speed * 2


def follow(board: DeliveryBoard, timeout: float, plain: bool) -> bool:
    """Refreshes the board about once a second until every delivery is terminal; False on timeout."""
    deadline = time.time() + timeout
    say("")
    next_table = time.time() + PLAIN_TABLE_EVERY_S
    while time.time() < deadline:
        board.poll()
        if plain:
            for line in board.changes():
                say(line)
            if time.time() >= next_table:
                say("\n" + board.render() + "\n")
                next_table += PLAIN_TABLE_EVERY_S
        else:
            sys.stdout.write(CLEAR + board.render() + "\n")
            sys.stdout.flush()
        if board.all_terminal():
            if plain:
                say("\n" + board.render())
            return True
        time.sleep(1)
    say("\n" + board.render())
    say(f"timed out after {timeout:.0f} s with deliveries still open")
    return False


class SSEWatch:
    """Follows one delivery's /track stream like a customer's app would."""

    def __init__(self, lab: Lab, delivery_id: str):
        self.delivery_id = delivery_id
        self.updates = 0
        self.statuses: list[str] = []
        self.closed_after: str | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, args=(lab,), daemon=True)
        self._thread.start()

    def _run(self, lab: Lab) -> None:
        assert lab.business is not None
        try:
            for _event, update in lab.business.track(self.delivery_id, timeout=3600):
                self.updates += 1
                status = update.get("status") if isinstance(update, dict) else None
                if status and (not self.statuses or self.statuses[-1] != status):
                    self.statuses.append(status)
            self.closed_after = self.statuses[-1] if self.statuses else None
        except (OSError, APIError) as error:
            self.error = str(error)


def watch_first_delivery(lab: Lab, delivery_id: str) -> SSEWatch:
    return SSEWatch(lab, delivery_id)


def print_summary(lab: Lab, s: Summary, sse: SSEWatch | None, finished: bool) -> None:
    speed = lab.config.speed
    say("\n=== summary ===")
    say(f"delivered: {s.delivered}   failed: {s.failed}   cancelled: {s.cancelled}   unfinished: {s.unfinished}")
    for reason, n in sorted(s.reasons.items()):
        say(f"  {n} x {reason}")
    if s.mean_delivery_wall_s is not None:
        say(f"mean delivery time (booking -> drop-off): {clock(s.mean_delivery_sim_s)} flight time "
            f"({clock(s.mean_delivery_wall_s)} wall at x{speed:g})")
    if s.eta_errors_sim_s:
        say(f"ETA error of the first estimate (actual - promised drop-off): mean {s.mean_eta_error_s:+.0f} s, "
            f"mean absolute {s.mean_abs_eta_error_s:.0f} s, range {min(s.eta_errors_sim_s):+.0f}..{max(s.eta_errors_sim_s):+.0f} s (flight time)")
    if sse is not None:
        detail = f"{sse.updates} updates, statuses {' -> '.join(sse.statuses) or '-'}"
        detail += f", stream closed after {sse.closed_after}" if sse.closed_after else ""
        detail += f", error {sse.error}" if sse.error else ""
        say(f"SSE tracking of {sse.delivery_id}: {detail}")
    report = lab.wait_event_log_complete(timeout=10 if finished else 2)
    say(f"ground event log per drone: {report.describe()}")
    say("where things are:")
    for name, path in lab.paths().items():
        say(f"  {name:<16} {path}")


def explore(lab: Lab) -> None:
    """--keep-running: print how to reach everything, then wait for Ctrl-C."""
    assert lab.business is not None
    groundctl = shlex.quote(str(lab.bin / "groundctl"))
    url, op, biz = lab.ground.url, lab.ground.operator_key, lab.business.key
    first = lab.bookings[0].id if lab.bookings else "<delivery-id>"
    tracking = lab.bookings[0].first.get("trackingUrl", "") if lab.bookings else ""
    shop = ZURICH.shops[0]
    say(f"""
=== still running (Ctrl-C stops everything) ===
ground-control API  {url}        (OpenAPI: docs/openapi.json)
fleet map           {url}/ui/fleet.html        (browser; enter the operator key)
analytics           {url}/ui/analytics.html
customer tracking   {url}{tracking}
operator key        {op}
business API key    {biz}
MQTT broker         drones {lab.broker.url}, services {lab.broker.services_url}   (observer password: {lab.broker.passwords['observer']})
simulator control   udp 127.0.0.1:{lab.sim.control_port}   (e.g. echo 'fault 0 battery-sag 60' | nc -u -w1 127.0.0.1 {lab.sim.control_port})

export SKYRELAY_URL={url}
{groundctl} fleet --key {op}
{groundctl} deliveries --key {op}
{groundctl} delivery {first} --key {biz}
{groundctl} book --key {biz} --pickup {shop.lat},{shop.lon} --dropoff 47.3800,8.5300 --weight 1.2
{groundctl} recall {lab.drone_ids[0]} --key {op}
{groundctl} analytics --key {op}
curl -s -H 'Authorization: Bearer {biz}' {url}/v1/deliveries/{first} | python3 -m json.tool
curl -N -H 'Authorization: Bearer {biz}' {url}/v1/deliveries/{first}/track
mosquitto_sub -h 127.0.0.1 -p {lab.broker.services_port} -u observer -P {lab.broker.passwords['observer']} -t 'skyrelay/drones/+/events' -v
curl -s -H 'Authorization: Bearer {op}' {url}/v1/deliveries/{first}/history | python3 -m json.tool
curl -s -H 'Authorization: Bearer {op}' {url}/v1/fleet/{lab.drone_ids[0]}/events | python3 -m json.tool
{lab.bin / 'drone-agent'} outbox --config {lab.agents[lab.drone_ids[0]].config_file}
""")
    while True:
        time.sleep(3600)


def main() -> None:
    sys.exit(run(parse_args(sys.argv[1:])))


if __name__ == "__main__":
    main()
