"""The customer chooses, in the app, how our SMS are written (Bengali letters or Banglish), offline
too: the choice waits in the outbox and reaches the server once the phone is back online."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from backend.db import read_session
from backend.models import Customer
from tests.e2e.test_offline_sync import go_offline, go_online, sign_in, wait_until_controlled
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _script(phone: str) -> str | None:
    with read_session() as session:
        return session.exec(select(Customer.sms_script).where(Customer.phone == phone)).first()


def test_the_customer_chooses_banglish_sms_offline(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    page = context.new_page()
    sign_in(page, live_server, "01911223366", "+8801911223366")
    wait_until_controlled(page)
    assert _script("+8801911223366") == "bengali"
    go_offline(context)
    page.select_option("#sms-script", "banglish")
    expect(page.locator("#sms-script")).to_have_value("banglish")
    time.sleep(1)
    assert _script("+8801911223366") == "bengali"  # still only in the phone's outbox
    go_online(context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    deadline = time.monotonic() + 20
    while _script("+8801911223366") != "banglish" and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _script("+8801911223366") == "banglish"
    context.close()
