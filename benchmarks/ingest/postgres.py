#!/usr/bin/env python3
"""Ingest benchmark on PostgreSQL: telemetry msgs/s handled by 1, 2 and 3 ground-control instances
sharing one PostgreSQL and one mosquitto (`--share-group ground`), same publisher and payloads as
run.py. Rate = N / (time from the first publish until the instances' summed
`skyrelay_ingest_messages_total{kind="telemetry"}` reached N).

PostgreSQL: a throw-away cluster (initdb into a temp dir, run as the `postgres` user when root,
fsync on as in production). Run from the package root after building ground-control:
    python3 benchmarks/ingest/postgres.py [--ground .build/release/ground-control] [--write-docs]
"""
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import bench_ids, bench_parser, connect_publisher, ground_binary, ingested, publish_at_rate, start_system, write_section  # noqa: E402
from skyrelay_lab.net import free_tcp_port, wait_until  # noqa: E402
from skyrelay_lab.process import ProcessRegistry  # noqa: E402

# (instances, drones, offered msgs/s, seconds)
RUNS = [(1, 1_000, 5_000, 6), (2, 1_000, 5_000, 6), (3, 1_000, 5_000, 6)]


def pg_bin(tool):
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2]), reverse=True)
    for d in dirs:
        if os.path.exists(os.path.join(d, tool)):
            return os.path.join(d, tool)
    return shutil.which(tool)


class Postgres:
    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        os.makedirs(self.dir)
        self.port = free_tcp_port()
        self.prefix = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(work, user.pw_uid, user.pw_gid)
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        data = os.path.join(self.dir, "data")
        subprocess.run(self.prefix + [pg_bin("initdb"), "-D", data, "-U", "skyrelay", "--auth=trust", "-E", "UTF8"],
                       check=True, stdout=subprocess.DEVNULL)
        self.proc = subprocess.Popen(self.prefix + [pg_bin("postgres"), "-D", data, "-p", str(self.port), "-k", self.dir,
                                                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ready = lambda: subprocess.run([pg_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0
        wait_until("postgres accepting connections", ready, 30, interval=0.2)
        self.count = 0

    def database(self):
        self.count += 1
        name = f"bench{self.count}"
        subprocess.run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "skyrelay", name], check=True)
        return f"postgres://skyrelay@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def one_run(ground_bin, postgres, instances, drones, rate, seconds, work):
    total = rate * seconds
    registry = ProcessRegistry()
    try:
        broker_port, ports, _ = start_system(work, registry, ground_bin, instances=instances, database=postgres.database(),
                                             extra=["--share-group", "ground", "--log-level", "warning"], drones=bench_ids(drones))
        time.sleep(1.5)  # subscriptions in place
        count = lambda: sum(ingested(p) or 0 for p in ports)

        publisher = connect_publisher(broker_port)
        start = time.monotonic()
        publish_s = publish_at_rate(publisher, bench_ids(drones), total, rate)
        try:
            done = wait_until(f"{total} messages handled", lambda: count() >= total and time.monotonic(), 60, interval=0.02)
        except TimeoutError:
            done = time.monotonic()
        final = count()
        publisher.loop_stop()
        publisher.disconnect()
        elapsed = done - start
        return {"instances": instances, "drones": drones, "rate": rate, "messages": total,
                "publish_rate": total / publish_s, "ground_rate": final / elapsed, "ground_count": final,
                "per_instance": [ingested(p) or 0 for p in ports]}
    finally:
        registry.stop_all()


def markdown(results, note):
    lines = [
        "<!-- postgres:begin -->",
        "## Ground ingest on PostgreSQL: 1, 2 and 3 instances",
        "",
        "Same telemetry stream as the ingest benchmark above (QoS 0, FleetProtocol v1 JSON, K drones, fixed offered",
        "rate) into a local mosquitto; 1-3 `ground-control` instances with `--share-group ground` and one PostgreSQL",
        "(local, default settings, fsync on). Rate = N / (first publish until the instances' summed telemetry counters",
        f"reached N). {note}",
        "Regenerate: `python3 benchmarks/ingest/postgres.py --ground <ground-control binary> --write-docs`.",
        "",
        "| instances | drones | offered msg/s | N | published msg/s | ground msg/s (all instances) | handled per instance |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['instances']} | {r['drones']:,} | {r['rate']:,} | {r['messages']:,} | {r['publish_rate']:,.0f} | "
                     f"{r['ground_rate']:,.0f} | {' / '.join(f'{n:,}' for n in r['per_instance'])} |")
    lines.append("<!-- postgres:end -->")
    return "\n".join(lines)




def main():
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", help="instances:drones:rate:seconds[,...] instead of the default set")
    parser.add_argument("--note", default="", help="text added to the docs section (build type, host load)")
    args = parser.parse_args()
    ground_binary(args.ground)
    work = tempfile.mkdtemp(prefix="ingest-pg-bench-")
    os.chmod(work, 0o755)
    postgres = Postgres(work)
    results = []
    try:
        runs = [tuple(int(x) for x in r.split(":")) for r in args.runs.split(",")] if args.runs else RUNS
        for instances, drones, rate, seconds in runs:
            result = one_run(args.ground, postgres, instances, drones, rate, seconds, work)
            print(result, flush=True)
            results.append(result)
    finally:
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)
    section = markdown(results, args.note)
    print(section)
    if args.write_docs:
        write_section("postgres", section)


if __name__ == "__main__":
    sys.exit(main())
