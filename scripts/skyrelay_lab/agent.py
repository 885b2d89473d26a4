"""One drone-agent per simulated drone, each with its own config file, password file and SQLite outbox."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Mapping

from .process import ManagedProcess, ProcessRegistry


class DroneAgentProcess:
    """A drone-agent configured for the lab: MQTT to `mqtt_port` as `drone_id`, MAVLink to the simulator's `sim_port`."""

    def __init__(self, executable: Path, directory: Path, drone_id: str, password: str, mqtt_port: int,
                 sim_port: int, registry: ProcessRegistry, geofence: list[dict[str, float]] | None = None,
                 overrides: Mapping[str, Any] | None = None):
        self.drone_id = drone_id
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

    @property
    def database(self) -> Path:
        return self.data_dir / "agent.sqlite"

    def start(self) -> "DroneAgentProcess":
        self.process.start()
        return self

    def stop(self) -> None:
        self.process.stop()

    def kill9(self) -> None:
        self.process.kill9()

    def restart(self) -> None:
        self.stop()
        self.start()

    def last_event_seq(self) -> int:
        """The highest eventSeq the agent has allocated (0 before its first event), read-only from its SQLite."""
        if not self.database.exists():
            return 0
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'nextEventSeq'").fetchone()
        return int(row[0]) - 1 if row else 0

    def pending_outbox(self) -> int:
        """Events not yet acknowledged by the broker."""
        if not self.database.exists():
            return 0
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])
