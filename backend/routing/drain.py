"""Serve the waiting queue when an agent comes online or frees capacity, and put back what the
queue lost."""

from __future__ import annotations

import logging
import uuid

import sqlalchemy as sa
from sqlmodel import col

from backend.db import Actor, read_session, transaction
from backend.models import Agent, Ticket
from backend.presence import online_agents
from backend.routing import waiting
from backend.routing.engine import ASSIGNED, SKIPPED, RoutingDecision, route_ticket
from backend.routing.load import ACTIVE_STATUSES, loads_of

log = logging.getLogger(__name__)

DRAIN_BATCH = 200


def anyone_with_room() -> bool:
    """True if at least one active agent is online with free capacity (one Redis and two SQL reads)."""
    online = online_agents()
    if not online:
        return False
    with read_session() as session:
        capacities = dict(
            session.execute(
                sa.select(col(Agent.id), col(Agent.capacity)).where(
                    col(Agent.id).in_(online), col(Agent.is_active).is_(True)
                )
            ).all()
        )
        loads = loads_of(session, capacities)
    return any(loads[agent_id] < capacity for agent_id, capacity in capacities.items())


def drain_waiting(limit: int = DRAIN_BATCH) -> list[RoutingDecision]:
    """Route the first `limit` waiting tickets (highest priority, then longest waiting), one
    transaction each; stops early once nobody online has room left."""
    decisions: list[RoutingDecision] = []
    ticket_ids = waiting.waiting_ticket_ids(limit)
    if not ticket_ids or not anyone_with_room():
        return decisions
    for ticket_id in _in_serving_order(ticket_ids):
        with transaction(Actor.system()) as tx:
            decision = route_ticket(tx, ticket_id, trigger="waiting_queue")
        decisions.append(decision)
        if decision.outcome == SKIPPED:
            waiting.remove_waiting([ticket_id])
        elif decision.outcome == ASSIGNED and not anyone_with_room():
            break
    return decisions


def _in_serving_order(ticket_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The queue's scores may be stale (a ticket queued by the listener before its priority was
    set): order this batch by the tickets' current priority and waiting time, and fix the scores."""
    with read_session() as session:
        rows = session.execute(
            sa.select(
                col(Ticket.id), col(Ticket.priority), col(Ticket.waiting_since), col(Ticket.created_at)
            ).where(col(Ticket.id).in_(ticket_ids))
        ).all()
    scores = {
        ticket_id: waiting.waiting_score(priority, waiting_since or created_at)
        for ticket_id, priority, waiting_since, created_at in rows
    }
    waiting.rescore(scores)
    # Tickets gone from the database sort last (routing skips them and they leave the queue).
    return sorted(ticket_ids, key=lambda t: scores.get(t, float("inf")))


def requeue_unassigned(limit: int = 1000) -> int:
    """Add unassigned active tickets missing from the waiting queue (after a Redis flush, or tickets
    created while routing was off); returns how many were added."""
    with read_session() as session:
        rows = session.execute(
            sa.select(col(Ticket.id), col(Ticket.priority), col(Ticket.waiting_since), col(Ticket.created_at))
            .where(
                col(Ticket.assignee_id).is_(None),
                col(Ticket.status).in_(ACTIVE_STATUSES),
                col(Ticket.merged_into_id).is_(None),
            )
            .order_by(col(Ticket.created_at))
            .limit(limit)
        ).all()
    return waiting.add_waiting_if_absent(
        (ticket_id, priority, waiting_since or created_at)
        for ticket_id, priority, waiting_since, created_at in rows
    )
