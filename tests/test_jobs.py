"""RQ jobs and the worker process on the real stores: SMS delivery, sweeps, counters, heartbeats."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from rq import SimpleWorker
from sqlmodel import col, select

from backend.auth import otp
from backend.config import PROJECT_ROOT
from backend.db import Actor, get_engine, read_session, transaction
from backend.health import worker_status
from backend.listeners.counters import PENDING_FLAG
from backend.models import AuditEvent, Notification
from backend.models.base import utcnow
from backend.queue import ALL_QUEUES, QueueName, get_queue
from backend.redis_store import get_redis
from backend.services import tickets as ticket_service
from tests.support.environment import production_settings
from tests.support.factories import make_agent, make_customer, next_phone, open_ticket
from tests.support.jobs import failed_job_count, run_queued_jobs
from tests.support.otp import queued_code
from workers.jobs.counters import COUNTERS_KEY, refresh_ticket_counters
from workers.jobs.notifications import deliver_notification, requeue_stuck_notifications
from workers.run import SWEEPS, enqueue_due_sweeps


def _otp_notification(phone: str | None = None) -> Notification:
    phone = phone or next_phone()
    otp.request_code(phone=phone)
    with read_session() as session:
        return session.exec(select(Notification).where(Notification.to_address == phone)).one()


def _reload(notification_id: uuid.UUID) -> Notification:
    with read_session() as session:
        notification = session.get(Notification, notification_id)
        assert notification is not None
        return notification


def _dev_sms(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "seba.dev_sms"]


# --- deliver_notification -----------------------------------------------------------------------


def test_an_otp_in_development_goes_to_the_dev_sms_log_then_its_body_is_blanked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    phone = next_phone()
    notification = _otp_notification(phone)
    code = queued_code(phone)
    caplog.set_level(logging.WARNING, logger="seba.dev_sms")
    # The real job, through RQ, as the worker runs it.
    assert run_queued_jobs() == 1
    assert failed_job_count() == 0
    [record] = _dev_sms(caplog)
    assert record.getMessage().startswith(f"DEVELOPMENT SMS (not sent) to {phone}: ")
    assert code in record.getMessage()
    sent = _reload(notification.id)
    assert sent.status == "sent" and sent.attempts == 1 and sent.error is None
    assert sent.sent_at is not None
    assert sent.provider_id == f"dev-{notification.idempotency_key}"
    assert sent.body == ""
    with read_session() as session:
        audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == str(notification.id))).all()
    assert [a.action for a in audit] == ["notification.sent"]


def test_delivering_twice_sends_once(caplog: pytest.LogCaptureFixture) -> None:
    notification = _otp_notification()
    caplog.set_level(logging.WARNING, logger="seba.dev_sms")
    assert deliver_notification(str(notification.id)) == "sent"
    first = _reload(notification.id)
    assert deliver_notification(str(notification.id)) == "sent"
    # And a duplicate job in the queue (a retry, a sweep) finds it sent too.
    get_queue(QueueName.high).enqueue("workers.jobs.notifications.deliver_notification", str(notification.id))
    run_queued_jobs()
    assert len(_dev_sms(caplog)) == 1
    again = _reload(notification.id)
    assert again.attempts == 1 and again.sent_at == first.sent_at


def test_a_vanished_notification_is_reported_missing() -> None:
    assert deliver_notification(str(uuid.uuid4())) == "missing"


def test_in_production_without_twilio_the_sms_fails_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    notification = _otp_notification()
    caplog.set_level(logging.DEBUG, logger="seba.dev_sms")
    with production_settings(monkeypatch) as settings:
        assert not settings.twilio_configured
        assert deliver_notification(str(notification.id)) == "failed"
    failed = _reload(notification.id)
    assert failed.status == "failed" and failed.sent_at is None and failed.attempts == 1
    assert failed.error is not None
    assert "SMS is not configured" in failed.error
    for variable in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        assert variable in failed.error
    assert failed.body == ""  # the code is gone even though it never left
    assert _dev_sms(caplog) == []  # never "sent" to a log in production
    # A failed notification is final: running the job again does not retry it silently.
    assert deliver_notification(str(notification.id)) == "failed"


def test_a_notification_its_channel_cannot_send_fails_with_the_reason_not_lost() -> None:
    customer = make_customer()
    with transaction(Actor.system()) as tx:
        note = Notification(
            customer_id=customer.id,
            channel="email",
            purpose="reply",
            to_address="a@b.test",
            idempotency_key="k1",
        )
        tx.session.add(note)
    # No ticket to render the email from (and no SendGrid in tests): a final, explained failure.
    assert deliver_notification(str(note.id)) == "failed"
    stored = _reload(note.id)
    assert stored.status == "failed" and stored.error and stored.attempts == 1
    assert deliver_notification(str(note.id)) == "failed"  # final: not retried silently


def test_an_agent_reply_job_creates_one_in_app_notification_and_pokes_the_customer() -> None:
    from backend.services import messages as message_service

    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    pubsub = get_redis().pubsub()
    pubsub.subscribe(f"seba:poke:customer:{customer.id}")
    pubsub.get_message(timeout=1)  # the subscribe confirmation
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket_id, body="দেখছি")
    run_queued_jobs()
    poke = pubsub.get_message(timeout=2)
    pubsub.close()
    assert poke is not None and poke["data"] == b"pull"
    with read_session() as session:
        notes = session.exec(select(Notification).where(Notification.ticket_id == ticket_id)).all()
    assert [(n.channel, n.purpose, n.status) for n in notes] == [("in_app", "reply", "sent")]


# --- sweeps --------------------------------------------------------------------------------------


def test_a_notification_stuck_in_queued_is_enqueued_again() -> None:
    stuck = _otp_notification()
    fresh = _otp_notification()
    done = _otp_notification()
    deliver_notification(str(done.id))
    # Redis lost the jobs (restart without persistence): only the database knows they are due.
    get_redis().flushdb()
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(Notification)
            .where(col(Notification.id).in_([stuck.id, done.id]))
            .values(created_at=utcnow() - timedelta(minutes=10))
        )
    assert requeue_stuck_notifications() == 1
    assert get_queue(QueueName.high).job_ids == [f"deliver-{stuck.id}"]
    run_queued_jobs()
    assert _reload(stuck.id).status == "sent"
    assert _reload(fresh.id).status == "queued"  # younger than the cut-off: its own job is still coming
    assert requeue_stuck_notifications() == 0


def test_ticket_counters_are_written_per_status_to_redis() -> None:
    customer, agent = make_customer(), make_agent()
    tickets = [open_ticket(customer, subject=f"প্রশ্ন {i}").ticket for i in range(4)]
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=tickets[0].id, status="pending")
        ticket_service.change_status(tx, ticket_id=tickets[1].id, status="resolved")
    assert get_redis().get(PENDING_FLAG) == b"1"
    # One job however many changes: the listener enqueues while the flag is up.
    assert get_queue(QueueName.low).count == 1
    run_queued_jobs()
    assert get_redis().hgetall(COUNTERS_KEY) == {b"new": b"2", b"pending": b"1", b"resolved": b"1"}
    assert get_redis().get(PENDING_FLAG) is None
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=tickets[0].id, status="resolved")
    assert refresh_ticket_counters() == {"new": 2, "resolved": 2}
    # A status nobody is in any more disappears instead of staying at its old count.
    assert get_redis().hgetall(COUNTERS_KEY) == {b"new": b"2", b"resolved": b"2"}


def test_ticket_counters_with_no_tickets_leave_no_hash() -> None:
    get_redis().hset(COUNTERS_KEY, mapping={"new": 5})
    assert refresh_ticket_counters() == {}
    assert get_redis().exists(COUNTERS_KEY) == 0


def test_each_sweep_is_enqueued_once_per_period() -> None:
    names = [name for name, _ in SWEEPS]
    assert enqueue_due_sweeps() == names
    assert enqueue_due_sweeps() == []
    assert enqueue_due_sweeps() == []
    low = get_queue(QueueName.low)
    assert sorted(low.job_ids) == sorted(f"sweep-{n.rsplit('.', 1)[-1]}" for n in names)
    for name, every in SWEEPS:
        assert 0 < get_redis().ttl(f"seba:sweep:{name}") <= every
    assert run_queued_jobs() == len(names)
    assert failed_job_count() == 0
    assert enqueue_due_sweeps() == []  # ran, but the period is not over
    # The period of the first sweep ends (its key expires): only that one is due again.
    get_redis().pexpire(f"seba:sweep:{names[0]}", 1)
    time.sleep(0.05)
    assert enqueue_due_sweeps() == [names[0]]
    assert low.job_ids == [f"sweep-{names[0].rsplit('.', 1)[-1]}"]
    assert run_queued_jobs() == 1
    assert failed_job_count() == 0


# --- worker heartbeats ---------------------------------------------------------------------------


def test_no_worker_means_not_alive() -> None:
    status = worker_status()
    assert status.ok is False and "no worker" in status.words


def test_a_registered_worker_is_alive_until_its_heartbeat_goes_stale() -> None:
    connection = get_redis()
    worker = SimpleWorker([get_queue(name) for name in ALL_QUEUES], connection=connection)
    worker.register_birth()
    try:
        status = worker_status()
        assert status.ok is True and status.words.startswith("1 worker(s) alive")
        # The process hung or died without saying goodbye: its last heartbeat ages.
        stale = (utcnow() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        connection.hset(worker.key, "last_heartbeat", stale)
        assert worker_status().ok is False
        worker.heartbeat()
        assert worker_status().ok is True
    finally:
        worker.register_death()
    assert worker_status().ok is False


@pytest.fixture
def worker_process(tmp_path: os.PathLike[str]) -> Iterator[subprocess.Popen[bytes]]:
    """`seba worker`, the real worker process, on the test stores."""
    log_path = os.path.join(tmp_path, "worker.log")
    env = {**os.environ, "LOG_LEVEL": "INFO"}
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "backend.cli.main", "worker"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        if proc.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL):
            with open(log_path, encoding="utf-8", errors="replace") as log_file:
                print(log_file.read()[-4000:])


def _wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_real_worker_process_is_seen_alive_delivers_and_says_goodbye(
    worker_process: subprocess.Popen[bytes],
) -> None:
    assert _wait_for(lambda: worker_status().ok), "the worker never sent a heartbeat"
    assert worker_process.poll() is None
    phone = next_phone()
    otp.request_code(phone=phone)
    with read_session() as session:
        notification_id = session.exec(select(Notification.id).where(Notification.to_address == phone)).one()
    assert _wait_for(lambda: _reload(notification_id).status == "sent"), "the worker did not deliver"
    assert _reload(notification_id).body == ""
    # The sweeps run in the worker too.
    assert _wait_for(lambda: get_redis().exists(f"seba:sweep:{SWEEPS[0][0]}") == 1)
    # A warm shutdown (SIGTERM) unregisters the worker: health sees it gone at once.
    os.killpg(worker_process.pid, signal.SIGTERM)
    assert worker_process.wait(timeout=30) in (0, -signal.SIGTERM)
    assert worker_status().ok is False
