"""The browser pages in a real headless Chromium against a whole running system.

mosquitto + firmware-sim (3 vehicles) + 3 drone-agents + ground-control, as the HIL lab starts them;
two deliveries fly while the operator map, the customer tracking page and the analytics page are
loaded, and the tests read the live DOM: drone markers present and moving, the ETA changing, the
delivered state, the charts. Screenshots go to test-output/web/.
"""
from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from skyrelay_lab import ZURICH, Lab, LabConfig
from web_support import chromium, console_errors, screenshot, wait_for

TIME_TEXT = re.compile(r"^\d{1,2}:\d{2}:\d{2}")
# The customer test views the page from a zone that is neither UTC nor the drones' (Zurich), so a
# time shown in the wrong zone cannot pass by coincidence.
VIEWER_ZONE = "Asia/Kolkata"


@pytest.fixture(scope="module")
def system() -> Iterator[dict[str, Any]]:
    with Lab(LabConfig(drones=3, speed=10, id_prefix="web", agent_overrides={"telemetryRateHz": 4})) as lab:
        lab.register_business("Web Page Shop")
        shops = ZURICH.shops
        tracked = lab.book((shops[0].lat, shops[0].lon), (47.3800, 8.5300), shops[0])
        recalled = lab.book((shops[1].lat, shops[1].lon), (47.4000, 8.5400), shops[1])
        drones = {b.id: lab.wait_status(b.id, {"scheduled", "pickupInProgress", "inTransit"}, timeout=60)["droneId"]
                  for b in (tracked, recalled)}
        yield {"lab": lab, "tracked": tracked, "recalled": recalled, "drones": drones}


@pytest.fixture()
def browser() -> Iterator[Any]:
    b = chromium()
    try:
        yield b
    finally:
        b.quit()


def marker_transform(browser: Any, drone: str) -> str | None:
    markers = browser.find_elements(By.CSS_SELECTOR, f'.drone-marker[data-drone-id="{drone}"]')
    return markers[0].get_attribute("transform") if markers else None


