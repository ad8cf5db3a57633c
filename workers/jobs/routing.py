"""Routing jobs: route one ticket, drain the waiting queue, and the periodic routing sweep."""

from __future__ import annotations

import logging
import uuid

from backend import presence
from backend.config import get_settings
from backend.db import Actor, transaction
from backend.listeners.routing import DRAIN_PENDING_FLAG
from backend.redis_store import get_redis
from backend.routing import drain, engine, offline

log = logging.getLogger(__name__)


def route_ticket(ticket_id: str, trigger: str = "ticket_created") -> str:
    """Route one ticket (idempotent: an assigned, resolved or merged ticket is left alone)."""
    with transaction(Actor.system()) as tx:
        decision = engine.route_ticket(tx, uuid.UUID(ticket_id), trigger=trigger)
    log.info(
        "ticket routed",
        extra={"ticket_id": ticket_id, "outcome": decision.outcome, "agent_id": str(decision.agent_id)},
    )
    return decision.outcome


def drain_waiting_tickets() -> int:
    """Route waiting tickets while somebody online has room; returns how many were assigned."""
    # Cleared first, so a trigger arriving while we drain schedules another run.
    get_redis().delete(DRAIN_PENDING_FLAG)
    if not get_settings().routing_enabled:
        return 0
    return sum(1 for d in drain.drain_waiting() if d.outcome == engine.ASSIGNED)


def routing_sweep() -> dict[str, int]:
    """Every 30 s: announce expired heartbeats, reassign tickets of agents offline beyond the grace
    period, then serve the waiting queue (in case a trigger was missed). Idempotent."""
    expired = presence.announce_expired()
    if not get_settings().routing_enabled:
        return {"expired": len(expired), "reassigned": 0, "assigned_from_queue": 0}
    moved = offline.reassign_from_offline_agents()
    served = drain.drain_waiting()
    return {
        "expired": len(expired),
        "reassigned": sum(1 for d in moved if d.outcome == engine.ASSIGNED),
        "released": sum(1 for d in moved if d.outcome == engine.WAITING),
        "assigned_from_queue": sum(1 for d in served if d.outcome == engine.ASSIGNED),
    }


def requeue_unassigned_tickets() -> int:
    """Every 5 minutes: unassigned active tickets the waiting queue lost go back into it."""
    if not get_settings().routing_enabled:
        return 0
    return drain.requeue_unassigned()
