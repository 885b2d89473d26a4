"""The whole system on loopback: broker, firmware-sim, one agent per drone, ground-control.

Used by scripts/demo and by the HIL tests (Tests/python/test_hil_*.py), so both start, break and
inspect the system the same way.
"""
from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .agent import DroneAgentProcess
from .api import APIError, GroundAPI
from .area import ZURICH, Place, ServiceArea
from .broker import GROUND_USER, Broker
from .eventlog import EventLogReport, event_log
from .ground import GroundControlProcess
from .net import wait_until
from .paths import bin_dir
from .process import ProcessRegistry
from .proxy import LinkRelay
from .sim import FirmwareSim, accepts_option, write_depots_file

TERMINAL = {"completed", "cancelled", "failed"}


@dataclass
class LabConfig:
    drones: int = 5
    speed: float = 10
    seed: int = 1
    area: ServiceArea = ZURICH
    # "debug" (tests) or "release" (demo); ignored when bin is given.
    configuration: str = "debug"
    bin: Path | None = None
    # Keep state here instead of a fresh temp dir (kept after stop either way).
    state_dir: Path | None = None
    # Route each agent's MQTT through a LinkRelay that can cut its "radio link".
    relays: bool = False
    # Battery pack of every drone (firmware-sim --battery-wh and the agent's vehicle.batteryCapacityWh).
    # Packs recover only on a depot's pad (`depots` below), and a delivery across the city costs 80-120 Wh,
    # so the stock 250 Wh pack with its 20 % reserve flies only two in a row; 500 Wh lets a drone fly
    # three or four, as a swapped pack would.
    battery_wh: float = 500
    agent_overrides: Mapping[str, Any] = field(default_factory=dict)
    sim_args: list[str] = field(default_factory=list)
    ground_args: list[str] = field(default_factory=list)
    # Depots with charging pads or battery swaps, in the depots-file format firmware-sim and ground's
    # planner share: [{"depotId": "d1", "lat": .., "lon": .., "pads": 4, "chargePowerW": 400,
    # "swapSeconds": 120, "mode": "charge" | "swap"}]. Written to the state directory and passed to
    # firmware-sim as --depots-file, and to ground-control too when its --help lists the option.
    depots: list[dict[str, Any]] | None = None
    id_prefix: str = "zrh"


@dataclass
class Booking:
    """A delivery the lab booked: the API's first answer and where it goes."""
    id: str
    status_code: int
    first: dict[str, Any]
    shop: Place | None
    dropoff: tuple[float, float]
    booked_at: float


