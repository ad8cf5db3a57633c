"""Quick search for agents: a ticket by its number, a customer's tickets by phone or email, or text.

Numbers, phones and emails are index lookups whatever the table size (ix_ticket_number, the unique
customer phone and email, ix_ticket_customer_created). Text is matched against subjects and message
bodies by backend/queries/ticket_text.py (recent tickets first, then PostgreSQL's GIN indexes over
every ticket; bench/RESULTS.md "Ticket text search").
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from backend.errors import ValidationFailed
from backend.models import Customer, Ticket
from backend.phone import normalise_bd_mobile, to_ascii_digits
from backend.queries.inbox import ticket_rows
from backend.queries.views import InboxTicket
from backend.validation import normalise_email

QUERY_MAX = 100
LIMIT_MAX = 50
_NUMBER = re.compile(r"^#?\s*(\d{1,9})$")
_PHONE_CHARS = re.compile(r"^[+\d\s\-().]{10,20}$")


def _phone(text: str) -> str | None:
    if not _PHONE_CHARS.match(text):
        return None
    try:
        return normalise_bd_mobile(text)
    except ValidationFailed:
        return None


def _email(text: str) -> str | None:
    if "@" not in text:
        return None
    try:
        return normalise_email(text)
    except ValidationFailed:
        return None


def quick_search(session: Session, q: str, limit: int = 20) -> list[InboxTicket]:
    """Tickets for what an agent typed: "#1234", "1234" or "১২৩৪" (number), any Bangladeshi form
    of a mobile number (017..., +88017..., 88017..., Bengali digits), an email (any case), else
    tickets whose subject or messages contain every word. Exact matches first; at most `limit`."""
    text = " ".join(to_ascii_digits(q or "").split())
    if not 1 <= len(text) <= QUERY_MAX:
        raise ValidationFailed("search_query_invalid", max=QUERY_MAX)
    limit = max(1, min(limit, LIMIT_MAX))

    found: list[InboxTicket] = []
    number = _NUMBER.match(text)
    if number:
        found += ticket_rows(session, col(Ticket.number) == int(number.group(1)), limit=limit)
    customer_match: Any = None
    phone = _phone(text)
    if phone:
        customer_match = col(Customer.phone) == phone
    email = _email(text)
    if email:
        customer_match = col(Customer.email) == email
    if customer_match is not None:
        customer_ids = sa.select(col(Customer.id)).where(customer_match).scalar_subquery()
        found += ticket_rows(session, col(Ticket.customer_id).in_(customer_ids), limit=limit)
    if not number and customer_match is None:
        # Words of the subject or of any message (knowledge base part, backend/queries/ticket_text.py).
        from backend.queries.ticket_text import ticket_ids_matching_text

        ids = ticket_ids_matching_text(session, text, limit)
        if ids:
            found += ticket_rows(session, col(Ticket.id).in_(ids), limit=limit)

    unique: dict[str, InboxTicket] = {}
    for ticket in found:
        unique.setdefault(ticket.id, ticket)
    return list(unique.values())[:limit]
