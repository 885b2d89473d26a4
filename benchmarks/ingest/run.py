#!/usr/bin/env python3
"""Ingest benchmark: ground-control's processed telemetry msgs/s against mosquitto_sub reading the
same stream in the same run (goal: ground >= 0.8x mosquitto_sub), persistence on (SQLite, WAL).

Per run: a fresh mosquitto on a free loopback port, a release ground-control (--mqtt-url, temporary
database), `mosquitto_sub -C N` on the telemetry filter, and a publisher (paho-mqtt, QoS 0) sending
N valid FleetProtocol telemetry messages from K drones at a fixed total rate. The clock starts at
the first publish; mosquitto_sub is done when it exits after N messages, ground when its
`skyrelay_ingest_messages_total{kind="telemetry"}` counter (GET /metrics) reaches N.

Run from the package root after `swift build -c release --scratch-path .build-release --product ground-control`
(or through `benchmarks/run-all ingest`):
    python3 benchmarks/ingest/run.py [--runs 3] [--quick] [--write-docs]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import paho.mqtt.client as mqtt

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path[:0] = [os.path.join(ROOT, "benchmarks"), os.path.join(ROOT, "scripts")]
from benchmarks_doc import goal_row, machine, mark, spread, summary_line, write_section  # noqa: E402
from skyrelay_lab.broker import OpenBroker  # noqa: E402
from skyrelay_lab.ground import GroundControlProcess  # noqa: E402
from skyrelay_lab.process import ProcessRegistry  # noqa: E402
# (drones, total msgs/s, seconds of traffic)
RUNS = [(100, 2_000, 8), (1_000, 5_000, 8), (1_000, 10_000, 6), (1_000, 20_000, 5)]


def template(drone, index):
    """A valid v1 telemetry payload (FleetProtocol Telemetry) with %(seq)d/%(time)d slots."""
    text = json.dumps({
        "v": 1, "type": "telemetry", "droneId": drone, "seq": 0, "timeMs": 0,
        "position": {"lat": 47.3769 + index * 1e-5, "lon": 8.5417, "altAmslM": 460.0, "altRelM": 60.0},
        "velocity": {"northMps": 10.6, "eastMps": 10.6, "downMps": 0.0}, "headingDeg": 45.0,
        "battery": {"percent": 71.5, "voltageV": 23.4, "remainingS": 1180.0}, "flightMode": "mission",
        "armed": True, "landedState": "inAir", "gps": {"fixType": 3, "satellites": 14},
    }, separators=(",", ":"))
    return text.replace('"seq":0', '"seq":%(seq)d').replace('"timeMs":0', '"timeMs":%(time)d')


def ingested(port, kind="telemetry"):
    """ground's skyrelay_ingest_messages_total{kind=KIND} (GET /metrics), or None while it is not answering."""
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    except OSError:
        return None
    match = re.search(r'^skyrelay_ingest_messages_total\{kind="%s"\} ([\d.e+]+)$' % re.escape(kind), text, re.M)
    return int(float(match.group(1))) if match else 0


def bench_ids(drones):
    """The publisher's drone ids, provisioned in ground (it believes only registered drones)."""
    return [f"bench-{i:04d}" for i in range(drones)]


def start_system(work, registry, ground_bin, instances=1, database=None, extra=(), drones=()):
    """An open broker and INSTANCES release ground-controls on it (all sharing DATABASE when given,
    each with its own SQLite file otherwise), with the drone ids DRONES provisioned; returns (broker
    port, the grounds' HTTP ports)."""
    broker = OpenBroker(Path(work), registry).start()
    grounds = [GroundControlProcess(Path(ground_bin), Path(work) / f"ground-{time.time_ns()}", broker.url, None, None, registry,
                                    database=database, telemetry_interval=None, extra=[*extra, "--instance-id", f"bench{i}"],
                                    drones=list(drones))
               for i in range(instances)]
    for ground in grounds:
        ground.start(timeout=60)
    return broker.port, [g.http_port for g in grounds], grounds


def publish_at_rate(publisher, ids, total, rate, on_tick=lambda: None, seq=None):
    """TOTAL telemetry messages round-robin over IDS at RATE msgs/s (QoS 0); calls ON_TICK every 10 ms
    tick. Returns the seconds publishing took. SEQ (one counter per id) carries the drones' sample
    numbers over from an earlier call: ground drops a sample whose seq does not advance as stale."""
    topics = [f"skyrelay/drones/{d}/telemetry" for d in ids]
    templates = [template(d, i) for i, d in enumerate(ids)]
    seq = [0] * len(ids) if seq is None else seq
    start = time.monotonic()
    sent = 0
    while sent < total:
        due = min(total, int((time.monotonic() - start + 0.01) * rate))
        now_ms = int(time.time() * 1000)
        while sent < due:
            i = sent % len(ids)
            seq[i] += 1
            publisher.publish(topics[i], (templates[i] % {"seq": seq[i], "time": now_ms}).encode(), qos=0)
            sent += 1
        on_tick()
        time.sleep(max(0.0, start + (sent / rate) - time.monotonic()))
    return time.monotonic() - start


def connect_publisher(port):
    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-publisher", protocol=mqtt.MQTTv5)
    publisher.max_queued_messages_set(0)
    publisher.connect("127.0.0.1", port)
    publisher.loop_start()
    return publisher


