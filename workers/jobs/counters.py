"""Ticket counts per status, kept in Redis for dashboards and inbox headers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col

from backend.db import read_session
from backend.listeners.counters import PENDING_FLAG
from backend.models import Ticket
from backend.redis_store import get_redis

COUNTERS_KEY = "seba:counters:tickets_by_status"


def refresh_ticket_counters() -> dict[str, int]:
    # Cleared first, so a change committed while we count schedules another run.
    get_redis().delete(PENDING_FLAG)
    with read_session() as session:
        rows = session.execute(
            sa.select(col(Ticket.status), sa.func.count()).group_by(col(Ticket.status))
        ).all()
    counts = {str(status): int(count) for status, count in rows}
    r = get_redis()
    pipe = r.pipeline()
    pipe.delete(COUNTERS_KEY)
    if counts:
        pipe.hset(COUNTERS_KEY, mapping=counts)
    pipe.execute()
    return counts
