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
    options: dict[str, Any] = {"job_id": job_id, "retry": retry, "failure_ttl": 7 * 24 * 3600}
    if at is not None:
        return q.enqueue_at(at, func, *args, **options)
    if delay is not None:
        return q.enqueue_in(delay, func, *args, **options)
    return q.enqueue(func, *args, **options)
