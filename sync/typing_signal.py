"""The customer is typing in web chat: agents viewing the ticket see it for a few seconds."""

from __future__ import annotations

import uuid

from sqlmodel import select

from backend.db import read_session
from backend.errors import NotFound
from backend.models import Ticket
from backend.realtime import TYPING_SHOWN_SECONDS, first_signal_within, publish_console_event

# One signal per customer and ticket every few seconds, however fast they type.
SIGNAL_EVERY_SECONDS = 3


def customer_typing(customer_id: uuid.UUID, ticket_id: uuid.UUID) -> bool:
    """Announce to consoles that the customer is typing; False when throttled."""
    if not first_signal_within(f"typing:{customer_id}:{ticket_id}", SIGNAL_EVERY_SECONDS):
        return False
    with read_session() as session:
        owner = session.exec(select(Ticket.customer_id).where(Ticket.id == ticket_id)).first()
    if owner != customer_id:
        raise NotFound("ticket_not_found")
    publish_console_event("typing", ticket_id=ticket_id, who="customer", seconds=TYPING_SHOWN_SECONDS)
    return True
