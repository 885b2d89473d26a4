"""Checks of the event log ground stored per drone, read through the operator API (never its tables)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .api import GroundAPI


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


def event_log(operator: GroundAPI, drones: Iterable[str], agent_last_seq: Mapping[str, int] | None = None) -> EventLogReport:
    """The stored event log of each drone (GET /v1/fleet/{id}/events with the operator key), checked by `check_event_log`."""
    stored: dict[str, list[int]] = {}
    for drone in drones:
        extent = operator.event_log_extent(drone)
        if extent is None:
            continue
        through, above = extent
        seqs = [*range(1, through + 1), *above]
        if seqs:
            stored[drone] = seqs
    return check_event_log(stored, agent_last_seq)


def check_event_log(stored: Mapping[str, list[int]], agent_last_seq: Mapping[str, int] | None = None) -> EventLogReport:
    """Checks that every drone's stored eventSeqs are 1..max with no hole and no repeat.

    With `agent_last_seq` (drone -> highest eventSeq the agent allocated, from `drone-agent outbox`),
    the stored log must also reach that number: nothing the drone recorded was lost on the way.
    """
    seqs = {drone: sorted(values) for drone, values in stored.items() if values}
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
        present = set(seqs.get(drone, []))
        tail = [s for s in range(1, last + 1) if s not in present and s not in gaps.get(drone, [])]
        if tail:
            missing[drone] = tail
    return EventLogReport(seqs, duplicates, gaps, missing)


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