def test_operator_map_shows_every_drone_moving_and_recalls_one(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    ground = lab.ground
    browser.get(ground.url + "/ui/fleet.html")
    browser.find_element(By.ID, "operator-key").send_keys(ground.operator_key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()

    wait_for("a marker per drone", lambda: len(browser.find_elements(By.CSS_SELECTOR, ".drone-marker")) == 3, 30)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#drone-rows tr")) == 3
    # The service area outline, the grid and the home bases are drawn by the page itself.
    assert browser.find_elements(By.CSS_SELECTOR, ".layer-area path.service-area")
    assert browser.find_elements(By.CSS_SELECTOR, ".layer-grid line")
    assert len(browser.find_elements(By.CSS_SELECTOR, '.layer-places [data-place-id^="home-"]')) == 3

    flying = system["drones"][system["tracked"].id]
    lab.wait_drone_phase(flying, {"enRouteToPickup", "atPickup", "enRouteToDropoff"}, timeout=60)
    first = wait_for(f"{flying}'s marker", lambda: marker_transform(browser, flying), 20)
    wait_for(f"{flying}'s marker to move", lambda: marker_transform(browser, flying) not in (None, first), 30)
    wait_for("the delivery's route on the map", lambda: browser.find_elements(By.CSS_SELECTOR, ".layer-routes polyline.route"), 20)
    row = browser.find_element(By.CSS_SELECTOR, f'#drone-rows tr[data-drone-id="{flying}"]')
    wait_for("a flight phase in the list", lambda: row.find_element(By.CSS_SELECTOR, ".phase").text not in ("", "idle"), 20)
    assert row.find_element(By.CSS_SELECTOR, ".delivery").text == system["tracked"].id
    assert re.match(r"^\d+ %$", row.find_element(By.CSS_SELECTOR, ".battery").text)
    screenshot(browser, "fleet-map")

    # Click the other flying drone, recall it from its detail panel, and see the drone turn home.
    recalled = system["drones"][system["recalled"].id]
    assert recalled != flying
    lab.wait_drone_phase(recalled, {"takeoff", "enRouteToPickup", "atPickup", "enRouteToDropoff"}, timeout=60)
    browser.find_element(By.CSS_SELECTOR, f'#drone-rows tr[data-drone-id="{recalled}"]').click()
    wait_for("the detail panel", lambda: browser.find_element(By.ID, "detail-id").text == recalled, 10)
    assert browser.find_element(By.CSS_SELECTOR, '#drone-detail [data-field="delivery"]').text == system["recalled"].id
    browser.find_element(By.ID, "recall-button").click()
    wait_for("the command's answer", lambda: browser.find_element(By.ID, "command-result").text == f"recall sent to {recalled}", 10)
    lab.wait_drone_phase(recalled, {"returning", "landed", "aborted", "completed"}, timeout=60)
    wait_for("the list to show the recall", lambda: browser.find_element(
        By.CSS_SELECTOR, f'#drone-rows tr[data-drone-id="{recalled}"] .phase').text in ("returning", "landed", "aborted", "completed"), 20)
    screenshot(browser, "fleet-recalled")
    assert console_errors(browser) == []


def test_customer_page_tracks_the_delivery_until_delivered(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    booking = system["tracked"]
    # The link a business sends its customer: no key, only the delivery's tracking token.
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": VIEWER_ZONE})
    browser.get(lab.ground.url + booking.first["trackingUrl"])
    wait_for("the live stream", lambda: browser.find_element(By.ID, "stream-status").text == "live", 20)
    assert browser.find_elements(By.CSS_SELECTOR, '.layer-places [data-place-id="dropoff"]')

    etas: set[str] = set()
    countdowns: set[str] = set()
    positions: set[str] = set()
    # (drone phase shown, step highlighted, status sentence) as the page showed them together.
    seen: set[tuple[str, str, str]] = set()

    def in_flight_sample() -> bool:
        eta = browser.find_element(By.ID, "eta").text
        if TIME_TEXT.match(eta):
            etas.add(eta)
            countdowns.add(browser.find_element(By.ID, "countdown").text)
        position = marker_transform(browser, "drone")
        if position:
            positions.add(position)
        status = browser.find_element(By.ID, "status")
        current = browser.find_elements(By.CSS_SELECTOR, "#steps li.current")
        seen.add((browser.find_element(By.ID, "phase").text, current[0].get_attribute("data-step") if current else "",
                  status.text))
        return len(positions) >= 3 and len(countdowns) >= 3 and len(etas) >= 2

    wait_for("the drone moving and the ETA changing", in_flight_sample, 90, interval=0.5)
    assert all(c.startswith("in ") for c in countdowns), countdowns
    screenshot(browser, "tracking-in-flight")

    def until_delivered() -> bool:
        in_flight_sample()
        return browser.find_element(By.ID, "eta-box").get_attribute("data-final") == "delivered"

    wait_for("the delivered state", until_delivered, 180, interval=0.5)
    # The step and the sentence follow the drone's phase: never "at the pickup" while it flies there.
    for phase, step, sentence in seen:
        if phase == "enRouteToPickup":
            assert step == "toPickup" and "at the pickup" not in sentence, seen
        if phase == "atPickup":
            assert step == "loading", seen
        if phase == "enRouteToDropoff":
            assert step in ("toYou", "arriving") and sentence in ("on the way to you", "arriving shortly"), seen
    assert {"toYou"} <= {step for _, step, _ in seen}, seen

    assert browser.find_element(By.ID, "eta-label").get_attribute("textContent") == "Delivered at"
    shown = browser.find_element(By.ID, "eta").text
    assert TIME_TEXT.match(shown), shown
    delivered_at = lab.business.delivery(booking.id)["statusTimes"]["delivered"]
    # The page shows the stored delivered time in the viewer's time zone, and names the zone.
    local = datetime.fromisoformat(delivered_at.replace("Z", "+00:00")).astimezone(ZoneInfo(VIEWER_ZONE))
    assert shown.startswith(local.strftime("%H:%M:%S")), (delivered_at, shown)
    assert shown[8:].strip() in ("GMT+5:30", "IST"), shown
    assert browser.find_element(By.CSS_SELECTOR, '#steps li[data-step="delivered"]').get_attribute("class") == "done"
    assert browser.find_element(By.ID, "status").text == "delivered"
    screenshot(browser, "tracking-delivered")
    assert console_errors(browser) == []


# (status, phase, seconds to the dropoff ETA) → (step, sentence) the customer sees.
WORDING = [
    (("requested", None, None), ("requested", "waiting for a drone")),
    (("scheduled", None, 600), ("toPickup", "drone on the way to the pickup")),
    (("scheduled", "preflight", 600), ("toPickup", "drone assigned, preparing to take off")),
    (("scheduled", "takeoff", 600), ("toPickup", "drone taking off for the pickup")),
    (("pickupInProgress", None, 600), ("toPickup", "drone on the way to the pickup")),
    (("pickupInProgress", "enRouteToPickup", 600), ("toPickup", "drone on the way to the pickup")),
    (("pickupInProgress", "atPickup", 400), ("loading", "loading your package at the pickup")),
    # The telemetry's phase can be ahead of the stored status: the page believes the further one.
    (("pickupInProgress", "enRouteToDropoff", 300), ("toYou", "on the way to you")),
    (("inTransit", "atPickup", 300), ("toYou", "on the way to you")),
    (("inTransit", "enRouteToDropoff", 300), ("toYou", "on the way to you")),
    (("inTransit", "enRouteToDropoff", 45), ("arriving", "arriving shortly")),
    (("inTransit", "enRouteToDropoff", -30), ("arriving", "arriving shortly")),
    (("inTransit", "atDropoff", 5), ("arriving", "arriving: the drone is over your address")),
    (("delivered", "atDropoff", None), ("delivered", "delivered")),
    (("delivered", "returning", None), ("delivered", "delivered")),
    (("completed", "landed", None), ("delivered", "delivered")),
    (("cancelled", None, None), (None, "cancelled")),
    (("failed", "aborted", None), (None, "not delivered")),
]


def test_customer_wording_follows_the_drone_phase(system: dict[str, Any], browser: Any) -> None:
    browser.get(system["lab"].ground.url + "/ui/track.html")
    wait_for("the page's scripts", lambda: browser.execute_script("return typeof DeliveryProgress") == "object", 10)
    for (status, phase, eta_in), expected in WORDING:
        got = browser.execute_script(
            "const [status, phase, etaIn] = arguments; const now = Date.now();"
            "const r = DeliveryProgress.of({status, phase: phase || undefined,"
            " etaDropoff: etaIn == null ? undefined : new Date(now + etaIn * 1000).toISOString()}, now);"
            "return [r.step, r.text];", status, phase, eta_in)
        assert tuple(got) == expected, (status, phase, eta_in, got)
    steps = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#steps li")]
    assert steps == ["Requested", "On the way to pickup", "Loading", "On the way to you", "Arriving", "Delivered"], steps


def test_tracking_page_refuses_a_wrong_token(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    booking = system["tracked"]
    browser.get(f"{lab.ground.url}/ui/track.html?delivery={booking.id}&token=not-the-token")
    wait_for("the refusal", lambda: "cannot open this delivery" in browser.find_element(By.ID, "stream-status").text, 20)
    assert browser.find_elements(By.CSS_SELECTOR, ".drone-marker") == []


def test_analytics_page_charts_the_flown_deliveries(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    lab.wait_terminal([system["tracked"].id], timeout=240)
    browser.get(lab.ground.url + "/ui/analytics.html")
    browser.find_element(By.ID, "operator-key").send_keys(lab.ground.operator_key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
    wait_for("the summary cards", lambda: browser.find_elements(By.CSS_SELECTOR, '#cards [data-card="delivered"]'), 20)
    cards = {c.get_attribute("data-card"): c.find_element(By.CSS_SELECTOR, ".value").text
             for c in browser.find_elements(By.CSS_SELECTOR, "#cards .card")}
    report = lab.ground.operator().request("GET", "/v1/analytics").body
    assert cards["total"] == str(report["totalDeliveries"]) and report["totalDeliveries"] >= 2, (cards, report)
    assert cards["delivered"] == str(report["deliveredCount"]) and report["deliveredCount"] >= 1
    per_day = [float(r.get_attribute("data-value")) for r in browser.find_elements(By.CSS_SELECTOR, "#chart-per-day rect.bar")]
    assert sum(per_day) == sum(d["delivered"] for d in report["deliveriesPerDay"]) >= 1, per_day
    durations = [float(r.get_attribute("data-value")) for r in browser.find_elements(By.CSS_SELECTOR, "#chart-duration rect.bar")]
    assert sum(durations) == report["deliveredCount"], durations
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-eta-error rect.bar")
    # On time is "released no later than the first ETA + tolerance" (early counts): the label says so,
    # and the rate is that share of the rows the error histogram draws.
    names = {c.get_attribute("data-card"): c.find_element(By.CSS_SELECTOR, ".name").text
             for c in browser.find_elements(By.CSS_SELECTOR, "#cards .card")}
    tolerance = round(report["onTimeToleranceSeconds"])
    assert names["on-time"] == f"Delivered by first ETA + {tolerance} s", names
    assert "±" not in " ".join(names.values()), names
    rows = lab.ground.operator().request("GET", "/v1/analytics/deliveries").body["rows"]
    errors = [r["etaErrorSeconds"] for r in rows if r.get("etaErrorSeconds") is not None]
    assert errors and cards["on-time"] == f"{math.floor(100 * sum(e <= tolerance for e in errors) / len(errors) + 0.5)} %", (cards, errors)
    screenshot(browser, "analytics")
    assert console_errors(browser) == []
