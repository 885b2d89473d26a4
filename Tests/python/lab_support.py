"""Makes scripts/skyrelay_lab importable from the Python tests (the orchestrator shared with scripts/demo)."""
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
