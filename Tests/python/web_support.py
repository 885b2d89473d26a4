"""Headless Chromium (Debian's chromium + chromium-driver) driven by Selenium for the browser-page tests.

The browser may only reach loopback: every host name resolves to nothing and Chromium's own
background traffic (updates, sync, metrics, safe browsing) is switched off.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from skyrelay_lab.net import wait_until
from skyrelay_lab.paths import REPO

SCREENSHOTS = REPO / "test-output" / "web"

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,950",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
    "--disable-client-side-phishing-detection", "--metrics-recording-only", "--safebrowsing-disable-auto-update",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def chromium() -> webdriver.Chrome:
    """A fresh headless browser; the caller quits it."""
    binary = os.environ.get("SKYRELAY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = os.environ.get("SKYRELAY_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Giving the driver's path keeps Selenium Manager from looking for (and downloading) one.
    browser = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    browser.set_page_load_timeout(30)
    return browser


def screenshot(browser: webdriver.Chrome, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


def wait_for(what: str, probe: Callable[[], Any], timeout: float, interval: float = 0.2) -> Any:
    """skyrelay_lab's wait_until at a page's pace: a JS or lookup error counts as not yet (a page still loading raises all sorts)."""
    return wait_until(what, probe, timeout, interval=interval, ignore=(Exception,))


def console_errors(browser: webdriver.Chrome) -> list[str]:
    """Severe console entries of the page (script errors), which a page test should have none of."""
    try:
        return [e["message"] for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 (a driver without log support)
        return []


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour RGB PNG, written by hand (zlib and struct only)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


class TileServer:
    """A slippy-map tile server on 127.0.0.1 the tests start: generated 256 px PNG tiles at
    /tiles/{z}/{x}/{y}.png, a chequerboard of two greens, and a log of what was asked for.
    Set `failing` to answer 503 to everything, as an unreachable tile server would look."""

    TILE = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)\.png$")

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.failing = False
        self.tiles = [png(256, 256, (205, 225, 200)), png(256, 256, (185, 210, 180))]
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append(self.path)
                match = TileServer.TILE.match(self.path)
                if server.failing or not match:
                    self.send_error(503 if server.failing else 404)
                    return
                z, x, y = (int(g) for g in match.groups())
                body = server.tiles[(x + y) % 2] if z >= 0 else b""
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="tile-server", daemon=True)

    @property
    def url(self) -> str:
        """The tile URL template, as ground-control's --map-tiles takes it."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png"

    def tile_requests(self) -> list[str]:
        return [r for r in self.requests if TileServer.TILE.match(r)]

    def __enter__(self) -> "TileServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def phone(browser: webdriver.Chrome, width: int = 390, height: int = 844) -> None:
    """Emulates a phone's viewport (CSS pixels, touch, mobile layout) in this browser."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})


def accessibility_violations(browser: webdriver.Chrome, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core (the copy axe-selenium-python ships) run on the page as it is: one line per node of
    every violation at the given impacts, with the rule and the element."""
    from axe_selenium_python import Axe

    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(n['target'][0] for n in v['nodes'][:1])}"
            f" [{len(v['nodes'])} node(s)]: {v['nodes'][0].get('failureSummary', '')}"
            for v in results["violations"] if v.get("impact") in impacts]
