"""The closed-hours notice: a ticket created while its team's calendar is closed is told when we reply."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import select

from backend.bot.hold import bot_holds
from backend.calendar.business_time import closure_reason
from backend.calendar.expectation import closure_sentence
from backend.calendar.store import calendar_for_team, has_calendars
from backend.db import Tx
from backend.events import MessageCreated
from backend.models import Customer, Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import AuthorType, DeliveryStatus, MessageDirection, TicketStatus

FINISHED = (TicketStatus.resolved, TicketStatus.closed)


def notice_client_id(ticket_id: uuid.UUID) -> str:
    """The notice's message client id: one notice per ticket, ever."""
    return f"closed-notice:{ticket_id}"


def post_closed_hours_notice(tx: Tx, *, ticket_id: uuid.UUID, now: datetime | None = None) -> Message | None:
    """Write the notice (author system, the ticket's channel, the customer's language) when the
    ticket was created while its calendar was closed and it still is; None when nothing is due.

    Idempotent: a second call finds the first notice and writes nothing."""
    client_id = notice_client_id(ticket_id)
    existing = tx.session.exec(select(Message).where(Message.client_id == client_id)).first()
    if existing is not None:
        return existing
    ticket = tx.session.get(Ticket, ticket_id)
    if ticket is None or ticket.status in FINISHED or ticket.merged_into_id is not None:
        return None
    if ticket.first_response_at is not None:
        return None  # an agent already answered: nothing to excuse
    if bot_holds(tx.session, ticket):
        return None  # the support bot answers now; its hand-off tells when a person will
    if not has_calendars(tx.session):
        return None  # no calendar configured yet (`seba db upgrade` loads the shipped ones)
    now = now or utcnow()
    calendar = calendar_for_team(tx.session, ticket.team_id)
    if closure_reason(calendar, ticket.created_at) is None:
        return None  # created while open: agents are there
    closure = closure_reason(calendar, now)
    if closure is None:
        return None  # opened meanwhile (a late job): no notice that would already be untrue
    customer = tx.session.get(Customer, ticket.customer_id)
    locale = customer.locale if customer is not None else "bn"
    body = closure_sentence(calendar, closure, now, locale)
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.outbound,
        author_type=AuthorType.system,
        body=body,
        channel=ticket.channel,
        delivery_status=DeliveryStatus.queued,
        client_id=client_id,
        created_at=now,
    )
    tx.session.add(message)
    tx.session.flush()
    tx.audit(
        "message.closed_hours_notice",
        "ticket",
        ticket.id,
        message_id=message.id,
        calendar=calendar.name,
        reason=closure.reason,
        reopens_at=closure.reopens_at,
        locale=locale,
    )
    tx.emit(MessageCreated(message.id, ticket.id, message.direction, message.author_type))
    return message
