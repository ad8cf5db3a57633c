"""Snoozing a ticket until a time, taking the snooze off, and waking snoozed tickets.

A snoozed ticket keeps its status; `snoozed_until` only hides it from the working views until the
time comes. It wakes (the field cleared, an activity line, a console event) when:
- its time comes: a job scheduled at that time (`TicketSnoozed` → `workers.jobs.snooze.wake_ticket`),
  with the sweep `workers.jobs.snooze.wake_due_tickets` every 60 s as the backstop (Redis lost the
  job, the worker was down);
- the customer writes (`wake_for_customer_message`, called by the inbound message paths);
- an agent takes the snooze off (`unsnooze_ticket`).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from backend.db import Tx
from backend.errors import ValidationFailed
from backend.events import TicketSnoozed, TicketUpdated
from backend.i18n.formatting import format_datetime
from backend.models import Ticket
from backend.models.base import utcnow
from backend.models.enums import TicketStatus
from backend.services.activity import add_activity
from backend.services.tickets import get_ticket_for_update

SNOOZE_MAX_DAYS = 90


def snooze_ticket(tx: Tx, *, ticket_id: uuid.UUID, until: datetime) -> Ticket:
    """Snooze until `until` (timezone-aware, in the future, at most 90 days ahead)."""
    if until.tzinfo is None:
        raise ValidationFailed("snooze_time_invalid")
    now = utcnow()
    if until <= now:
        raise ValidationFailed("snooze_not_future")
    if until > now + timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationFailed("snooze_too_far", days=SNOOZE_MAX_DAYS)
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    if ticket.snoozed_until == until:
        return ticket
    old = ticket.snoozed_until
    ticket.snoozed_until = until
    ticket.updated_at = now
    tx.session.add(ticket)
    add_activity(
        tx,
        ticket,
        "activity_snoozed",
        until={"bn": format_datetime(until, "bn"), "en": format_datetime(until, "en")},
    )
    tx.audit("ticket.snoozed", "ticket", ticket.id, until=until.isoformat(), old=old)
    tx.emit(TicketSnoozed(ticket.id, until))
    tx.emit(TicketUpdated(ticket.id, "snoozed"))
    return ticket


def unsnooze_ticket(tx: Tx, *, ticket_id: uuid.UUID) -> Ticket:
    """Take the snooze off now; a ticket not snoozed is left as it is."""
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.snoozed_until is not None:
        _wake(tx, ticket, "activity_unsnoozed", reason="agent")
    return ticket


def wake_if_due(tx: Tx, *, ticket_id: uuid.UUID, now: datetime | None = None) -> bool:
    """Wake the ticket if its snooze time has come; False when there is nothing to do (idempotent)."""
    ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None or ticket.snoozed_until is None or ticket.snoozed_until > (now or utcnow()):
        return False
    _wake(tx, ticket, "activity_woken", reason="time")
    return True


def wake_for_customer_message(tx: Tx, ticket: Ticket) -> None:
    """The customer wrote in a snoozed ticket (already locked by the caller): it comes back now."""
    if ticket.snoozed_until is not None:
        _wake(tx, ticket, "activity_woken_by_customer", reason="customer_message")


def due_snoozed_ticket_ids(
    session: Session, *, now: datetime | None = None, limit: int = 500
) -> list[uuid.UUID]:
    """Tickets whose snooze time has come, oldest first (the partial index `ix_ticket_snoozed`)."""
    rows = session.exec(
        select(Ticket.id)
        .where(col(Ticket.snoozed_until).is_not(None), col(Ticket.snoozed_until) <= (now or utcnow()))
        .order_by(col(Ticket.snoozed_until))
        .limit(limit)
    ).all()
    return list(rows)


def _wake(tx: Tx, ticket: Ticket, activity_code: str, *, reason: str) -> None:
    until = ticket.snoozed_until
    ticket.snoozed_until = None
    ticket.updated_at = utcnow()
    tx.session.add(ticket)
    add_activity(tx, ticket, activity_code)
    tx.audit("ticket.woken", "ticket", ticket.id, reason=reason, was_until=until)
    tx.emit(TicketUpdated(ticket.id, "woken"))
