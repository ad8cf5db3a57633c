"""Tickets of agents offline beyond the grace period go back through routing.

Only tickets waiting for us (new, open) move: pending tickets wait on the customer and on-hold
tickets on a third party, so their agent keeps them and their context; if such a ticket turns
open again while its agent is still offline, the next sweep moves it. Away agents keep everything
(they are at their desk, just not taking new work). Idempotent: a second run finds nothing left."""

from __future__ import annotations

import time
import uuid

import sqlalchemy as sa
from sqlmodel import col

from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.models import Ticket
from backend.models.enums import TicketStatus
from backend.presence import offline_longer_than
from backend.routing.engine import RoutingDecision, route_ticket

REASSIGNED_STATUSES = (TicketStatus.new, TicketStatus.open)
SWEEP_BATCH = 500


def tickets_of_offline_agents(
    *, now: float | None = None, grace_seconds: float | None = None, limit: int = SWEEP_BATCH
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(ticket id, assignee id) of new/open tickets held by agents offline beyond the grace period."""
    grace = get_settings().routing_offline_grace_seconds if grace_seconds is None else grace_seconds
    offline = list(offline_longer_than(grace, now=time.time() if now is None else now))
    if not offline:
        return []
    with read_session() as session:
        rows = session.execute(
            sa.select(col(Ticket.id), col(Ticket.assignee_id))
            .where(
                col(Ticket.assignee_id).in_(offline),
                col(Ticket.status).in_(REASSIGNED_STATUSES),
                col(Ticket.merged_into_id).is_(None),
            )
            .order_by(col(Ticket.created_at))
            .limit(limit)
        ).all()
    return [(ticket_id, assignee_id) for ticket_id, assignee_id in rows]


def reassign_from_offline_agents(
    *, now: float | None = None, grace_seconds: float | None = None
) -> list[RoutingDecision]:
    """Route again every new/open ticket of agents offline longer than the grace period."""
    decisions = []
    for ticket_id, assignee_id in tickets_of_offline_agents(now=now, grace_seconds=grace_seconds):
        with transaction(Actor.system()) as tx:
            decisions.append(route_ticket(tx, ticket_id, trigger="offline_sweep", release_from=assignee_id))
    return decisions
