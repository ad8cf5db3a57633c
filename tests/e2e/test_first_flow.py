"""End to end in Chromium: a customer signs in with a one-time code and opens a ticket; an agent
signs in, finds it and replies; the customer sees the reply after a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.support.factories import PASSWORD, make_agent
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHONE_TYPED = "01712 345678"
PHONE_E164 = "+8801712345678"


def test_customer_opens_a_ticket_agent_replies_customer_sees_it(
    live_server: LiveServer, browser: Browser
) -> None:
    agent = make_agent(email="nusrat@seba.test", name="Nusrat Jahan")
    base = live_server.base_url

    # The customer, on a 360 px phone, in Bengali (the default).
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="bn-BD")
    customer_page = phone.new_page()
    customer_page.goto(base + "/")
    expect(customer_page).to_have_url(re.compile(r"/login/?$"))
    customer_page.fill("#phone", PHONE_TYPED)
    customer_page.click("#send-code")
    expect(customer_page.locator("#code")).to_be_visible()
    sms = live_server.wait_for_sms(PHONE_E164)[-1]
    code = re.search(r"\b(\d{6})\b", sms)
    assert code, sms
    assert "সেবা কোড" in sms  # the SMS is in the customer's language
    customer_page.fill("#code", code.group(1))
    customer_page.click("#verify-code")
    expect(customer_page.locator("h1")).to_have_text("আমার টিকিট")
    customer_page.click("#new-ticket")
    customer_page.fill("#subject", "bKash payment kete nise")
    customer_page.fill("#body", "১২৫০ টাকা কেটে নিয়েছে কিন্তু অর্ডার কনফার্ম হয়নি। TrxID 9FK3LQ2ZP1")
    customer_page.click("#submit-ticket")
    expect(customer_page).to_have_url(re.compile(r"/t/[0-9a-f-]{36}/?$"))
    ticket_url = customer_page.url
    expect(customer_page.locator("#thread")).to_contain_text("TrxID 9FK3LQ2ZP1")
    # The app pushed it: no message is left waiting on the phone.
    expect(customer_page.locator("#thread [data-local-state]")).to_have_count(0, timeout=20_000)

    # The agent, on a desktop, switches the console to English.
    desk = browser.new_context(viewport={"width": 1280, "height": 800})
    agent_page = desk.new_page()
    agent_page.goto(base + "/agent")
    expect(agent_page).to_have_url(re.compile(r"/agent/login/?$"))
    agent_page.click("#language-switch")
    agent_page.fill("#email", agent.email)
    agent_page.fill("#password", PASSWORD)
    agent_page.click("#agent-sign-in")
    expect(agent_page.locator("h1")).to_have_text("Inbox")
    row = agent_page.locator("#inbox-list a", has_text="bKash payment kete nise")
    expect(row).to_be_visible()
    row.click()
    expect(agent_page.locator("#thread")).to_contain_text("TrxID 9FK3LQ2ZP1")
    agent_page.fill("#body", "আপনার পেমেন্ট যাচাই করছি। ২৪ ঘণ্টার মধ্যে জানাব।")
    agent_page.click("#agent-send")
    expect(agent_page.locator("#thread")).to_contain_text("২৪ ঘণ্টার মধ্যে জানাব")

    # The customer reloads and reads the answer.
    customer_page.goto(ticket_url)
    customer_page.reload()
    expect(customer_page.locator("#thread")).to_contain_text("২৪ ঘণ্টার মধ্যে জানাব")
    expect(customer_page.locator("#thread")).to_contain_text("Nusrat")

    # A wrong code is refused in the customer's language, and an unknown page is a real 404.
    other = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    other.goto(base + "/login")
    other.fill("#phone", "01812345678")
    other.click("#send-code")
    other.fill("#code", "000000")
    live_server.wait_for_sms("+8801812345678")
    other.click("#verify-code")
    expect(other.locator("#error")).to_contain_text("কোডটি সঠিক নয়")
    response = other.goto(base + "/no/such/page")
    assert response is not None and response.status == 404
    expect(other.locator("h1")).to_have_text("পাতাটি পাওয়া যায়নি")
