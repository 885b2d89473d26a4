"""Starts a built firmware-sim for the Python peer tests (builds nothing itself), on skyrelay_lab's
paths and waiting."""
import re
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from skyrelay_lab.net import wait_until
from skyrelay_lab.paths import bin_dir


@dataclass
class RunningSim:
    ports: list      # UDP port of each vehicle, in index order
    control: int     # control port (UDP, loopback)
    log: str         # path of the combined stdout/stderr log
    process: subprocess.Popen

    def log_text(self) -> str:
        return Path(self.log).read_text()

    def wait_for_log(self, text: str, timeout: float = 10) -> None:
        wait_until(f"{text!r} in the firmware-sim log {self.log}", lambda: text in self.log_text(), timeout)


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
        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"firmware-sim exited {proc.returncode}:\n{Path(log.name).read_text()}")
            return "ready" in Path(log.name).read_text()
        wait_until(f"firmware-sim ready (log {log.name})", ready, 20)
        text = Path(log.name).read_text()
        ports = [int(p) for p in re.findall(r"^drone \d+ sysid \d+ udp [\d.]+:(\d+)", text, re.M)]
        control = re.search(r"^control udp [\d.]+:(\d+)", text, re.M)
        yield RunningSim(ports, int(control.group(1)) if control else None, log.name, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
