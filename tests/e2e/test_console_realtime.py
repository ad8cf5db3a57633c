"""Real time across two web processes, in Chromium: a customer writes, two agents (each on a
different web process) see it without reloading; one replies, the other sees the reply and was
warned that a colleague was replying; the customer sees "typing…" and then the reply."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_offline_sync import sign_in
from tests.e2e.test_reproducible_build import _checkout
from tests.support.factories import PASSWORD, make_agent
from tests.support.live_server import LiveServer, start_live_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def second_web_process(
    live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """Another web process (its own build and port) on the same database and Redis."""
    root = tmp_path_factory.mktemp("second-web")
    server = start_live_server(root / "logs", project_root=_checkout(root / "project"), with_worker=False)
    yield server
    server.stop()


def agent_console(browser: Browser, server: LiveServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB").new_page()
    page.goto(server.base_url + "/agent/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#agent-sign-in")
    expect(page.locator("h1")).to_have_text("ইনবক্স")
    page.click("#view-all")
    return page


def test_two_agents_on_two_processes_and_a_customer(
    live_server: LiveServer, second_web_process: LiveServer, browser: Browser
) -> None:
    make_agent(email="nusrat@seba.test", name="Nusrat Jahan")
    make_agent(email="rahim@seba.test", name="Rahim Uddin")
    nusrat = agent_console(browser, live_server, "nusrat@seba.test")
    rahim = agent_console(browser, second_web_process, "rahim@seba.test")

    customer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(customer, live_server, "01677001122", "+8801677001122")
    customer.click("#new-ticket")
    customer.fill("#subject", "Rocket payment failed")
    customer.fill("#body", "Rocket থেকে ৮৫০ টাকা কেটেছে")
    customer.click("#submit-ticket")
    expect(customer).to_have_url(re.compile(r"/t/[0-9a-f-]{36}/?$"))

    # Both inboxes show the new ticket without a reload.
    for console in (nusrat, rahim):
        expect(console.locator("#inbox-list")).to_contain_text("Rocket payment failed", timeout=10_000)
    for console in (nusrat, rahim):
        console.locator("#inbox-list a", has_text="Rocket payment failed").click()
        expect(console.locator("#thread")).to_contain_text("৮৫০ টাকা")

    # The customer types and writes again: both agents see it live.
    customer.fill("#body", "TrxID 7HG2KD9LQ")
    expect(nusrat.locator("#customer-typing")).to_be_visible(timeout=10_000)
    customer.click("#send-reply")
    for console in (nusrat, rahim):
        expect(console.locator("#thread")).to_contain_text("TrxID 7HG2KD9LQ", timeout=10_000)

    # Rahim starts a reply: Nusrat is warned, the customer sees the team typing.
    rahim.fill("#body", "দেখছি, একটু অপেক্ষা করুন")
    expect(nusrat.locator("#collision-warning")).to_contain_text("Rahim Uddin", timeout=10_000)
    expect(customer.locator("#agent-typing")).to_be_visible(timeout=10_000)
    rahim.click("#agent-send")

    # The reply reaches Nusrat's open ticket and the customer's phone without a reload.
    expect(nusrat.locator("#thread")).to_contain_text("দেখছি, একটু অপেক্ষা করুন", timeout=10_000)
    expect(customer.locator("#thread")).to_contain_text("দেখছি, একটু অপেক্ষা করুন", timeout=10_000)
    expect(nusrat.locator("#collision-warning")).to_have_count(0, timeout=15_000)
