"""The worker `seba worker` runs (workers/rq_worker.py, workers/run.py): fewer Redis round trips per
job than RQ's SimpleWorker, heartbeats that keep it alive for /healthz, delivery jobs that keep no
result but keep their failures, `rq suspend` still honoured."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from redis.connection import AbstractConnection
from rq import SimpleWorker
from rq.job import Job
from rq.suspension import resume, suspend
from sqlmodel import col, select

from backend.auth import otp
from backend.config import get_settings
from backend.db import read_session
from backend.health import worker_status
from backend.models import Notification
from backend.queue import ALL_QUEUES, QueueName, enqueue, get_queue
from backend.redis_store import get_redis
from tests.support.factories import next_phone
from workers.rq_worker import SebaWorker
from workers.run import build_worker, preload_jobs

DELIVER = "workers.jobs.notifications.deliver_notification"


def _queued_otps(count: int) -> list[str]:
    """`count` one-time-code SMS, each with its delivery job queued (the development SMS log sends)."""
    phones = [next_phone() for _ in range(count)]
    for phone in phones:
        otp.request_code(phone=phone)
    with read_session() as session:
        rows = session.exec(select(Notification.id).where(col(Notification.to_address).in_(phones))).all()
    return [str(row) for row in rows]


def _statuses(ids: list[str]) -> set[str]:
    wanted = [uuid.UUID(i) for i in ids]
    with read_session() as session:
        rows = session.exec(select(Notification.status).where(col(Notification.id).in_(wanted))).all()
    return set(rows)


def _ttl(key: str) -> int:
    ttl = get_redis().ttl(key)
    assert isinstance(ttl, int)
    return ttl


def _round_trips(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times this process wrote a command (or a pipeline) to Redis during `run`."""
    sent = [0]
    original = AbstractConnection.send_packed_command

    def counting(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        sent[0] += 1
        original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    try:
        run()
    finally:
        monkeypatch.setattr(AbstractConnection, "send_packed_command", original)
    return sent[0]


def test_seba_worker_delivers_with_under_two_thirds_of_simpleworkers_redis_round_trips(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preload_jobs()
    connection = get_redis()
    queues = [get_queue(name) for name in ALL_QUEUES]
    per_job: dict[str, float] = {}
    for worker_class in (SimpleWorker, SebaWorker):
        ids = _queued_otps(12)
        worker = worker_class(queues, connection=connection)
        trips = _round_trips(partial(worker.work, burst=True, logging_level="WARNING"), monkeypatch)
        assert _statuses(ids) == {"sent"}
        per_job[worker_class.__name__] = trips / len(ids)
    assert per_job["SimpleWorker"] >= 15, per_job  # what RQ does per job (counted, not assumed)
    assert per_job["SebaWorker"] <= per_job["SimpleWorker"] * 2 / 3, per_job


def test_a_delivery_job_keeps_no_result_but_a_failed_one_stays_for_admins() -> None:
    [nid] = _queued_otps(1)
    get_redis().flushdb()  # only the jobs enqueued below
    job = enqueue(DELIVER, nid, queue=QueueName.high, job_id=f"deliver-{nid}")
    broken = enqueue(DELIVER, "not-a-notification-id", queue=QueueName.high, job_id="deliver-broken")
    assert job.result_ttl == 0 and broken.failure_ttl == 7 * 24 * 3600
    other = enqueue("workers.jobs.counters.refresh_ticket_counters", queue=QueueName.low)
    assert other.result_ttl is None  # other jobs keep RQ's default
    build_worker().work(burst=True, logging_level="WARNING")
    assert _statuses([nid]) == {"sent"}
    high = get_queue(QueueName.high)
    assert not get_redis().exists(job.key)  # deleted once finished: no result stream, no expiries
    assert high.finished_job_registry.get_job_ids() == []
    assert high.failed_job_registry.get_job_ids() == ["deliver-broken"]
    failed = Job.fetch("deliver-broken", connection=get_redis())
    result = failed.latest_result()
    assert result is not None and "ValueError" in (result.exc_string or "")
    assert get_queue(QueueName.low).finished_job_registry.get_job_ids() == [other.id]


def test_an_idle_worker_reports_itself_alive_every_worker_heartbeat_seconds() -> None:
    worker = build_worker()
    assert worker.dequeue_timeout == get_settings().worker_heartbeat_seconds
    worker.register_birth()
    try:
        worker.heartbeat()
        ttl = _ttl(worker.key)
        # The key outlives the longest wait for a job, with room for a slow round trip.
        assert ttl >= worker.dequeue_timeout + 30
        assert worker_status().ok is True
    finally:
        worker.register_death()


def test_a_heartbeat_just_sent_is_not_repeated_unless_a_longer_expiry_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker = build_worker()
    worker.register_birth()
    try:
        assert _round_trips(worker.heartbeat, monkeypatch) == 1  # one pipelined round trip
        assert _round_trips(worker.heartbeat, monkeypatch) == 0  # within a second: skipped
        longer = worker.worker_ttl + 600
        assert _round_trips(lambda: worker.heartbeat(longer), monkeypatch) == 1
        assert _ttl(worker.key) > worker.worker_ttl + 60
        assert _round_trips(lambda: worker.set_state("idle"), monkeypatch) == 1
        assert _round_trips(lambda: worker.set_state("idle"), monkeypatch) == 0
        assert _round_trips(lambda: worker.set_state("busy"), monkeypatch) == 1
    finally:
        worker.register_death()


def test_a_suspended_worker_takes_no_job() -> None:
    [nid] = _queued_otps(1)
    suspend(get_redis())
    try:
        assert build_worker().work(burst=True, logging_level="WARNING") is False
        assert _statuses([nid]) == {"queued"}
    finally:
        resume(get_redis())
    assert build_worker().work(burst=True, logging_level="WARNING") is True
    assert _statuses([nid]) == {"sent"}
