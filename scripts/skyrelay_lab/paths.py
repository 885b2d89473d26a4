"""Where the repository and the built executables are."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SWIFT_FALLBACK = "/opt/swift/usr/bin/swift"


def swift_executable() -> str:
    """`swift` from PATH, else the /opt/swift toolchain the README asks for."""
    return shutil.which("swift") or SWIFT_FALLBACK


_BIN_DIR_LOCK = threading.Lock()


def bin_dir(configuration: str = "debug") -> Path:
    """Directory of the built executables.

    SKYRELAY_BIN_DIR wins; otherwise `swift build --show-bin-path` is asked once per configuration
    (it only prints the path, it does not build). Parallel HIL scenarios ask at the same moment:
    concurrent SwiftPM invocations on one package fight over its lock, hence one at a time, cached.
    """
    env = os.environ.get("SKYRELAY_BIN_DIR")
    if env:
        return Path(env)
    with _BIN_DIR_LOCK:
        return _swiftpm_bin_dir(configuration)


@functools.lru_cache(maxsize=None)
def _swiftpm_bin_dir(configuration: str) -> Path:
    out = subprocess.run(
        [swift_executable(), "build", "-c", configuration, "--show-bin-path"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    return Path(out.stdout.strip())


def system_tool(name: str) -> str:
    """Absolute path of a system tool, also looking in /usr/sbin (mosquitto lives there on Debian)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/local/sbin")
    if not found:
        raise FileNotFoundError(f"{name} not found: run scripts/install-deps")
    return found
