#!/usr/bin/env python3
"""Live streams: ground's own hop (broker -> SSE) and 10,000 live customers, against their ceilings.

One system per run on loopback: an open mosquitto, one ground-control (SQLite, the Zurich service
area, the N drone ids provisioned; per-key rate limit and per-address connection limit raised so one
test client may hold every stream), and a Python fleet player (fleet_player.py) that plays N drones
at 1 Hz over a few MQTT connections: state, `assign` accepted, the phase events up to
enRouteToDropoff, telemetry whose `timeMs` is its publish time. N deliveries are booked through the
HTTP API (each drone based at the pickup shop of one delivery, so the planner gives one delivery per
drone and all fly at once).

1. Ground hop (issue 23 item 2): one `GET /v1/deliveries/{id}/track` stream per delivery. Each
   `update` after the connect snapshot carries the sample's `time` (= its `timeMs`), so arrival -
   publish is the hop publisher -> broker -> ground -> SSE -> reader. In the same window
   `mosquitto_sub` reads the telemetry topic (`-F %U`, its receive time): the broker's own hop, the
   ceiling. Goal: p99 <= 10 ms.
2. Live customers (item 3): more tracking streams (several per delivery) up to 10,000, and 100
   `GET /v1/fleet/stream`s, all held while the drones fly. Ground's RSS and PSS (/proc) before any
   stream and with all streams open give memory per stream; the update delay is measured as above
   (the fleet stream's `drone` frames carry the sample's time in `lastSeen`); a stream that ends
   before the run does counts as dropped. Goals: <= 20 KB per stream, p99 <= 100 ms, none dropped.

Readers are separate processes (stream_reader.py), a few thousand streams each. Every process the
run starts is stopped at its end.

    python3 benchmarks/streams/run.py [--ground PATH] [--quick] [--write-docs] [--build-note TEXT]
"""
import argparse
import functools
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "scripts")]
import fleet_player  # noqa: E402
import stream_reader  # noqa: E402
from benchmarks_doc import goal_row, machine, mark, summary_line, write_section  # noqa: E402
from skyrelay_lab.api import GroundAPI  # noqa: E402
from skyrelay_lab.area import ZURICH, offset  # noqa: E402
from skyrelay_lab.broker import OpenBroker  # noqa: E402
from skyrelay_lab.ground import GroundControlProcess  # noqa: E402
from skyrelay_lab.net import wait_until  # noqa: E402
from skyrelay_lab.process import ProcessRegistry  # noqa: E402

HOP_GOAL_MS = 10
DELAY_GOAL_MS = 100
MEMORY_GOAL_KB = 20
STREAMS_PER_READER = 2_500
# Ground's default 5 s counts an accept that a loaded ground reads late as a rejection (and then
# recalls the flight); the benchmark measures streams, not that.
REPLY_TIMEOUT_S = 30
CONTEXT = multiprocessing.get_context("spawn")


def note(text):
    """Progress on stderr (stdout carries the result)."""
    print(f"[streams {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def percentile(sorted_values, q):
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_values) - 1, int(math.ceil(q / 100 * len(sorted_values))) - 1))
    return sorted_values[index]


def summary(values):
    values = sorted(values)
    if not values:
        return None
    return {"n": len(values), "p50": percentile(values, 50), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "max": values[-1]}


