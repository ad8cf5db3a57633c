"""The other intents end to end on web chat and SMS: knowledge-base answers (and the fallback without
the knowledge base), account help, promo codes, complaints, greeting, thanks (resolves), out of scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from backend.bot import engine
from backend.channels.sms.segments import count_segments
from tests.bot_flows.conftest import Chat, FixedClassifier, SmsChat, conversation, ticket


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    excerpt: str
    url: str
    lang: str
    score: float


@pytest.fixture
def knowledge(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, int]]:
    """A knowledge base with one article per language; records the searches."""
    searches: list[tuple[str, Any, int]] = []

    def search(query: str, lang: str | None, limit: int) -> list[Hit]:
        searches.append((query, lang, limit))
        if lang == "en":
            return [
                Hit(
                    "a1",
                    "Ways to pay",
                    "Cash on delivery, bKash, Nagad, Rocket and cards.",
                    "/help/pay",
                    "en",
                    3.2,
                )
            ]
        return [Hit("a2", "পেমেন্টের উপায়", "ক্যাশ অন ডেলিভারি, বিকাশ, নগদ, রকেট ও কার্ড।", "/help/pay", "bn", 2.9)]

    monkeypatch.setattr(engine, "knowledge_search", lambda: search)
    return searches


def test_payment_methods_are_answered_from_the_knowledge_base(
    chat: Chat, classifier: FixedClassifier, knowledge: list[Any]
) -> None:
    classifier.on("কিভাবে পেমেন্ট করা যায়?", "payment_methods", language="bn")
    answer = chat.say("কিভাবে পেমেন্ট করা যায়?")
    assert "পেমেন্টের উপায়: ক্যাশ অন ডেলিভারি, বিকাশ" in answer[0] and "/help/pay" in answer[0]
    assert knowledge == [("কিভাবে পেমেন্ট করা যায়?", "bn", 1)]
    assert conversation(chat.ticket_id).slots["kb_article"] == "a2"  # type: ignore[arg-type]
    assert ticket(chat.ticket_id).status == "pending"  # type: ignore[arg-type]


def test_delivery_info_in_english(chat: Chat, classifier: FixedClassifier, knowledge: list[Any]) -> None:
    classifier.on("how much is delivery to Sylhet?", "delivery_info", language="en")
    answer = chat.say("how much is delivery to Sylhet?")
    assert answer[0].startswith("Ways to pay: Cash on delivery")
    assert knowledge[0][1] == "en"


def test_without_the_knowledge_base_the_bot_offers_a_person(
    chat: Chat, classifier: FixedClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "knowledge_search", lambda: None)
    classifier.on("delivery charge koto?", "delivery_info")
    answer = chat.say("delivery charge koto?")
    assert answer == ["Ei bishoye ekhon uttor nai. Manusher sathe kotha bolte AGENT likhun."]
    assert conversation(chat.ticket_id).status == "active"  # type: ignore[arg-type]
    chat.say("agent")
    assert conversation(chat.ticket_id).handoff_reason == "talk_to_agent"  # type: ignore[arg-type]


def test_account_help_guides(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("OTP আসছে না", "account_help", language="bn")
    answer = chat.say("OTP আসছে না")
    assert "OTP কাউকে দেবেন না" in answer[0]


def test_promo_coupon_guides_then_a_person_checks_the_code(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("coupon kaj korche na", "promo_coupon")
    assert "Coupon er meyad" in chat.say("coupon kaj korche na")[0]
    assert "coupon ta check kore janabe" in chat.say("EID500 code, ORD-240450")[0]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.handoff_reason == "needs_agent" and "EID500" in state.slots["coupon_message"]
    assert ticket(chat.ticket_id).category == "promo_coupon"  # type: ignore[arg-type]


def test_complaint_is_recorded_with_high_priority(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("delivery man kharap bebohar korse", "complaint", sentiment="negative", sentiment_score=0.6)
    assert "Complaint ta record holo" in chat.say("delivery man kharap bebohar korse")[0]
    done = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert (done.category, done.priority) == ("complaint", "high")
    assert conversation(chat.ticket_id).handoff_reason == "needs_agent"  # type: ignore[arg-type]


def test_an_angry_complaint_is_urgent(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on(
        "ফালতু সার্ভিস, আর কখনো কিনবো না!", "complaint", language="bn", sentiment="negative", sentiment_score=0.93
    )
    assert "অভিযোগটি লেখা হলো" in chat.say("ফালতু সার্ভিস, আর কখনো কিনবো না!")[0]
    assert ticket(chat.ticket_id).priority == "urgent"  # type: ignore[arg-type]
    assert conversation(chat.ticket_id).handoff_reason == "negative_sentiment"  # type: ignore[arg-type]


def test_greeting_then_thanks_resolves_the_ticket(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("assalamu alaikum", "greeting")
    assert chat.say("assalamu alaikum")[0].startswith("Assalamu alaikum!")
    assert chat.say("dhonnobad")[0].startswith("Dhonnobad!")
    assert ticket(chat.ticket_id).status == "resolved"  # type: ignore[arg-type]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.status == "resolved" and state.handoff_reason is None


def test_out_of_scope_says_what_the_bot_can_do(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("what is the capital of France", "out_of_scope", confidence=0.9, language="en")
    answer = chat.say("what is the capital of France")
    assert answer[0].startswith("Sorry, I can help with orders") and "AGENT" in answer[0]
    if isinstance(chat, SmsChat):
        assert count_segments(chat.sent_sms()[0]).segments == 1


def test_a_new_ticket_on_an_inbox_without_the_bot_goes_straight_to_people(
    api: Any, classifier: FixedClassifier
) -> None:
    from backend.db import Actor, transaction
    from backend.services.organisation import ensure_organisation
    from tests.bot_flows.conftest import WebChat, bot_replies

    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
    chat = WebChat(api)
    chat.say("amar order kothay?")
    assert bot_replies(chat.ticket_id) == [] and classifier.seen == []  # type: ignore[arg-type]
