"""Payment issues end to end on web chat and SMS: method, TrxID, amount (Bengali digits) and time are
collected, a structured PaymentDispute is stored, and the ticket goes to the payments team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from backend.db import read_session
from backend.models import AuditEvent, PaymentDispute
from backend.presence import heartbeat
from tests.bot_flows.conftest import Chat, FixedClassifier, SmsChat, conversation, customer_of, ticket
from tests.support.factories import make_agent, make_team


def _payments_agent() -> tuple[object, object]:
    team = make_team(slug="payments", name="Payments", handles=["payment_issue"])
    agent = make_agent(name="Tania Akter", languages=["bn", "en"], team_ids=[team.id])
    heartbeat(agent.id)
    return team, agent


def _dispute(ticket_id: object) -> PaymentDispute:
    with read_session() as session:
        return session.exec(select(PaymentDispute).where(PaymentDispute.ticket_id == ticket_id)).one()


def test_bengali_details_in_one_message_then_the_time(chat: Chat, classifier: FixedClassifier) -> None:
    team, agent = _payments_agent()
    text = "বিকাশে ৳৫০০ কেটে নিয়েছে কিন্তু অর্ডার পেইড দেখাচ্ছে না, TrxID 9A7B3C2D1E"
    classifier.on(text, "payment_issue", language="bn")
    asked = chat.say(text)
    assert asked == ["কখন পেমেন্ট করেছিলেন? (যেমন গতকাল ৩টায়)"]
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.slots["method"] == "bkash" and state.slots["trx_id"] == "9A7B3C2D1E"
    assert state.slots["amount_paisa"] == 50000 and state.awaiting == "occurred_at"
    opened = chat.say("গতকাল ৩টায়")
    assert "পেমেন্ট অভিযোগ খোলা হলো: বিকাশ, TrxID 9A7B3C2D1E, ৫০০ টাকা" in opened[0]
    if isinstance(chat, SmsChat):
        assert opened[0] in chat.sent_sms()
    dispute = _dispute(chat.ticket_id)
    local_yesterday = datetime.now(ZoneInfo("Asia/Dhaka")).date() - timedelta(days=1)
    assert (dispute.method, dispute.trx_id, dispute.amount_paisa) == ("bkash", "9A7B3C2D1E", 50000)
    assert dispute.occurred_at.astimezone(ZoneInfo("Asia/Dhaka")).replace(tzinfo=None) == datetime(
        local_yesterday.year, local_yesterday.month, local_yesterday.day, 15, 0
    )
    assert dispute.customer_id == customer_of(chat) and dispute.status == "open"
    routed = ticket(chat.ticket_id)  # type: ignore[arg-type]
    assert routed.intent == "payment_issue" and routed.team_id == team.id  # type: ignore[attr-defined]
    assert routed.assignee_id == agent.id  # type: ignore[attr-defined]
    assert routed.priority == "high"
    assert conversation(chat.ticket_id).handoff_reason == "payment_dispute"  # type: ignore[arg-type]
    with read_session() as session:
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "payment_dispute.opened")).one()
    assert audit.data["trx_id"] == "9A7B3C2D1E" and audit.actor_type == "bot"


def test_banglish_one_slot_at_a_time(chat: Chat, classifier: FixedClassifier) -> None:
    team, _ = _payments_agent()
    classifier.on("payment korsi kintu order unpaid dekhay", "payment_issue")
    assert "TrxID" in chat.say("payment korsi kintu order unpaid dekhay")[0]
    assert "Transaction er TrxID" in chat.say("nagad diye")[0]
    assert "Koto taka" in chat.say("trx 8n4k2m9x7q")[0]
    assert "Kokhon payment" in chat.say("১২৫০")[0]
    opened = chat.say("today 2pm")
    assert "Payment case khola holo: Nagad, TrxID 8N4K2M9X7Q, 1,250 taka" in opened[0]
    dispute = _dispute(chat.ticket_id)
    assert (dispute.method, dispute.trx_id, dispute.amount_paisa) == ("nagad", "8N4K2M9X7Q", 125000)
    assert dispute.occurred_at.tzinfo is not None and dispute.occurred_at <= datetime.now(UTC)
    assert ticket(chat.ticket_id).team_id == team.id  # type: ignore[arg-type, attr-defined]


def test_a_customer_who_never_gives_the_trx_id_reaches_a_person(
    chat: Chat, classifier: FixedClassifier
) -> None:
    _payments_agent()
    classifier.on("bkash e taka kete nise 500 tk gotokal 3tay", "payment_issue")
    assert "TrxID" in chat.say("bkash e taka kete nise 500 tk gotokal 3tay")[0]
    assert "TrxID" in chat.say("jani na")[0]
    chat.say("mone nai")
    state = conversation(chat.ticket_id)  # type: ignore[arg-type]
    assert state.status == "handed_off" and state.handoff_reason == "slot_not_given"
    with read_session() as session:
        assert session.exec(select(PaymentDispute)).first() is None  # nothing half-written
