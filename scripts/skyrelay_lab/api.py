"""A small client of ground-control's HTTP API (docs/openapi.json), stdlib only."""
from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator
from urllib.parse import quote, urlencode, urlsplit


class APIError(RuntimeError):
    """A non-2xx answer; `body` is the decoded JSON error document when there is one."""

    def __init__(self, method: str, path: str, status: int, body: Any):
        self.status = status
        self.body = body
        self.code = body.get("error", {}).get("code") if isinstance(body, dict) else None
        self.field = body.get("error", {}).get("field") if isinstance(body, dict) else None
        self.message = body.get("error", {}).get("message") if isinstance(body, dict) else str(body)
        super().__init__(f"{method} {path} -> {status}: {body}")


@dataclass(frozen=True)
class Response:
    status: int
    body: Any


def parse_time(text: str | None) -> float | None:
    """An RFC 3339 timestamp from the API as epoch seconds."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class GroundAPI:
    """Calls ground-control at `base_url` with an optional bearer key (business API key or operator key)."""

    def __init__(self, base_url: str, key: str | None = None, timeout: float = 10):
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.key = key
        self.timeout = timeout

    def with_key(self, key: str) -> "GroundAPI":
        return GroundAPI(self.base_url, key, self.timeout)

    def request(self, method: str, path: str, body: Any = None, ok: tuple[int, ...] = (200, 201, 202)) -> Response:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        try:
            decoded: Any = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            decoded = raw.decode(errors="replace")
        if response.status not in ok:
            raise APIError(method, path, response.status, decoded)
        return Response(response.status, decoded)

    # Businesses and deliveries

    def register_business(self, name: str) -> dict[str, Any]:
        """POST /v1/businesses; the answer holds the API key (shown once)."""
        return self.request("POST", "/v1/businesses", {"name": name}).body

    def book(self, pickup: tuple[float, float], dropoff: tuple[float, float], weight_kg: float = 1.0,
             size: str = "small") -> Response:
        """POST /v1/deliveries: 201 scheduled (with ETA) or 202 queued."""
        return self.request("POST", "/v1/deliveries", {
            "pickup": {"lat": pickup[0], "lon": pickup[1]},
            "dropoff": {"lat": dropoff[0], "lon": dropoff[1]},
            "weightKg": weight_kg, "size": size,
        })

    def delivery(self, delivery_id: str) -> dict[str, Any]:
        return self.request("GET", f"/v1/deliveries/{delivery_id}").body

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        """Every delivery visible to the key, following `nextCursor` pages."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            query = {**filters, "limit": 100, **({"cursor": cursor} if cursor else {})}
            page = self.request("GET", "/v1/deliveries?" + urlencode(query)).body
            items += page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return items

    def depot_swaps(self, depot_id: str) -> dict[str, Any]:
        """GET /v1/depots/{id}/swaps (operator key): the depot's work list of pack swaps, open ones first."""
        return self.request("GET", f"/v1/depots/{quote(depot_id, safe='')}/swaps").body

    def fleet(self) -> list[dict[str, Any]]:
        body = self.request("GET", "/v1/fleet").body
        return body["drones"] if isinstance(body, dict) and "drones" in body else body

    def register_drone(self, drone_id: str) -> dict[str, Any]:
        """POST /v1/drones (operator key): the entry and the broker credentials, shown once."""
        return self.request("POST", "/v1/drones", {"droneId": drone_id}, ok=(201,)).body

    def registered_drones(self) -> list[dict[str, Any]]:
        """GET /v1/drones (operator key): every registered drone, active and retired."""
        return self.request("GET", "/v1/drones").body["drones"]

    def retire_drone(self, drone_id: str) -> dict[str, Any]:
        return self.request("POST", f"/v1/drones/{drone_id}/retire").body

    def delivery_history(self, delivery_id: str) -> list[dict[str, Any]]:
        """GET /v1/deliveries/{id}/history: status changes oldest first ({from?, to, reason?, at})."""
        return self.request("GET", f"/v1/deliveries/{delivery_id}/history").body["changes"]

    def drone_events(self, drone_id: str, after: int = 0) -> list[dict[str, Any]]:
        """Every stored event of a drone above eventSeq `after` (operator key), following `nextAfter` pages."""
        events: list[dict[str, Any]] = []
        while True:
            page = self.request("GET", f"/v1/fleet/{drone_id}/events?" + urlencode({"after": after, "limit": 1000})).body
            events += page["events"]
            if page.get("nextAfter") is None:
                return events
            after = page["nextAfter"]

    def event_log_extent(self, drone_id: str) -> tuple[int, list[int]] | None:
        """(contiguousThrough, storedAbove) of a drone's stored event log; None when ground does not know the drone."""
        try:
            page = self.request("GET", f"/v1/fleet/{drone_id}/events?limit=1").body
        except APIError as error:
            if error.status == 404:
                return None
            raise
        return page["contiguousThrough"], page["storedAbove"]

    def health(self) -> bool:
        try:
            return self.request("GET", "/health").status == 200
        except (OSError, APIError):
            return False

    def track(self, delivery_id: str, timeout: float = 60) -> Iterator[tuple[str, Any]]:
        """GET /v1/deliveries/{id}/track: yields (event, data) per Server-Sent Event until the server closes."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        headers = {"Accept": "text/event-stream"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        try:
            conn.request("GET", f"/v1/deliveries/{delivery_id}/track", headers=headers)
            response = conn.getresponse()
            if response.status != 200:
                raise APIError("GET", f"/v1/deliveries/{delivery_id}/track", response.status, response.read().decode(errors="replace"))
            yield from parse_sse(response)
        finally:
            conn.close()


def parse_sse(stream: Any) -> Iterator[tuple[str, Any]]:
    """Server-Sent Events from a byte stream with readline(): (event name, JSON-decoded data); comments skipped."""
    event, data = "message", []
    while True:
        line = stream.readline()
        if not line:
            return
        text = line.decode(errors="replace").rstrip("\r\n")
        if not text:
            if data:
                payload = "\n".join(data)
                try:
                    yield event, json.loads(payload)
                except json.JSONDecodeError:
                    yield event, payload
            event, data = "message", []
        elif text.startswith(":"):
            continue
        elif text.startswith("event:"):
            event = text[6:].strip()
        elif text.startswith("data:"):
            data.append(text[5:].lstrip())
