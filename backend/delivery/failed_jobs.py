"""Failed RQ jobs for admins: list each queue's FailedJobRegistry, retry (requeue) or discard, audited.

Jobs take ids, so what is listed (function, ids, the exception's last line) carries no message text.
Retrying a `deliver_notification` job first puts its notification back to `queued` (it was marked
`failed` when the job gave up), otherwise the requeued job would find it final and send nothing."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry

from backend.auth.principal import Principal, require_agent
from backend.db import Actor, transaction
from backend.delivery.attempts import reopen_failed
from backend.errors import NotFound
from backend.models.enums import Role
from backend.queue import ALL_QUEUES, QueueName, get_queue

log = logging.getLogger(__name__)

DELIVER_NOTIFICATION = "workers.jobs.notifications.deliver_notification"
MAX_LISTED = 200  # per queue, newest first
# What an argument may look like to be shown: ids, enum words, keys like "reply:<id>:push".
_SHOWABLE_ARG = re.compile(r"^[\w:.\-]{1,80}$")


@dataclass(frozen=True)
class FailedJob:
    queue: str
    job_id: str
    func_name: str
    args: list[str]
    error: str  # the exception's last line
    failed_at: datetime | None


def _registry(queue: str) -> FailedJobRegistry:
    try:
        name = QueueName(queue)
    except ValueError:
        raise NotFound("job_not_found") from None
    return get_queue(name).failed_job_registry


def _shown_arg(value: object) -> str:
    text = str(value)
    return text if isinstance(value, str | int | uuid.UUID) and _SHOWABLE_ARG.match(text) else "…"


def _last_line(exc_string: str | None) -> str:
    lines = [line.strip() for line in (exc_string or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _describe(queue: str, job: Job) -> FailedJob:
    result = job.latest_result()
    exc_string = result.exc_string if result is not None else None
    failed_at = job.ended_at or (result.created_at if result is not None else None)
    try:
        func_name = job.func_name or "?"
        args = [_shown_arg(a) for a in job.args]
    except Exception:  # a job whose payload no longer deserialises is still listed, to be discarded
        func_name, args = "?", []
    return FailedJob(
        queue=queue,
        job_id=job.id,
        func_name=func_name,
        args=args,
        error=_last_line(exc_string),
        failed_at=_aware(failed_at),
    )


def list_failed_jobs(limit_per_queue: int = MAX_LISTED) -> list[FailedJob]:
    """Every queue's failed jobs (high, default, low), newest failure first."""
    found: list[FailedJob] = []
    for name in ALL_QUEUES:
        registry = get_queue(name).failed_job_registry
        job_ids = registry.get_job_ids(start=0, end=limit_per_queue - 1, desc=True)
        for job_id in job_ids:
            job = _fetch(job_id, registry)
            if job is not None:
                found.append(_describe(str(name), job))
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda j: j.failed_at or oldest, reverse=True)


def _fetch(job_id: str, registry: FailedJobRegistry) -> Job | None:
    try:
        return Job.fetch(job_id, connection=registry.connection)
    except NoSuchJobError:
        return None


def _failed_job(queue: str, job_id: str) -> tuple[FailedJobRegistry, Job]:
    registry = _registry(queue)
    job = _fetch(job_id, registry) if job_id in registry else None
    if job is None:
        raise NotFound("job_not_found")
    return registry, job


def _notification_of(job: Job) -> uuid.UUID | None:
    if job.func_name != DELIVER_NOTIFICATION or not job.args:
        return None
    try:
        return uuid.UUID(str(job.args[0]))
    except ValueError:
        return None


def retry_failed_job(admin: Principal, *, queue: str, job_id: str) -> FailedJob:
    """Put the job back on its queue (a delivery job's notification is queued again first)."""
    require_agent(admin, Role.admin)
    registry, job = _failed_job(queue, job_id)
    described = _describe(queue, job)
    actor = Actor.agent(admin.id)
    notification_id = _notification_of(job)
    reopened = reopen_failed(notification_id, actor) if notification_id is not None else False
    with transaction(actor) as tx:
        tx.audit(
            "job.retried",
            "job",
            job_id[:64],
            queue=queue,
            func=described.func_name,
            error=described.error,
            notification=str(notification_id) if notification_id else None,
            notification_reopened=reopened or None,
        )
        try:
            registry.requeue(job)  # last: if it fails, the audit rolls back with it
        except InvalidJobOperation:
            raise NotFound("job_not_found") from None  # another admin was faster
    log.info("failed job retried", extra={"job_id": job_id, "queue": queue, "func": described.func_name})
    return described


def discard_failed_job(admin: Principal, *, queue: str, job_id: str) -> FailedJob:
    """Remove the job from the registry and delete it (its notification, if any, stays failed)."""
    require_agent(admin, Role.admin)
    registry, job = _failed_job(queue, job_id)
    described = _describe(queue, job)
    with transaction(Actor.agent(admin.id)) as tx:
        tx.audit(
            "job.discarded",
            "job",
            job_id[:64],
            queue=queue,
            func=described.func_name,
            error=described.error,
        )
        registry.remove(job, delete_job=True)
    log.info("failed job discarded", extra={"job_id": job_id, "queue": queue, "func": described.func_name})
    return described
