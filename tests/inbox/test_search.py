"""Quick search: ticket numbers, phones and emails in every form agents type them; subjects."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.db import Actor, transaction
from backend.errors import ValidationFailed
from backend.models import Customer, Ticket
from backend.queries.search import quick_search
from tests.inbox.conftest import new_ticket
from tests.support.factories import make_customer


def _numbers(session: Session, q: str) -> set[int]:
    return {ticket.number for ticket in quick_search(session, q)}


def test_by_ticket_number_in_any_form(session: Session) -> None:
    ticket_id = new_ticket(subject="Refund please")
    number = session.get(Ticket, ticket_id).number  # type: ignore[union-attr]
    bengali = str(number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    for q in (str(number), f"#{number}", f"# {number}", bengali, f"#{bengali}"):
        assert _numbers(session, q) == {number}, q
    assert _numbers(session, "987654") == set()


@pytest.mark.parametrize(
    "typed",
    ["01712345678", "+8801712345678", "8801712345678", "০১৭১২৩৪৫৬৭৮", "01712-345678", "+880 1712 345678"],
)
def test_by_phone_in_any_bangladeshi_form(session: Session, typed: str) -> None:
    customer = make_customer(phone="+8801712345678")
    first = new_ticket(customer)
    second = new_ticket(customer)
    new_ticket()  # someone else's
    found = {t.id for t in quick_search(session, typed)}
    assert found == {str(first), str(second)}


def test_by_email_whatever_the_case(session: Session) -> None:
    customer = make_customer()
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Customer, customer.id)
        assert row is not None
        row.email = "ayesha@example.com"  # stored lower case, as the customer service does
    ticket_id = new_ticket(customer)
    assert [t.id for t in quick_search(session, "  Ayesha@Example.COM ")] == [str(ticket_id)]
    assert quick_search(session, "nobody@example.com") == []


def test_by_words_of_an_active_tickets_subject(session: Session) -> None:
    wanted = new_ticket(subject="bKash payment failed twice")
    new_ticket(subject="Where is my order")
    new_ticket(subject="bKash refund", status="closed")
    assert [t.id for t in quick_search(session, "BKASH payment")] == [str(wanted)]
    assert [t.id for t in quick_search(session, "100%")] == []


@pytest.mark.parametrize("q", ["", "   ", "x" * 101])
def test_empty_or_long_queries_are_refused(session: Session, q: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        quick_search(session, q)
    assert refused.value.code == "search_query_invalid"
