"""Jobs that wake snoozed tickets: one scheduled at each snooze time, and a sweep as the backstop."""

from __future__ import annotations

import logging
import uuid

from backend.db import Actor, read_session, transaction
from backend.services.snooze import due_snoozed_ticket_ids, wake_if_due

log = logging.getLogger(__name__)


def wake_ticket(ticket_id: str) -> str:
    """Wake one ticket if its time has come (a job for an outdated snooze time does nothing)."""
    with transaction(Actor.system()) as tx:
        woken = wake_if_due(tx, ticket_id=uuid.UUID(ticket_id))
    return "woken" if woken else "not_due"


def wake_due_tickets(limit: int = 500) -> int:
    """Periodic sweep: wake every ticket whose snooze time has passed, one transaction each."""
    with read_session() as session:
        due = due_snoozed_ticket_ids(session, limit=limit)
    woken = 0
    for ticket_id in due:
        try:
            with transaction(Actor.system()) as tx:
                woken += wake_if_due(tx, ticket_id=ticket_id)
        except Exception:
            log.exception("waking a snoozed ticket failed", extra={"ticket_id": str(ticket_id)})
    return woken
