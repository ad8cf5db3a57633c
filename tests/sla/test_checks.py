"""Warnings and breaches: jobs idempotent by due time (twice, stale), the sweep idempotent, escalation
actions audited, the jobs scheduled when a clock is set."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, func, select

from backend.db import Actor, read_session, transaction
from backend.models import AgentNotification, AuditEvent, SlaTimer
from backend.models.base import utcnow
from backend.presence import heartbeat
from backend.queue import QueueName, get_queue
from backend.services import tickets as ticket_service
from backend.sla import admin as sla_admin
from backend.sla.sweep import run_sweep
from tests.sla.conftest import ticket_row, timers
from tests.support import factories
from workers.jobs.sla import check_timer, sla_sweep


def _set_clock(ticket_id: uuid.UUID, metric: str, *, due_at: datetime, warn_at: datetime | None) -> None:
    with transaction(Actor.system()) as tx:
        tx.session.execute(
            sa.update(SlaTimer)
            .where(col(SlaTimer.ticket_id) == ticket_id, col(SlaTimer.metric) == metric)
            .values(due_at=due_at, warn_at=warn_at)
        )


def _count(action: str) -> int:
    with read_session() as session:
        return session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        ).one()


def _ticket_with_clock(due_in: timedelta, warn_in: timedelta | None = None) -> uuid.UUID:
    """A ticket whose first-response clock falls due in `due_in` (negative: overdue); its resolution
    clock is pushed far away so that only the first response counts."""
    customer = factories.make_customer()
    ticket = factories.open_ticket(customer).ticket
    now = utcnow()
    _set_clock(ticket.id, "first_response", due_at=now + due_in, warn_at=now + warn_in if warn_in else None)
    _set_clock(ticket.id, "resolution", due_at=now + timedelta(days=30), warn_at=now + timedelta(days=29))
    return ticket.id


def test_breach_job_is_idempotent_and_a_stale_job_does_nothing() -> None:
    ticket_id = _ticket_with_clock(-timedelta(minutes=5))
    due = timers(ticket_id)["first_response"].due_at
    stale = (due - timedelta(minutes=90)).isoformat()
    assert check_timer("breach", str(ticket_id), "first_response", stale) == "nothing_to_do"
    assert timers(ticket_id)["first_response"].breached_at is None
    assert check_timer("breach", str(ticket_id), "first_response", due.isoformat()) == "breached"
    assert check_timer("breach", str(ticket_id), "first_response", due.isoformat()) == "nothing_to_do"
    assert _count("sla.breached") == 1
    assert timers(ticket_id)["first_response"].breached_at is not None


def test_warning_job_is_idempotent_and_not_sent_once_overdue() -> None:
    ticket_id = _ticket_with_clock(timedelta(minutes=30), warn_in=-timedelta(minutes=1))
    due = timers(ticket_id)["first_response"].due_at.isoformat()
    assert check_timer("warn", str(ticket_id), "first_response", due) == "warned"
    assert check_timer("warn", str(ticket_id), "first_response", due) == "nothing_to_do"
    assert _count("sla.warning") == 1
    overdue = _ticket_with_clock(-timedelta(minutes=1), warn_in=-timedelta(minutes=20))
    late_due = timers(overdue)["first_response"].due_at.isoformat()
    assert check_timer("warn", str(overdue), "first_response", late_due) == "nothing_to_do"


def test_a_met_clock_is_neither_warned_nor_breached() -> None:
    ticket_id = _ticket_with_clock(-timedelta(minutes=5), warn_in=-timedelta(minutes=10))
    due = timers(ticket_id)["first_response"].due_at.isoformat()
    agent = factories.make_agent()
    from backend.services import messages as message_service

    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket_id, body="এই তো")
    assert check_timer("breach", str(ticket_id), "first_response", due) == "nothing_to_do"
    assert check_timer("warn", str(ticket_id), "first_response", due) == "nothing_to_do"


def test_the_sweep_is_idempotent_one_warning_one_breach_one_escalation() -> None:
    factories.make_agent(role="supervisor", email="boss@seba.test", name="Farhana")
    warned = _ticket_with_clock(timedelta(minutes=40), warn_in=-timedelta(minutes=2))
    breached = _ticket_with_clock(-timedelta(minutes=3))
    _ticket_with_clock(timedelta(hours=3), warn_in=timedelta(hours=2))  # nothing due yet
    first = run_sweep()
    assert (first.warnings, first.breaches, first.escalations, first.failed) == (1, 1, 1, 0)
    second = sla_sweep()
    assert (second["warnings"], second["breaches"], second["escalations"]) == (0, 0, 0)
    assert (_count("sla.warning"), _count("sla.breached"), _count("sla.escalated")) == (1, 1, 1)
    assert timers(warned)["first_response"].warned_at is not None
    assert timers(breached)["first_response"].breached_at is not None
    with read_session() as session:
        notes = session.exec(select(AgentNotification).where(AgentNotification.kind == "sla_breach")).all()
    assert [n.ticket_id for n in notes] == [breached]


def test_escalation_notifies_raises_priority_and_reassigns_audited() -> None:
    with transaction(Actor.system()) as tx:
        sla_admin.create_policy(
            tx,
            sla_admin.PolicyInput(
                name="Web standard",
                channels=["web"],
                tiers=["standard"],
                first_response_minutes=60,
                breach_actions=["notify_supervisors", "raise_priority", "reassign"],
            ),
        )
    team = factories.make_team(slug="care", name="Care")
    supervisor = factories.make_agent(role="supervisor", team_ids=[team.id], email="lead@seba.test")
    factories.make_agent(role="supervisor", email="other-lead@seba.test")  # another team's: not notified
    slow = factories.make_agent(team_ids=[team.id], email="slow@seba.test", languages=["bn"])
    ready = factories.make_agent(team_ids=[team.id], email="ready@seba.test", languages=["bn"])
    ticket_id = _ticket_with_clock(-timedelta(minutes=1))
    with transaction(Actor.system()) as tx:
        ticket_service.assign_ticket(tx, ticket_id=ticket_id, assignee_id=slow.id, team_id=team.id)
    _set_clock(ticket_id, "first_response", due_at=utcnow() - timedelta(minutes=1), warn_at=None)
    heartbeat(ready.id, "online")
    result = run_sweep()
    assert (result.breaches, result.escalations) == (1, 3)
    row = ticket_row(ticket_id)
    assert row.priority == "high"
    assert row.assignee_id == ready.id
    with read_session() as session:
        audits = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "sla.escalated", AuditEvent.subject_id == str(ticket_id))
            .order_by(col(AuditEvent.created_at))
        ).all()
        notified = session.exec(
            select(AgentNotification.agent_id).where(AgentNotification.kind == "sla_breach")
        ).all()
    by_action = {a.data["action"]: a.data for a in audits}
    assert by_action["notify_supervisors"]["outcome"] == "notified"
    assert (by_action["raise_priority"]["old"], by_action["raise_priority"]["new"]) == ("normal", "high")
    assert by_action["reassign"]["outcome"] == "reassigned" and by_action["reassign"]["agent"] == str(
        ready.id
    )
    assert list(notified) == [supervisor.id]


def test_reassign_with_nobody_online_leaves_the_ticket_in_the_team_queue() -> None:
    with transaction(Actor.system()) as tx:
        sla_admin.create_policy(
            tx,
            sla_admin.PolicyInput(
                name="Reassign only",
                channels=["web"],
                tiers=["standard"],
                first_response_minutes=60,
                breach_actions=["reassign"],
            ),
        )
    team = factories.make_team(slug="care", name="Care")
    slow = factories.make_agent(team_ids=[team.id], email="slow@seba.test")
    ticket_id = _ticket_with_clock(-timedelta(minutes=1))
    with transaction(Actor.system()) as tx:
        ticket_service.assign_ticket(tx, ticket_id=ticket_id, assignee_id=slow.id, team_id=team.id)
    _set_clock(ticket_id, "first_response", due_at=utcnow() - timedelta(minutes=1), warn_at=None)
    assert run_sweep().escalations == 1
    row = ticket_row(ticket_id)
    assert (row.assignee_id, row.team_id) == (None, team.id)
    with read_session() as session:
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "sla.escalated")).one()
    assert audit.data["outcome"] == "team_queue" and audit.data["previous"] == str(slow.id)


def test_setting_a_clock_schedules_its_warning_and_breach_jobs() -> None:
    customer = factories.make_customer()
    ticket = factories.open_ticket(customer).ticket
    first = timers(ticket.id)["first_response"]
    scheduled = set(get_queue(QueueName.default).scheduled_job_registry.get_job_ids())
    stamp = int(first.due_at.timestamp() * 1000)
    assert f"sla-breach-{ticket.id}-first_response-{stamp}" in scheduled
    assert f"sla-warn-{ticket.id}-first_response-{stamp}" in scheduled


def test_a_warning_pushes_to_a_subscribed_assignee_once(redis_client) -> None:  # type: ignore[no-untyped-def]
    from backend.models import AgentPushSubscription

    agent = factories.make_agent(email="nusrat@seba.test")
    with transaction(Actor.system()) as tx:
        tx.session.add(
            AgentPushSubscription(agent_id=agent.id, endpoint="https://push.example/1", p256dh="k", auth="a")
        )
    ticket_id = _ticket_with_clock(timedelta(minutes=30), warn_in=-timedelta(minutes=1))
    with transaction(Actor.system()) as tx:
        ticket_service.assign_ticket(tx, ticket_id=ticket_id, assignee_id=agent.id)
    _set_clock(ticket_id, "first_response", due_at=utcnow() + timedelta(minutes=30), warn_at=utcnow())
    assert run_sweep().warnings == 1
    queued = [
        job
        for job in get_queue(QueueName.high).get_jobs()
        if job.func_name == "workers.jobs.delivery.push_to_agent" and job.args[0] == "sla_warning"
    ]
    assert len(queued) == 1 and queued[0].args[1] == str(agent.id) and 28 <= queued[0].args[4] <= 30
    with read_session() as session:
        note = session.exec(select(AgentNotification).where(AgentNotification.kind == "sla_warning")).one()
    assert note.agent_id == agent.id and note.data["metric"] == "first_response"
    assert run_sweep().warnings == 0
