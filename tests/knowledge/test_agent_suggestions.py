"""Article suggestions in the agent's ticket view: from the conversation, in the customer's language."""

from __future__ import annotations

from backend.db import read_session
from backend.knowledge.agent_suggestions import suggest_for_ticket
from tests.support.factories import make_customer, open_ticket


def test_a_bengali_conversation_gets_bengali_articles_with_a_link_and_an_excerpt(help_centre: int) -> None:
    opened = open_ticket(
        make_customer(locale="bn"),
        subject="টাকা কেটেছে",
        body="বিকাশ থেকে টাকা কেটে নিয়েছে কিন্তু অর্ডার কনফার্ম হয়নি, TrxID 9XK3T7QZ2M",
    )
    with read_session() as session:
        found = suggest_for_ticket(session, opened.ticket.id)
    assert found[0].slug == "payment-deducted-order-not-confirmed"
    assert all(s.lang == "bn" for s in found)
    assert found[0].link.endswith("/help/bn/payment-deducted-order-not-confirmed")
    reply = found[0].reply_text()
    assert reply.startswith(found[0].title) and found[0].link in reply


def test_an_english_speaking_customer_gets_the_english_version(help_centre: int) -> None:
    opened = open_ticket(
        make_customer(locale="en"), subject="OTP problem", body="I am not getting the verification code"
    )
    with read_session() as session:
        found = suggest_for_ticket(session, opened.ticket.id)
    assert found[0].slug == "otp-not-received"
    assert found[0].lang == "en"
