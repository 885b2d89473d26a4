"""ground-control on SQLite, with its HTTP API on a free loopback port."""
from __future__ import annotations

import secrets
from pathlib import Path

from .api import GroundAPI
from .net import free_tcp_port, wait_until
from .process import ManagedProcess, ProcessComponent, ProcessFailed, ProcessRegistry


class GroundControlProcess(ProcessComponent):
    """ground-control with a generated operator key, talking to the broker as `mqtt_user` (anonymous
    when None, as on the benchmarks' open broker).

    `database` defaults to ground.sqlite in `directory` (a postgres:// URL shares one database between
    instances); `telemetry_interval` None keeps ground's own default. `drones` are provisioned at start
    through `--drones-file` (ground believes only registered drones; others can register later through
    POST /v1/drones).
    """

    def __init__(self, executable: Path, directory: Path, mqtt_url: str, mqtt_user: str | None, mqtt_password: str | None,
                 registry: ProcessRegistry | None,
                 service_area: Path | None = None, http_port: int | None = None, extra: list[str] | None = None,
                 database: Path | str | None = None, telemetry_interval: float | None = 1,
                 drones: list[str] | None = None):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.database = database or directory / "ground.sqlite"
        self.http_port = http_port or free_tcp_port()
        self.operator_key = "sr_op_" + secrets.token_urlsafe(24)
        argv = [executable, "--http-host", "127.0.0.1", "--http-port", str(self.http_port),
                "--database", self.database, "--mqtt-url", mqtt_url]
        if telemetry_interval is not None:
            argv += ["--telemetry-interval", f"{telemetry_interval:g}"]
        if service_area:
            argv += ["--service-area", service_area]
        if drones:
            drones_file = directory / "drones.txt"
            drones_file.write_text("".join(f"{drone}\n" for drone in drones))
            argv += ["--drones-file", drones_file]
        argv += extra or []
        # Secrets go through the environment, as --help recommends (not visible in ps).
        env = {"SKYRELAY_OPERATOR_KEY": self.operator_key}
        if mqtt_user is not None:
            env.update({"SKYRELAY_MQTT_USERNAME": mqtt_user, "SKYRELAY_MQTT_PASSWORD": mqtt_password or ""})
        self.process = ManagedProcess("ground-control", argv, directory / "ground-control.log", env=env, registry=registry)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def api(self, key: str | None = None) -> GroundAPI:
        return GroundAPI(self.url, key)

    def operator(self) -> GroundAPI:
        return self.api(self.operator_key)

    def start(self, timeout: float = 30) -> "GroundControlProcess":
        super().start()
        api = self.api()

        def healthy() -> bool:
            if not self.process.running:
                raise ProcessFailed("ground-control", self.process.returncode, self.process.log)
            return api.health()

        wait_until(f"ground-control health on {self.url}", healthy, timeout)
        return self
