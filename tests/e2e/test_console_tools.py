"""The agent console on a 360 px phone, in Chromium: views and counts, filters, quick search, the
customer panel with orders, tags, priority, a canned response inserted in the customer's language,
a draft that survives a reload and is sent exactly once, keyboard shortcuts, presence, and the
supervisor's board."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.models import Message, Ticket
from backend.models.commerce import CommerceOrder
from backend.services import canned as canned_service
from tests.support.factories import PASSWORD, make_agent, make_customer, make_team, open_ticket
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def console(browser: Browser, server: LiveServer, email: str, *, width: int = 360) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 740}, locale="en-GB").new_page()
    page.goto(server.base_url + "/agent/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#agent-sign-in")
    expect(page.locator("h1")).to_have_text("ইনবক্স")
    return page


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width} px wide on a {page.viewport_size} screen"


def test_an_agent_works_a_ticket_on_a_phone(live_server: LiveServer, browser: Browser) -> None:
    team = make_team(slug="care", name="Customer care")
    agent = make_agent(email="nusrat@seba.test", name="Nusrat Jahan", team_ids=[team.id], languages=["bn"])
    customer = make_customer(name="আয়েশা সিদ্দিকা")
    opened = open_ticket(customer, subject="অর্ডার এখনো আসেনি", body="ORD-7781 কবে আসবে?", order_ref="ORD-7781")
    other = open_ticket(make_customer(name="Rafiq Islam"), subject="OTP ashche na", body="otp pai na")
    with transaction(Actor.system()) as tx:
        tx.session.add(
            CommerceOrder(
                order_ref="ORD-7781",
                customer_id=customer.id,
                status="shipped",
                items=[{"name": "Walton ব্লেন্ডার", "qty": 1}],
                total_paisa=249000,
                payment_method="cod",
                payment_status="unpaid",
                courier="Pathao",
                tracking_code="PT-99812",
            )
        )
        canned_service.create_canned(
            tx,
            shortcut="where",
            title="Order on its way",
            body_bn="{customer_name}, আপনার অর্ডার {order_number} পথে আছে।",
            body_en="{customer_name}, your order {order_number} is on its way.",
        )
    page = console(browser, live_server, agent.email)
    no_sideways_scroll(page)

    # Views with counts; the quick search finds a ticket by its number in Bengali digits.
    page.click("#view-all")
    expect(page.locator("#count-all")).to_have_text("২")
    expect(page.locator("#inbox-list")).to_contain_text("OTP ashche na")
    page.fill(
        "#quick-search", "#" + str(other.ticket.number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    )
    page.press("#quick-search", "Enter")
    expect(page.locator("#search-results")).to_contain_text("OTP ashche na")
    expect(page.locator("#search-results")).not_to_contain_text("অর্ডার এখনো আসেনি")

    # A filter narrows the list and is remembered across a reload.
    page.click(".filters summary")
    page.select_option("#filter-channel", "sms")
    expect(page.locator("#inbox-empty")).to_be_visible()
    page.reload()
    expect(page.locator("#filter-channel")).to_have_value("sms")
    page.select_option("#filter-channel", "")
    expect(page.locator("#inbox-list")).to_contain_text("অর্ডার এখনো আসেনি")

    # j and Enter open a ticket from the keyboard.
    page.locator("#inbox-list a", has_text="অর্ডার এখনো আসেনি").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#thread")).to_contain_text("ORD-7781 কবে আসবে?")
    expect(page.locator("#panel-orders")).to_contain_text("ORD-7781")
    expect(page.locator("#panel-orders")).to_contain_text("Pathao PT-99812")
    no_sideways_scroll(page)

    # Tags and priority.
    page.fill("#tag-input", "Delivery-Delay")
    page.press("#tag-input", "Enter")
    expect(page.locator("#ticket-tags")).to_contain_text("delivery-delay")
    page.select_option("#priority-select", "high")
    expect(page.locator(".row-top .priority-high")).to_be_visible()

    # "r" opens the reply; a canned response goes in filled for this customer, in Bengali.
    page.locator("h1").click()
    page.keyboard.press("r")
    expect(page.locator("#body")).to_be_focused()
    canned_id = page.eval_on_selector("#canned-select", "e => e.options[1].value")
    page.select_option("#canned-select", canned_id)
    expect(page.locator("#body")).to_have_value(re.compile("আয়েশা সিদ্দিকা, আপনার অর্ডার ORD-7781 পথে আছে।"))
    page.locator("#body").press("End")
    page.locator("#body").type(" কাল পাবেন।")

    # The page reloads mid-way: the draft is still there, with the same client id.
    client_id = page.input_value("#client-id")
    assert client_id
    page.reload()
    expect(page.locator("#body")).to_have_value(re.compile("পথে আছে। কাল পাবেন।$"))
    expect(page.locator("#client-id")).to_have_value(client_id)

    # Ctrl+Enter sends; the message is stored once, with the draft's client id; the draft is gone.
    page.locator("#body").press("Control+Enter")
    expect(page.locator("#thread")).to_contain_text("কাল পাবেন।")
    expect(page.locator("#body")).to_have_value("")
    page.reload()
    expect(page.locator("#thread")).to_contain_text("কাল পাবেন।")
    expect(page.locator("#body")).to_have_value("")
    with read_session() as session:
        sent = session.exec(
            select(Message).where(Message.ticket_id == opened.ticket.id, Message.direction == "outbound")
        ).all()
        ticket = session.get(Ticket, opened.ticket.id)
    assert [m.client_id for m in sent] == [client_id]
    assert ticket is not None and ticket.priority == "high" and "delivery-delay" in ticket.tags
    assert ticket.assignee_id == agent.id  # replying takes an unassigned ticket

    # "n" goes to the next ticket; the presence switch says away and back.
    page.locator("h1").click()
    page.keyboard.press("n")
    expect(page.locator("#thread")).to_contain_text("otp pai na")
    page.click("#presence-toggle")
    expect(page.locator("#presence-toggle")).to_contain_text("দূরে")
    page.click("#presence-toggle")
    expect(page.locator("#presence-toggle")).to_contain_text("অনলাইন")


def test_supervisor_sees_the_board_and_assigns_by_hand(live_server: LiveServer, browser: Browser) -> None:
    team = make_team(slug="payments", name="Payments", handles=["payment_issue"])
    make_agent(email="tania@seba.test", name="Tania Akter", team_ids=[team.id], capacity=3)
    make_agent(email="kamrul@seba.test", name="Kamrul Hasan", role="supervisor", team_ids=[team.id])
    opened = open_ticket(
        make_customer(name="Rafiq Islam"), subject="bKash kete nise", body="TrxID 9FK3LQ2ZP1"
    )
    tania = console(browser, live_server, "tania@seba.test", width=1280)
    boss = console(browser, live_server, "kamrul@seba.test", width=1280)
    boss.click("#board-link")
    row = boss.locator("[data-agent-id] td:first-child", has_text="Tania Akter").locator("xpath=..")
    expect(row).to_contain_text("অনলাইন")
    tania.click("#presence-toggle")
    expect(row).to_contain_text("দূরে", timeout=10_000)

    boss.goto(f"{live_server.base_url}/agent/t/{opened.ticket.id}")
    boss.click("text=অন্যকে দিন")
    option = boss.locator("#override-form select option", has_text="Tania Akter")
    boss.select_option("#override-form select", option.get_attribute("value"))
    boss.click("#override-submit")
    expect(boss.locator(".banner.notice")).to_be_visible()
    with read_session() as session:
        ticket = session.get(Ticket, opened.ticket.id)
    assert ticket is not None
    assert ticket.assignee_id == uuid.UUID(option.get_attribute("value") or "")
