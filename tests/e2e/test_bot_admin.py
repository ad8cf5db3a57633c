"""The bot's admin page and summary card in Chromium: a supervisor labels a message the bot did not
understand, retrains (the live worker trains a real model while the page shows progress), reads the
new version's evaluation, and an agent sees the bot's summary at the top of a handed-off ticket."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from backend.db import Actor, transaction
from backend.models import BotInbox
from backend.models.base import utcnow
from backend.services.organisation import ensure_organisation, inbox_for_channel
from tests.support.factories import PASSWORD, make_agent, make_customer, open_ticket
from tests.support.jobs import run_queued_jobs
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _sign_in(browser: Browser, server: LiveServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(server.base_url + "/agent/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#agent-sign-in")
    expect(page.locator("h1")).to_have_text("ইনবক্স")
    return page


def test_supervisor_labels_retrains_and_reads_the_evaluation(
    live_server: LiveServer, browser: Browser
) -> None:
    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
        tx.session.flush()
        tx.session.add(
            BotInbox(
                inbox_id=inbox_for_channel(tx.session, "web").id, enabled_at=utcnow() - timedelta(seconds=5)
            )
        )
    make_agent(email="shirin@seba.test", name="Shirin Akter", role="supervisor", languages=["bn", "en"])
    agent = make_agent(email="karim@seba.test", name="Karim Uddin", languages=["bn", "en"])
    puzzling = open_ticket(make_customer(), subject="?", body="qwzx plmk")
    asked = open_ticket(make_customer(), subject="manush", body="I want to talk to a human agent")
    run_queued_jobs()  # the bot's turns (the real shipped model)

    page = _sign_in(browser, live_server, "shirin@seba.test")
    page.goto(live_server.base_url + "/admin/bot")
    expect(page.locator("#bot-stats")).to_be_visible()
    review = page.locator("#bot-review")
    expect(review).to_contain_text("qwzx plmk")
    review.locator("select").first.select_option("greeting")
    expect(page.locator("#bot-review-empty")).to_be_visible()
    expect(page.locator("#bot-versions")).to_contain_text("shipped")

    page.click("#bot-retrain")
    versions = page.locator("#bot-versions")
    expect(versions).to_contain_text("v1")
    expect(versions.locator("tr", has_text="v1")).to_contain_text(re.compile("তৈরি|Ready"), timeout=180_000)
    versions.locator("tr", has_text="v1").get_by_role("button").first.click()
    evaluation = page.locator("#bot-evaluation")
    expect(evaluation).to_contain_text("v1")
    expect(evaluation.locator("img.confusion-picture")).to_be_visible()
    expect(page.locator("#bot-intent-f1")).to_contain_text("F1")

    desk = _sign_in(browser, live_server, "karim@seba.test")
    desk.goto(f"{live_server.base_url}/agent/t/{asked.ticket.id}")
    summary = desk.locator("#bot-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("গ্রাহক মানুষ চেয়েছেন")
    del agent, puzzling
