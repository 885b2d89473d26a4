"""The browser pages in a real headless Chromium against a whole running system.

mosquitto + firmware-sim (3 vehicles) + 3 drone-agents + ground-control, as the HIL lab starts them;
two deliveries fly while the operator map, the customer tracking page and the analytics page are
loaded, and the tests read the live DOM: drone markers present and moving, the ETA changing, the
delivered state, the charts. Screenshots go to test-output/web/.

The map's street tiles come from a tile server the tests start on 127.0.0.1 (generated PNGs), handed
to ground with --map-tiles; Leaflet is Debian's libjs-leaflet, served by ground.
"""
from __future__ import annotations

import json
import math
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By

from skyrelay_lab import ZURICH, Lab, LabConfig
from web_support import TileServer, accessibility_violations, chromium, console_errors, phone, screenshot, wait_for

TIME_TEXT = re.compile(r"^\d{1,2}:\d{2}:\d{2}")
# The customer test views the page from a zone that is neither UTC nor the drones' (Zurich), so a
# time shown in the wrong zone cannot pass by coincidence.
VIEWER_ZONE = "Asia/Kolkata"


LEAFLET = Path("/usr/share/javascript/leaflet/leaflet.js")
ATTRIBUTION = "Test tiles © nobody"


@pytest.fixture(scope="module")
def tiles() -> Iterator[TileServer]:
    with TileServer() as server:
        yield server


@pytest.fixture(scope="module")
def lab(tiles: TileServer) -> Iterator[Lab]:
    assert LEAFLET.exists(), f"{LEAFLET} missing: scripts/install-deps installs Debian's libjs-leaflet"
    # The drones carry firmware-sim's camera, so a delivered parcel has its proof-of-delivery photo.
    camera = tempfile.mkdtemp(prefix="skyrelay-web-camera-")
    config = LabConfig(drones=3, speed=10, id_prefix="web", agent_overrides={"telemetryRateHz": 4},
                       ground_args=["--map-tiles", tiles.url, "--map-attribution", ATTRIBUTION],
                       sim_args=["--camera-dir", camera])
    with Lab(config) as running:
        running.register_business("Web Page Shop")
        yield running


@pytest.fixture(scope="module")
def system(lab: Lab) -> dict[str, Any]:
    shops = ZURICH.shops
    tracked = lab.book((shops[0].lat, shops[0].lon), (47.3800, 8.5300), shops[0])
    recalled = lab.book((shops[1].lat, shops[1].lon), (47.4000, 8.5400), shops[1])
    drones = {b.id: lab.wait_status(b.id, {"scheduled", "pickupInProgress", "inTransit"}, timeout=60)["droneId"]
              for b in (tracked, recalled)}
    return {"lab": lab, "tracked": tracked, "recalled": recalled, "drones": drones}


@pytest.fixture()
def browser() -> Iterator[Any]:
    b = chromium()
    try:
        yield b
    finally:
        b.quit()


def marker_position(browser: Any, drone: str) -> str | None:
    """Where the page drew a drone, the same in the tile and the vector view."""
    markers = browser.find_elements(By.CSS_SELECTOR, f'.drone-marker[data-drone-id="{drone}"]')
    return f"{markers[0].get_attribute('data-lat')},{markers[0].get_attribute('data-lon')}" if markers else None


def map_view(browser: Any) -> str:
    """Which view the map settled on: "tiles" or "vector" ("loading" before)."""
    return browser.find_element(By.ID, "map-box").get_attribute("data-map")


