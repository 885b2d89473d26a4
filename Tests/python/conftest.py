"""Puts scripts/ on sys.path, so every test imports the one Python harness, skyrelay_lab, and starts
every selected HIL scenario (test_hil_*.py) in the background as soon as collection ends, so they
fly in parallel while pytest walks the tests in order (see hil_support.py)."""
import os
import sys
from pathlib import Path

# pymavlink picks its wire version and dialect once, when the first test module imports it: every test
# speaks MAVLink 2 with the common dialect, whichever module happens to import pymavlink first.
os.environ.setdefault("MAVLINK20", "1")

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    names = [item.name[len("test_"):] for item in session.items
             if item.module.__name__.startswith("test_hil_") and item.name.startswith("test_")]
    if not names:
        return
    import hil_support
    known = [n for n in names if n in hil_support.SCENARIOS]
    # Heaviest first, so the quick ones overlap with it.
    known.sort(key=lambda n: hil_support.SCENARIOS[n].weight, reverse=True)
    hil_support.RUNNER.schedule(known)
