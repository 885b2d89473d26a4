"""One drone-agent per simulated drone, each with its own config file, password file and SQLite outbox."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Mapping

from .process import ManagedProcess, ProcessComponent, ProcessRegistry


class DroneAgentProcess(ProcessComponent):
    """A drone-agent configured for the lab: MQTT to `mqtt_port` as `drone_id`, MAVLink to the simulator's `sim_port`."""

    def __init__(self, executable: Path, directory: Path, drone_id: str, password: str, mqtt_port: int,
                 sim_port: int, registry: ProcessRegistry, geofence: list[dict[str, float]] | None = None,
                 overrides: Mapping[str, Any] | None = None):
        self.drone_id = drone_id
        self.executable = executable
        self.directory = directory
        self.data_dir = directory / "data"
        directory.mkdir(parents=True, exist_ok=True)
        password_file = directory / "mqtt.password"
        password_file.write_text(password)
        password_file.chmod(0o600)
        config: dict[str, Any] = {
            "droneId": drone_id,
            "mqtt": {"host": "127.0.0.1", "port": mqtt_port, "passwordFile": str(password_file), "keepAliveSeconds": 5},
            "mavlinkUrl": f"udpout://127.0.0.1:{sim_port}",
            "dataDirectory": str(self.data_dir),
            "telemetryRateHz": 2,
            "logLevel": "info",
        }
        if geofence:
            config["geofence"] = geofence
        config.update(overrides or {})
        self.config_file = directory / "agent.yaml"
        # JSON is YAML: no YAML writer needed.
        self.config_file.write_text(json.dumps(config, indent=1))
        self.process = ManagedProcess(f"drone-agent {drone_id}", [executable, "--config", self.config_file],
                                      directory / "agent.log", registry=registry)

    def outbox(self) -> dict[str, Any]:
        """`drone-agent outbox`: lastEventSeq, pendingEvents, deadLetters and the current assignment's
        assignmentId, deliveryId and phase, read by the agent's own code (safe while it runs)."""
        out = subprocess.run([str(self.executable), "outbox", "--config", str(self.config_file)],
                             capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise RuntimeError(f"drone-agent outbox for {self.drone_id} exited {out.returncode}: {out.stderr.strip()}")
        return json.loads(out.stdout)

    def last_event_seq(self) -> int:
        """The highest eventSeq the agent has allocated (0 before its first event)."""
        return int(self.outbox()["lastEventSeq"])

    def pending_outbox(self) -> int:
        """Events not yet acknowledged by the broker."""
        return int(self.outbox()["pendingEvents"])
