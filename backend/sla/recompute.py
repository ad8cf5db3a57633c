"""After a calendar change (hours, a holiday confirmed, moved, added or removed, a team's calendar):
every running business-time clock gets its due and warning times again on the current calendars."""

from __future__ import annotations

import logging
import uuid

from sqlmodel import col, select

from backend.db import Actor, read_session, transaction
from backend.models import SlaTimer, Ticket
from backend.sla import ClockKind, TimerState
from backend.sla.timers import TicketClocks

log = logging.getLogger(__name__)


def _running_ticket_ids(after: uuid.UUID | None, limit: int) -> list[uuid.UUID]:
    query = (
        select(SlaTimer.ticket_id)
        .where(SlaTimer.state == TimerState.running, SlaTimer.clock == ClockKind.business)
        .distinct()
        .order_by(col(SlaTimer.ticket_id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(col(SlaTimer.ticket_id) > after)
    with read_session() as session:
        return list(session.exec(query).all())


def recompute_business_clocks(*, batch: int = 200) -> int:
    """Recompute due/warning times of running business clocks, `batch` tickets per transaction (their
    rows locked in id order); returns how many clocks got a new due time. Idempotent."""
    changed = 0
    after: uuid.UUID | None = None
    while ticket_ids := _running_ticket_ids(after, batch):
        after = ticket_ids[-1]
        with transaction(Actor.system()) as tx:
            tickets = tx.session.exec(
                select(Ticket)
                .where(col(Ticket.id).in_(ticket_ids))
                .order_by(col(Ticket.id))
                .with_for_update()
            ).all()
            for ticket in tickets:
                changed += TicketClocks(tx, ticket).reschedule_business()
    if changed:
        log.info("SLA clocks moved after a calendar change", extra={"clocks": changed})
    return changed
