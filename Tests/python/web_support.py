"""Headless Chromium (Debian's chromium + chromium-driver) driven by Selenium for the browser-page tests.

The browser may only reach loopback: every host name resolves to nothing and Chromium's own
background traffic (updates, sync, metrics, safe browsing) is switched off.
"""
from __future__ import annotations

import os
import shutil
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
