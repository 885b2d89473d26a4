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
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import paho.mqtt.client as mqtt

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchmarks_doc import goal_row, machine, mark, spread, summary_line, write_section  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# (drones, total msgs/s, seconds of traffic)
RUNS = [(100, 2_000, 8), (1_000, 5_000, 8), (1_000, 10_000, 6), (1_000, 20_000, 5)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


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


def ingested(port):
    try:
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    except OSError:
        return None
    match = re.search(r'skyrelay_ingest_messages_total\{kind="telemetry"\} (\d+)', text)
    return int(match.group(1)) if match else 0


def one_run(ground_bin, drones, rate, seconds, work):
    total = rate * seconds
    broker_port, http_port = free_port(), free_port()
    conf = os.path.join(work, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {broker_port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                "max_queued_messages 0\nmax_queued_bytes 0\nmax_inflight_messages 0\n")
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    procs = []
    try:
        broker = subprocess.Popen([mosquitto, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(broker)
        wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", broker_port)) == 0, 10)
        db = os.path.join(work, f"ground-{drones}-{rate}.sqlite")
        ground = subprocess.Popen(
            [ground_bin, "--http-port", str(http_port), "--database", db, "--mqtt-url", f"mqtt://127.0.0.1:{broker_port}",
             "--instance-id", f"bench{rate}", "--log-level", "warning"],
            env={**os.environ, "SKYRELAY_OPERATOR_KEY": "bench"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ground)
        if wait_for(lambda: ingested(http_port) is not None, 30) is None:
            raise RuntimeError("ground-control did not come up")
        sub = subprocess.Popen(["mosquitto_sub", "-p", str(broker_port), "-t", "skyrelay/drones/+/telemetry", "-C", str(total), "-q", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(sub)
        time.sleep(1.5)  # both subscriptions in place

        publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-publisher", protocol=mqtt.MQTTv5)
        publisher.max_queued_messages_set(0)
        publisher.connect("127.0.0.1", broker_port)
        publisher.loop_start()
        ids = [f"bench-{i:04d}" for i in range(drones)]
        topics = [f"skyrelay/drones/{d}/telemetry" for d in ids]
        templates = [template(d, i) for i, d in enumerate(ids)]
        seq = [0] * drones
        tick = 0.01
        start = time.monotonic()
        sent = 0
        sub_done = ground_done = None
        while sent < total:
            due = min(total, int((time.monotonic() - start + tick) * rate))
            now_ms = int(time.time() * 1000)
            while sent < due:
                i = sent % drones
                seq[i] += 1
                publisher.publish(topics[i], (templates[i] % {"seq": seq[i], "time": now_ms}).encode(), qos=0)
                sent += 1
            if sub_done is None and sub.poll() is not None:
                sub_done = time.monotonic()
            time.sleep(max(0.0, start + (sent / rate) - time.monotonic()))
        publish_s = time.monotonic() - start
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (sub_done is None or ground_done is None):
            if sub_done is None and sub.poll() is not None:
                sub_done = time.monotonic()
            if ground_done is None and (ingested(http_port) or 0) >= total:
                ground_done = time.monotonic()
            time.sleep(0.02)
        final = ingested(http_port) or 0
        publisher.loop_stop()
        publisher.disconnect()
        sub_rate = total / (sub_done - start) if sub_done else None
        # Ground that never reached N: rate over what it processed in the whole window.
        ground_rate = total / (ground_done - start) if ground_done else final / (deadline - start)
        return {
            "drones": drones, "rate": rate, "messages": total, "publish_rate": total / publish_s,
            "sub_rate": sub_rate, "ground_rate": ground_rate, "ground_count": final,
            "ratio": ground_rate / sub_rate if sub_rate else None,
        }
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()


GOAL = 0.8


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ground", default=os.path.join(ROOT, ".build-release", "release", "ground-control"))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="runs per row (median/min/max)")
    parser.add_argument("--rows", help="drones:rate:seconds[,...] instead of the default set")
    parser.add_argument("--quick", action="store_true", help="one run per row, shorter streams")
    args = parser.parse_args()
    if not os.path.exists(args.ground):
        raise SystemExit(f"{args.ground} not found: swift build -c release --scratch-path .build-release --product ground-control")
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
