"""Agents' ticket search by text: every word in the subject, or every word in one of its messages."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from backend.db import get_engine, is_postgres
from backend.queries.search import quick_search
from tests.support.factories import make_customer, open_ticket


def _ticket(subject: str, body: str) -> str:
    return str(open_ticket(make_customer(), subject=subject, body=body).ticket.id)


def test_a_word_of_a_message_finds_its_ticket() -> None:
    wanted = _ticket("Payment problem", "bKash TrxID 9XK3T7QZ2M was charged twice")
    _ticket("Payment problem", "Nagad TrxID 7AB2C3D4E5 failed")
    with Session(get_engine()) as session:
        assert [t.id for t in quick_search(session, "9XK3T7QZ2M")] == [wanted]
        assert [t.id for t in quick_search(session, "9xk3t7qz2m")] == [wanted]  # any case


def test_every_word_must_appear_in_the_subject_or_in_one_message() -> None:
    screen = _ticket("ভাঙা পণ্য পেয়েছি", "বাক্স খুলে দেখি স্ক্রিন ফাটা")
    charger = _ticket("ভাঙা চার্জার", "অন্য সমস্যা")
    with Session(get_engine()) as session:
        assert [t.id for t in quick_search(session, "স্ক্রিন ফাটা")] == [screen]
        assert [t.id for t in quick_search(session, "ভাঙা পণ্য")] == [screen]
        assert {t.id for t in quick_search(session, "ভাঙা")} == {screen, charger}
        assert quick_search(session, "চার্জার ফাটা") == []
        assert quick_search(session, "zzqx nothing") == []


def test_closed_tickets_are_found_by_text_on_postgresql() -> None:
    from backend.db import Actor, transaction
    from backend.models import Ticket

    ticket_id = _ticket("Refund status", "Refund reference RF-771204 sent")
    with transaction(Actor.system()) as tx:
        ticket = tx.session.get(Ticket, uuid.UUID(ticket_id))
        assert ticket is not None
        ticket.status = "closed"
        tx.session.add(ticket)
    with Session(get_engine()) as session:
        found = [t.id for t in quick_search(session, "RF-771204")]
        # PostgreSQL searches every ticket through its GIN indexes; SQLite only recent active ones.
        assert found == ([ticket_id] if is_postgres(session) else [])
