"""The demo's service area: central Zurich, with drone depots and pickup shops at real places.

One definition feeds everything that needs the area: ground-control's GeoJSON service area, each
agent's geofence, the simulator's start positions and the delivery generator.
"""
from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from typing import Sequence

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ServiceArea:
    name: str
    # Outer ring, (lat, lon), not closed.
    boundary: tuple[tuple[float, float], ...]
    depots: tuple[Place, ...]
    shops: tuple[Place, ...]
    ground_altitude_m: float
    # A place clearly outside the area, for the rejection scenario.
    outside: Place

    def contains(self, lat: float, lon: float) -> bool:
        """Even-odd ray casting; exact enough for a city-sized polygon."""
        inside = False
        ring = self.boundary
        j = len(ring) - 1
        for i in range(len(ring)):
            (ai, bi), (aj, bj) = ring[i], ring[j]
            if (ai > lat) != (aj > lat) and lon < (bj - bi) * (lat - ai) / (aj - ai) + bi:
                inside = not inside
            j = i
        return inside

    def geojson(self) -> str:
        """The area as a GeoJSON Feature (coordinates are [lon, lat], ring closed)."""
        ring = [[lon, lat] for lat, lon in self.boundary] + [[self.boundary[0][1], self.boundary[0][0]]]
        return json.dumps({"type": "Feature", "properties": {"name": self.name},
                           "geometry": {"type": "Polygon", "coordinates": [ring]}}, indent=1)

    def geofence(self) -> list[dict[str, float]]:
        """The area as the agent's `geofence` list of {lat, lon} vertices."""
        return [{"lat": lat, "lon": lon} for lat, lon in self.boundary]

    def home_positions(self, count: int, spacing_m: float = 12.0) -> list[tuple[Place, tuple[float, float, float]]]:
        """Start position of each of `count` drones: round-robin over the depots, a few metres apart on a pad grid."""
        homes = []
        for i in range(count):
            depot = self.depots[i % len(self.depots)]
            slot = i // len(self.depots)
            north, east = (slot // 4) * spacing_m, (slot % 4) * spacing_m
            lat, lon = offset(depot.lat, depot.lon, north, east)
            homes.append((depot, (lat, lon, self.ground_altitude_m)))
        return homes

    def random_delivery(self, rng: random.Random, max_leg_m: float = 2000, min_leg_m: float = 500) -> tuple[Place, tuple[float, float]]:
        """A pickup at one of the shops and a drop-off inside the area between min and max leg length away."""
        shop = rng.choice(self.shops)
        for _ in range(10_000):
            bearing = rng.uniform(0, 2 * math.pi)
            distance = rng.uniform(min_leg_m, max_leg_m)
            lat, lon = offset(shop.lat, shop.lon, distance * math.cos(bearing), distance * math.sin(bearing))
            if self.contains(lat, lon):
                return shop, (round(lat, 6), round(lon, 6))
        raise RuntimeError(f"no drop-off found around {shop.name}")


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """The point `north_m`/`east_m` metres from (lat, lon) on a local flat-earth approximation."""
    dlat = math.degrees(north_m / EARTH_RADIUS_M)
    dlon = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _places(rows: Sequence[tuple[str, float, float]]) -> tuple[Place, ...]:
    return tuple(Place(n, la, lo) for n, la, lo in rows)


ZURICH = ServiceArea(
    name="Zurich city (Kreis 1-6, 10, 11, 12)",
    boundary=(
        (47.3480, 8.5000), (47.3700, 8.4800), (47.3950, 8.4800), (47.4180, 8.5250),
        (47.4180, 8.5800), (47.3950, 8.5900), (47.3600, 8.5800), (47.3480, 8.5500),
    ),
    depots=_places([
        ("Hauptbahnhof", 47.3779, 8.5403),
        ("Oerlikon", 47.4112, 8.5446),
        ("Altstetten", 47.3914, 8.4889),
        ("Stadelhofen", 47.3664, 8.5482),
        ("Wiedikon", 47.3713, 8.5235),
    ]),
    shops=_places([
        ("Bahnhofstrasse pharmacy", 47.3717, 8.5389),
        ("Niederdorf bakery", 47.3725, 8.5441),
        ("Langstrasse deli", 47.3786, 8.5262),
        ("Hardbruecke lab", 47.3853, 8.5170),
        ("Universitaetsspital", 47.3765, 8.5510),
        ("Seefeld florist", 47.3573, 8.5535),
        ("Schwamendingen market", 47.4050, 8.5710),
        ("Wipkingen books", 47.3931, 8.5287),
    ]),
    ground_altitude_m=410.0,
    outside=Place("Zurich Airport (outside the service area)", 47.4582, 8.5555),
)
