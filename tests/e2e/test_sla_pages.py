"""The SLA panel on the agent ticket page and the /admin/sla page, in Chromium on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.models import SlaPolicy
from backend.sla.presets import ensure_sla_presets
from tests.support.factories import PASSWORD, make_agent, make_customer, open_ticket
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def test_the_ticket_page_shows_the_clocks_and_an_admin_adds_a_policy(
    live_server: LiveServer, browser: Browser
) -> None:
    with transaction(Actor.system()) as tx:
        ensure_sla_presets(tx)
    admin = make_agent(email="admin@seba.test", name="Admin", role="admin")
    opened = open_ticket(make_customer(), subject="রিফান্ড কবে পাব?", body="১০ দিন হয়ে গেল")
    page = browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB").new_page()
    page.goto(live_server.base_url + "/agent/login")
    page.fill("#email", admin.email)
    page.fill("#password", PASSWORD)
    page.click("#agent-sign-in")
    # Admins land on the agents page (state/agent_login.py); agents on the inbox.
    expect(page.locator("h1")).to_have_text("এজেন্টরা")

    page.goto(f"{live_server.base_url}/agent/t/{opened.ticket.id}")
    clocks = page.locator("#sla-clocks")
    expect(clocks).to_contain_text("প্রথম উত্তর")
    expect(clocks).to_contain_text("সমাধান")
    expect(clocks.locator("[data-metric=first_response]")).to_contain_text("বাকি")
    page.click("#language-switch")
    expect(clocks).to_contain_text("First response")
    expect(clocks.locator("[data-metric=resolution]")).to_contain_text("left")

    page.goto(live_server.base_url + "/admin/sla")
    table = page.locator("#sla-policies-table")
    expect(table).to_contain_text("Refund within 10 days (DCOG 2021)")
    form = page.locator("#sla-policy-form")
    form.locator("#name").fill("VIP customers")
    form.locator("#tiers").fill("vip")
    form.locator("#first_response_minutes").fill("15")
    page.click("#sla-save")
    expect(page.locator("#sla-notice")).to_be_visible()
    expect(table).to_contain_text("VIP customers")
    with read_session() as session:
        created = session.exec(select(SlaPolicy).where(SlaPolicy.name == "VIP customers")).one()
    assert (created.tiers, created.first_response_minutes) == (["vip"], 15)
