"""Starts a built firmware-sim for the Python peer tests (builds nothing itself)."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def bin_dir() -> Path:
    """SKYRELAY_BIN_DIR, else `swift build --show-bin-path` (only asks the path, does not build)."""
    env = os.environ.get("SKYRELAY_BIN_DIR")
    if env:
        return Path(env)
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    out = subprocess.run([swift, "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningSim:
    ports: list      # UDP port of each vehicle, in index order
    control: int     # control port (UDP, loopback)
    log: str         # path of the combined stdout/stderr log
    process: subprocess.Popen

    def log_text(self) -> str:
        return Path(self.log).read_text()


@contextmanager
def firmware_sim(*extra: str, count: int = 1, speed: float = 10, remote_base_port: int = 0, stdin_commands: bool = False):
    """Runs firmware-sim on free ports; yields a RunningSim.

    stdin_commands: keep stdin open as a pipe (control lines go to process.stdin) instead of --no-stdin.

    remote_base_port 0: each vehicle answers whoever talks to it first; otherwise vehicle i also sends
    to 127.0.0.1:(remote_base_port + i) before anyone talks (PX4 SITL's 14540 convention)."""
    exe = bin_dir() / "firmware-sim"
    if not exe.exists():
        raise FileNotFoundError(f"{exe} missing: run `swift build` first")
    log = tempfile.NamedTemporaryFile(prefix="firmware-sim-", suffix=".log", delete=False)
    args = [str(exe), "--count", str(count), "--around", "47.397742,8.545594,488", "--radius", "50",
            "--base-port", "0", "--remote-base-port", str(remote_base_port), "--control-port", "0", "--speed", str(speed),
            "--seed", "7", *([] if stdin_commands else ["--no-stdin"]), *extra]
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.PIPE if stdin_commands else subprocess.DEVNULL, text=True)
    try:
        deadline = time.time() + 20
        text = ""
        while time.time() < deadline:
            text = Path(log.name).read_text()
            if "ready" in text:
                break
            if proc.poll() is not None:
                raise RuntimeError(f"firmware-sim exited {proc.returncode}:\n{text}")
            time.sleep(0.05)
        else:
            raise TimeoutError(f"firmware-sim not ready:\n{text}")
        ports = [int(p) for p in re.findall(r"^drone \d+ sysid \d+ udp [\d.]+:(\d+)", text, re.M)]
        control = re.search(r"^control udp [\d.]+:(\d+)", text, re.M)
        yield RunningSim(ports, int(control.group(1)) if control else None, log.name, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
