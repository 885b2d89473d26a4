"""Live delivery board for the terminal and the end-of-run summary, from the ground's API."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any, Sequence

from .api import APIError, parse_time
from .area import distance_m
from .lab import TERMINAL, Booking, Lab

# Phases the ground reports for a drone, shortened for the table.
PHASE_LABELS = {
    "received": "received", "accepted": "accepted", "preflight": "preflight", "takeoff": "takeoff",
    "enRouteToPickup": "to pickup", "atPickup": "loading", "enRouteToDropoff": "to dropoff",
    "atDropoff": "dropping", "returning": "returning", "landed": "landed", "completed": "done",
    "aborted": "aborted", "rejected": "rejected",
}


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(round(seconds)))
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


@dataclass
class Snapshot:
    """One poll of the ground: deliveries by id and the drones' live states by id."""
    taken_at: float
    deliveries: dict[str, dict[str, Any]]
    fleet: dict[str, dict[str, Any]]


class DeliveryBoard:
    """Polls the ground (operator view) and renders one row per booked delivery.

    ETAs from the ground are flight-time estimates; under `--speed K` the simulator flies K times
    faster than the wall clock, so countdowns shown are the ground's estimate divided by K.
    """

    def __init__(self, lab: Lab, bookings: Sequence[Booking]):
        self.lab = lab
        self.bookings = list(bookings)
        self.speed = lab.config.speed
        self.snapshot = Snapshot(time.time(), {}, {})
        self.started = time.time()
        self._last_status: dict[str, str] = {}

    def poll(self) -> Snapshot:
        try:
            self.snapshot = Snapshot(time.time(), self.lab.deliveries(), self.lab.fleet())
        except (OSError, APIError):
            pass  # ground restarting: keep the last picture
        return self.snapshot

    def all_terminal(self) -> bool:
        return all(self.snapshot.deliveries.get(b.id, {}).get("status") in TERMINAL for b in self.bookings)

    def changes(self) -> list[str]:
        """Status changes since the previous call, one line each (for non-terminal output and logs)."""
        lines = []
        for i, b in enumerate(self.bookings, 1):
            d = self.snapshot.deliveries.get(b.id)
            if not d:
                continue
            status = d["status"]
            if self._last_status.get(b.id) != status:
                self._last_status[b.id] = status
                extra = f" ({d['reason']})" if d.get("reason") else ""
                lines.append(f"[{clock(time.time() - self.started)}] #{i:<2} {b.id[:16]} {d.get('droneId') or '-':>7} {status}{extra}")
        return lines

    def render(self) -> str:
        now = self.snapshot.taken_at
        counts: dict[str, int] = {}
        rows = [f"{'#':>3}  {'delivery':<16} {'pickup':<22} {'km':>4} {'drone':<7} {'status':<16} {'drone phase':<11} {'ETA':>6}  {'age':>5}"]
        for i, b in enumerate(self.bookings, 1):
            d = self.snapshot.deliveries.get(b.id, b.first)
            status = d.get("status", "?")
            counts[status] = counts.get(status, 0) + 1
            drone = d.get("droneId") or "-"
            phase = ""
            live = self.snapshot.fleet.get(drone)
            if live and status not in TERMINAL:
                phase = PHASE_LABELS.get(live.get("phase") or "", live.get("phase") or "")
            eta = parse_time((d.get("eta") or {}).get("dropoff"))
            countdown = clock((eta - now) / self.speed) if eta and status not in TERMINAL | {"delivered"} else ""
            km = distance_m((d["pickup"]["lat"], d["pickup"]["lon"]), (d["dropoff"]["lat"], d["dropoff"]["lon"])) / 1000
            shown = status if not d.get("reason") or status not in TERMINAL else f"{status}: {d['reason']}"
            rows.append(f"{i:>3}  {b.id[:16]:<16} {(b.shop.name if b.shop else '-')[:22]:<22} {km:>4.1f} {drone:<7} "
                        f"{shown[:16]:<16} {phase[:11]:<11} {countdown:>6}  {clock(now - b.booked_at):>5}")
        summary = "  ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        header = (f"SkyRelay live - {len(self.bookings)} deliveries, {len(self.lab.drone_ids)} drones, sim x{self.speed:g}, "
                  f"elapsed {clock(now - self.started)}   [{summary}]")
        return "\n".join([header, *rows])


@dataclass
class Summary:
    delivered: int
    failed: int
    cancelled: int
    unfinished: int
    mean_delivery_wall_s: float | None
    mean_delivery_sim_s: float | None
    eta_errors_sim_s: list[float]
    reasons: dict[str, int]

    @property
    def mean_eta_error_s(self) -> float | None:
        return statistics.fmean(self.eta_errors_sim_s) if self.eta_errors_sim_s else None

    @property
    def mean_abs_eta_error_s(self) -> float | None:
        return statistics.fmean(abs(e) for e in self.eta_errors_sim_s) if self.eta_errors_sim_s else None


def summarize(deliveries: Sequence[dict[str, Any]], speed: float) -> Summary:
    """Delivered/failed counts, mean booking-to-handover time and the error of each first drop-off ETA.

    Durations are wall seconds and, multiplied by `speed`, simulated (flight) seconds. The ETA error is
    (actual - first estimate) of the drop-off time measured from scheduling, in flight seconds: positive
    means the drone was later than first promised.
    """
    delivered = [d for d in deliveries if "delivered" in (d.get("statusTimes") or {})]
    durations = [parse_time(d["statusTimes"]["delivered"]) - parse_time(d["createdAt"]) for d in delivered]
    errors = []
    for d in delivered:
        scheduled = parse_time((d.get("statusTimes") or {}).get("scheduled"))
        first = parse_time((d.get("initialEta") or {}).get("dropoff"))
        if scheduled and first:
            actual = (parse_time(d["statusTimes"]["delivered"]) - scheduled) * speed
            errors.append(actual - (first - scheduled))
    reasons: dict[str, int] = {}
    for d in deliveries:
        if d["status"] in ("failed", "cancelled"):
            key = f"{d['status']}: {d.get('reason') or 'no reason'}"
            reasons[key] = reasons.get(key, 0) + 1
    return Summary(
        delivered=len(delivered),
        failed=sum(d["status"] == "failed" for d in deliveries),
        cancelled=sum(d["status"] == "cancelled" for d in deliveries),
        unfinished=sum(d["status"] not in TERMINAL for d in deliveries),
        mean_delivery_wall_s=statistics.fmean(durations) if durations else None,
        mean_delivery_sim_s=statistics.fmean(durations) * speed if durations else None,
        eta_errors_sim_s=errors,
        reasons=reasons,
    )
