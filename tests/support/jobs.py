"""Run what is queued in RQ, in this process, the way a worker would."""

from __future__ import annotations

from rq import Queue, SimpleWorker

from backend.queue import ALL_QUEUES
from backend.redis_store import get_redis


def run_queued_jobs() -> int:
    """Work every queue until empty; returns how many jobs ran. Failures stay in the failed registry."""
    connection = get_redis()
    queues = [Queue(str(name), connection=connection) for name in ALL_QUEUES]
    before = sum(q.count for q in queues)
    SimpleWorker(queues, connection=connection).work(burst=True, logging_level="WARNING")
    return before


def failed_job_count() -> int:
    connection = get_redis()
    return sum(Queue(str(n), connection=connection).failed_job_registry.count for n in ALL_QUEUES)
