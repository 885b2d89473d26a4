"""Webhooks to a real receiver and operator alerts on the fleet page, against a whole running system.

mosquitto + firmware-sim (1 vehicle) + drone-agent + ground-control, as the HIL lab starts them. The
receiver is Python's http.server on 127.0.0.1: an independent peer that checks every request's
`SkyRelay-Signature` with the standard library's hmac, as docs/operations.md tells receivers to. The
failure paths: a receiver that is down and comes up later, a receiver slower than ground's timeout,
and an endpoint that keeps failing, which opens an alert the browser test acknowledges and resolves.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest
from selenium.webdriver.common.by import By

from skyrelay_lab import ZURICH, Lab, LabConfig
from skyrelay_lab.net import free_tcp_port, wait_until
from web_support import chromium, screenshot, wait_for

TOLERANCE = 300


def signature_valid(secret: str, header: str | None, body: bytes) -> bool:
    """The receiver's check from docs/operations.md §7."""
    if not header:
        return False
    parts = dict(part.split("=", 1) for part in header.split(","))
    if abs(time.time() - int(parts["t"])) > TOLERANCE:
        return False
    mac = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, parts.get("v1", ""))


class Receiver:
    """A webhook receiver on a fixed port that can be started late, answer slowly, and records what
    it accepted (de-duplicated by Idempotency-Key, as a receiver should)."""

    def __init__(self, port: int | None = None, delay: float = 0.0):
        self.port = port or free_tcp_port()
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.secret = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                entry = {"body": body, "signature": self.headers.get("SkyRelay-Signature"),
                         "key": self.headers.get("Idempotency-Key"), "event": self.headers.get("SkyRelay-Event"),
                         "at": time.time()}
                entry["valid"] = signature_valid(receiver.secret, entry["signature"], body)
                with receiver.lock:
                    receiver.requests.append(entry)
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(204 if entry["valid"] else 401)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def accepted(self) -> list[dict[str, Any]]:
        """Valid requests, one per idempotency key, in arrival order."""
        seen: set[str] = set()
        out = []
        with self.lock:
            for entry in self.requests:
                if entry["valid"] and entry["key"] not in seen:
                    seen.add(entry["key"])
                    out.append(entry)
        return out


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    config = LabConfig(drones=1, speed=10, id_prefix="hook",
                       ground_args=["--webhook-retry-initial", "0.5", "--webhook-retry-max", "2",
                                    "--webhook-timeout", "1", "--webhook-poll-interval", "0.2",
                                    "--webhook-failure-alert", "3"])
    with Lab(config) as running:
        running.register_business("Webhook Shop")
        yield running


def subscribe(lab: Lab, receiver: Receiver, events: list[str]) -> str:
    created = lab.business.request("POST", "/v1/webhooks", {"url": receiver.url, "events": events}).body
    assert created["secret"].startswith("whsec_")
    receiver.secret = created["secret"]
    return created["webhook"]["id"]


def unsubscribe(lab: Lab, webhook_id: str) -> None:
    lab.business.request("DELETE", f"/v1/webhooks/{webhook_id}", ok=(204,))


def attempts(lab: Lab, webhook_id: str) -> list[dict[str, Any]]:
    return lab.business.request("GET", f"/v1/webhooks/{webhook_id}/attempts").body["attempts"]


def book_and_cancel(lab: Lab) -> str:
    shop = ZURICH.shops[0]
    booking = lab.book((shop.lat, shop.lon), (47.3800, 8.5300), shop)
    lab.business.request("POST", f"/v1/deliveries/{booking.id}/cancel")
    return booking.id


def test_a_flight_is_announced_in_order_and_signed(lab: Lab) -> None:
    receiver = Receiver().start()
    hook = subscribe(lab, receiver, ["scheduled", "pickedUp", "arriving", "delivered", "failed", "cancelled"])
    try:
        shop = ZURICH.shops[1]
        booking = lab.book((shop.lat, shop.lon), (47.3800, 8.5300), shop)
        wait_until("the delivered event", lambda: "delivered" in [e["event"] for e in receiver.accepted()], 120)
        events = [e["event"] for e in receiver.accepted()]
        assert events[0] == "scheduled" and "pickedUp" in events, events
        assert events.index("pickedUp") < events.index("delivered"), events
        for entry in receiver.accepted():
            payload = json.loads(entry["body"])
            assert payload["id"] == entry["key"] and payload["event"] == entry["event"]
            assert payload["data"]["deliveryId"] == booking.id
        assert all(e["valid"] for e in receiver.requests), "every request carries a valid signature"
        # A tampered body does not verify.
        first = receiver.accepted()[0]
        assert not signature_valid(receiver.secret, first["signature"], first["body"] + b" ")
        assert {a["statusCode"] for a in attempts(lab, hook)} == {204}
    finally:
        unsubscribe(lab, hook)
        receiver.stop()


