"""The periodic backstop: every warning and breach whose scheduled job was lost, one transaction each."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from backend.db import Actor, read_session, transaction
from backend.models.base import utcnow
from backend.sla.checks import breach_if_due, due_breaches, due_warnings, warn_if_due, warn_many

log = logging.getLogger(__name__)

# Warnings are cheap (no escalation): this many share one transaction. Breaches get one each.
WARN_BATCH = 100


@dataclass
class SweepResult:
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0
    failed: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def run_sweep(*, now: datetime | None = None, limit: int = 1000) -> SweepResult:
    """Warn and breach every due timer (at most `limit` of each per run); running it again right
    after does nothing, since each timer records its warning and breach."""
    import time

    started = time.perf_counter()
    now = now or utcnow()
    result = SweepResult()
    with read_session() as session:
        warn = due_warnings(session, now=now, limit=limit)
        breach = due_breaches(session, now=now, limit=limit)
    for start in range(0, len(warn), WARN_BATCH):
        batch = warn[start : start + WARN_BATCH]
        try:
            with transaction(Actor.system()) as tx:
                result.warnings += warn_many(tx, batch, now=now)
            continue
        except Exception:
            log.exception("SLA warning batch failed; warning one by one", extra={"clocks": len(batch)})
        for ticket_id, metric in batch:
            try:
                with transaction(Actor.system()) as tx:
                    result.warnings += warn_if_due(tx, ticket_id=ticket_id, metric=metric, now=now)
            except Exception:
                result.failed += 1
                log.exception("SLA warning failed", extra={"ticket_id": str(ticket_id), "metric": metric})
    for ticket_id, metric in breach:
        try:
            with transaction(Actor.system()) as tx:
                outcome = breach_if_due(tx, ticket_id=ticket_id, metric=metric, now=now)
            result.breaches += outcome.breached
            result.escalations += len(outcome.escalations)
        except Exception:
            result.failed += 1
            log.exception("SLA breach failed", extra={"ticket_id": str(ticket_id), "metric": metric})
    result.seconds = round(time.perf_counter() - started, 4)
    if result.warnings or result.breaches or result.failed:
        log.info("SLA sweep", extra=result.as_dict())
    return result
