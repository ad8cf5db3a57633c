"""The in-app satisfaction survey: after resolution the customer's app shows five score buttons under
the survey message; a tap reaches the server once (csat.submit) and the buttons become a thank-you."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import select

from backend.csat.surveys import send_survey
from backend.db import Actor, read_session, transaction
from backend.models import CsatResponse, Customer
from backend.services.tickets import change_status, open_ticket
from tests.e2e.test_offline_sync import sign_in
from tests.support.factories import make_agent
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHONE, E164 = "01911223377", "+8801911223377"


def test_in_app_survey_answered_once(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="allow")
    page = context.new_page()
    sign_in(page, live_server, PHONE, E164)
    agent = make_agent(email="survey-agent@seba.test")
    with read_session() as session:
        customer = session.exec(select(Customer).where(Customer.phone == E164)).one()
    with transaction(Actor.customer(customer.id)) as tx:
        ticket = open_ticket(tx, customer_id=customer.id, subject="Refund late", body="কবে পাব?").ticket
    with transaction(Actor.agent(agent.id)) as tx:
        change_status(tx, ticket_id=ticket.id, status="resolved")
    with transaction(Actor.system()) as tx:
        send_survey(tx, ticket_id=ticket.id)
    page.goto(f"{live_server.base_url}/t/{ticket.id}")
    expect(page.locator("#thread")).to_contain_text("১ থেকে ৫")
    buttons = page.locator("#csat-survey button")
    expect(buttons).to_have_count(5)
    expect(buttons.nth(3)).to_have_text("৪")
    buttons.nth(3).click()
    expect(page.locator("#csat-thanks")).to_contain_text("৪/৫")
    deadline = time.monotonic() + 20
    scores: list[int] = []
    while not scores and time.monotonic() < deadline:
        with read_session() as session:
            scores = list(
                session.exec(select(CsatResponse.score).where(CsatResponse.ticket_id == ticket.id)).all()
            )
        time.sleep(0.3)
    assert scores == [4]
    page.reload()
    expect(page.locator("#csat-thanks")).to_be_visible()
    expect(page.locator("#csat-survey")).to_have_count(0)
    context.close()
