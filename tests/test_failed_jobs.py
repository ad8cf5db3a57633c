"""Failed jobs for admins (backend/delivery/failed_jobs.py, /admin/jobs): a delivery job that gives up
lands in RQ's failed registry, is listed, and a retry requeues it and the notification is sent by a
burst worker to the LOCAL push service peer (tests/peers/push); discard deletes; both are audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rq.exceptions import NoSuchJobError
from rq.job import Job
from sqlmodel import select

from app import routes
from backend.auth.principal import Principal
from backend.auth.sessions import create_session, resolve_session
from backend.channels.push import payloads
from backend.channels.push.subscriptions import parse_subscription, subscribe_customer_device
from backend.channels.push.vapid import VapidKeyPair
from backend.config import reset_settings_cache
from backend.db import Actor, read_session, transaction
from backend.delivery.failed_jobs import (
    DELIVER_NOTIFICATION,
    discard_failed_job,
    list_failed_jobs,
    retry_failed_job,
)
from backend.errors import Forbidden, NotFound
from backend.i18n.formatting import format_datetime
from backend.models import AuditEvent, Notification
from backend.models.enums import NotificationStatus
from backend.queue import QueueName, enqueue, get_queue
from backend.redis_store import get_redis
from state.admin_jobs import AdminJobsState
from tests.peers.push.fixture import push_peer, vapid
from tests.peers.push.server import PushPeer
from tests.support.factories import make_agent, make_customer, open_ticket
from tests.support.jobs import failed_job_count, run_queued_jobs
from tests.support.page_state import page_state, session_token

__all__ = ["push_peer", "vapid"]


def _principal(role: str) -> Principal:
    agent = make_agent(role=role)
    with transaction(Actor.system()) as tx:
        token = create_session(tx, agent_id=agent.id)
    principal = resolve_session(token)
    assert principal is not None
    return principal


@pytest.fixture
def one_attempt(monkeypatch: pytest.MonkeyPatch, vapid: VapidKeyPair) -> Iterator[None]:
    """Give up after the first transient error, so that the job fails at once."""
    monkeypatch.setenv("DELIVERY_MAX_ATTEMPTS", "1")
    reset_settings_cache()
    yield
    monkeypatch.delenv("DELIVERY_MAX_ATTEMPTS")
    reset_settings_cache()


def _push_notification(peer: PushPeer) -> tuple[uuid.UUID, dict]:
    customer = make_customer()
    ticket = open_ticket(customer).ticket
    sub = peer.new_subscription()
    nid = uuid.uuid4()
    body = payloads.reply_payload(notification_id=nid, ticket_id=ticket.id, number=ticket.number, locale="bn")
    with transaction(Actor.system()) as tx:
        subscribe_customer_device(
            tx, customer_id=customer.id, device_id="phone-1", subscription=parse_subscription(sub)
        )
        tx.session.add(
            Notification(
                id=nid,
                customer_id=customer.id,
                ticket_id=ticket.id,
                channel="push",
                purpose="reply_alert",
                to_address=sub["endpoint"],
                body=payloads.encode(body),
                idempotency_key=f"test:{nid}",
            )
        )
    return nid, sub


def _status(nid: uuid.UUID) -> NotificationStatus:
    with read_session() as session:
        n = session.get(Notification, nid)
    assert n is not None
    return NotificationStatus(n.status)


def _audits(action: str) -> list[AuditEvent]:
    with read_session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_given_up_delivery_is_listed_retried_and_then_sent_by_a_burst_worker(
    push_peer: PushPeer, one_attempt: None
) -> None:
    nid, sub = _push_notification(push_peer)
    push_peer.answer(sub["endpoint"], 503)  # the push service is down for this one attempt
    enqueue(DELIVER_NOTIFICATION, str(nid), queue=QueueName.high, job_id=f"deliver-{nid}")
    run_queued_jobs()
    assert failed_job_count() == 1
    assert _status(nid) is NotificationStatus.failed
    assert push_peer.received == []

    [listed] = list_failed_jobs()
    assert (listed.queue, listed.job_id, listed.func_name, listed.args) == (
        "high",
        f"deliver-{nid}",
        DELIVER_NOTIFICATION,
        [str(nid)],
    )
    assert listed.error.startswith("workers.jobs.notifications.DeliveryGaveUp: notification")
    assert "push service answered 503" in listed.error
    assert listed.failed_at is not None and listed.failed_at.tzinfo is not None
    assert datetime.now(UTC) - listed.failed_at < timedelta(minutes=1)

    admin = _principal("admin")
    retried = retry_failed_job(admin, queue="high", job_id=f"deliver-{nid}")
    assert retried.job_id == f"deliver-{nid}"
    assert failed_job_count() == 0
    assert _status(nid) is NotificationStatus.queued  # reopened before the requeue
    assert get_queue(QueueName.high).get_job_ids() == [f"deliver-{nid}"]
    run_queued_jobs()
    assert _status(nid) is NotificationStatus.sent
    [got] = push_peer.delivered()
    assert got.payload["id"] == str(nid)
    [audit] = _audits("job.retried")
    assert (audit.actor_id, audit.subject_id) == (str(admin.id), f"deliver-{nid}")
    assert audit.data["queue"] == "high" and audit.data["notification"] == str(nid)
    assert audit.data["notification_reopened"] is True
    assert [a.subject_id for a in _audits("notification.reopened")] == [str(nid)]
    # Retrying again: the job is no longer failed.
    with pytest.raises(NotFound) as gone:
        retry_failed_job(admin, queue="high", job_id=f"deliver-{nid}")
    assert gone.value.code == "job_not_found"


def test_discard_deletes_the_job_and_lists_no_personal_arguments() -> None:
    # A job called with something that is not an id fails; what it carried is not shown.
    job = enqueue(DELIVER_NOTIFICATION, "Rahim +8801712345678 wants a refund", queue=QueueName.default)
    run_queued_jobs()
    [listed] = list_failed_jobs()
    assert (listed.queue, listed.job_id, listed.args) == ("default", job.id, ["…"])
    assert listed.error == "ValueError: badly formed hexadecimal UUID string"
    admin = _principal("admin")
    discarded = discard_failed_job(admin, queue="default", job_id=job.id)
    assert discarded.job_id == job.id
    assert list_failed_jobs() == [] and failed_job_count() == 0
    with pytest.raises(NoSuchJobError):
        Job.fetch(job.id, connection=get_redis())
    [audit] = _audits("job.discarded")
    assert (audit.actor_id, audit.subject_id, audit.data["queue"]) == (str(admin.id), job.id, "default")
    assert "+8801712345678" not in str(audit.data)
    with pytest.raises(NotFound):
        discard_failed_job(admin, queue="default", job_id=job.id)


def test_only_admins_may_retry_or_discard_and_unknown_jobs_are_not_found() -> None:
    job = enqueue(DELIVER_NOTIFICATION, "not-an-id", queue=QueueName.low)
    run_queued_jobs()
    for role in ("agent", "supervisor"):
        principal = _principal(role)
        with pytest.raises(Forbidden):
            retry_failed_job(principal, queue="low", job_id=job.id)
        with pytest.raises(Forbidden):
            discard_failed_job(principal, queue="low", job_id=job.id)
    assert failed_job_count() == 1 and _audits("job.retried") == _audits("job.discarded") == []
    admin = _principal("admin")
    for queue, job_id in (("low", "no-such-job"), ("high", job.id), ("urgent", job.id)):
        with pytest.raises(NotFound) as missing:
            retry_failed_job(admin, queue=queue, job_id=job_id)
        assert missing.value.code == "job_not_found"
    assert failed_job_count() == 1


def test_failed_jobs_of_every_queue_are_listed_newest_first() -> None:
    jobs = [enqueue(DELIVER_NOTIFICATION, f"bad-{name}", queue=name) for name in QueueName]
    run_queued_jobs()
    listed = list_failed_jobs()
    assert {j.queue for j in listed} == {"high", "default", "low"}
    assert {j.job_id for j in listed} == {job.id for job in jobs}
    times = [j.failed_at for j in listed]
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]


def test_the_page_is_registered_behind_the_admin_guard_and_linked_from_the_agents_page() -> None:
    import app.pages  # noqa: F401  (registers every page)
    from app.shell import PAGES
    from state.session import SessionState

    [spec] = [p for p in PAGES if p.route == routes.ADMIN_JOBS == "/admin/jobs"]
    assert spec.on_load[0] == SessionState.guard_admin
    rendered = str(next(p for p in PAGES if p.route == routes.ADMIN_AGENTS).render())
    assert "/admin/jobs" in rendered


def _page_state(token: str) -> AdminJobsState:
    return page_state(AdminJobsState, token)


_token = session_token


def test_the_page_state_sends_strangers_and_non_admins_away_and_shows_admins_the_jobs() -> None:
    job = enqueue(DELIVER_NOTIFICATION, "not-an-id", queue=QueueName.low)
    run_queued_jobs()
    stranger = _page_state("")
    assert "/agent/login" in str(AdminJobsState.load.fn(stranger)) and stranger.jobs == []
    agent = _page_state(_token("supervisor"))
    assert "/forbidden" in str(AdminJobsState.load.fn(agent)) and agent.jobs == []
    assert "/forbidden" in str(AdminJobsState.discard.fn(agent, "low", job.id))
    assert failed_job_count() == 1

    admin = _page_state(_token("admin"))
    assert AdminJobsState.load.fn(admin) is None
    [row] = admin.jobs
    assert (row["queue"], row["job_id"], row["func"], row["args"]) == (
        "low",
        job.id,
        "notifications.deliver_notification",
        "not-an-id",
    )
    assert row["error"] == "ValueError: badly formed hexadecimal UUID string"
    [listed] = list_failed_jobs()
    assert row["failed_at"] == format_datetime(listed.failed_at, "bn")  # Dhaka time, Bengali digits
    assert any("০" <= ch <= "৯" for ch in row["failed_at"])
    admin.locale = "en"
    AdminJobsState.load.fn(admin)
    assert admin.jobs[0]["failed_at"] == format_datetime(listed.failed_at, "en")
    dhaka = listed.failed_at.astimezone(ZoneInfo("Asia/Dhaka")) if listed.failed_at else None
    assert dhaka is not None and admin.jobs[0]["failed_at"].endswith(f"{dhaka:%H:%M}")
    AdminJobsState.discard.fn(admin, "low", job.id)
    assert (admin.notice, admin.notice_job, admin.jobs, admin.error) == ("discarded", job.id, [], "")
    AdminJobsState.retry.fn(admin, "low", job.id)  # gone already: a bilingual error, nothing else
    assert admin.notice == "" and admin.error == "The job is no longer in the failed jobs list."