def one_run(ground_bin, drones, rate, seconds, work):
    total = rate * seconds
    registry = ProcessRegistry()
    sub = None
    try:
        broker_port, (http_port,), _ = start_system(work, registry, ground_bin, extra=["--log-level", "warning"],
                                                    drones=bench_ids(drones))
        sub = subprocess.Popen(["mosquitto_sub", "-p", str(broker_port), "-t", "skyrelay/drones/+/telemetry", "-C", str(total), "-q", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.5)  # both subscriptions in place

        publisher = connect_publisher(broker_port)
        start = time.monotonic()
        done = {}

        def note_sub_done():
            if "sub" not in done and sub.poll() is not None:
                done["sub"] = time.monotonic()
        publish_s = publish_at_rate(publisher, bench_ids(drones), total, rate, note_sub_done)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and ("sub" not in done or "ground" not in done):
            note_sub_done()
            if "ground" not in done and (ingested(http_port) or 0) >= total:
                done["ground"] = time.monotonic()
            time.sleep(0.02)
        final = ingested(http_port) or 0
        publisher.loop_stop()
        publisher.disconnect()
        sub_rate = total / (done["sub"] - start) if "sub" in done else None
        # Ground that never reached N: rate over what it processed in the whole window.
        ground_rate = total / (done["ground"] - start) if "ground" in done else final / (deadline - start)
        return {
            "drones": drones, "rate": rate, "messages": total, "publish_rate": total / publish_s,
            "sub_rate": sub_rate, "ground_rate": ground_rate, "ground_count": final,
            "ratio": ground_rate / sub_rate if sub_rate else None,
        }
    finally:
        if sub is not None and sub.poll() is None:
            sub.terminate()
            sub.wait(timeout=10)
        registry.stop_all()


GOAL = 0.95


def markdown(rows, runs, host):
    """ROWS: (drones, rate, seconds, [result per run]). Goal marks come from the numbers of this run."""
    lines = [
        "## Ground ingest: ground-control vs mosquitto_sub",
        "",
        "Telemetry (QoS 0, ~420-byte FleetProtocol v1 JSON) from K drones at a fixed total rate through a local",
        "mosquitto; in the same run `mosquitto_sub -C N` and a release `ground-control` (SQLite WAL persistence on:",
        "batched, downsampled telemetry history; registry updates; Prometheus counters) read the same stream.",
        "Rate = N / (time from the first publish until the consumer had all N; ground's count read from",
        "`/metrics`, polled every 20 ms, batches flushed every 100 ms). The publisher (Python, paho-mqtt), the broker",
        f"and both consumers share the host's cores. {runs} runs per row, each with a fresh broker and ground;",
        f"median (min–max). Goal: ground >= {GOAL}x mosquitto_sub (judged on the median ratio).",
        f"Machine: {host}.",
        "Regenerate: `benchmarks/run-all ingest` (or `python3 benchmarks/ingest/run.py --write-docs` after",
        "`swift build -c release --scratch-path .build-release --product ground-control`).",
        "",
        "| drones | offered msg/s | N | published msg/s | mosquitto_sub msg/s | ground msg/s | ground / sub | ground got (min) | goal |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    summary = []
    for drones, rate, seconds, results in rows:
        ratios = [r["ratio"] for r in results if r["ratio"] is not None]
        met = statistics.median(ratios) >= GOAL if ratios else None
        lines.append(
            f"| {drones:,} | {rate:,} | {results[0]['messages']:,} | {spread(r['publish_rate'] for r in results)} | "
            f"{spread(r['sub_rate'] for r in results)} | {spread(r['ground_rate'] for r in results)} | "
            f"{spread(ratios, '{:.2f}')} | {min(r['ground_count'] for r in results):,} | {mark(met)} |")
        summary.append(goal_row(f"ingest, {drones:,} drones at {rate:,} msg/s: ground / mosquitto_sub",
                                spread(ratios, "{:.2f}") + "×", f">= {GOAL}×", met))
    lines += ["", summary_line(summary)]
    return "\n".join(lines)


def bench_parser(doc):
    """The ingest benchmarks' common flags: --ground (a release ground-control, which `ground_binary`
    checks) and --write-docs."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--ground", default=os.path.join(ROOT, ".build-release", "release", "ground-control"))
    parser.add_argument("--write-docs", action="store_true")
    return parser


def ground_binary(path):
    if not os.path.exists(path):
        raise SystemExit(f"{path} not found: swift build -c release --scratch-path .build-release --product ground-control")
    return path


def main():
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per row (median/min/max)")
    parser.add_argument("--rows", help="drones:rate:seconds[,...] instead of the default set")
    parser.add_argument("--quick", action="store_true", help="one run per row, shorter streams")
    args = parser.parse_args()
    ground_binary(args.ground)
    work = tempfile.mkdtemp(prefix="ingest-bench-")
    runs = 1 if args.quick else args.runs
    specs = [tuple(int(x) for x in r.split(":")) for r in args.rows.split(",")] if args.rows else RUNS
    if args.quick:
        specs = [(d, r, max(2, s // 2)) for d, r, s in specs]
    rows = []
    try:
        for drones, rate, seconds in specs:
            results = []
            for run in range(runs):
                result = one_run(args.ground, drones, rate, seconds, work)
                print(json.dumps({"run": run + 1, **result}), flush=True)
                results.append(result)
            rows.append((drones, rate, seconds, results))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    section = markdown(rows, runs, machine())
    print(section)
    if args.write_docs:
        write_section("ingest", section)


if __name__ == "__main__":
    sys.exit(main())