def test_a_receiver_down_then_up_gets_every_event_in_order(lab: Lab) -> None:
    receiver = Receiver()          # not listening yet: connections are refused
    hook = subscribe(lab, receiver, ["scheduled", "cancelled"])
    try:
        book_and_cancel(lab)
        wait_until("two refused attempts", lambda: len(attempts(lab, hook)) >= 2, 30)
        assert all("statusCode" not in a and a.get("error") for a in attempts(lab, hook))
        receiver.start()
        wait_until("the cancelled event accepted", lambda: "cancelled" in [e["event"] for e in receiver.accepted()], 30)
        events = [e["event"] for e in receiver.accepted()]
        # scheduled (when a drone took the booking at once) always comes before cancelled.
        assert events in (["cancelled"], ["scheduled", "cancelled"]), events
        assert attempts(lab, hook)[0]["statusCode"] == 204
    finally:
        unsubscribe(lab, hook)
        receiver.stop()


def test_a_slow_receiver_is_retried_with_the_same_idempotency_key(lab: Lab) -> None:
    receiver = Receiver(delay=3).start()   # slower than --webhook-timeout 1
    hook = subscribe(lab, receiver, ["cancelled"])
    try:
        book_and_cancel(lab)
        wait_until("a timed-out attempt", lambda: any(a.get("error") == "timeout" for a in attempts(lab, hook)), 30)
        receiver.delay = 0
        wait_until("an accepted attempt", lambda: any(a.get("statusCode") == 204 for a in attempts(lab, hook)), 30)
        keys = {entry["key"] for entry in receiver.requests}
        assert len(keys) == 1 and len(receiver.requests) >= 2, "every retry of the event has one idempotency key"
    finally:
        unsubscribe(lab, hook)
        receiver.stop()


def test_a_failing_endpoint_raises_a_banner_the_operator_acknowledges_and_resolves(lab: Lab) -> None:
    dead = Receiver()              # never started
    hook = subscribe(lab, dead, ["cancelled"])
    operator = lab.ground.operator()
    try:
        book_and_cancel(lab)

        def alert() -> dict[str, Any] | None:
            found = [a for a in operator.request("GET", "/v1/alerts").body["alerts"]
                     if a["kind"] == "webhookFailing" and a["subject"] == hook]
            return found[0] if found else None

        opened = wait_until("the webhookFailing alert", alert, 60)
        browser = chromium()
        try:
            browser.get(lab.ground.url + "/ui/fleet.html")
            browser.find_element(By.ID, "operator-key").send_keys(lab.ground.operator_key)
            browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
            selector = f'.alert-banner[data-alert-id="{opened["id"]}"]'
            banner = wait_for("the alert banner", lambda: browser.find_elements(By.CSS_SELECTOR, selector), 20)[0]
            assert "webhookFailing" in banner.text and dead.url in banner.text, banner.text
            wait_for("the failing webhook listed",
                     lambda: hook in browser.find_element(By.ID, "webhook-rows").text, 30)
            screenshot(browser, "alert-banner")
            banner.find_element(By.CSS_SELECTOR, ".alert-ack").click()
            wait_for("acknowledged", lambda: browser.find_element(By.CSS_SELECTOR, selector)
                     .get_attribute("data-state") == "acknowledged", 10)
            assert [a["state"] for a in operator.request("GET", "/v1/alerts").body["alerts"]
                    if a["id"] == opened["id"]] == ["acknowledged"]
            browser.find_element(By.CSS_SELECTOR, f"{selector} .alert-resolve").click()
            wait_for("the banner gone", lambda: not browser.find_elements(By.CSS_SELECTOR, selector), 10)
            resolved = [a for a in operator.request("GET", "/v1/alerts?state=all").body["alerts"] if a["id"] == opened["id"]]
            assert resolved[0]["state"] == "resolved" and resolved[0]["resolvedBy"] == "op_bootstrap"
        finally:
            browser.quit()
        audit = [(e["action"], e["subject"]) for e in operator.request("GET", "/v1/audit").body["entries"]]
        assert ("alert.acknowledge", opened["id"]) in audit and ("alert.resolve", opened["id"]) in audit
    finally:
        unsubscribe(lab, hook)
