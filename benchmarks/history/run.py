#!/usr/bin/env python3
"""Telemetry history on PostgreSQL at fleet scale: runs the release `history-bench` (Swift, ground's own
store) against a throw-away PostgreSQL cluster and writes the `history` section of docs/benchmarks.md.

The bench fills `--days` day partitions with `--drones` drones' samples every 5 s for `--minutes` a day
(generate_series, in time order), then reads one flight's track through the store and as bare SQL, and
inserts ingest-sized batches through the store. This script only starts PostgreSQL, passes the URL and
formats the bench's JSON; it reads no table itself.

    python3 benchmarks/history/run.py --bench .build-release/release/history-bench [--quick] [--write-docs]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "ingest"))
from benchmarks_doc import goal_row, machine, mark, summary_line, write_section  # noqa: E402
from postgres import Postgres  # noqa: E402

READ_GOAL_MS = 50.0
# The bare bytes of one sample: an 11-character drone id and seven 8-byte numbers.
RAW_ROW_BYTES = 11 + 7 * 8
SAMPLES_PER_DRONE_DAY = 86_400 // 5


class LoadWatch:
    """The 1-minute load average every 5 s while the bench runs (the host is shared)."""

    def __init__(self):
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=1)
        ordered = sorted(self.samples)
        return ordered[0], ordered[len(ordered) // 2], ordered[-1]


def markdown(r, load, argv):
    drone_day_mb = r["bytes_per_row"] * SAMPLES_PER_DRONE_DAY / 1e6
    read_ok = r["read_store_p99_ms"] <= READ_GOAL_MS
    rows = [
        goal_row("history: one flight's track with 30 days present, p99",
                 f"{r['read_store_p99_ms']:.1f} ms ({r['read_store_p99_ms'] / max(r['read_bare_p99_ms'], 1e-9):.2f}× bare SQL)",
                 f"<= {READ_GOAL_MS:.0f} ms", read_ok),
        goal_row("history: storage per drone-day (5 s samples, 24 h)",
                 f"{drone_day_mb:.2f} MB ({r['bytes_per_row'] / RAW_ROW_BYTES:.1f}× the bare column bytes)",
                 "measured (no goal)", None),
        goal_row("history: insert through the store, per offered sample",
                 f"{r['insert_us_per_sample']:.1f} µs ({r['insert_us_per_sample'] / max(r['fill_us_per_row'], 1e-9):.1f}× bulk generate_series)",
                 "measured (no goal)", None),
    ]
    lines = [
        "## Telemetry history on PostgreSQL: day partitions, storage, insert, one flight's read",
        "",
        "`benchmarks/history/run.py` starts a throw-away PostgreSQL (local, default settings, fsync on); the release",
        "`history-bench` opens it with ground's own store (migrations: `telemetry_samples` partitioned by UTC day,",
        "(drone_id, time) key and a BRIN index on time in every partition), then fills it straight in SQL",
        f"(`generate_series`, rows in time order as ingest writes them): {r['drones']:,.0f} drones × {r['days']:.0f} days",
        f"({r['partitions']:.0f} partitions) × {r['minutes']:g} min of flight a day at one sample per {r['interval']:g} s =",
        f"{r['rows']:,.0f} rows. A full 30 days of 10,000 drones airborne all day is 5.2 billion rows (about",
        f"{r['bytes_per_row'] * 5.184e9 / 1e12:.1f} TB at the bytes per row measured here), more than this host's disk",
        "and time allow, so the days are short; a read touches one day's partition through its key, whose depth grows",
        "with the logarithm of that partition's rows, so the read figure moves little with the rows left out.",
        "",
        "- **Read:** one drone's track of yesterday's flight (`GroundStore.telemetry(droneID:from:to:)`, "
        f"{r['track_samples']:.0f} samples), {argv['reads']} drones spread over the fleet, each read once (its pages",
        "  not yet in PostgreSQL's buffers); ceiling: the same SELECT as bare SQL on a pooled connection, right after.",
        "- **Storage:** heap, keys and BRIN of every partition (`pg_total_relation_size`) per row, times 17,280",
        f"  samples per drone-day; ceiling: the bare column bytes ({RAW_ROW_BYTES} B: an 11-character id and seven doubles).",
        "- **Insert:** ingest-sized batches (512 samples, one per drone, drones in turn, 1 Hz) through",
        "  `insertTelemetry` (partition check, per-drone locks, look-back read, 5 s downsampling, multi-row INSERT)",
        "  into today's partition; per offered sample. Ceiling: the bulk fill's cost per row (server-side",
        "  `INSERT … SELECT generate_series`).",
        "",
        f"Machine: {machine()}.",
        f"Host load during the run (1-min load average every 5 s): min {load[0]:.1f}, median {load[1]:.1f}, max {load[2]:.1f}.",
        "Regenerate: `benchmarks/run-all history` (or `python3 benchmarks/history/run.py --bench "
        ".build-release/release/history-bench --write-docs`).",
        "",
        "| figure | measured | ceiling (same run) | ratio | goal | verdict |",
        "|---|---|---|---|---|---|",
        f"| one flight's track, p50 / p99 / max | {r['read_store_p50_ms']:.1f} / {r['read_store_p99_ms']:.1f} / "
        f"{r['read_store_max_ms']:.1f} ms | bare SQL p50 / p99 {r['read_bare_p50_ms']:.1f} / {r['read_bare_p99_ms']:.1f} ms | "
        f"{r['read_store_p99_ms'] / max(r['read_bare_p99_ms'], 1e-9):.2f}× (p99) | <= {READ_GOAL_MS:.0f} ms | {mark(read_ok)} |",
        f"| storage per row / per drone-day | {r['bytes_per_row']:.0f} B (keys and BRIN {r['index_bytes_per_row']:.0f} B) / "
        f"{drone_day_mb:.2f} MB | {RAW_ROW_BYTES} B bare | {r['bytes_per_row'] / RAW_ROW_BYTES:.1f}× | - | n/a |",
        f"| insert per offered sample ({r['insert_kept']:,.0f} of {r['insert_offered']:,.0f} kept by 5 s downsampling) | "
        f"{r['insert_us_per_sample']:.1f} µs | bulk fill {r['fill_us_per_row']:.2f} µs/row | "
        f"{r['insert_us_per_sample'] / max(r['fill_us_per_row'], 1e-9):.1f}× | - | n/a |",
        "",
        summary_line(rows),
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", required=True, help="the release history-bench binary")
    parser.add_argument("--quick", action="store_true", help="2 minutes of flight a day instead of 10")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    argv = {"drones": 10_000, "days": 30, "minutes": 2 if args.quick else 10, "reads": 30 if args.quick else 100,
            "batches": 50 if args.quick else 200}
    work = tempfile.mkdtemp(prefix="history-bench-")
    os.chmod(work, 0o755)
    postgres = Postgres(work)
    load = LoadWatch()
    try:
        command = [args.bench, "--url", postgres.database()] + [f"--{k}={v}" for k, v in argv.items()]
        print("+", " ".join(command), flush=True)
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)
    section = markdown(result, load.stop(), argv)
    print(section)
    if args.write_docs:
        write_section("history", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
