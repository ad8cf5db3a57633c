"""Enqueue RQ jobs by dotted name (the backend never imports the workers package)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from rq import Queue, Retry
from rq.job import Job

from backend.redis_store import get_redis


class QueueName(enum.StrEnum):
    high = "high"  # customer-facing sends: codes, replies
    default = "default"
    low = "low"  # counters, indexing, retraining


ALL_QUEUES = (QueueName.high, QueueName.default, QueueName.low)


def get_queue(name: QueueName = QueueName.default) -> Queue:
    return Queue(str(name), connection=get_redis())


# Jobs whose outcome is kept in the database: RQ stores no result for them, so a finished job is
# deleted at once (no result stream, finished-registry entry and expiries written per job). Their
# failures are still kept for FAILURE_TTL_SECONDS in the failed registry (/admin/jobs).
NO_RESULT = frozenset({"workers.jobs.notifications.deliver_notification"})
FAILURE_TTL_SECONDS = 7 * 24 * 3600


def job_options(func: str) -> dict[str, Any]:
    """The RQ options every enqueue of `func` uses (also for enqueue_many's prepare_data)."""
    options: dict[str, Any] = {"failure_ttl": FAILURE_TTL_SECONDS}
    if func in NO_RESULT:
        options["result_ttl"] = 0
    return options


def enqueue(
    func: str,
    *args: Any,
    queue: QueueName = QueueName.default,
    job_id: str | None = None,
    at: datetime | None = None,
    delay: timedelta | None = None,
    retry: Retry | None = None,
) -> Job:
    """Enqueue `func` (a dotted path into `workers`) with ids as arguments, never objects."""
    q = get_queue(queue)
    options: dict[str, Any] = {"job_id": job_id, "retry": retry, **job_options(func)}
    if at is not None:
        return q.enqueue_at(at, func, *args, **options)
    if delay is not None:
        return q.enqueue_in(delay, func, *args, **options)
    return q.enqueue(func, *args, **options)
