#!/usr/bin/env python3
"""Where ground spends its CPU under the HTTP benchmark's load: a release ground-control (SQLite, or
PostgreSQL with --postgres) answers wrk's `GET /v1/deliveries/{id}` or `POST /v1/deliveries` (same
settings and body as run.py) while `perf record` samples it (cpu-clock, call graphs by frame pointer).
Prints the heaviest frames (self and inclusive) and the cores ground used; --svg writes a flame graph.

    python3 benchmarks/http/profile.py get|post [--postgres] [--seconds 8] [--svg out.svg] [--folded out.txt]
Needs `perf` (Debian linux-perf) and wrk, and root or kernel.perf_event_paranoid <= 1.
"""
import argparse
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "benchmarks" / "ingest"), str(ROOT / "scripts")]
from flamegraph import demangle, fold, heaviest, svg  # noqa: E402
from postgres import Postgres  # noqa: E402
from skyrelay_lab.broker import OpenBroker  # noqa: E402
from skyrelay_lab.process import ProcessRegistry  # noqa: E402

# benchmarks/ingest has a run.py of its own on the path: load this folder's by file.
_spec = importlib.util.spec_from_file_location("http_run", Path(__file__).resolve().parent / "run.py")
http_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(http_run)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("request", choices=["get", "post"])
    parser.add_argument("--bin", default=str(ROOT / ".build-release" / "release"))
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--svg")
    parser.add_argument("--folded", help="also write the folded stacks (one per line: frames, then samples)")
    args = parser.parse_args()
    bin_dir = Path(args.bin)
    with tempfile.TemporaryDirectory(prefix="http-profile-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)
        registry, postgres = ProcessRegistry(), None
        try:
            broker = OpenBroker(work, registry).start()
            database = None
            if args.postgres:
                postgres = Postgres(work / "pgwork")
                database = postgres.database()
            ground, shop = http_run.start_ground(bin_dir, work, registry, broker, database=database)
            delivery = shop.book((47.3769, 8.5417), (47.3800, 8.5300)).body
            data = work / "perf.data"
            perf = subprocess.Popen(["perf", "record", "-e", "cpu-clock", "-F", "997", "-g", "-p",
                                     str(ground.process.pid), "-o", str(data)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            started = time.monotonic()
            if args.request == "get":
                result = http_run.wrk(ground.url + f"/v1/deliveries/{delivery['id']}", args.seconds, args.connections,
                                      headers=[f"Authorization: Bearer {shop.key}"])
            else:
                result = http_run.wrk(ground.url + "/v1/deliveries", args.seconds, args.connections,
                                      script=http_run.post_script(work, shop.key))
            window = time.monotonic() - started
            perf.send_signal(signal.SIGINT)
            perf.wait(timeout=60)
            load = os.getloadavg()[0]
        finally:
            registry.stop_all()
            if postgres:
                postgres.stop()
        script = subprocess.run(["perf", "script", "-i", str(data)], capture_output=True, text=True).stdout
    stacks = demangle(fold(script.splitlines()))
    if args.folded:
        Path(args.folded).write_text("".join(f"{';'.join(frames)} {count}\n" for frames, count in stacks.items()))
    if args.svg:
        Path(args.svg).write_text(svg(stacks, f"ground-control under wrk {args.request.upper()}, release build"))
    samples = sum(stacks.values())
    print(json.dumps(result), f"load {load:.1f}", f"ground used {samples / 997 / window:.2f} cores")
    own, inclusive = heaviest(stacks, 40)
    print("self:")
    for frame, share in own:
        print(f"{share * 100:5.1f} {frame[:160]}")
    print("inclusive:")
    for frame, share in inclusive:
        print(f"{share * 100:5.1f} {frame[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
