"""SLA clocks after commit: warning and breach jobs at their times, console refreshes, agents' pushes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from backend.calendar.events import CalendarChanged
from backend.events import SlaBreached, SlaClockSet, SlaSupervisorsNotified, SlaWarning, listens_to
from backend.listeners.delivery import _subscribed
from backend.models.base import utcnow
from backend.queue import QueueName, enqueue
from backend.realtime import publish_console_event

CHECK_JOB = "workers.jobs.sla.check_timer"
RECOMPUTE_DELAY_SECONDS = 5


def _job_id(kind: str, ticket_id: uuid.UUID, metric: str, due_at: datetime) -> str:
    # One job per clock, kind and due time: a new due time schedules another job and the job for an
    # outdated one finds nothing to do (it compares the due time it carries with the timer's).
    return f"sla-{kind}-{ticket_id}-{metric}-{int(due_at.timestamp() * 1000)}"


@listens_to(SlaClockSet)
def schedule_checks(event: SlaClockSet) -> None:
    due_iso = event.due_at.isoformat()
    if event.warn_at is not None and event.warn_at < event.due_at:
        enqueue(
            CHECK_JOB,
            "warn",
            str(event.ticket_id),
            event.metric,
            due_iso,
            queue=QueueName.default,
            job_id=_job_id("warn", event.ticket_id, event.metric, event.due_at),
            at=max(event.warn_at, utcnow()),
        )
    enqueue(
        CHECK_JOB,
        "breach",
        str(event.ticket_id),
        event.metric,
        due_iso,
        queue=QueueName.default,
        job_id=_job_id("breach", event.ticket_id, event.metric, event.due_at),
        at=max(event.due_at, utcnow()),
    )


@listens_to(SlaWarning)
def announce_warning(event: SlaWarning) -> None:
    publish_console_event(
        "ticket.updated", ticket_id=event.ticket_id, change="sla_warning", metric=event.metric
    )
    from backend.delivery.agents import warn_sla

    if event.assignee_id is None or not _subscribed(event.assignee_id):
        return
    minutes_left = max(0, int((event.due_at - utcnow()).total_seconds() // 60))
    warn_sla(
        event.assignee_id,
        event.ticket_id,
        minutes_left=minutes_left,
        due_key=f"{event.metric}:{int(event.due_at.timestamp())}",
    )


@listens_to(SlaBreached)
def announce_breach(event: SlaBreached) -> None:
    publish_console_event(
        "ticket.updated", ticket_id=event.ticket_id, change="sla_breached", metric=event.metric
    )


@listens_to(SlaSupervisorsNotified)
def push_to_supervisors(event: SlaSupervisorsNotified) -> None:
    for agent_id in event.agent_ids:
        publish_console_event(
            "agent.notified", agent_id=agent_id, ticket_id=event.ticket_id, notification="sla_breach"
        )
        if not _subscribed(agent_id):
            continue
        enqueue(
            "workers.jobs.delivery.push_to_agent",
            "sla_breach",
            str(agent_id),
            str(event.ticket_id),
            event.ref,
            queue=QueueName.high,
            job_id=f"agent-sla-breach-{agent_id}-{event.ref}",
        )


@listens_to(CalendarChanged)
def move_clocks_after_calendar_change(event: CalendarChanged) -> None:
    # A few seconds' delay and one job id: an admin's burst of edits costs one recompute.
    enqueue(
        "workers.jobs.sla.recompute_after_calendar_change",
        queue=QueueName.low,
        job_id="sla-recompute-calendars",
        delay=timedelta(seconds=RECOMPUTE_DELAY_SECONDS),
    )
