"""The routing waiting queue: tickets nobody eligible could take yet, highest priority and then
longest waiting first (a Redis sorted set).

The database stays the truth: every ticket taken from the queue is routed in its own transaction,
which re-reads it (already assigned, resolved or merged tickets just leave the queue), and a slow
sweep puts back unassigned active tickets the queue lost (`backend.routing.drain.requeue_unassigned`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from backend.models.enums import TicketPriority
from backend.redis_store import get_redis

WAITING_KEY = "seba:{routing}:waiting"

# Urgent first; a whole band of 10^10 seconds (three centuries) per priority, then by waiting time.
_PRIORITY_BAND = {
    TicketPriority.urgent: 0,
    TicketPriority.high: 1,
    TicketPriority.normal: 2,
    TicketPriority.low: 3,
}
_BAND = 10_000_000_000


def waiting_score(priority: str, since: datetime) -> float:
    band = _PRIORITY_BAND.get(TicketPriority(priority), 2) if priority in TicketPriority.__members__ else 2
    return float(band * _BAND) + since.timestamp()


def add_waiting(ticket_id: uuid.UUID, priority: str, since: datetime) -> None:
    get_redis().zadd(WAITING_KEY, {str(ticket_id): waiting_score(priority, since)})


def add_waiting_if_absent(entries: Iterable[tuple[uuid.UUID, str, datetime]]) -> int:
    mapping = {str(ticket_id): waiting_score(priority, since) for ticket_id, priority, since in entries}
    if not mapping:
        return 0
    return cast(int, get_redis().zadd(WAITING_KEY, mapping, nx=True))


def rescore(scores: dict[uuid.UUID, float]) -> None:
    """Update the scores of tickets still in the queue (XX: never re-adds one that just left)."""
    if scores:
        get_redis().zadd(WAITING_KEY, {str(t): score for t, score in scores.items()}, xx=True)


def remove_waiting(ticket_ids: Iterable[uuid.UUID]) -> None:
    members = [str(t) for t in ticket_ids]
    if members:
        get_redis().zrem(WAITING_KEY, *members)


def waiting_ticket_ids(limit: int = 200) -> list[uuid.UUID]:
    """The first `limit` waiting tickets in the order they should be served."""
    members = cast(list[bytes], get_redis().zrange(WAITING_KEY, 0, limit - 1))
    return [uuid.UUID(m.decode()) for m in members]


def waiting_count() -> int:
    return cast(int, get_redis().zcard(WAITING_KEY))
