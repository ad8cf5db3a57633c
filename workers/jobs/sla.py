"""SLA jobs: a warning or breach check scheduled at its time, and the periodic sweep (the backstop)."""

from __future__ import annotations

import uuid
from datetime import datetime

from backend.db import Actor, transaction
from backend.sla.checks import breach_if_due, warn_if_due
from backend.sla.recompute import recompute_business_clocks
from backend.sla.sweep import run_sweep


def check_timer(kind: str, ticket_id: str, metric: str, due_iso: str) -> str:
    """Warn or breach one clock if it is still the one the job was scheduled for (idempotent)."""
    expected = datetime.fromisoformat(due_iso)
    with transaction(Actor.system()) as tx:
        if kind == "warn":
            done = warn_if_due(tx, ticket_id=uuid.UUID(ticket_id), metric=metric, expected_due=expected)
            return "warned" if done else "nothing_to_do"
        if kind == "breach":
            outcome = breach_if_due(tx, ticket_id=uuid.UUID(ticket_id), metric=metric, expected_due=expected)
            return "breached" if outcome.breached else "nothing_to_do"
    raise ValueError(f"SLA check kind must be 'warn' or 'breach', got {kind!r}")


def sla_sweep() -> dict[str, float]:
    """Periodic: every due warning and breach whose job was lost (Redis restarted, worker down)."""
    return run_sweep().as_dict()


def recompute_after_calendar_change() -> int:
    """A calendar changed: running business-time clocks get their due times again (idempotent)."""
    return recompute_business_clocks()
