"""Where the repository and the built executables are."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SWIFT_FALLBACK = "/opt/swift/usr/bin/swift"


def swift_executable() -> str:
    """`swift` from PATH, else the /opt/swift toolchain the README asks for."""
    return shutil.which("swift") or SWIFT_FALLBACK


def bin_dir(configuration: str = "debug") -> Path:
    """Directory of the built executables.

    SKYRELAY_BIN_DIR wins; otherwise `swift build --show-bin-path` is asked (it only prints the
    path, it does not build).
    """
    env = os.environ.get("SKYRELAY_BIN_DIR")
    if env:
        return Path(env)
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
