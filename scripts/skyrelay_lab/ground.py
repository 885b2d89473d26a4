"""ground-control on SQLite, with its HTTP API on a free loopback port."""
from __future__ import annotations

import secrets
from pathlib import Path

from .api import GroundAPI
from .net import free_tcp_port, wait_until
from .process import ManagedProcess, ProcessFailed, ProcessRegistry


class GroundControlProcess:
    """ground-control with a generated operator key, talking to the broker as the `ground` user."""

    def __init__(self, executable: Path, directory: Path, mqtt_url: str, mqtt_user: str, mqtt_password: str,
                 registry: ProcessRegistry,
                 service_area: Path | None = None, http_port: int | None = None, extra: list[str] | None = None):
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.database = directory / "ground.sqlite"
        self.http_port = http_port or free_tcp_port()
        self.operator_key = "sr_op_" + secrets.token_urlsafe(24)
        argv = [executable, "--http-host", "127.0.0.1", "--http-port", str(self.http_port),
                "--database", self.database, "--mqtt-url", mqtt_url, "--telemetry-interval", "1"]
        if service_area:
            argv += ["--service-area", service_area]
        argv += extra or []
        # Secrets go through the environment, as --help recommends (not visible in ps).
        env = {"SKYRELAY_OPERATOR_KEY": self.operator_key, "SKYRELAY_MQTT_USERNAME": mqtt_user,
               "SKYRELAY_MQTT_PASSWORD": mqtt_password}
        self.process = ManagedProcess("ground-control", argv, directory / "ground-control.log", env=env, registry=registry)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def api(self, key: str | None = None) -> GroundAPI:
        return GroundAPI(self.url, key)

    def operator(self) -> GroundAPI:
        return self.api(self.operator_key)

    def start(self, timeout: float = 30) -> "GroundControlProcess":
        self.process.start()
        api = self.api()

        def healthy() -> bool:
            if not self.process.running:
                raise ProcessFailed("ground-control", self.process.returncode, self.process.log)
            return api.health()

        wait_until(f"ground-control health on {self.url}", healthy, timeout)
        return self

    def stop(self) -> None:
        self.process.stop()

    def kill9(self) -> None:
        self.process.kill9()

    def restart(self) -> None:
        self.stop()
        self.start()
