#!/usr/bin/env python3
"""Where ground's ingest spends its CPU: a release ground-control (SQLite persistence on) takes telemetry
from K drones at a fixed rate (same publisher and payloads as run.py) while `perf record` samples it
(cpu-clock, call graphs by frame pointer); the samples become docs/ingest-flamegraph.svg and the
heaviest frames go into the `ingest-profile` section of docs/benchmarks.md with the CPU per message
measured in the same window (utime+stime of ground from /proc/<pid>/stat over the messages it counted).

    python3 benchmarks/ingest/profile.py --ground .build-release/release/ground-control [--write-docs]
Needs `perf` (Debian linux-perf, scripts/install-deps) and root or kernel.perf_event_paranoid <= 1.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import bench_ids, connect_publisher, ground_binary, ingested, publish_at_rate, start_system  # noqa: E402
from benchmarks_doc import machine, write_section  # noqa: E402
from flamegraph import demangle, fold, heaviest, svg  # noqa: E402
from skyrelay_lab.process import ProcessRegistry  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
SVG = ROOT / "docs" / "ingest-flamegraph.svg"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ground", default=str(ROOT / ".build-release" / "release" / "ground-control"))
    parser.add_argument("--drones", type=int, default=1_000)
    parser.add_argument("--rate", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    ground_binary(args.ground)
    registry = ProcessRegistry()
    with tempfile.TemporaryDirectory(prefix="ingest-profile-") as work:
        try:
            broker_port, (http_port,), grounds = start_system(work, registry, args.ground, extra=["--log-level", "warning"],
                                                              drones=bench_ids(args.drones))
            pid = grounds[0].process.pid
            publisher = connect_publisher(broker_port)
            # Warm-up: every drone seen once (registry, roster cache), then the measured window, whose
            # samples continue each drone's seq (restarting it would make the first ones stale).
            seq = [0] * args.drones
            publish_at_rate(publisher, bench_ids(args.drones), args.drones * 2, args.rate, seq=seq)
            time.sleep(1)
            before_count, before_cpu, load = ingested(http_port) or 0, cpu_seconds(pid), os.getloadavg()[0]
            data = Path(work) / "perf.data"
            perf = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "997", "-g", "-p", str(pid), "-o", str(data)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started = time.monotonic()
            publish_s = publish_at_rate(publisher, bench_ids(args.drones), args.rate * args.seconds, args.rate, seq=seq)
            time.sleep(0.5)  # the last batch flushed
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=60)
            window = time.monotonic() - started
            count, cpu = (ingested(http_port) or 0) - before_count, cpu_seconds(pid) - before_cpu
            load = max(load, os.getloadavg()[0])
            publisher.loop_stop()
            publisher.disconnect()
        finally:
            registry.stop_all()
        script = subprocess.run(["perf", "script", "-i", str(data)], capture_output=True, text=True).stdout
    stacks = demangle(fold(script.splitlines()))
    title = f"ground-control ingest, {args.drones:,} drones at {args.rate:,} msg/s offered, SQLite persistence, release build"
    SVG.write_text(svg(stacks, title))
    own, inclusive = heaviest(stacks, 12)
    per_message = cpu / count * 1e6 if count else float("nan")
    lines = [
        "## Ground ingest profile (perf): where the CPU goes",
        "",
        f"`benchmarks/ingest/profile.py`: a release `ground-control` (SQLite persistence on) takes {args.rate:,} msg/s offered",
        f"from {args.drones:,} drones (publisher and payloads as in the ingest benchmark) for {args.seconds} s after a warm-up,",
        "while `perf record -e cpu-clock -F 997 -g` samples it. Flame graph: [docs/ingest-flamegraph.svg](ingest-flamegraph.svg)",
        "(own folding and drawing of `perf script` output, `benchmarks/ingest/flamegraph.py`; Swift names demangled).",
        f"Machine: {machine()}; 1-min load average up to {load:.1f} during the window.",
        "",
        f"In this window: published {args.rate * args.seconds / publish_s:,.0f} msg/s, ground counted {count:,} messages in "
        f"{window:.1f} s using {cpu:.2f} s of CPU: **{per_message:.1f} µs of CPU per message** (user + system, all threads,",
        f"persistence on), {sum(stacks.values()):,} samples.",
        "",
        "| heaviest frames, self | share | | heaviest frames, inclusive | share |",
        "|---|---|---|---|---|",
    ]
    for (self_frame, self_share), (inc_frame, inc_share) in zip(own, inclusive):
        cell = lambda f: "`" + f.replace("|", "\\|").replace("`", "'")[:110] + "`"
        lines.append(f"| {cell(self_frame)} | {self_share:.1%} | | {cell(inc_frame)} | {inc_share:.1%} |")
    section = "\n".join(lines)
    print(section)
    if args.write_docs:
        write_section("ingest-profile", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
