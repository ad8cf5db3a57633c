"""The installed app updates itself safely: a new build is offered as "update available", and
once accepted the new version loads with no broken chunk. Real builds, real service worker."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_reproducible_build import _checkout
from tests.support.live_server import free_port, start_live_server

pytestmark = pytest.mark.e2e


def _wait_controlled(page: Page) -> str:
    """Wait until the service worker controls the page and has precached; return its version."""
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000
    )
    page.wait_for_function(
        "caches.keys().then(k => k.some(n => n.startsWith('seba-shell-')))", timeout=30_000
    )
    return page.evaluate(
        """() => new Promise(resolve => {
            navigator.serviceWorker.addEventListener('message', e => resolve(e.data.version), {once: true});
            navigator.serviceWorker.controller.postMessage({type: 'VERSION'});
        })"""
    )


def test_new_build_is_offered_and_loads_without_broken_chunks(
    browser: Browser, migrated_database: str, tmp_path: Path
) -> None:
    project = _checkout(tmp_path / "project")
    port = free_port()
    server = start_live_server(tmp_path / "logs-v1", project_root=project, with_worker=False, port=port)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    broken: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    context.on(
        "response", lambda r: broken.append(r.url) if "/assets/" in r.url and r.status >= 400 else None
    )
    try:
        page.goto(server.base_url + "/login")
        expect(page.locator("#send-code")).to_be_visible()
        old_version = _wait_controlled(page)
        old_build = httpx.get(server.base_url + "/build-version.json").json()["version"]
        assert old_version == old_build
    finally:
        server.stop()

    # A new release: a visible change in the customer app's stylesheet, same port, server restarted.
    css = project / "assets" / "seba.css"
    css.write_text(css.read_text() + "\n.brand { letter-spacing: 0.05em; }\n")
    server = start_live_server(tmp_path / "logs-v2", project_root=project, with_worker=False, port=port)
    try:
        new_build = httpx.get(server.base_url + "/build-version.json").json()["version"]
        assert new_build != old_version
        # The person keeps using the old version until they accept the update.
        page.evaluate("window.__sebaSW.update()")
        expect(page.locator("#seba-update")).to_be_visible(timeout=30_000)
        expect(page.locator("#seba-update")).to_contain_text("নতুন সংস্করণ")
        assert page.evaluate("getComputedStyle(document.querySelector('.brand')).letterSpacing") == "normal"
        with page.expect_navigation():
            page.click("#seba-update-accept")
        expect(page.locator("#send-code")).to_be_visible()
        assert _wait_controlled(page) == new_build
        assert page.evaluate("getComputedStyle(document.querySelector('.brand')).letterSpacing") != "normal"
        # Moving around loads other route chunks of the new version.
        page.click("#language-switch")
        expect(page.locator("h1")).to_have_text("Sign in")
        assert errors == [] and broken == []
    finally:
        context.close()
        server.stop()
