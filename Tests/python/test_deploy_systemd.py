"""systemd units under deploy/: systemd-analyze accepts every key, and ExecStart uses real flags."""
import glob
import os
import re
import shlex
import shutil
import subprocess

import pytest

from skyrelay_lab.paths import REPO
from cli_support import swift_cli_flags

SOURCES = {"ground-control": "ground/Sources/ground-control", "drone-agent": "Sources/drone-agent"}
UNITS = sorted(glob.glob(os.path.join(REPO, "deploy", "*", "*.service")))


def exec_start(text):
    return shlex.split(re.search(r"^ExecStart=(.+)$", text, re.M).group(1))


@pytest.mark.parametrize("unit", UNITS, ids=[os.path.basename(u) for u in UNITS])
def test_systemd_accepts_the_unit(unit, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze not installed")
    text = open(unit).read()
    # verify also insists that the binary exists; the program itself is checked below.
    copy = tmp_path / os.path.basename(unit)
    copy.write_text(text.replace(exec_start(text)[0], "/bin/true", 1))
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60)
    complaints = [line for line in result.stderr.splitlines() if str(copy) in line]
    assert result.returncode == 0 and not complaints, result.stderr


@pytest.mark.parametrize("unit", UNITS, ids=[os.path.basename(u) for u in UNITS])
def test_exec_start_uses_real_flags(unit):
    argv = exec_start(open(unit).read())
    program = os.path.basename(argv[0])
    assert program in SOURCES, f"{unit}: unexpected program {argv[0]}"
    flags = swift_cli_flags(SOURCES[program])
    used = {a.split("=", 1)[0] for a in argv[1:] if a.startswith("--")}
    assert used <= flags, f"unknown {program} flags: {used - flags}"


def test_ground_unit_keeps_its_state_where_it_may_write():
    text = open(os.path.join(REPO, "deploy", "ground", "skyrelay-ground.service")).read()
    argv = exec_start(text)
    database = argv[argv.index("--database") + 1]
    state = re.search(r"^StateDirectory=(\S+)", text, re.M).group(1)
    assert os.path.dirname(database) == f"/var/lib/{state}"
    assert re.search(r"^ProtectSystem=strict", text, re.M) and f"ReadWritePaths=/var/lib/{state}" in text
    assert not re.search(r"^User=root", text, re.M)
