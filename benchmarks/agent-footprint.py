#!/usr/bin/env python3
"""Drone-agent footprint: memory (RSS, PSS, USS), CPU and time to first telemetry of one release
drone-agent at 10 Hz telemetry for 60 s.

Builds the release products (unless --skip-build), starts a mosquitto broker, one firmware-sim vehicle
(real time) and one drone-agent (telemetryRateHz 10), assigns it a delivery so the measurement covers a
flying drone (mission upload, progress, events), and samples /proc/<pid>/smaps_rollup (Rss, Pss,
Private_Clean + Private_Dirty = USS), /proc/<pid>/status RssAnon and /proc/<pid>/stat utime+stime once a
second. A subscriber on the telemetry topic, listening before the agent starts, times the first
telemetry message from the agent's start. As a reference it runs MAVSDK (the PyPI `mavsdk` wheel:
since 4.x an in-process C library, there is no separate mavsdk_server) against the same kind of
simulated drone, subscribed to position at 10 Hz, and measures that Python process the same way.

Writes its section of docs/benchmarks.md between `<!-- agent:begin -->` and `<!-- agent:end -->`.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [os.path.dirname(os.path.abspath(__file__)), str(ROOT / "scripts")]
from benchmarks_doc import goal_row, machine, mark, spread, summary_line, write_section  # noqa: E402
from skyrelay_lab.broker import OpenBroker  # noqa: E402
from skyrelay_lab.net import free_udp_port, wait_until  # noqa: E402
from skyrelay_lab.process import ManagedProcess, ProcessRegistry  # noqa: E402

HOME = (47.3769, 8.5417)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def memory_kb(pid):
    """Memory in kB: rss (VmRSS), anon (RssAnon: heap, stacks), pss (shared pages divided among the
    processes mapping them) and uss (pages only this process maps: what stopping it would free)."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon"):
                values[key] = int(rest.split()[0])
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Pss", "Private_Clean", "Private_Dirty"):
                values[key] = int(rest.split()[0])
    return {"rss": values.get("VmRSS", 0), "anon": values.get("RssAnon", 0), "pss": values.get("Pss", 0),
            "uss": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)}


def uss_parts_kb(pid, binary):
    """Where the USS is, in kB (from /proc/<pid>/smaps): the agent executable's own pages (its code, the
    statically linked packages' code and data), anonymous memory (heap, stacks) and the private pages of
    shared libraries (relocated data) and other files."""
    parts = {"executable": 0, "anonymous": 0, "libraries": 0}
    name = None
    real = os.path.realpath(binary)
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                path = fields[5] if len(fields) > 5 else ""
                name = ("executable" if path and os.path.realpath(path) == real
                        else "anonymous" if not path.startswith("/") else "libraries")
            elif fields[0] in ("Private_Clean:", "Private_Dirty:") and name:
                parts[name] += int(fields[1])
    return parts


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)


def sample(pid, seconds):
    """memory_kb samples every second and CPU share of one core over the window."""
    rss = []
    start_ticks, start = cpu_ticks(pid), time.monotonic()
    for _ in range(int(seconds)):
        time.sleep(1)
        rss.append(memory_kb(pid))
    cpu = (cpu_ticks(pid) - start_ticks) / CLK_TCK / (time.monotonic() - start)
    return rss, cpu


def destination(lat, lon, north_m, east_m):
    import math
    return lat + north_m / 111_320, lon + east_m / (111_320 * math.cos(math.radians(lat)))


def assign_command(drone, now_ms):
    pickup = destination(*HOME, 900, 0)
    dropoff = destination(*HOME, 900, 1200)
    return json.dumps({
        "v": 1, "type": "command", "commandId": f"bench-{now_ms}", "droneId": drone,
        "issuedAtMs": now_ms, "expiresAtMs": now_ms + 60_000, "kind": "assign",
        "assignment": {"assignmentId": "bench-a", "deliveryId": "bench-d",
                       "pickup": {"lat": pickup[0], "lon": pickup[1]},
                       "dropoff": {"lat": dropoff[0], "lon": dropoff[1]},
                       "payloadKg": 1.0, "cruiseAltitudeM": 40, "loadingSeconds": 30}})


def sim_argv(sim_bin, sim_port, remote_port=0):
    """One real-time firmware-sim vehicle at HOME listening on SIM_PORT (the same for every process measured)."""
    return [str(sim_bin), "--count", "1", "--around", f"{HOME[0]},{HOME[1]},400", "--base-port", str(sim_port),
            "--remote-base-port", str(remote_port), "--speed", "1", "--no-stdin"]