@functools.lru_cache(maxsize=None)
def epoch_ms(text):
    """An RFC 3339 time of the API (millisecond precision) as epoch ms."""
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def memory_kb(pid):
    """(RSS, PSS) of PID in kB, from /proc."""
    rss = pss = None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def cpu_seconds(pid):
    """User + system CPU time PID has used, s (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fleet_layout(count, rng):
    """Drone i is based at shop i % 8 (a pad grid a few metres apart); delivery i goes from that shop
    to a dropoff 500-2000 m away inside the area. Returns ([(drone id, home)], [(pickup, dropoff)])."""
    drones, jobs = [], []
    shops = ZURICH.shops
    for i in range(count):
        shop = shops[i % len(shops)]
        slot = i // len(shops)
        home = offset(shop.lat, shop.lon, (slot // 12) * 3.0, (slot % 12) * 3.0)
        drones.append((f"strm-{i:05d}", (round(home[0], 7), round(home[1], 7))))
        for _ in range(10_000):
            bearing, distance = rng.uniform(0, 2 * math.pi), rng.uniform(500, 2000)
            lat, lon = offset(shop.lat, shop.lon, distance * math.cos(bearing), distance * math.sin(bearing))
            if ZURICH.contains(lat, lon):
                break
        jobs.append(((shop.lat, shop.lon), (round(lat, 6), round(lon, 6))))
    return drones, jobs


class Child:
    """A spawned helper process with a pipe; always ended by `close`."""

    def __init__(self, target, *args, **kwargs):
        self.conn, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(target=target, args=(*args, child), kwargs=kwargs, daemon=True)
        self.process.start()

    def ask(self, request, timeout):
        self.conn.send(request)
        return self.receive(timeout)

    def receive(self, timeout):
        if not self.conn.poll(timeout):
            raise TimeoutError(f"no answer from pid {self.process.pid} within {timeout:.0f} s")
        return self.conn.recv()

    def close(self):
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)


def open_readers(port, paths, key, kind, timeout, first_index=0, **kwargs):
    """Reader processes for PATHS (STREAMS_PER_READER each), the streams numbered from FIRST_INDEX;
    returns (readers, opened, failures)."""
    readers = [Child(stream_reader.run, port, paths[i:i + STREAMS_PER_READER], key, kind,
                     first_index=first_index + i, **kwargs)
               for i in range(0, len(paths), STREAMS_PER_READER)]
    opened, failures = 0, []
    for reader in readers:
        answer = reader.receive(timeout)
        opened += answer["opened"]
        failures += answer["failed"]
    return readers, opened, failures


def stop_readers(readers, timeout=300):
    """Every reader's records; a reader that has not answered TIMEOUT s after the stop (starved on a loaded host)
    is ended and its streams count as unmeasured (`unanswered`), not as measured or dropped."""
    for reader in readers:
        reader.conn.send("stop")
    results = []
    deadline = time.monotonic() + timeout
    for reader in readers:
        try:
            results.append(reader.receive(max(1.0, deadline - time.monotonic())))
        except TimeoutError as error:
            note(f"reader lost: {error}")
            results.append({"records": [], "ends": [], "frames": 0, "unanswered": True})
        reader.close()
    return results


def book_all(api, jobs):
    def book(job):
        return api.book(job[0], job[1], weight_kg=1.0).body["id"]
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(book, jobs))


def read_mosquitto_sub(path, drone_index):
    """(drone index, timeMs, receive ns) per line `%U %t %p` mosquitto_sub wrote."""
    out = []
    pattern = re.compile(r'^(\d+)\.(\d{9}) \S+/drones/([^/]+)/telemetry .*?"timeMs":(\d+)')
    with open(path) as f:
        for line in f:
            match = pattern.match(line)
            if match and match.group(3) in drone_index:
                out.append((drone_index[match.group(3)], int(match.group(4)),
                            int(match.group(1)) * 1_000_000_000 + int(match.group(2))))
    return out


def delays(records, stamps, window, key_of):
    """Arrival - publish in ms of the first arrival per (stream, sample), for samples published in
    WINDOW (ns); RECORDS as the reader gave them, KEY_OF(record) -> (stream, drone index, timeMs, arrival)."""
    seen, out, unknown = set(), [], 0
    for record in records:
        stream, drone, time_ms, arrival = key_of(record)
        if drone is None:
            unknown += 1
            continue
        sent = stamps.get((drone, time_ms))
        if sent is None or not window[0] <= sent <= window[1]:
            continue
        if (stream, drone, time_ms) in seen:
            continue
        seen.add((stream, drone, time_ms))
        out.append((arrival - sent) / 1e6)
    return out, unknown


def expected(stamps_by_drone, drones, window):
    """Samples the drones in DRONES (one entry per stream) published in WINDOW."""
    return sum(sum(1 for t in stamps_by_drone.get(d, ()) if window[0] <= t <= window[1]) for d in drones)


def one_run(args, work):
    registry = ProcessRegistry()
    children, sub = [], None
    rng = random.Random(7)
    drones, jobs = fleet_layout(args.drones, rng)
    drone_index = {d: i for i, (d, _) in enumerate(drones)}
    try:
        broker = OpenBroker(Path(work) / "broker", registry).start()
        area = Path(work) / "service-area.geojson"
        area.write_text(ZURICH.geojson())
        ground = GroundControlProcess(
            Path(args.ground), Path(work) / "ground", broker.url, None, None, registry, service_area=area,
            telemetry_interval=None, drones=[d for d, _ in drones],
            extra=["--log-level", "warning", "--no-web-ui", "--reply-timeout", str(REPLY_TIMEOUT_S), "--rate-limit", "1000000", "--rate-burst", "1000000",
                   "--max-connections-per-address", str(args.streams + args.fleet_streams + 1000)])
        ground.start(timeout=120)
        player = Child(fleet_player.run, broker.port, drones)
        children.append(player)
        operator = GroundAPI(ground.url, ground.operator_key, timeout=60)
        wait_until(f"{args.drones} drones online", lambda: sum(1 for d in operator.fleet() if d.get("online")) >= args.drones,
                   timeout=180, interval=1, ignore=(OSError,))
        # A debug ground planning for 1,000 drones answers a booking in seconds, not milliseconds.
        note(f"{args.drones} drones online")
        business = GroundAPI(ground.url, ground.api().register_business("Streams bench")["apiKey"], timeout=180)
        booked_at = time.monotonic()
        # In waves, each let fly before the next: a planning round then weighs one wave against the
        # fleet, not every booking at once.
        deadline = time.monotonic() + args.settle
        ids, in_flight = [], {}
        for first in range(0, len(jobs), args.wave):
            ids += book_all(business, jobs[first:first + args.wave])
            wave_deadline = min(deadline, time.monotonic() + max(60, args.settle / 4))
            while True:
                in_flight = {d["id"]: drone_index[d["droneId"]] for d in business.deliveries()
                             if d.get("status") == "inTransit" and d.get("droneId") in drone_index}
                if len(in_flight) >= len(ids) or time.monotonic() >= wave_deadline:
                    break
                time.sleep(1)
            note(f"{len(ids)} deliveries booked, {len(in_flight)} in transit")
        booking_s = time.monotonic() - booked_at
        assigned = player.ask("status", 30)["assigned"]
        note(f"{len(in_flight)} deliveries in transit, {assigned} assigns accepted")
        if not in_flight:
            raise RuntimeError(f"no delivery in transit after {args.settle:.0f} s ({assigned} assigns accepted); "
                               f"see {ground.process.log}")
        flying = sorted(in_flight)
        time.sleep(3)
        pid = ground.process.pid
        memory_before = memory_kb(pid)

        # Phase 1: the ground hop, one stream per delivery in flight, mosquitto_sub beside it.
        sub_out = Path(work) / "mosquitto_sub.txt"
        with open(sub_out, "w") as out:
            sub = subprocess.Popen(["mosquitto_sub", "-p", str(broker.port), "-t", "skyrelay/drones/+/telemetry",
                                    "-F", "%U %t %p"], stdout=out, stderr=subprocess.STDOUT)
        hop_paths = [f"/v1/deliveries/{d}/track" for d in flying]
        hop_readers, hop_opened, hop_failures = open_readers(ground.http_port, hop_paths, business.key, "track", 300)
        children += hop_readers
        memory_hop = memory_kb(pid)
        note(f"phase 1: {hop_opened} tracking streams open ({len(hop_failures)} failed)")
        time.sleep(2)
        hop_window, cpu = (time.time_ns(), None), cpu_seconds(pid)
        time.sleep(args.window)
        hop_window, cpu_hop = (hop_window[0], time.time_ns()), (cpu_seconds(pid) - cpu) / args.window
        time.sleep(1)
        sub.terminate()
        sub.wait(timeout=10)
        load_hop = os.getloadavg()

        # Phase 2: live customers, up to --streams tracking streams (several per delivery) and the fleet streams.
        more = [f"/v1/deliveries/{flying[i % len(flying)]}/track" for i in range(len(flying), args.streams)]
        more_readers, more_opened, more_failures = open_readers(ground.http_port, more, business.key, "track", 600,
                                                                first_index=len(flying))
        children += more_readers
        sampled = [d for i, (d, _) in enumerate(drones) if i % args.fleet_sample == 0]
        fleet_paths = ["/v1/fleet/stream"] * args.fleet_streams
        fleet_readers, fleet_opened, fleet_failures = open_readers(
            ground.http_port, fleet_paths, ground.operator_key, "fleet", 600, sample_drones=sampled) if fleet_paths else ([], 0, [])
        children += fleet_readers
        note(f"phase 2: {more_opened} more tracking streams, {fleet_opened} fleet streams open "
             f"({len(more_failures) + len(fleet_failures)} failed)")
        time.sleep(3)
        memory_all = memory_kb(pid)
        note(f"ground memory (RSS, PSS) kB: no stream {memory_before}, phase 1 {memory_hop}, all streams {memory_all}")
        live_window, cpu = (time.time_ns(), None), cpu_seconds(pid)
        time.sleep(args.window)
        live_window, cpu_live = (live_window[0], time.time_ns()), (cpu_seconds(pid) - cpu) / args.window
        time.sleep(args.drain)
        load_live = os.getloadavg()
        note(f"windows done: ground used {cpu_hop:.2f} / {cpu_live:.2f} of a core; load {load_hop[0]:.1f} / {load_live[0]:.1f}")
        hop_results = stop_readers(hop_readers)
        more_results = stop_readers(more_readers)
        fleet_results = stop_readers(fleet_readers)
        note("frames read (phase 1 / more tracking / fleet readers): "
             + " / ".join(str(sum(r["frames"] for r in results)) for results in (hop_results, more_results, fleet_results)))
        ground_alive = ground.process.running
        final = player.ask("stop", 120)
        player.close()
    finally:
        if sub is not None and sub.poll() is None:
            sub.terminate()
            sub.wait(timeout=10)
        for child in children:
            child.close()
        registry.stop_all()
        left = registry.leftovers() + [c.process.pid for c in children if c.process.is_alive()]
        if left:
            note(f"processes still alive after the run: {left}")

    stamps = {(d, t): ns for d, t, ns in final["stamps"]}
    stamps_by_drone = {}
    for d, _, ns in final["stamps"]:
        stamps_by_drone.setdefault(d, []).append(ns)
    track_drone = [in_flight[d] for d in flying]

    def track_key(record):
        stream, time_text, kernel, _ = record
        return stream, track_drone[stream % len(flying)], epoch_ms(time_text), kernel

    def track_key_user(record):
        stream, time_text, _, user = record
        return stream, track_drone[stream % len(flying)], epoch_ms(time_text), user

    # The hop: phase 1 streams in phase 1's window, stamped as mosquitto_sub stamps (when the reader read).
    hop_records = [r for result in hop_results for r in result["records"]]
    hop_ms, _ = delays(hop_records, stamps, hop_window, track_key_user)
    hop_kernel_ms, _ = delays(hop_records, stamps, hop_window, track_key)
    sub_ms, _ = delays([(0, d, t, ns) for d, t, ns in read_mosquitto_sub(sub_out, drone_index)], stamps, hop_window,
                       lambda r: r)
    # Live customers: every tracking stream in phase 2's window.
    live_records = hop_records + [r for result in more_results for r in result["records"]]
    live_ms, _ = delays(live_records, stamps, live_window, track_key)
    fleet_ms, _ = delays([(s, drone_index.get(d), epoch_ms(t), ns) for result in fleet_results for s, d, t, ns, _ in result["records"]],
                         stamps, live_window, lambda r: r)
    track_streams = len(flying) + len(more)
    live_expected = expected(stamps_by_drone, [track_drone[i % len(flying)] for i in range(track_streams)], live_window)
    hop_expected = expected(stamps_by_drone, track_drone, hop_window)
    sub_expected = expected(stamps_by_drone, range(len(drones)), hop_window)
    fleet_expected = expected(stamps_by_drone, [drone_index[d] for d in sampled] * args.fleet_streams, live_window)
    ends = [e for result in hop_results + more_results + fleet_results for e in result["ends"]]
    unanswered = sum(1 for result in hop_results + more_results + fleet_results if result.get("unanswered"))
    opened = hop_opened + more_opened + fleet_opened
    return {
        "drones": args.drones, "booked": len(ids), "booking_s": booking_s, "assigned": assigned, "in_flight": len(flying),
        "track_streams": track_streams, "fleet_streams": args.fleet_streams, "opened": opened,
        "open_failures": (hop_failures + more_failures + fleet_failures)[:5],
        "open_failure_count": len(hop_failures + more_failures + fleet_failures),
        "dropped": len(ends), "readers_unanswered": unanswered, "drop_reasons": sorted({e[1] for e in ends}), "ground_alive_at_end": ground_alive,
        "memory_before_kb": memory_before, "memory_hop_kb": memory_hop, "memory_all_kb": memory_all,
        "hop": summary(hop_ms), "hop_kernel": summary(hop_kernel_ms), "hop_expected": hop_expected, "sub": summary(sub_ms), "sub_expected": sub_expected,
        "live": summary(live_ms), "live_expected": live_expected,
        "fleet": summary(fleet_ms), "fleet_expected": fleet_expected, "fleet_sampled_drones": len(sampled),
        "load_hop": load_hop, "load_live": load_live, "cpu_hop": cpu_hop, "cpu_live": cpu_live, "window_s": args.window,
        "refused_commands": final["refused_commands"], "aborted": final["aborted"],
    }


# What ground does for live streams since issue 23 (kept with the figures it explains).
CHANGES = """**How ground serves the streams.** Each tracking update is encoded to its SSE bytes once, and the same
buffer goes to every `/track` stream of the delivery (one hub subscription and one feed task per delivery
with open streams); a stream queues at most 8 frames and drops its oldest first, so a slow reader skips
positions and holds back no one; one timer sends every quiet stream's heartbeat. Before, each stream
encoded every update itself and held a 32-update queue, a heartbeat timer and a merge of the two (two
more tasks). The fleet streams share one look at the registry each time it changed (at most every
25 ms) with one encoding per changed drone, and each stream keeps only a cursor; before, every stream
looked every 500 ms and kept its own copy of the fleet, and the ingest applied telemetry to the registry
every 100 ms (now 50 ms). Ground raises its open-file soft limit to the
hard limit at start and listens with a backlog of 4,096 (Hummingbird's default was 256). On main before
these changes, release build, quick size, load 2.5: 43.3 KB RSS per stream, `/track` p99 11.0 ms,
fleet stream p99 519 ms. Most of a stream's memory is the HTTP connection itself, measured on a fresh
release ground per case with 2,000 keep-alive connections (RSS delta / connections): 12.5 KB each for a
socket that sent nothing; after one request, 35.9 KB each whether it was a route-less 404, `GET /health` or
a refused `/track`, before any SSE state (a bare Hummingbird route: 17.4 KB). The Swift runtime frees a
task's async-stack slabs only when the task ends, and Hummingbird runs a connection in one task, so every
connection kept what its deepest request path (the middleware chain) needed. Ground now answers each
request in a task of its own (`RequestTaskResponder`), whose slabs are freed once the response is returned:
19.1 KB per connection after one request (404, `/health` or `/track` alike). Before this, the last full
run measured 48.3 KB per stream; quick runs back to back on the same host (load 2–3): main's release build
45.8 KB per stream, then 25.3 KB.

**Where the rest went, and what changed since.** heaptrack on a release ground at quick size (the heap
live with all 1,010 streams open, by allocation site) showed, above what every served connection keeps: the
request path's async-stack slabs in the connection's task (about 1 KB each: Hummingbird's request closure
and `withLogger`, then the responder's task group), which the stream's loop keeps for its life, because it
runs in that task; the 2 KB receive buffer NIO keeps for each connection's reads (a stream's only request is
a few hundred bytes); the stream body's captures (the first snapshot, the whole request, and a copy of the
`GroundAPI` struct, used for the heartbeat's access check); and the request's logger metadata and response
headers (Hummingbird's, kept while the body is written). Now: the responder awaits an unstructured task
under a cancellation handler instead of a task group (one slab less per connection); each connection's reads
start with 512-byte buffers that grow as reads fill them (NIO's adaptive allocator, 2,048 before); the body
keeps the first frame's bytes, the credential presented (key or tracking token) and one reference to the
API; the heartbeat's access check runs in an unstructured task, not a task group or `async let` whose
storage on the connection's stack could add a slab the stream then kept. The heap live at 1,010 streams
went from 26.6 to 23.9 MB; quick runs back to back on the same host (load 1.6–2.2): main's release build
23.9 KB RSS per stream, this one 20.1 KB. At quick size RSS per stream moves by ±3 KB from run to run.
At full size the first run of these changes measured 28.6 KB per stream (the first 1,000 streams: 16.8 KB
each), and in a second run `malloc_trim(0)`, called in ground with all streams open (gdb), gave 3.0 KB per
stream back to the kernel: what opening 9,100 streams at once allocated for a moment stayed resident in
glibc's arenas, of which glibc allows 8 per core. Ground now caps them at one per core, at least 2
(`MALLOC_ARENA_MAX` in the environment wins). Full-size runs back to back on the same host (load 1.4–3.3,
`--window 5`): main's release build 25.5 KB per stream (the first 1,000: 26.1 KB), this one 26.8 KB (the
first 1,000: 18.9 KB); ground with no stream 83.4 MB and 69.8 MB, with all 10,100 streams 335 and 334 MB.
The streams opened at a moderate pace (the first 1,000) now cost 17–20 KB each in every run; the 9,100
opened at once cost what that burst left resident, which varies from run to run (21.9–28.6 KB per stream
over all 10,100 in five runs of this branch) and which these changes did not reduce."""


def fmt(value, spec="{:.1f}"):
    return "-" if value is None else spec.format(value)


def markdown(r, args, host):
    hop, sub, live, fleet = r["hop"], r["sub"], r["live"], r["fleet"]
    streams = r["track_streams"] + r["fleet_streams"]
    before, all_open = r["memory_before_kb"], r["memory_all_kb"]
    rss_per = (all_open[0] - before[0]) * 1024 / streams / 1000 if streams else None
    pss_per = (all_open[1] - before[1]) * 1024 / streams / 1000 if streams else None
    hop_rss_per = (r["memory_hop_kb"][0] - before[0]) * 1024 / r["in_flight"] / 1000
    hop_met = hop["p99"] <= HOP_GOAL_MS if hop else None
    live_met = live["p99"] <= DELAY_GOAL_MS if live else None
    fleet_met = fleet["p99"] <= DELAY_GOAL_MS if fleet else None
    memory_met = max(rss_per, pss_per) <= MEMORY_GOAL_KB if rss_per is not None else None
    dropped = r["dropped"] + r["open_failure_count"]
    ratio = hop["p99"] / sub["p99"] if hop and sub and sub["p99"] > 0 else None

    def row(name, s, expected, goal, met):
        got = f"{s['n']:,} of {expected:,}" if s else f"0 of {expected:,}"
        if not s:
            return f"| {name} | {got} | - | - | - | - | {goal} | {mark(met)} |"
        return (f"| {name} | {got} | {s['p50']:.1f} | {s['p90']:.1f} | {s['p99']:.1f} | {s['max']:.1f} | {goal} | "
                f"{mark(met)} |")

    lines = [
        "## Live streams: ground's own hop and live customers",
        "",
        f"`benchmarks/streams/run.py`{' --quick' if args.quick else ''}: one run on loopback — an open mosquitto, one",
        f"`ground-control` ({args.build_note}; SQLite, `--rate-limit` and `--max-connections-per-address` raised so one",
        f"client may hold every stream) and a Python fleet player (`fleet_player.py`, paho-mqtt, {fleet_player.CONNECTIONS}",
        f"connections) playing {r['drones']:,} drones at 1 Hz: state, `assign` accepted, the phase events up to",
        "enRouteToDropoff, telemetry whose `timeMs` is its publish time (no agents, no simulator). "
        f"{r['booked']:,} deliveries booked",
        f"through the API in waves of {args.wave} (each let fly before the next; `--reply-timeout {REPLY_TIMEOUT_S}`), one per drone,",
        f"in {r['booking_s']:.0f} s; {r['in_flight']:,} in transit when the streams opened ({r['aborted']} flights recalled by ground).",
        "Readers are Python processes (selectors, ≤ 2,500 streams each). A delay is arrival − publish of the telemetry",
        "sample an SSE frame carries (`/track` `update.time`, fleet `drone.lastSeen`, both the sample's `timeMs`), first",
        "arrival per stream and sample; for the live customers the arrival is the kernel's receive time of the",
        "newest packet a read took from the reader's socket (SO_TIMESTAMPNS): a reader the loaded host runs late adds nothing",
        "while it keeps up, but a read that takes a backlog stamps its older frames with the newest packet's time; for the",
        "ground hop it is when the reader read it, as `mosquitto_sub`'s `%U` (the kernel's beside it),",
        f"for samples published in a {r['window_s']:.0f} s window; the connect snapshot is not a sample. The player,",
        "broker, ground and readers share the host's cores.",
        f"Machine: {host}.",
        "Regenerate: `benchmarks/run-all streams` (or `python3 benchmarks/streams/run.py --write-docs`).",
        "",
        CHANGES,
        "",
        f"**Ground hop** (issue 23 item 2): {r['in_flight']:,} `/track` streams, one per delivery in flight, and",
        "`mosquitto_sub` (`-F %U`, its receive time) on the telemetry topic in the same window: its figure is the",
        "broker's own hop from the same publisher, the ceiling; ground's figure contains it (publisher → broker",
        f"→ ground → SSE). Load average during the window: {r['load_hop'][0]:.1f} (1 min); ground used",
        f"{r['cpu_hop']:.2f} of a core.",
        "",
        "| path | samples received (of published) | p50 ms | p90 ms | p99 ms | max ms | goal | verdict |",
        "|---|---|---|---|---|---|---|---|",
        row("publisher → mosquitto_sub (ceiling)", sub, r["sub_expected"], "—", None),
        row("publisher → ground → `/track` SSE", hop, r["hop_expected"], f"p99 ≤ {HOP_GOAL_MS} ms", hop_met),
        row("the same, kernel receive time", r.get("hop_kernel"), r["hop_expected"], "—", None),
        "",
        f"Ground's p99 / the broker's p99: {fmt(ratio, '{:.1f}')}×.",
        "",
        f"**Live customers** (item 3): {r['track_streams']:,} `/track` streams ({r['in_flight']:,} deliveries,",
        f"{r['track_streams'] / max(1, r['in_flight']):.0f} streams each) and {r['fleet_streams']} `/v1/fleet/stream`s open at once",
        f"while {r['in_flight']:,} drones fly. Load average during the window: {r['load_live'][0]:.1f} (1 min); ground used",
        f"{r['cpu_live']:.2f} of a core. A sample not received counts in the first column only (the readers stop {args.drain:.0f} s after the window).",
        f"The fleet streams' delay is measured on every {args.fleet_sample}th drone ({r['fleet_sampled_drones']} drones"
        " per stream); ground applies telemetry to its registry in batches (at least every 50 ms)",
        "and the fleet streams look at it when it changed (at most every 25 ms), all at once, sending each changed drone's newest",
        "state (docs/ground-control.md), so their delay includes that batch, and a sample superseded before a look is skipped",
        "by design (not a loss).",
        "",
        "| stream | samples received (of published) | p50 ms | p90 ms | p99 ms | max ms | goal | verdict |",
        "|---|---|---|---|---|---|---|---|",
        row(f"`/track` × {r['track_streams']:,}", live, r["live_expected"], f"p99 ≤ {DELAY_GOAL_MS} ms", live_met),
        row(f"`/v1/fleet/stream` × {r['fleet_streams']}", fleet, r["fleet_expected"], f"p99 ≤ {DELAY_GOAL_MS} ms", fleet_met),
        "",
        "| memory of ground-control | RSS | PSS |",
        "|---|---|---|",
        f"| drones flying, no stream | {before[0] / 1024:,.1f} MB | {before[1] / 1024:,.1f} MB |",
        f"| + {r['in_flight']:,} `/track` streams | {r['memory_hop_kb'][0] / 1024:,.1f} MB | {r['memory_hop_kb'][1] / 1024:,.1f} MB |",
        f"| + all {streams:,} streams | {all_open[0] / 1024:,.1f} MB | {all_open[1] / 1024:,.1f} MB |",
        f"| **per stream** (all − none) / {streams:,} | **{fmt(rss_per)} KB** | **{fmt(pss_per)} KB** |",
        "",
        f"Memory per stream: {fmt(rss_per)} KB RSS, {fmt(pss_per)} KB PSS (the first {r['in_flight']:,} streams alone:"
        f" {hop_rss_per:.1f} KB RSS each); goal ≤ {MEMORY_GOAL_KB} KB — {mark(memory_met)}.",
        f"Streams opened {r['opened']:,} of {streams:,}; refused or failed at open {r['open_failure_count']}, ended by the server"
        f" or failed before the end {r['dropped']}" + (f" ({', '.join(r['drop_reasons'])})" if r["drop_reasons"] else "")
        + f"; goal none dropped — {mark(dropped == 0)}."
        + (f" **{r['readers_unanswered']} reader process(es) starved and did not answer: their streams are not measured.**"
           if r["readers_unanswered"] else ""),
        "",
        summary_line([
            goal_row(f"ground hop p99, broker → `/track` SSE, {r['drones']:,} drones, {r['in_flight']:,} streams",
                     f"{fmt(hop['p99'] if hop else None)} ms (mosquitto_sub {fmt(sub['p99'] if sub else None)} ms, "
                     f"{fmt(ratio, '{:.1f}')}×; load {r['load_hop'][0]:.1f})", f"≤ {HOP_GOAL_MS} ms", hop_met),
            goal_row(f"memory per live stream, {streams:,} streams", f"{fmt(rss_per)} KB RSS, {fmt(pss_per)} KB PSS",
                     f"≤ {MEMORY_GOAL_KB} KB", memory_met),
            goal_row(f"`/track` update delay p99, {r['track_streams']:,} streams", f"{fmt(live['p99'] if live else None)} ms "
                     f"(load {r['load_live'][0]:.1f})", f"≤ {DELAY_GOAL_MS} ms", live_met),
            goal_row(f"`/v1/fleet/stream` update delay p99, {r['fleet_streams']} streams",
                     f"{fmt(fleet['p99'] if fleet else None)} ms", f"≤ {DELAY_GOAL_MS} ms", fleet_met),
            goal_row("live streams dropped", f"{dropped} of {streams:,}", "0", dropped == 0),
        ]),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ground", default=str(ROOT / ".build-release" / "release" / "ground-control"))
    parser.add_argument("--build-note", default="release build", help="which build --ground is, for the doc")
    parser.add_argument("--drones", type=int, default=1000)
    parser.add_argument("--streams", type=int, default=10_000, help="`/track` streams in phase 2 (with phase 1's)")
    parser.add_argument("--fleet-streams", type=int, default=100)
    parser.add_argument("--fleet-sample", type=int, default=10, help="measure every Nth drone on the fleet streams")
    parser.add_argument("--window", type=float, default=30, help="seconds measured per phase")
    parser.add_argument("--settle", type=float, default=400, help="longest wait for the deliveries to fly, s")
    parser.add_argument("--wave", type=int, default=100, help="deliveries booked per wave")
    parser.add_argument("--drain", type=float, default=15,
                        help="seconds the readers keep reading after the live window (a reader behind catches up)")
    parser.add_argument("--quick", action="store_true", help="100 drones, 1,000 + 10 streams, 10 s windows")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.drones, args.streams, args.fleet_streams, args.window, args.settle, args.drain = 100, 1_000, 10, 10, 60, 2
    if not os.path.exists(args.ground):
        raise SystemExit(f"{args.ground} not found: swift build -c release --scratch-path .build-release --product ground-control")
    # Every stream is a socket here and in ground (which inherits the limit).
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.streams + args.fleet_streams + 2_000:
        raise SystemExit(f"the open-file limit {hard} is too low for {args.streams + args.fleet_streams} streams")
    # A stop by SIGTERM (as by SIGINT) goes through one_run's cleanup.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = tempfile.mkdtemp(prefix="streams-bench-")
    try:
        result = one_run(args, work)
    finally:
        if os.environ.get("STREAMS_KEEP_WORK"):
            note(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result), flush=True)
    section = markdown(result, args, machine())
    print(section)
    if args.write_docs:
        write_section("streams", section)


if __name__ == "__main__":
    sys.exit(main())
