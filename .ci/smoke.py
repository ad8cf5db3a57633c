"""Smoke test for `make run`: wait for /healthz, then render the login page in Chromium."""

from __future__ import annotations

import sys
import time

import httpx
from playwright.sync_api import sync_playwright

base, timeout = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + timeout
health = None
while time.monotonic() < deadline:
    try:
        response = httpx.get(base + "/healthz", timeout=3)
        health = response.json()
        if response.status_code == 200 and health["worker"]["ok"]:
            break
    except (httpx.HTTPError, ValueError, KeyError):
        pass
    time.sleep(2)
else:
    sys.exit(f"/healthz did not report healthy within {timeout} s (last: {health})")
print(f"healthz: {health}")

args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/login")
    page.wait_for_selector("#phone", state="visible", timeout=30_000)
    heading = page.inner_text("h1")
    browser.close()
if heading != "সাইন ইন":
    sys.exit(f"the login page rendered an unexpected heading: {heading!r}")
if errors:
    sys.exit(f"the login page raised errors: {errors}")
print("login page renders: ok")
