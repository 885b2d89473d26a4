"""Read-only checks of ground-control's SQLite: per-drone event log and delivery history."""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class EventLogReport:
    """Per drone: eventSeqs the ground stored, and what is wrong with them."""
    seqs: dict[str, list[int]]
    duplicates: dict[str, list[int]]
    gaps: dict[str, list[int]]
    # eventSeqs the agent allocated that the ground never stored (filled when agent tallies are given).
    missing_tail: dict[str, list[int]]

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.gaps or self.missing_tail)

    def describe(self) -> str:
        parts = []
        for name, problems in (("duplicate", self.duplicates), ("gap", self.gaps), ("never received", self.missing_tail)):
            for drone, seqs in sorted(problems.items()):
                parts.append(f"{drone}: {name} eventSeq {_ranges(seqs)}")
        counts = ", ".join(f"{d}: 1..{max(s)}" for d, s in sorted(self.seqs.items()) if s)
        return ("; ".join(parts) or "no gap, no duplicate") + f" (stored: {counts or 'nothing'})"


def connect_read_only(database: Path) -> sqlite3.Connection:
    """A read-only connection that never blocks the running ground-control (WAL readers do not)."""
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)


def event_log(database: Path, agent_last_seq: dict[str, int] | None = None) -> EventLogReport:
    """Checks that every drone's stored eventSeqs are 1..max with no hole and no repeat.

    With `agent_last_seq` (drone -> highest eventSeq the agent allocated, from its own SQLite), the
    stored log must also reach that number: nothing the drone recorded was lost on the way.
    """
    with connect_read_only(database) as db:
        rows = db.execute("SELECT drone_id, event_seq FROM drone_events ORDER BY drone_id, event_seq").fetchall()
    seqs: dict[str, list[int]] = defaultdict(list)
    for drone, seq in rows:
        seqs[drone].append(int(seq))
    duplicates, gaps, missing = {}, {}, {}
    for drone, values in seqs.items():
        seen, dup = set(), []
        for v in values:
            (dup.append(v) if v in seen else seen.add(v))
        if dup:
            duplicates[drone] = dup
        holes = sorted(set(range(1, max(values) + 1)) - seen)
        if holes:
            gaps[drone] = holes
    for drone, last in (agent_last_seq or {}).items():
        stored = set(seqs.get(drone, []))
        tail = [s for s in range(1, last + 1) if s not in stored and s not in gaps.get(drone, [])]
        if tail:
            missing[drone] = tail
    return EventLogReport(dict(seqs), duplicates, gaps, missing)


def drone_events(database: Path, drone: str) -> list[dict[str, Any]]:
    """The stored events of one drone in eventSeq order (kind, payload JSON text)."""
    with connect_read_only(database) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(
            "SELECT event_seq, kind, received_at, payload FROM drone_events WHERE drone_id = ? ORDER BY event_seq", (drone,))]


def delivery_history(database: Path, delivery_id: str) -> list[dict[str, Any]]:
    """Status changes of one delivery, oldest first."""
    with connect_read_only(database) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(
            "SELECT from_status, to_status, reason, at FROM delivery_history WHERE delivery_id = ? ORDER BY id", (delivery_id,))]


def _ranges(values: list[int]) -> str:
    """[1,2,3,7] -> '1-3, 7'."""
    out, start, prev = [], None, None
    for v in sorted(set(values)):
        if start is None:
            start = prev = v
        elif v == prev + 1:
            prev = v
        else:
            out.append(f"{start}-{prev}" if start != prev else f"{start}")
            start = prev = v
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else f"{start}")
    return ", ".join(out)
