"""firmware-sim: N simulated flight controllers on free UDP ports, with a UDP control port for faults."""
from __future__ import annotations

import json
import re
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from .process import ManagedProcess, ProcessRegistry


DEPOT_FIELDS = ("depotId", "lat", "lon", "pads", "chargePowerW", "swapSeconds", "mode")


def write_depots_file(path: Path, depots: Sequence[Mapping[str, Any]]) -> Path:
    """Writes the depots file firmware-sim and ground read; every entry needs exactly DEPOT_FIELDS."""
    for i, depot in enumerate(depots):
        missing = [f for f in DEPOT_FIELDS if f not in depot]
        extra = [f for f in depot if f not in DEPOT_FIELDS]
        if missing or extra:
            raise ValueError(f"depots[{i}]: missing {missing}, unknown {extra}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"depots": [dict(d) for d in depots]}, indent=1))
    return path


def accepts_option(executable: Path, option: str) -> bool:
    """Whether `executable --help` lists `option` (a flag another branch may not have added yet)."""
    try:
        run = subprocess.run([str(executable), "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return re.search(rf"(^|\s){re.escape(option)}\b", run.stdout + run.stderr) is not None


@dataclass(frozen=True)
class SimVehicle:
    index: int
    system_id: int
    port: int
    home: tuple[float, float, float]


class FirmwareSim:
    """One firmware-sim process for every drone of the lab.

    Ports are chosen by the simulator itself (`--base-port 0`) and read from its start-up lines, so
    nothing races for them; agents connect with `udpout://` and the simulator answers the first peer
    that spoke (another one after that peer has been silent for 3 s).
    """

    def __init__(self, executable: Path, directory: Path, homes: Sequence[tuple[float, float, float]],
                 registry: ProcessRegistry, speed: float = 10, seed: int = 1, extra: Sequence[str] = ()):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.speed = speed
        self.vehicles: list[SimVehicle] = []
        self.control_port: int | None = None
        # Vehicle index -> its ground-station MAVLink port, when started with --gcs-base-port.
        self.gcs_ports: dict[int, int] = {}
        config = directory / "vehicles.json"
        config.write_text(json.dumps({"vehicles": [{"lat": la, "lon": lo, "alt": al} for la, lo, al in homes]}, indent=1))
        argv = [executable, "--config", config, "--base-port", "0", "--remote-base-port", "0",
                "--control-port", "0", "--speed", str(speed), "--seed", str(seed), "--no-stdin", *extra]
        self.process = ManagedProcess("firmware-sim", argv, directory / "firmware-sim.log", registry=registry)

    def start(self, timeout: float = 30) -> "FirmwareSim":
        self.process.start()
        self.process.wait_for_log(r"^ready \d+ drones", timeout)
        text = self.process.log_text()
        self.vehicles = [
            SimVehicle(int(i), int(sysid), int(port), (float(la), float(lo), float(al)))
            for i, sysid, port, la, lo, al in re.findall(
                r"^drone (\d+) sysid (\d+) udp [\d.]+:(\d+) home ([-\d.]+),([-\d.]+),([-\d.]+)", text, re.M)
        ]
        self.gcs_ports = {int(i): int(port) for i, port in re.findall(r"^drone (\d+) gcs udp [\d.]+:(\d+)", text, re.M)}
        control = re.search(r"^control udp [\d.]+:(\d+)", text, re.M)
        self.control_port = int(control.group(1)) if control else None
        return self

    def stop(self) -> None:
        self.process.stop()

    def control(self, line: str, timeout: float = 5) -> str:
        """Sends one control line (see `firmware-sim --help`) and returns the reply; raises on `error:`."""
        if self.control_port is None:
            raise RuntimeError("firmware-sim has no control port")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.sendto(line.encode(), ("127.0.0.1", self.control_port))
            reply = s.recv(65536).decode(errors="replace").strip()
        if reply.startswith("error:"):
            raise RuntimeError(f"firmware-sim rejected {line!r}: {reply}")
        return reply

    def fault(self, index: int, kind: str, *args: object) -> str:
        return self.control(" ".join(["fault", str(index), kind, *map(str, args)]))

    def swap_battery(self, index: int) -> str:
        """Swaps the pack of a drone docked on a swap depot's pad (`swap-battery`); returns `ok swapping Ns`."""
        return self.control(f"swap-battery {index}")

    def status(self) -> list[str]:
        return self.control("status").splitlines()
