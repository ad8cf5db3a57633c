"""Health of the moving parts: database, Redis and the RQ workers' heartbeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from backend.db import get_engine
from backend.models.base import utcnow
from backend.redis_store import get_redis

WORKER_STALE_AFTER = timedelta(seconds=120)


@dataclass(frozen=True)
class PartStatus:
    ok: bool
    words: str


def database_status() -> PartStatus:
    try:
        with get_engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        return PartStatus(False, f"database unreachable: {exc.__class__.__name__}")
    return PartStatus(True, "database reachable")


def redis_status() -> PartStatus:
    try:
        get_redis().ping()
    except Exception as exc:
        return PartStatus(False, f"redis unreachable: {exc.__class__.__name__}")
    return PartStatus(True, "redis reachable")


def worker_status() -> PartStatus:
    """Alive when at least one RQ worker sent a heartbeat recently."""
    from rq import Worker

    try:
        workers = Worker.all(connection=get_redis())
    except Exception as exc:
        return PartStatus(False, f"cannot read workers: {exc.__class__.__name__}")
    now = utcnow()
    alive = [w for w in workers if w.last_heartbeat and now - _aware(w.last_heartbeat) < WORKER_STALE_AFTER]
    if not alive:
        return PartStatus(False, "no worker has sent a heartbeat in the last 2 minutes")
    newest = min(now - _aware(w.last_heartbeat) for w in alive if w.last_heartbeat)
    return PartStatus(
        True, f"{len(alive)} worker(s) alive, last heartbeat {int(newest.total_seconds())} s ago"
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
