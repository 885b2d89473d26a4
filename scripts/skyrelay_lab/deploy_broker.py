"""The real deploy/broker configuration of Mosquitto in a temp dir, for the deploy and broker tests.

The only changes made to deploy/broker/mosquitto.conf are the ones a test machine forces: the
listeners move to free 127.0.0.1 ports, /etc/mosquitto/skyrelay/ and /var/lib/mosquitto/ move into
the temp dir, and logs go to a file the tests can show on failure. Everything else (TLS settings,
allow_anonymous, password file, ACL, persistence, limits) is the deployed text itself. Certificates
are made with openssl, credentials with deploy/broker/issue-drone-credentials.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

from .broker import issue_credentials
from .net import accepts_connections, free_tcp_port, wait_until
from .paths import REPO, system_tool
from .process import ManagedProcess, ProcessComponent, ProcessFailed

BROKER_DIR = REPO / "deploy" / "broker"
ETC = "/etc/mosquitto/skyrelay/"
DATA = "/var/lib/mosquitto/"


def make_certificates(directory: Path, host: str = "127.0.0.1") -> Path:
    """A throw-away CA and a server certificate for `host` (IP SAN), written as ca.crt, server.crt, server.key."""
    openssl = system_tool("openssl")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True, text=True, timeout=60)

    def path(name: str) -> str:
        return str(directory / name)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=SkyRelay test CA",
        "-keyout", path("ca.key"), "-out", path("ca.crt"))
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={host}", "-keyout", path("server.key"), "-out", path("server.csr"))
    (directory / "server.ext").write_text(f"subjectAltName=IP:{host},DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
        "-CAcreateserial", "-days", "2", "-extfile", path("server.ext"), "-out", path("server.crt"))
    return directory / "ca.crt"


def adapt_config(text: str, directory: Path, ports: dict[int, int]) -> str:
    """deploy's mosquitto.conf with ports ({1883: free, 8883: free, ...}), paths and log moved for a test run."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        listener = re.fullmatch(r"listener\s+(\d+)(\s+\S+)?", stripped)
        if listener:
            line = f"listener {ports[int(listener.group(1))]} 127.0.0.1"
        elif stripped.startswith("log_dest"):
            line = f"log_dest file {directory / 'mosquitto.log'}"
        line = line.replace(ETC, str(directory) + "/").replace(DATA, str(directory / "data") + "/")
        lines.append(line)
    adapted = "\n".join(lines) + "\n"
    # Tests run as root on CI; mosquitto would otherwise switch to the 'mosquitto' user, which
    # cannot read a root-owned temp dir.
    if os.geteuid() == 0:
        adapted += "user root\n"
    return adapted


class DeployBroker(ProcessComponent):
    """deploy/broker's Mosquitto on free loopback ports, with drone and service accounts issued.

    plain_port stands for 1883 (loopback, services), tls_port for 8883 (drones, TLS) and
    services_port for 8884 (services, TLS).
    """

    def __init__(self, directory: Path | str, drones: list[str], services: list[str]):
        self.directory = Path(directory)
        self.plain_port, self.tls_port, self.services_port = free_tcp_port(), free_tcp_port(), free_tcp_port()
        (self.directory / "data").mkdir(parents=True, exist_ok=True)
        self.ca_file = make_certificates(self.directory)
        for acl in ("drones.acl", "services.acl"):
            shutil.copy(BROKER_DIR / acl, self.directory / acl)
        self.passwords = issue_credentials(self.directory / "passwd", drones)
        self.passwords.update(issue_credentials(self.directory / "services.passwd", services))
        ports = {1883: self.plain_port, 8883: self.tls_port, 8884: self.services_port}
        self.config = adapt_config((BROKER_DIR / "mosquitto.conf").read_text(), self.directory, ports)
        self.config_path = self.directory / "mosquitto.conf"
        self.config_path.write_text(self.config)
        self.process = ManagedProcess("mosquitto", [system_tool("mosquitto"), "-c", str(self.config_path)],
                                      self.directory / "mosquitto.out")

    def start(self, timeout: float = 10) -> "DeployBroker":
        super().start()
        wait_until(f"mosquitto listening on {self.plain_port}, {self.tls_port}, {self.services_port}", self._ready, timeout)
        return self

    def log(self) -> str:
        return "".join((self.directory / name).read_text(errors="replace")
                       for name in ("mosquitto.log", "mosquitto.out") if (self.directory / name).exists())

    def _ready(self) -> bool:
        if not self.process.running:
            raise ProcessFailed("mosquitto", self.process.returncode, self.process.log)
        return accepts_connections(self.plain_port) and all(map(self.tls_handshake_ok, (self.tls_port, self.services_port)))

    def tls_handshake_ok(self, port: int) -> bool:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
                with context.wrap_socket(raw, server_hostname="127.0.0.1"):
                    return True
        except OSError:
            return False