def measure_agent(agent_bin, sim_bin, seconds, work):
    registry = ProcessRegistry()
    sim_port = free_udp_port()
    counter = None
    try:
        # mosquitto_sub gives up at once on a refused connection: start() waits until the broker listens.
        broker_port = OpenBroker(work, registry).start().port
        ManagedProcess("firmware-sim", sim_argv(sim_bin, sim_port), work / "sim.log", registry=registry).start()
        (work / "agent.yaml").write_text(
            f"droneId: bench-1\nmqtt: {{ host: 127.0.0.1, port: {broker_port} }}\n"
            f"mavlinkUrl: udpout://127.0.0.1:{sim_port}\ndataDirectory: {work}/data\ntelemetryRateHz: 10\nlogLevel: info\n")
        # Counts telemetry (to check the rate really is 10 Hz while we measure) and times the first one:
        # subscribed before the agent starts, which a probe message on the same subscription shows.
        counter = subprocess.Popen(["stdbuf", "-oL", "mosquitto_sub", "-p", str(broker_port), "-t", "skyrelay/drones/bench-1/telemetry",
                                    "-t", "bench/probe", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        arrivals, probes = [], []
        threading.Thread(target=lambda: [(probes if line.startswith("bench/probe") else arrivals).append(time.monotonic())
                                         for line in counter.stdout], daemon=True).start()

        def probe_seen():
            subprocess.run(["mosquitto_pub", "-p", str(broker_port), "-t", "bench/probe", "-m", "1"], check=True)
            time.sleep(0.1)
            return bool(probes)
        wait_until("telemetry subscriber listening", probe_seen, 10, interval=0.1)
        started = time.monotonic()
        agent = ManagedProcess("drone-agent", [agent_bin, "--config", work / "agent.yaml"], work / "agent.log",
                               registry=registry).start()
        wait_until("agent online", lambda: "online" in subprocess.run(
            ["mosquitto_sub", "-p", str(broker_port), "-t", "skyrelay/drones/bench-1/state", "-C", "1", "-W", "2"],
            capture_output=True, text=True).stdout, 30, interval=0.2)
        time.sleep(3)  # home, GPS fix
        subprocess.run(["mosquitto_pub", "-p", str(broker_port), "-q", "1", "-t", "skyrelay/drones/bench-1/commands",
                        "-m", assign_command("bench-1", int(time.time() * 1000))], check=True)
        time.sleep(5)  # mission upload, takeoff
        window_start = time.monotonic()
        rss, cpu = sample(agent.pid, seconds)
        parts = uss_parts_kb(agent.pid, agent_bin)
        received = sum(1 for t in arrivals if t >= window_start)
        log = (work / "agent.log").read_text()
        if received == 0:
            print(f"no telemetry from {agent_bin}:\n{log[-3000:]}\n--- sim ---\n{(work / 'sim.log').read_text()[-1500:]}", file=sys.stderr)
        first = arrivals[0] - started if arrivals else None
        return {"rss": rss, "cpu": cpu, "telemetry": received, "first_telemetry": first, "uss_parts": parts,
                "phases": re.findall(r"phase=(\w+)", log)}
    finally:
        if counter is not None:
            counter.terminate()
            counter.wait(timeout=10)
        registry.stop_all()


MAVSDK_CLIENT = r"""
import asyncio, sys
from mavsdk.asyncio import Mavsdk, Configuration, ComponentType
from mavsdk.asyncio.plugins.telemetry import TelemetryAsync

async def main(url):
    async with Mavsdk(Configuration.create_with_component_type(ComponentType.GROUND_STATION)) as mavsdk:
        await mavsdk.add_any_connection(url)
        system = await mavsdk.first_autopilot(timeout_s=20.0)
        telemetry = TelemetryAsync(system)
        await telemetry.set_rate_position(10.0)
        print("ready", flush=True)
        count = 0
        async for _ in telemetry.subscribe_position():
            count += 1
            if count % 100 == 0:
                print("positions", count, flush=True)

asyncio.run(main(sys.argv[1]))
"""


def measure_mavsdk(sim_bin, seconds, work):
    try:
        import mavsdk  # noqa: F401
    except ImportError as error:
        return {"error": f"mavsdk not importable: {error}"}
    port = free_udp_port()
    sim_port = free_udp_port()
    sim = subprocess.Popen(sim_argv(sim_bin, sim_port, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (work / "mavsdk_client.py").write_text(MAVSDK_CLIENT)
    client = subprocess.Popen([sys.executable, str(work / "mavsdk_client.py"), f"udpin://0.0.0.0:{port}"],
                              stdout=subprocess.PIPE, stderr=open(work / "mavsdk.log", "w"), text=True)
    try:
        line = client.stdout.readline()
        if "ready" not in line:
            return {"error": f"MAVSDK client did not connect: {(work / 'mavsdk.log').read_text()[-500:]}"}
        time.sleep(3)
        rss, cpu = sample(client.pid, seconds)
        return {"rss": rss, "cpu": cpu}
    finally:
        client.terminate()
        sim.terminate()
        client.wait(timeout=10)
        sim.wait(timeout=10)




def measure_floor(binary, sim_bin, seconds, work):
    """The Swift floor (agent-floor.swift) sampled as the agent is, beside a firmware-sim as the agent's runs
    have one: the simulator is a Swift process too, so the Swift libraries are shared the same way."""
    registry = ProcessRegistry()
    try:
        ManagedProcess("firmware-sim", sim_argv(sim_bin, free_udp_port()), work / "sim.log", registry=registry).start()
        process = subprocess.Popen([str(binary)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            rss, cpu = sample(process.pid, seconds)
            parts = uss_parts_kb(process.pid, binary)
        finally:
            process.kill()
            process.wait()
    finally:
        registry.stop_all()
    return {"rss": rss, "cpu": cpu, "telemetry": 0, "uss_parts": parts}


def build_floor(work, static):
    """Compiles agent-floor.swift as the agent is built (-O; with the Swift runtime linked in when static)."""
    binary = work / ("agent-floor-static" if static else "agent-floor")
    command = ["swiftc", "-O", "-parse-as-library", str(Path(__file__).resolve().parent / "agent-floor.swift"),
               "-o", str(binary)]
    if static:
        command.insert(2, "-static-stdlib")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return binary


def mb(kb):
    return kb / 1024


USS_GOAL_MB, CPU_GOAL, FIRST_TELEMETRY_GOAL = 5, 0.01, 1.0


def mavsdk_version():
    try:
        from importlib.metadata import version
        return version("mavsdk")
    except Exception:  # noqa: BLE001 - only a label
        return "?"


def row(label, runs, seconds, telemetry=True):
    """A table row over RUNS (each a measure_* result): per-run maxima and CPU, as median (min–max);
    with the medians of RSS, USS, CPU share and time to first telemetry (None when not measured)."""
    peak = {key: [mb(max(m[key] for m in r["rss"])) for r in runs] for key in ("rss", "anon", "pss", "uss")}
    cpu = [r["cpu"] * 100 for r in runs]
    rate = spread((r["telemetry"] / seconds for r in runs), "{:.1f}") + " Hz" if telemetry else "-"
    firsts = [r["first_telemetry"] for r in runs if r.get("first_telemetry") is not None]
    first = spread(firsts, "{:.2f}") + " s" if firsts else "-"
    text = (f"| {label} | {spread(peak['rss'], '{:.1f}')} MB | {spread(peak['pss'], '{:.1f}')} MB | "
            f"{spread(peak['uss'], '{:.1f}')} MB | {spread(peak['anon'], '{:.1f}')} MB | {spread(cpu, '{:.2f}')} % | {rate} | {first} |")
    return (text, statistics.median(peak["rss"]), statistics.median(peak["uss"]), statistics.median(cpu) / 100,
            statistics.median(firsts) if firsts else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3, help="runs per process (median/min/max)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--scratch-path", default=str(ROOT / ".build-release"), help="release build of the dynamically linked agent and the sim")
    parser.add_argument("--static-scratch-path", default=str(ROOT / ".build-release-static"),
                        help="release build with --static-swift-stdlib (Swift runtime and Foundation linked in); skipped when absent")
    parser.add_argument("--no-static", action="store_true", help="neither build nor measure the --static-swift-stdlib agent")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument("--variant", action="append", default=[], metavar="LABEL=BINARY",
                        help="also measure this drone-agent binary (a build with other flags); repeatable")
    parser.add_argument("--only-variants", action="store_true", help="measure only the --variant binaries")
    parser.add_argument("--no-reference", action="store_true", help="leave out the MAVSDK reference")
    args = parser.parse_args()
    for tool in ("mosquitto", "mosquitto_sub", "mosquitto_pub", "stdbuf"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found (apt-get install mosquitto mosquitto-clients coreutils)")
    if not args.skip_build:
        for product in ("drone-agent", "firmware-sim"):
            subprocess.run(["swift", "build", "-c", "release", "--product", product, "--scratch-path", args.scratch_path],
                           cwd=ROOT, check=True)
        if not args.no_static:
            subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "drone-agent",
                            "--scratch-path", args.static_scratch_path], cwd=ROOT, check=True)
    sim_bin = Path(args.scratch_path) / "release" / "firmware-sim"
    variants = [("drone-agent (release, Swift runtime as shared libraries)", Path(args.scratch_path) / "release" / "drone-agent")]
    if not args.no_static:
        variants.append(("drone-agent (release, `--static-swift-stdlib`)", Path(args.static_scratch_path) / "release" / "drone-agent"))
    if args.only_variants:
        variants = []
    for variant in args.variant:
        label, _, binary = variant.partition("=")
        if not binary:
            raise SystemExit(f"--variant {variant!r}: expected LABEL=BINARY")
        variants.append((label, Path(binary)))
    results = []
    references = []
    floors = []
    with tempfile.TemporaryDirectory(prefix="agent-bench-") as tmp:
        # The platform's floor, measured in the same run and beside a simulator as the agent is, so that both
        # see the same sharing of the Swift libraries with other processes on the host.
        for static in ([False] if args.no_static else [False, True]):
            binary = build_floor(Path(tmp), static)
            runs = []
            for run in range(args.runs):
                work = Path(tmp) / f"floor{int(static)}-{run}"
                work.mkdir()
                runs.append(measure_floor(binary, sim_bin, min(args.seconds, 20), work))
            floors.append(("static" if static else "shared libs", runs))
            print("floor", floors[-1][0], [mb(max(m["uss"] for m in r["rss"])) for r in runs], flush=True)
        for index, (label, binary) in enumerate(variants):
            if not binary.exists():
                print(f"skipping {label}: {binary} not built", file=sys.stderr)
                continue
            runs = []
            for run in range(args.runs):
                work = Path(tmp) / f"agent{index}-{run}"
                work.mkdir()
                runs.append(measure_agent(binary, sim_bin, args.seconds, work))
                print(label, "run", run + 1, {k: v for k, v in runs[-1].items() if k != "rss"}, flush=True)
            results.append((label, runs))
        for run in range(0 if args.no_reference else args.runs):
            work = Path(tmp) / f"mavsdk-{run}"
            work.mkdir()
            reference = measure_mavsdk(sim_bin, args.seconds, work)
            print("MAVSDK run", run + 1, {k: v for k, v in reference.items() if k != "rss"}, flush=True)
            if "error" in reference:
                references = [reference]
                break
            references.append(reference)
    lines = [
        "## Drone agent footprint",
        "",
        "`benchmarks/agent-footprint.py`: one release `drone-agent` at `telemetryRateHz: 10` against one real-time",
        f"`firmware-sim` vehicle flying an assignment, mosquitto on loopback, sampled once a second for {args.seconds} s",
        "(`/proc/<pid>/smaps_rollup` Rss, Pss and USS = Private_Clean + Private_Dirty, `/proc/<pid>/status` RssAnon,",
        f"`/proc/<pid>/stat` utime+stime). {args.runs} runs per process, each with a fresh broker, simulator and agent:",
        "median (min–max) over runs of each run's maximum and its CPU share. *First telemetry*: from the agent's",
        "process start until its first telemetry message reached a subscriber already listening on the broker",
        "(the simulator is up and has a position before the agent starts).",
        f"Machine: {machine()}.",
        "",
        "| process | RSS max | PSS max | USS max | RssAnon max | CPU (share of one core) | telemetry received | first telemetry |",
        "|---|---|---|---|---|---|---|---|",
    ]
    verdicts, summary = [], []
    floor_uss = {kind: row(kind, runs, args.seconds, telemetry=False)[2] for kind, runs in floors}
    for label, runs in results:
        if any(r["telemetry"] == 0 for r in runs):
            print(f"warning: {label}: a run received no telemetry", file=sys.stderr)
        text, rss, uss, cpu, first = row(label, runs, args.seconds)
        lines.append(text)
        first_met = first is not None and first <= FIRST_TELEMETRY_GOAL
        verdicts.append(f"{label}: USS {uss:.1f} MB <= {USS_GOAL_MB} MB {mark(uss <= USS_GOAL_MB)} (RSS {rss:.1f} MB), "
                        f"CPU {cpu * 100:.2f} % <= 1 % {mark(cpu <= CPU_GOAL)}, first telemetry "
                        f"{'-' if first is None else f'{first:.2f} s'} <= 1 s {mark(first_met)}")
        short = ("shared libs" if label.startswith("drone-agent (release, Swift runtime") else
                 "static" if label.startswith("drone-agent (release, `--static") else label)
        floor = floor_uss.get("static" if short == "static" else "shared libs")
        beside = f"; Swift floor {floor:.1f} MB, {uss / floor:.2f}× it" if floor else ""
        summary.append(goal_row(f"drone-agent ({short}) USS at 10 Hz", f"{uss:.1f} MB (RSS {rss:.1f} MB; {uss / rss:.2f}× of RSS{beside})",
                                f"<= {USS_GOAL_MB} MB", uss <= USS_GOAL_MB))
        summary.append(goal_row(f"drone-agent ({short}) CPU at 10 Hz", f"{cpu * 100:.2f} % of a core", "<= 1 %", cpu <= CPU_GOAL))
        summary.append(goal_row(f"drone-agent ({short}) time to first telemetry",
                                "-" if first is None else f"{first:.2f} s", "<= 1 s", first_met))
    if references and "error" in references[0]:
        lines.append(f"| MAVSDK reference | n/a | n/a | n/a | n/a | n/a | {references[0]['error']} | - |")
    elif references:
        lines.append(row(f"MAVSDK {mavsdk_version()} reference (PyPI wheel: in-process C++ library + Python client, position at 10 Hz)",
                         references, args.seconds, telemetry=False)[0])
    for kind, runs in floors:
        label = ("Swift floor (agent-floor.swift: runtime, Concurrency, Foundation, JSON at 10 Hz, nothing else"
                 + (", `-static-stdlib`)" if kind == "static" else ")"))
        lines.append(row(label, runs, args.seconds, telemetry=False)[0])
    phases = " -> ".join(dict.fromkeys(results[0][1][0]["phases"])) if results else "-"
    parts = [f"{label}: " + ", ".join(f"{mb(statistics.median(r['uss_parts'][key] for r in runs)):.1f} MB {what}"
                                      for key, what in (("executable", "the executable's own pages"),
                                                        ("anonymous", "heap and stacks"),
                                                        ("libraries", "shared libraries' private pages")))
             for label, runs in results + [(f"Swift floor ({kind})", runs) for kind, runs in floors]]
    floor_text = ", ".join(f"{uss:.1f} MB ({kind})" for kind, uss in floor_uss.items())
    lines += [
        "",
        f"Phases the agent went through during a run: {phases}.",
        "Where the USS is (medians at the end of the window): " + "; ".join(parts) + ". The executable's pages",
        "are the code of the agent and of the packages linked into it (SwiftNIO, AsyncHTTPClient, GRDB, BoringSSL",
        "through swift-crypto, Yams) that the process has touched: nobody else maps that file, so they count as private.",
        "Goals (USS <= 5 MB, <= 1 % of a core, first telemetry <= 1 s), on the medians: " + "; ".join(verdicts) + ".",
        "RSS counts every mapped page of shared libraries (Swift runtime, Foundation, ICU, libc, libcrypto) even when",
        "other processes share them, as they do on a companion computer; PSS divides each shared page among the",
        "processes that map it; USS is what only the agent maps (what stopping it would free). RssAnon is its heap",
        "and stacks. The RSS figure is the ceiling USS and PSS are read against (its share in the summary). The MAVSDK row is a reference, not like-for-like: MAVSDK 4 has no",
        "separate `mavsdk_server` any more, so the measured process is a Python interpreter with the MAVSDK library",
        "loaded that only reads telemetry (no MQTT, no SQLite, no mission logic).",
        "The *Swift floor* rows are the ceiling of what code can save: a program with none of the agent's code that",
        "loads the Swift runtime, Concurrency and Foundation, encodes JSON and wakes at 10 Hz, measured in the same run",
        f"beside a firmware-sim as the agent is (the simulator maps the same Swift libraries): USS {floor_text}."
        + (" The USS goal is below the floor itself: no Swift program that links Foundation meets it on this host;"
           " what the agent adds over the floor is its own and its packages' pages." if floor_uss and min(floor_uss.values()) > USS_GOAL_MB else ""),
        "",
        summary_line(summary),
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("agent", text)


if __name__ == "__main__":
    main()
