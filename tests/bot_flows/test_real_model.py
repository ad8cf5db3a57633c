"""The flows with the NLU model that ships in the repository (no injected classifier): what customers
really type is understood and answered in their script, on web chat and SMS."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from backend.db import read_session
from backend.models import BotTurn, PaymentDispute
from tests.bot_flows.conftest import Chat, SmsChat, WebChat, add_order, conversation, customer_of, ticket


@pytest.fixture(params=["web", "sms"])
def real_chat(request: pytest.FixtureRequest, bot_inboxes: None) -> Chat:
    if request.param == "web":
        return WebChat(request.getfixturevalue("api"))
    from tests.bot_flows.conftest import _phones

    client, peer = request.getfixturevalue("sms_api")
    return SmsChat(client, peer, f"+88017{next(_phones):08d}"[:14])


def test_where_is_my_order_in_banglish(real_chat: Chat) -> None:
    real_chat.say("হ্যালো")
    add_order(customer_of(real_chat), "ORD-240117", status="out_for_delivery")
    answer = real_chat.say("amar order ORD-240117 kothay?")
    assert answer[0].startswith("Order ORD-240117: delivery r pothe.")
    assert ticket(real_chat.ticket_id).language == "banglish"  # type: ignore[arg-type]
    with read_session() as session:
        turn = session.exec(select(BotTurn).where(BotTurn.intent == "track_order")).one()
    assert turn.confidence >= 0.5 and turn.model_version_id is not None


def test_payment_dispute_in_bengali_script(real_chat: Chat) -> None:
    asked = real_chat.say("বিকাশে টাকা কেটেছে কিন্তু অর্ডার পেইড হয়নি")
    assert asked == ["মাধ্যম (বিকাশ/নগদ/রকেট/কার্ড), TrxID, টাকা ও সময় লিখুন।"]
    opened = real_chat.say("বিকাশ, TrxID 9A7B3C2D1E, ৳১২০০, গতকাল ৩টায়")
    assert "পেমেন্ট অভিযোগ খোলা হলো: বিকাশ, TrxID 9A7B3C2D1E, ১,২০০ টাকা" in opened[0]
    with read_session() as session:
        dispute = session.exec(select(PaymentDispute)).one()
    assert (dispute.method, dispute.trx_id, dispute.amount_paisa) == ("bkash", "9A7B3C2D1E", 120000)


def test_asking_for_a_person_and_saying_thanks(api: Any, bot_inboxes: None) -> None:
    person = WebChat(api)
    person.say("manusher sathe kotha bolte chai")
    assert conversation(person.ticket_id).handoff_reason == "talk_to_agent"  # type: ignore[arg-type]
    polite = WebChat(api)
    polite.say("হ্যালো")
    assert polite.say("thanks, problem solved")[0].startswith("Thank you!")
    assert ticket(polite.ticket_id).status == "resolved"  # type: ignore[arg-type]


def test_an_angry_complaint_goes_to_a_person_urgently(api: Any, bot_inboxes: None) -> None:
    chat = WebChat(api)
    chat.say("ফালতু সার্ভিস, আর কখনো কিনবো না!")
    assert conversation(chat.ticket_id).handoff_reason == "negative_sentiment"  # type: ignore[arg-type]
    assert ticket(chat.ticket_id).priority == "urgent"  # type: ignore[arg-type]


def test_payment_methods_from_the_knowledge_base(api: Any, bot_inboxes: None) -> None:
    from backend.knowledge.search import search_articles

    chat = WebChat(api)
    answer = chat.say("kivabe payment korbo?")[0]
    hits = search_articles("kivabe payment korbo?", lang="en", limit=1)  # Banglish: Latin script
    assert hits, "the shipped help articles answer payment questions"
    assert answer.startswith(f"{hits[0].title}:") and hits[0].url in answer
    assert conversation(chat.ticket_id).slots["kb_article"] == str(hits[0].id)  # type: ignore[arg-type]
