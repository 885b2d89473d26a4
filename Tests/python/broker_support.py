"""Runs the real deploy/broker configuration of Mosquitto in a temp dir for the deploy tests.

The only changes made to deploy/broker/mosquitto.conf are the ones a test machine forces: the
listeners move to free 127.0.0.1 ports, /etc/mosquitto/skyrelay/ and /var/lib/mosquitto/ move into
the temp dir, and logs go to a file the tests can show on failure. Everything else (TLS settings,
allow_anonymous, password file, ACL, persistence) is the deployed text itself. Certificates are
made with openssl, credentials with deploy/broker/issue-drone-credentials.
"""
import os
import re
import shutil
import socket
import ssl
import subprocess
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BROKER_DIR = os.path.join(REPO, "deploy", "broker")
ETC = "/etc/mosquitto/skyrelay/"
DATA = "/var/lib/mosquitto/"


def tool(name):
    """Path of a system tool, also looking in /usr/sbin (where Debian puts mosquitto)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if not found:
        raise RuntimeError(f"{name} not found: run scripts/install-deps")
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60, **kwargs)


def make_certificates(directory, host="127.0.0.1"):
    """A throw-away CA and a server certificate for `host` (IP SAN), written as ca.crt, server.crt, server.key."""
    def path(name):
        return os.path.join(directory, name)
    openssl = tool("openssl")
    run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=SkyRelay test CA",
         "-keyout", path("ca.key"), "-out", path("ca.crt")])
    run([openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={host}",
         "-keyout", path("server.key"), "-out", path("server.csr")])
    with open(path("server.ext"), "w") as f:
        f.write(f"subjectAltName=IP:{host},DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run([openssl, "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
         "-CAcreateserial", "-days", "2", "-extfile", path("server.ext"), "-out", path("server.crt")])
    return path("ca.crt")


def issue_credentials(password_file, ids):
    """Runs deploy/broker/issue-drone-credentials and returns {id: password} from its output."""
    env = dict(os.environ, PATH=os.environ.get("PATH", "") + ":/usr/sbin:/usr/bin")
    out = run([os.path.join(BROKER_DIR, "issue-drone-credentials"), password_file, *ids], env=env).stdout
    issued = dict(line.split(" ", 1) for line in out.strip().splitlines())
    return {k: v.strip() for k, v in issued.items()}


def adapt_config(text, directory, ports):
    """deploy's mosquitto.conf with ports ({1883: free, 8883: free, ...}), paths and log moved for a test run."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        listener = re.fullmatch(r"listener\s+(\d+)(\s+\S+)?", stripped)
        if listener:
            line = f"listener {ports[int(listener.group(1))]} 127.0.0.1"
        elif stripped.startswith("log_dest"):
            line = f"log_dest file {os.path.join(directory, 'mosquitto.log')}"
        line = line.replace(ETC, directory.rstrip("/") + "/").replace(DATA, os.path.join(directory, "data") + "/")
        lines.append(line)
    adapted = "\n".join(lines) + "\n"
    # Tests run as root on CI; mosquitto would otherwise switch to the 'mosquitto' user, which
    # cannot read a root-owned temp dir.
    if os.geteuid() == 0:
        adapted += "user root\n"
    return adapted


class Broker:
    """deploy/broker's Mosquitto on free loopback ports, with drone and service accounts issued.

    plain_port stands for 1883 (loopback, services), tls_port for 8883 (drones, TLS) and
    services_port for 8884 (services, TLS).
    """

    def __init__(self, directory, drones, services):
        self.directory = directory
        self.plain_port, self.tls_port, self.services_port = free_port(), free_port(), free_port()
        os.makedirs(os.path.join(directory, "data"), exist_ok=True)
        self.ca_file = make_certificates(directory)
        shutil.copy(os.path.join(BROKER_DIR, "acl"), os.path.join(directory, "acl"))
        self.passwords = issue_credentials(os.path.join(directory, "passwd"), drones)
        self.passwords.update(issue_credentials(os.path.join(directory, "services.passwd"), services))
        ports = {1883: self.plain_port, 8883: self.tls_port, 8884: self.services_port}
        with open(os.path.join(BROKER_DIR, "mosquitto.conf")) as f:
            self.config = adapt_config(f.read(), directory, ports)
        self.config_path = os.path.join(directory, "mosquitto.conf")
        with open(self.config_path, "w") as f:
            f.write(self.config)
        self.process = None

    def start(self, timeout=10):
        out = open(os.path.join(self.directory, "mosquitto.out"), "w")
        self.process = subprocess.Popen([tool("mosquitto"), "-c", self.config_path], stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited with {self.process.returncode}:\n{self.log()}")
            if self.accepts(self.plain_port) and all(map(self._tls_handshake_ok, (self.tls_port, self.services_port))):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"mosquitto did not listen within {timeout}s:\n{self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def log(self):
        text = ""
        for name in ("mosquitto.log", "mosquitto.out"):
            p = os.path.join(self.directory, name)
            if os.path.exists(p):
                text += open(p, errors="replace").read()
        return text

    @staticmethod
    def accepts(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    def _tls_handshake_ok(self, port):
        context = ssl.create_default_context(cafile=self.ca_file)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
                with context.wrap_socket(raw, server_hostname="127.0.0.1"):
                    return True
        except OSError:
            return False