def open_fleet(browser: Any, lab: Lab) -> None:
    browser.get(lab.ground.url + "/ui/fleet.html")
    browser.find_element(By.ID, "operator-key").send_keys(lab.ground.operator_key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()


def test_operator_map_shows_every_drone_moving_and_recalls_one(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    open_fleet(browser, lab)
    wait_for("the street map", lambda: map_view(browser) == "tiles", 30)
    wait_for("a marker per drone", lambda: len(browser.find_elements(By.CSS_SELECTOR, ".drone-marker")) == 3, 30)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#drone-rows tr")) == 3
    assert browser.find_elements(By.CSS_SELECTOR, ".tile-map path.service-area")
    assert len(browser.find_elements(By.CSS_SELECTOR, '.tile-map [data-place-id^="home-"]')) == 3

    flying = system["drones"][system["tracked"].id]
    lab.wait_drone_phase(flying, {"enRouteToPickup", "atPickup", "enRouteToDropoff"}, timeout=60)
    first = wait_for(f"{flying}'s marker", lambda: marker_position(browser, flying), 20)
    wait_for(f"{flying}'s marker to move", lambda: marker_position(browser, flying) not in (None, first), 30)
    wait_for("the delivery's route on the map", lambda: browser.find_elements(By.CSS_SELECTOR, '.tile-map path.route[data-route-id^="delivery-"]'), 20)
    # Every read of the page is inside a wait: the list and the panel re-render on each update, and an element
    # found before an update is stale by the time its text is asked for.
    row = f'#drone-rows tr[data-drone-id="{flying}"]'
    wait_for("a flight phase in the list", lambda: browser.find_element(By.CSS_SELECTOR, f"{row} .phase").text not in ("", "idle"), 20)
    wait_for("the delivery in the list", lambda: browser.find_element(By.CSS_SELECTOR, f"{row} .delivery").text == system["tracked"].id, 10)
    wait_for("the battery in the list", lambda: re.match(r"^\d+ %$", browser.find_element(By.CSS_SELECTOR, f"{row} .battery").text), 10)
    screenshot(browser, "fleet-map")

    # Click the other flying drone, recall it from its detail panel, and see the drone turn home.
    recalled = system["drones"][system["recalled"].id]
    assert recalled != flying
    lab.wait_drone_phase(recalled, {"takeoff", "enRouteToPickup", "atPickup", "enRouteToDropoff"}, timeout=60)
    browser.find_element(By.CSS_SELECTOR, f'#drone-rows tr[data-drone-id="{recalled}"]').click()
    wait_for("the detail panel", lambda: browser.find_element(By.ID, "detail-id").text == recalled, 10)
    wait_for("the delivery in the detail panel", lambda: browser.find_element(
        By.CSS_SELECTOR, '#drone-detail [data-field="delivery"]').text == system["recalled"].id, 10)
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
    wait_for("the dropoff on the map", lambda: browser.find_elements(By.CSS_SELECTOR, '[data-place-id="dropoff"]'), 20)

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
        position = marker_position(browser, "drone")
        if position:
            positions.add(position)
        # One script reads all three, so a render between separate reads cannot pair one update's phase
        # with the next one's sentence.
        seen.add(tuple(browser.execute_script(
            "const current = document.querySelector('#steps li.current');"
            "return [document.getElementById('phase').innerText,"
            " current ? current.getAttribute('data-step') : '', document.getElementById('status').innerText];")))
        return len(positions) >= 3 and len(countdowns) >= 3 and len(etas) >= 2

    wait_for("the drone moving and the ETA changing", in_flight_sample, 90, interval=0.5)
    assert all(c.startswith("in ") for c in countdowns), countdowns
    screenshot(browser, "tracking-in-flight")

    def until_delivered() -> bool:
        in_flight_sample()
        return browser.find_element(By.ID, "eta-box").get_attribute("data-final") == "delivered"

    wait_for("the delivered state", until_delivered, 180, interval=0.5)
    # The step and the sentence follow the drone's phase: never "at the pickup" while it flies there.
    # (The step is the further of status and phase, and none is current once delivered.)
    for phase, step, sentence in seen:
        if sentence == "delivered":
            continue
        if phase == "enRouteToPickup":
            assert step == "toPickup" and "at the pickup" not in sentence, seen
        if phase == "atPickup":
            assert step in ("loading", "toYou", "arriving"), seen
        if phase == "enRouteToDropoff":
            assert step in ("toYou", "arriving") and sentence in ("on the way to you", "arriving shortly"), seen
    assert {"toYou"} <= {step for _, step, _ in seen}, seen

    assert browser.find_element(By.ID, "eta-label").get_attribute("textContent") == "Delivered at"
    shown = browser.find_element(By.ID, "eta").text
    assert TIME_TEXT.match(shown), shown
    delivered_at = lab.business.delivery(booking.id)["statusTimes"]["delivered"]
    # The page shows the stored delivered time in the viewer's time zone, and names the zone
    # (12- or 24-hour clock as the browser's locale has it).
    local = datetime.fromisoformat(delivered_at.replace("Z", "+00:00")).astimezone(ZoneInfo(VIEWER_ZONE))
    clock = re.match(r"^(\d{1,2}):(\d{2}):(\d{2})\s?([AP]M)?\s+(\S+)$", shown)
    assert clock, shown
    hour = int(clock[1]) % 12 + (12 if clock[4] == "PM" else 0) if clock[4] else int(clock[1])
    assert (hour, int(clock[2]), int(clock[3])) == (local.hour, local.minute, local.second), (delivered_at, shown)
    assert clock[5] in ("GMT+5:30", "IST"), shown
    assert browser.find_element(By.CSS_SELECTOR, '#steps li[data-step="delivered"]').get_attribute("class") == "done"
    assert browser.find_element(By.ID, "status").text == "delivered"
    # Proof of delivery: the drop-point photo (fetched with the tracking token), release time and place.
    photo = wait_for("the proof-of-delivery photo",
                     lambda: browser.find_element(By.CSS_SELECTOR, '#proof-photo[data-loaded="true"]'), 60)
    wait_for("the photo decoded", lambda: browser.execute_script("return arguments[0].naturalWidth", photo) == 320, 10)
    assert photo.is_displayed()
    proof = lab.business.request("GET", f"/v1/deliveries/{booking.id}/proof").body
    place = browser.find_element(By.ID, "proof-place").text
    assert place.startswith(f"{proof['position']['lat']:.6f}, {proof['position']['lon']:.6f}"), (place, proof)
    assert browser.find_element(By.ID, "proof-time").text not in ("", "–")
    screenshot(browser, "tracking-delivered")
    # The page asks for the proof from the moment the parcel is delivered; until the drone's upload
    # reaches ground that is a 404, which the browser logs. Nothing else may fail.
    errors = [e for e in console_errors(browser) if not re.search(r"/proof\?token=\S+ - .*status of 404", e)]
    assert errors == []


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


def test_customer_wording_follows_the_drone_phase(lab: Lab, browser: Any) -> None:
    browser.get(lab.ground.url + "/ui/track.html")
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


def test_tracking_page_refuses_a_wrong_token(lab: Lab, browser: Any) -> None:
    shop = ZURICH.shops[2]
    booking = lab.book((shop.lat, shop.lon), (47.3700, 8.5200), shop)
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
    # The customer's own promise is its own card, counted over the bookings that had a deadline.
    assert names["deadline"] == f"Delivered by the customer's deadline ({report.get('withDeadlineCount', 0)} with one)", names
    # An absent rate (no booking with a deadline yet) is left out of the JSON, and the card shows a dash.
    rate = report.get("deadlineMetRate")
    expected = "–" if rate is None else f"{math.floor(100 * rate + 0.5)} %"
    assert cards["deadline"] == expected, (cards, report)
    screenshot(browser, "analytics")
    assert console_errors(browser) == []


def test_map_draws_street_tiles_from_the_configured_server_with_drones_on_top(lab: Lab, tiles: TileServer, browser: Any) -> None:
    settings = lab.ground.operator().request("GET", "/ui/map.json").body
    assert settings == {"tiles": tiles.url, "attribution": ATTRIBUTION, "leaflet": "/ui/leaflet/"}, settings
    before = len(tiles.tile_requests())
    open_fleet(browser, lab)
    wait_for("the street map", lambda: map_view(browser) == "tiles", 30)
    wait_for("a marker per drone", lambda: len(browser.find_elements(By.CSS_SELECTOR, ".tile-map .drone-marker")) == 3, 30)
    # The page asked the configured server, in the configured form, and shows its tiles.
    asked = tiles.tile_requests()[before:]
    assert asked, tiles.requests
    prefix = tiles.url.split("{z}")[0]
    shown = [img.get_attribute("src") for img in browser.find_elements(By.CSS_SELECTOR, ".tile-map img.leaflet-tile-loaded")]
    assert shown and all(src.startswith(prefix) and src.endswith(".png") for src in shown), shown
    assert ATTRIBUTION in browser.find_element(By.CSS_SELECTOR, ".leaflet-control-attribution").text
    # The vector view is gone, not hidden under the tiles: one marker per drone in the document.
    assert browser.find_elements(By.CSS_SELECTOR, "svg#map") == []
    assert len(browser.find_elements(By.CSS_SELECTOR, ".drone-marker")) == 3
    assert browser.find_elements(By.CSS_SELECTOR, ".tile-map path.service-area")
    assert len(browser.find_elements(By.CSS_SELECTOR, '.tile-map [data-place-id^="home-"]')) == 3
    # Drones on top: what is under each marker's centre is a drone marker (that one, or another
    # drone at the same place), never a tile.
    markers = browser.find_elements(By.CSS_SELECTOR, ".tile-map .drone-marker")
    ids = {m.get_attribute("data-drone-id") for m in markers}
    for marker in markers:
        drone = marker.get_attribute("data-drone-id")
        hit = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
            "const m = el && el.closest('.drone-marker'); return m ? m.dataset.droneId : (el ? el.className : null);", marker)
        assert hit in ids, (drone, hit)
    screenshot(browser, "fleet-tiles")
    assert console_errors(browser) == []


def test_map_falls_back_to_the_vector_view_when_tiles_fail(lab: Lab, tiles: TileServer, browser: Any) -> None:
    tiles.failing = True
    try:
        open_fleet(browser, lab)
        wait_for("the vector view", lambda: map_view(browser) == "vector", 30)
        wait_for("a marker per drone", lambda: len(browser.find_elements(By.CSS_SELECTOR, "svg#map .drone-marker")) == 3, 30)
        assert browser.find_elements(By.CSS_SELECTOR, ".tile-map") == []
        assert len(browser.find_elements(By.CSS_SELECTOR, ".drone-marker")) == 3
        assert browser.find_elements(By.CSS_SELECTOR, ".layer-area path.service-area")
        assert browser.find_elements(By.CSS_SELECTOR, ".layer-grid line")
        assert len(browser.find_elements(By.CSS_SELECTOR, '.layer-places [data-place-id^="home-"]')) == 3
        screenshot(browser, "fleet-vector-fallback")
        # The only errors are the refused tiles themselves.
        prefix = tiles.url.split("{z}")[0]
        errors = console_errors(browser)
        assert all(prefix in e for e in errors), errors
    finally:
        tiles.failing = False


def test_customer_page_fits_a_phone_and_passes_an_accessibility_check(lab: Lab, browser: Any) -> None:
    shop = ZURICH.shops[0]
    booking = lab.book((shop.lat, shop.lon), (47.3650, 8.5450), shop)
    url = lab.ground.url + booking.first["trackingUrl"]
    browser.get(url)
    wait_for("the live stream", lambda: browser.find_element(By.ID, "stream-status").text == "live", 20)
    wait_for("the map settled", lambda: map_view(browser) in ("tiles", "vector"), 30)
    screenshot(browser, "tracking-desktop")
    violations = accessibility_violations(browser)
    assert violations == [], "\n".join(violations)

    phone(browser)
    browser.get(url)
    wait_for("the live stream", lambda: browser.find_element(By.ID, "stream-status").text == "live", 20)
    wait_for("the map settled", lambda: map_view(browser) in ("tiles", "vector"), 30)
    width = browser.execute_script("return window.innerWidth")
    assert width == 390, width
    # Nothing wider than the screen: no sideways scrolling, and every part of the page inside it.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    for part in ("map-box", "eta-box", "status", "steps"):
        box = browser.execute_script("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                                     "return [r.left, r.right, r.width, r.height];", part)
        assert box[0] >= 0 and box[1] <= width and box[2] > 0 and box[3] > 0, (part, box)
    # The ETA is readable without scrolling, and the map gets a useful share of the screen.
    eta = browser.execute_script("const r = document.getElementById('eta-box').getBoundingClientRect(); return [r.top, r.bottom];")
    assert eta[1] <= 844, eta
    map_height = browser.execute_script("return document.getElementById('map-box').getBoundingClientRect().height")
    assert map_height >= 250, map_height
    screenshot(browser, "tracking-phone")
    violations = accessibility_violations(browser)
    assert violations == [], "\n".join(violations)
    assert console_errors(browser) == []


def test_operator_replays_a_flown_delivery_with_a_time_slider_and_downloads(system: dict[str, Any], browser: Any) -> None:
    lab: Lab = system["lab"]
    booking = system["tracked"]
    drone = system["drones"][booking.id]
    lab.wait_status(booking.id, {"delivered", "completed"}, timeout=120)
    flight = lab.ground.operator().request("GET", f"/v1/deliveries/{booking.id}/flight").body
    track = flight["track"]
    assert flight["droneId"] == drone and len(track) >= 3, flight

    browser.get(f"{lab.ground.url}/ui/flight.html?delivery={booking.id}")
    browser.find_element(By.ID, "operator-key").send_keys(lab.ground.operator_key)
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
    loaded = wait_for("the flight loaded", lambda: re.match(r"^(\d+) samples, (\d+) events$",
                                                            browser.find_element(By.ID, "load-status").text), 20)
    # The page shows at least what the API held a moment before (the flight may still be returning home).
    assert int(loaded.group(1)) >= len(track)
    assert int(loaded.group(2)) >= 1 and browser.find_elements(By.CSS_SELECTOR, "#event-rows tr")
    wait_for("the track on the map", lambda: browser.find_elements(By.CSS_SELECTOR, '[data-route-id="track"]'), 20)
    wait_for("the map settled", lambda: map_view(browser) in ("tiles", "vector"), 30)

    # The slider at the start puts the drone at the first stored sample, at its end on the last one.
    assert marker_position(browser, drone) == f"{track[0]['lat']},{track[0]['lon']}"
    slider = browser.find_element(By.ID, "time-slider")
    samples = int(slider.get_attribute("max")) + 1
    browser.execute_script("const s = arguments[0]; s.value = s.max; s.dispatchEvent(new Event('input'));", slider)
    last = browser.execute_script("return arguments[0].value", slider)
    assert int(last) == samples - 1
    assert marker_position(browser, drone) != f"{track[0]['lat']},{track[0]['lon']}"
    screenshot(browser, "flight-replay-end")

    # Play runs the drone through the samples in order from the start.
    browser.execute_script("const s = arguments[0]; s.value = 0; s.dispatchEvent(new Event('input'));", slider)
    browser.find_element(By.ID, "play-button").click()
    seen: set[str] = set()

    def advanced() -> bool:
        seen.add(browser.find_element(By.ID, "replay-time").get_attribute("data-index"))
        return len(seen) >= 3
    wait_for("the replay to advance", advanced, 30)
    assert browser.find_element(By.ID, "play-button").text in ("Pause", "Play")

    # The downloads are the API's GeoJSON and CSV of this flight.
    def downloaded(fmt: str) -> str:
        browser.find_element(By.ID, f"download-{fmt}").click()
        wait_for(f"the {fmt} download", lambda: browser.find_element(By.ID, "download-link").get_attribute("data-format") == fmt, 10)
        return browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(document.getElementById('download-link').href).then(r => r.text()).then(done, e => done('error ' + e));")
    geojson = json.loads(downloaded("geojson"))
    assert geojson["type"] == "FeatureCollection"
    line = geojson["features"][0]
    assert line["geometry"]["type"] == "LineString" and len(line["geometry"]["coordinates"]) >= len(track)
    assert line["properties"]["droneId"] == drone
    csv_lines = downloaded("csv").strip().split("\r\n")
    assert csv_lines[0] == "time,lat,lon,alt,batteryPercent,groundSpeed,heading"
    assert len(csv_lines) - 1 >= len(track)
    assert console_errors(browser) == []


@pytest.mark.parametrize("page", ["fleet.html", "analytics.html", "index.html", "flight.html"])
def test_operator_pages_pass_an_accessibility_check(lab: Lab, browser: Any, page: str) -> None:
    def loaded() -> None:
        if page != "index.html":
            status = "stream-status" if page == "fleet.html" else "load-status"
            # The replay page without a delivery id stays at its prompt.
            wait_for("the page loaded", lambda: re.match(r"^(live|\d+ deliveries|Enter a delivery id)",
                                                         browser.find_element(By.ID, status).text), 20)
        if page == "fleet.html":
            wait_for("the map settled", lambda: map_view(browser) in ("tiles", "vector"), 30)

    browser.get(f"{lab.ground.url}/ui/{page}")
    if page != "index.html":
        browser.find_element(By.ID, "operator-key").send_keys(lab.ground.operator_key)
        browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
    loaded()
    violations = accessibility_violations(browser)
    assert violations == [], "\n".join(violations)
    screenshot(browser, page.replace(".html", "") + "-desktop")
    # On a phone (the key stays in the tab): nothing wider than the screen.
    phone(browser)
    browser.refresh()
    loaded()
    wider = browser.execute_script(
        "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.leaflet-container'))"
        ".filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + '#' + e.id + '.' + e.getAttribute('class'))")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390, wider
    screenshot(browser, page.replace(".html", "") + "-phone")


def test_fleet_page_lists_a_drones_alarms(system: dict[str, Any], browser: Any) -> None:
    """The detail panel lists the drone's stored alarm events (a GPS loss staged on the idle drone)."""
    lab: Lab = system["lab"]
    idle = next(d for d in lab.drone_ids if d not in system["drones"].values())
    index = lab.sim_index(idle)
    lab.sim.fault(index, "gps-loss", "on")
    try:
        wait_for("gpsLost stored by ground", lambda: any(
            e["kind"] == "alarm" and '"gpsLost"' in e["payload"] for e in lab.drone_events(idle)), 30)
    finally:
        lab.sim.fault(index, "gps-loss", "off")
    open_fleet(browser, lab)
    row = wait_for(f"{idle}'s row", lambda: browser.find_elements(By.CSS_SELECTOR, f'#drone-rows tr[data-drone-id="{idle}"]'), 30)
    row[0].click()
    wait_for("the detail panel", lambda: browser.find_element(By.ID, "detail-id").text == idle, 10)
    # The text is read inside the wait: the panel re-renders its list when the next event (the GPS coming
    # back) arrives, and an element found before that is stale by the time its text is asked for.
    wait_for("the alarm in the detail panel", lambda: any(
        "gpsLost" in item.text for item in browser.find_elements(By.CSS_SELECTOR, '#drone-alarms li[data-code="gpsLost"]')), 20)
    screenshot(browser, "fleet-alarms")
    assert console_errors(browser) == []
