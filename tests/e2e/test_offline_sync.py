"""Offline first, in Chromium against `reflex run --env prod` (SYNC.md's browser properties):
first visit, go offline (service-worker requests aborted too), reload: the app opens with the
cached tickets; a ticket and three messages written offline stay queued across an offline
reload; back online, the server holds each exactly once; an agent's reply then appears on the
page without a reload."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.models import Message, Ticket
from backend.services import messages as message_service
from tests.support.factories import make_agent
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHONE = "01911223344"
PHONE_E164 = "+8801911223344"


def sign_in(page: Page, live_server: LiveServer, phone: str, e164: str) -> None:
    page.goto(live_server.base_url + "/login")
    page.fill("#phone", phone)
    page.click("#send-code")
    expect(page.locator("#code")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", live_server.wait_for_sms(e164)[-1])
    assert code
    page.fill("#code", code.group(1))
    page.click("#verify-code")
    expect(page.locator("h1")).to_have_text("আমার টিকিট")


def go_offline(context: BrowserContext) -> None:
    context.set_offline(True)
    # Belt and braces: also fail every request, the service worker's included.
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def go_online(context: BrowserContext) -> None:
    context.unroute("**/*")
    context.set_offline(False)


def wait_until_controlled(page: Page) -> None:
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=30_000
    )
    page.wait_for_function(
        "caches.keys().then(k => k.some(n => n.startsWith('seba-shell-')))", timeout=30_000
    )


def test_offline_ticket_and_messages_sync_exactly_once(live_server: LiveServer, browser: Browser) -> None:
    agent = make_agent(email="rahim@seba.test", name="Rahim Uddin")
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # First visit, online: sign in, write one ticket so that there is something cached.
    sign_in(page, live_server, PHONE, PHONE_E164)
    wait_until_controlled(page)
    page.click("#new-ticket")
    page.fill("#subject", "Online ticket")
    page.fill("#body", "written while online")
    page.click("#submit-ticket")
    expect(page.locator("#thread")).to_contain_text("written while online")
    expect(page.locator("#thread [data-local-state]")).to_have_count(0, timeout=20_000)  # synced

    # Offline: reload, the app opens from the service worker and IndexedDB.
    go_offline(context)
    page.goto(live_server.base_url + "/")
    expect(page.locator("h1")).to_have_text("আমার টিকিট")
    expect(page.locator("#ticket-list")).to_contain_text("Online ticket")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "offline")

    # Write a ticket and three messages offline.
    page.click("#new-ticket")
    page.fill("#subject", "Offline ticket: delivery late")
    page.fill("#body", "অফলাইনে লেখা প্রথম বার্তা")
    page.click("#submit-ticket")
    expect(page.locator("#thread")).to_contain_text("অফলাইনে লেখা প্রথম বার্তা")
    offline_url = page.url
    for i in (1, 2, 3):
        page.fill("#body", f"offline message {i}")
        page.click("#send-reply")
        expect(page.locator("#thread")).to_contain_text(f"offline message {i}")
    expect(page.locator("#thread [data-local-state='waiting']")).to_have_count(4)
    expect(page.locator("#thread")).to_contain_text("নেটওয়ার্কের অপেক্ষায়")

    # Reload while still offline: everything is still there and still queued.
    page.reload()
    expect(page.locator("#thread")).to_contain_text("offline message 3")
    expect(page.locator("#thread [data-local-state='waiting']")).to_have_count(4)
    with read_session() as session:
        assert (
            session.exec(select(Ticket).where(Ticket.subject == "Offline ticket: delivery late")).first()
            is None
        )

    # Back online: each reaches the server exactly once.
    go_online(context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#thread [data-local-state]")).to_have_count(0, timeout=30_000)
    ticket_id = uuid.UUID(offline_url.rstrip("/").rsplit("/", 1)[1])
    with read_session() as session:
        tickets = session.exec(select(Ticket).where(Ticket.subject == "Offline ticket: delivery late")).all()
        assert [t.id for t in tickets] == [ticket_id]
        bodies = [m.body for m in session.exec(select(Message).where(Message.ticket_id == ticket_id))]
    assert sorted(bodies) == sorted(
        ["অফলাইনে লেখা প্রথম বার্তা", "offline message 1", "offline message 2", "offline message 3"]
    )

    # An agent replies: it appears on the open page without a reload (poke, then pull).
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket_id, body="কাল ডেলিভারি হবে, ইনশাআল্লাহ"
        )
    # Within 5 s: the poke stream (SSE) makes the page pull at once, no timer involved.
    expect(page.locator("#thread")).to_contain_text("কাল ডেলিভারি হবে", timeout=5_000)
    expect(page.locator("#thread")).to_contain_text("Rahim")
    assert errors == []
    context.close()


def test_a_refused_message_says_why_in_words(live_server: LiveServer, browser: Browser) -> None:
    """Written offline to a ticket that an agent closes meanwhile: the server refuses it and the
    phone shows "could not send" with the reason, in the customer's language."""
    agent = make_agent(email="tania@seba.test", name="Tania Akter")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, live_server, "01911223355", "+8801911223355")
    wait_until_controlled(page)
    page.click("#new-ticket")
    page.fill("#subject", "Refund")
    page.fill("#body", "where is my refund")
    page.click("#submit-ticket")
    expect(page).to_have_url(re.compile(r"/t/[0-9a-f-]{36}/?$"))
    expect(page.locator("#thread")).to_contain_text("where is my refund")
    expect(page.locator("#thread [data-local-state]")).to_have_count(0, timeout=20_000)
    ticket_id = uuid.UUID(page.url.rstrip("/").rsplit("/", 1)[1])

    go_offline(context)
    page.fill("#body", "one more thing")
    page.click("#send-reply")
    expect(page.locator("#thread [data-local-state='waiting']")).to_have_count(1)
    from backend.services import tickets as ticket_service

    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=ticket_id, status="closed")
    go_online(context)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    failed = page.locator("#thread [data-local-state='failed']")
    expect(failed).to_have_count(1, timeout=20_000)
    expect(failed).to_contain_text("পাঠানো যায়নি")
    expect(failed).to_contain_text("বন্ধ")  # the reason: the ticket is closed
    with read_session() as session:
        bodies = [m.body for m in session.exec(select(Message).where(Message.ticket_id == ticket_id))]
    assert "one more thing" not in bodies
    context.close()