class Lab:
    """Starts, breaks and inspects one complete SkyRelay system. Use as a context manager."""

    def __init__(self, config: LabConfig):
        self.config = config
        self.bin = config.bin or bin_dir(config.configuration)
        self.state = config.state_dir or Path(tempfile.mkdtemp(prefix="skyrelay-lab-"))
        self.state.mkdir(parents=True, exist_ok=True)
        self.registry = ProcessRegistry()
        self.drone_ids = [f"{config.id_prefix}-{i + 1:02d}" for i in range(config.drones)]
        self.homes = config.area.home_positions(config.drones)
        self.area_file = self.state / "service-area.geojson"
        self.area_file.write_text(config.area.geojson())
        self.broker = Broker(self.state / "broker", self.drone_ids, self.registry)
        self.depots_file: Path | None = None
        depot_args: list[str] = []
        ground_depot_args: list[str] = []
        if config.depots is not None:
            self.depots_file = write_depots_file(self.state / "depots.json", config.depots)
            depot_args = ["--depots-file", str(self.depots_file)]
            if accepts_option(self.bin / "ground-control", "--depots-file"):
                ground_depot_args = depot_args
        self.sim = FirmwareSim(self.bin / "firmware-sim", self.state / "sim", [h for _, h in self.homes],
                               self.registry, speed=config.speed, seed=config.seed,
                               extra=["--battery-wh", str(config.battery_wh), *depot_args, *config.sim_args])
        self.relays: dict[str, LinkRelay] = {}
        self.agents: dict[str, DroneAgentProcess] = {}
        self.ground = GroundControlProcess(self.bin / "ground-control", self.state / "ground",
                                           self.broker.services_url, GROUND_USER, self.broker.passwords[GROUND_USER], self.registry,
                                           service_area=self.area_file, extra=[*ground_depot_args, *config.ground_args],
                                           drones=self.drone_ids)
        self.business: GroundAPI | None = None
        self.bookings: list[Booking] = []
        self.stopped = False

    # Life cycle

    def __enter__(self) -> "Lab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, fleet_timeout: float = 60) -> None:
        """Broker, simulator, agents, ground; returns when every drone is online at the ground."""
        self.broker.start()
        self.sim.start()
        self.start_agents()
        self.ground.start()
        self.wait_fleet_online(fleet_timeout)

    def start_agents(self) -> None:
        """One agent per simulated vehicle, through a LinkRelay when the config asks for relays."""
        for vehicle, drone in zip(self.sim.vehicles, self.drone_ids):
            port = self.broker.port
            if self.config.relays:
                self.relays[drone] = LinkRelay(drone, self.broker.port)
                port = self.relays[drone].port
            self.start_agent(drone, port, vehicle.port)

    def start_agent(self, drone: str, mqtt_port: int, mavlink_port: int) -> DroneAgentProcess:
        """The lab's agent of `drone`, with MQTT to `mqtt_port` and MAVLink to `mavlink_port`."""
        agent = DroneAgentProcess(
            self.bin / "drone-agent", self.state / "agents" / drone, drone, self.broker.passwords[drone],
            mqtt_port, mavlink_port, self.registry, geofence=self.config.area.geofence(),
            overrides={"vehicle": {"batteryCapacityWh": self.config.battery_wh}, **self.config.agent_overrides},
        )
        self.agents[drone] = agent
        agent.start()
        return agent

    def stop(self) -> list[int]:
        """Stops every process this lab started (the broker last); returns pids left over (none expected)."""
        if self.stopped:
            return self.registry.leftovers()
        self.stopped = True
        self.registry.stop_all()
        for relay in self.relays.values():
            relay.close()
        return self.registry.leftovers()

    # Fleet

    def fleet(self) -> dict[str, dict[str, Any]]:
        """Drone id -> the ground's live state of it (operator API)."""
        return {d.get("droneID") or d.get("droneId") or d.get("id"): d for d in self.ground.operator().fleet()}

    def wait_fleet_online(self, timeout: float) -> None:
        def all_online() -> bool:
            try:
                fleet = self.fleet()
            except (OSError, APIError):
                return False
            return all(fleet.get(d, {}).get("online") for d in self.drone_ids)
        wait_until(f"{len(self.drone_ids)} drones online at ground-control", all_online, timeout, interval=0.25)

    def swap_battery(self, drone: str) -> str:
        """Orders a pack swap for `drone` on a swap depot's pad (firmware-sim `swap-battery`); raises with the
        simulator's reason when it refuses (armed, off a depot, a charge depot)."""
        return self.sim.swap_battery(self.sim_index(drone))

    def sim_index(self, drone: str) -> int:
        return self.drone_ids.index(drone)

    def agent_last_seqs(self) -> dict[str, int]:
        return {d: a.last_event_seq() for d, a in self.agents.items()}

    # Business

    def register_business(self, name: str = "Zurich Corner Shops") -> GroundAPI:
        registered = self.ground.api().register_business(name)
        self.business = self.ground.api(registered["apiKey"])
        return self.business

    def book(self, pickup: tuple[float, float], dropoff: tuple[float, float], shop: Place | None = None,
             weight_kg: float = 1.0) -> Booking:
        assert self.business is not None, "register_business() first"
        response = self.business.book(pickup, dropoff, weight_kg=weight_kg)
        booking = Booking(response.body["id"], response.status, response.body, shop, dropoff, time.time())
        self.bookings.append(booking)
        return booking

    def book_random(self, count: int, rng: random.Random | None = None) -> list[Booking]:
        rng = rng or random.Random(self.config.seed)
        out = []
        for _ in range(count):
            shop, dropoff = self.config.area.random_delivery(rng)
            out.append(self.book((shop.lat, shop.lon), dropoff, shop))
        return out

    def deliveries(self) -> dict[str, dict[str, Any]]:
        """Every delivery as the operator sees it, by id."""
        return {d["id"]: d for d in self.ground.operator().deliveries()}

    def wait_terminal(self, ids: Iterable[str], timeout: float, interval: float = 0.5) -> dict[str, dict[str, Any]]:
        """Waits until each delivery is completed, cancelled or failed; returns their final state."""
        wanted = set(ids)
        latest: dict[str, dict[str, Any]] = {}

        def done() -> bool:
            try:
                latest.update({k: v for k, v in self.deliveries().items() if k in wanted})
            except (OSError, APIError):
                return False
            return all(latest.get(i, {}).get("status") in TERMINAL for i in wanted)

        try:
            wait_until("every delivery in a terminal state", done, timeout, interval)
        except TimeoutError as error:
            open_ = {i: latest.get(i, {}).get("status") for i in wanted if latest.get(i, {}).get("status") not in TERMINAL}
            raise TimeoutError(f"{error}; still open: {open_}") from None
        return latest

    def wait_status(self, delivery_id: str, statuses: set[str], timeout: float) -> dict[str, Any]:
        """Waits until one delivery reaches any of `statuses`."""
        found: dict[str, Any] = {}

        def reached() -> bool:
            try:
                d = self.ground.operator().delivery(delivery_id)
            except (OSError, APIError):
                return False
            found.update(d)
            return d["status"] in statuses
        wait_until(f"{delivery_id} in {sorted(statuses)}", reached, timeout, interval=0.2)
        return found

    def wait_drone_phase(self, drone: str, phases: set[str], timeout: float) -> dict[str, Any]:
        """Waits until the ground sees `drone` in one of `phases` (from its live state)."""
        found: dict[str, Any] = {}

        def reached() -> bool:
            try:
                state = self.fleet().get(drone, {})
            except (OSError, APIError):
                return False
            found.update(state)
            return state.get("phase") in phases
        wait_until(f"{drone} in phase {sorted(phases)}", reached, timeout, interval=0.2)
        return found

    def event_log(self) -> EventLogReport:
        """The ground's per-drone event log (operator API) checked against what each agent allocated."""
        return event_log(self.ground.operator(), self.drone_ids, self.agent_last_seqs())

    def delivery_history(self, delivery_id: str) -> list[dict[str, Any]]:
        """A delivery's status changes, oldest first, as the operator reads them."""
        return self.ground.operator().delivery_history(delivery_id)

    def drone_events(self, drone: str) -> list[dict[str, Any]]:
        """Every event ground stored of `drone`, in eventSeq order (operator API)."""
        return self.ground.operator().drone_events(drone)

    def wait_event_log_complete(self, timeout: float = 30) -> EventLogReport:
        """Waits until the ground has stored every event each agent recorded (outboxes drain after faults)."""
        report: list[EventLogReport] = []

        def complete() -> bool:
            report[:] = [self.event_log()]
            return report[0].ok
        try:
            # A ground that is restarting answers nothing for a moment: ask again.
            wait_until("ground event log complete", complete, timeout, interval=0.5, ignore=(OSError, APIError))
        except TimeoutError:
            pass
        return report[0] if report else self.event_log()

    def paths(self) -> dict[str, Path]:
        """Where logs and databases are, for the summary."""
        return {
            "state": self.state,
            "ground database": self.ground.database,
            "ground log": self.ground.process.log,
            "broker log": self.broker.directory / "mosquitto.log",
            "simulator log": self.sim.process.log,
            "agent logs": self.state / "agents" / "<drone>" / "agent.log",
            "agent databases": self.state / "agents" / "<drone>" / "data" / "agent.sqlite",
        }
