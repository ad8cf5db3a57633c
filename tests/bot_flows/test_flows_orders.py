"""Order flows end to end, each on web chat (sync push) and on SMS (signed Twilio webhook, replies
through the local Twilio peer): track, refund status, cancel, change address, return, refund
request, item problem."""

from __future__ import annotations

from tests.bot_flows.conftest import (
    Chat,
    FixedClassifier,
    SmsChat,
    add_order,
    add_refund,
    bot_notes,
    conversation,
    customer_of,
    ticket,
)


def _sent_by_sms(chat: Chat, reply: str) -> None:
    """On SMS the bot's reply really left through Twilio (the local peer got it)."""
    if isinstance(chat, SmsChat):
        assert reply in chat.sent_sms()


def test_track_order_asks_for_the_order_then_answers_status_and_eta(
    chat: Chat, classifier: FixedClassifier
) -> None:
    classifier.on("amar order kothay?", "track_order", language="banglish")
    first = chat.say("amar order kothay?")
    assert len(first) == 1 and "order number" in first[0].lower()
    assert conversation(chat.ticket_id).awaiting == "order"  # type: ignore[arg-type]
    add_order(customer_of(chat), "ORD-240117", status="shipped")
    answer = chat.say("240117")  # a bare number: the bot asked for the order
    assert "ORD-240117" in answer[0] and "shipped" in answer[0] and "Pathao PTH123456" in answer[0]
    _sent_by_sms(chat, answer[0])
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.intent == "track_order" and state.slots["order"] == "ORD-240117" and state.status == "active"
    done = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert done.status == "pending" and done.order_ref == "ORD-240117" and done.intent == "track_order"
    assert done.language == "banglish" and done.assignee_id is None


def test_somebody_elses_order_is_not_found_and_after_two_questions_a_person_takes_over(
    chat: Chat, classifier: FixedClassifier
) -> None:
    from tests.support.factories import make_customer

    stranger = make_customer()
    add_order(stranger.id, "ORD-555555")
    classifier.on("ORD-555555 kothay", "track_order")
    first = chat.say("ORD-555555 kothay")
    assert "ORD-555555" in first[0] and "pailam na" in first[0]
    second = chat.say("ORD-555555")
    assert "pailam na" in second[0]
    assert conversation(chat.ticket_id).status == "active"  # type: ignore[arg-type]
    third = chat.say("555555")
    assert conversation(chat.ticket_id).handoff_reason == "slot_not_given"  # type: ignore[arg-type]
    assert "team er ekjon" in third[0]


def test_refund_status_in_bengali_script_with_bengali_digits(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("ORD-240233 এর রিফান্ড কবে পাবো?", "refund_status", language="bn")
    chat.say("হ্যালো")  # opens the ticket (the classifier does not understand it)
    add_order(customer_of(chat), "ORD-240233", status="returned")
    add_refund(customer_of(chat), "ORD-240233", amount_paisa=120000, status="processing")
    answer = chat.say("ORD-240233 এর রিফান্ড কবে পাবো?")
    assert "১,২০০ টাকা" in answer[0] and "বিকাশ" in answer[0] and "প্রক্রিয়াধীন" in answer[0]
    _sent_by_sms(chat, answer[0])


def test_cancel_before_shipping_goes_to_agents_as_a_cancellation_request(
    chat: Chat, classifier: FixedClassifier
) -> None:
    classifier.on("ORD-240412 cancel kore den", "cancel_order")
    chat.say("hi")
    add_order(customer_of(chat), "ORD-240412", status="confirmed")
    answer = chat.say("ORD-240412 cancel kore den")
    assert "cancel er request" in answer[0]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.status == "handed_off" and state.handoff_reason == "needs_agent"
    done = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert done.category == "cancel_request" and "cancel-request" in done.tags and done.status == "open"


def test_cancel_after_shipping_is_explained_and_handed_off(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("order ta cancel korbo ORD-240150", "cancel_order")
    chat.say("hi")
    add_order(customer_of(chat), "ORD-240150", status="shipped")
    answer = chat.say("order ta cancel korbo ORD-240150")
    assert "already shipped" in answer[0]
    assert conversation(chat.ticket_id).handoff_reason == "needs_agent"  # type: ignore[arg-type]


def test_change_address_collects_the_new_address(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("ORD-240301 er address change korte chai", "change_address")
    chat.say("hello")
    add_order(customer_of(chat), "ORD-240301", status="packed")
    asked = chat.say("ORD-240301 er address change korte chai")
    assert "notun address" in asked[0]
    done = chat.say("House 12, Road 7, Sector 7, Uttara")
    assert "address change kore janabe" in done[0]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.slots["new_address"] == "House 12, Road 7, Sector 7, Uttara"
    assert state.handoff_reason == "needs_agent"
    assert "House 12, Road 7" in bot_notes(chat.ticket_id)[0]  # type: ignore[arg-type]


def test_return_explains_the_policy_and_opens_a_return_request(
    chat: Chat, classifier: FixedClassifier
) -> None:
    classifier.on("product ta ferot dite chai", "return_item")
    first = chat.say("product ta ferot dite chai")
    assert "7 diner moddhe" in first[0] and "order number" in first[0].lower()
    add_order(customer_of(chat), "ORD-240377", status="delivered")
    second = chat.say("ORD-240377")
    assert "return request" in second[0]
    assert ticket(chat.ticket_id).category == "return_request"  # type: ignore[arg-type]


def test_refund_request_in_english(chat: Chat, classifier: FixedClassifier) -> None:
    classifier.on("I want my money back for ORD-240398", "request_refund", language="en")
    chat.say("hi")
    add_order(customer_of(chat), "ORD-240398", status="delivered")
    answer = chat.say("I want my money back for ORD-240398")
    assert "10 working days" in answer[0] and "refund request for ORD-240398 is open" in answer[0]
    assert conversation(chat.ticket_id).handoff_reason == "needs_agent"  # type: ignore[arg-type]


def test_item_problem_asks_for_photos_raises_priority_then_hands_off(
    chat: Chat, classifier: FixedClassifier
) -> None:
    classifier.on("product vanga ashche", "item_problem", sentiment="negative", sentiment_score=0.6)
    asked = chat.say("product vanga ashche")
    assert "chobi" in asked[0]
    assert ticket(chat.ticket_id).priority == "high"  # type: ignore[arg-type]
    done = chat.say("ei je chobi", photos=2)
    assert "urgent hishebe" in done[0]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.slots["photos"] == 2 and state.handoff_reason == "needs_agent"
