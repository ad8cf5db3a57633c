"""Warnings and breaches of single timers (idempotent, by the due time they were scheduled for) and
the index-backed lookups of timers whose warning or due time has come."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.db import Tx
from backend.events import SlaBreached, SlaWarning
from backend.models import AgentNotification, SlaTimer, Ticket
from backend.models.base import utcnow
from backend.models.sla import RUNNING_UNBREACHED, RUNNING_UNWARNED
from backend.sla import TimerState
from backend.sla.escalation import escalate
from backend.sla.policies import policy_for_timer

# A job carries the due time it was scheduled for; the timer's may have been stored with less precision.
_SAME_DUE_SECONDS = 0.001


@dataclass
class CheckOutcome:
    warned: bool = False
    breached: bool = False
    escalations: list[str] = field(default_factory=list)


def _locked_timer(tx: Tx, ticket_id: uuid.UUID, metric: str) -> tuple[Ticket, SlaTimer] | None:
    # Ticket first, then its timer: the order every ticket service uses.
    ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None:
        return None
    timer = tx.session.exec(
        select(SlaTimer).where(SlaTimer.ticket_id == ticket_id, SlaTimer.metric == metric)
    ).first()
    return (ticket, timer) if timer is not None else None


def _is_stale(timer: SlaTimer, expected_due: datetime | None) -> bool:
    if expected_due is None:
        return False
    return timer.due_at is None or abs((timer.due_at - expected_due).total_seconds()) > _SAME_DUE_SECONDS


def _warn(tx: Tx, ticket: Ticket, timer: SlaTimer, expected_due: datetime | None, now: datetime) -> bool:
    if (
        timer.state != TimerState.running
        or timer.warned_at is not None
        or timer.warn_at is None
        or timer.warn_at > now
        or timer.due_at is None
        or timer.due_at <= now
        or _is_stale(timer, expected_due)
    ):
        return False
    timer.warned_at = now
    tx.session.add(timer)
    if ticket.assignee_id is not None:
        tx.session.add(
            AgentNotification(
                agent_id=ticket.assignee_id,
                kind="sla_warning",
                ticket_id=ticket.id,
                data={"metric": timer.metric, "due_at": timer.due_at.isoformat(), "number": ticket.number},
            )
        )
    tx.audit(
        "sla.warning",
        "ticket",
        ticket.id,
        metric=timer.metric,
        due_at=timer.due_at,
        policy_id=timer.policy_id,
    )
    tx.emit(SlaWarning(ticket.id, timer.metric, timer.due_at, ticket.assignee_id))
    return True


def warn_if_due(
    tx: Tx,
    *,
    ticket_id: uuid.UUID,
    metric: str,
    expected_due: datetime | None = None,
    now: datetime | None = None,
) -> bool:
    """Record the warning once if the timer is running, its warning time has come and it is not yet
    overdue; a job for an outdated due time (`expected_due`) does nothing."""
    found = _locked_timer(tx, ticket_id, metric)
    if found is None:
        return False
    return _warn(tx, found[0], found[1], expected_due, now or utcnow())


def warn_many(tx: Tx, keys: list[tuple[uuid.UUID, str]], *, now: datetime | None = None) -> int:
    """`warn_if_due` for many clocks in one transaction (the sweep): the tickets locked with one
    statement in id order, their timers read with another. Returns how many were warned."""
    now = now or utcnow()
    ticket_ids = sorted({ticket_id for ticket_id, _ in keys})
    tickets = {
        t.id: t
        for t in tx.session.exec(
            select(Ticket).where(col(Ticket.id).in_(ticket_ids)).order_by(col(Ticket.id)).with_for_update()
        )
    }
    wanted = set(keys)
    warned = 0
    for timer in tx.session.exec(select(SlaTimer).where(col(SlaTimer.ticket_id).in_(ticket_ids))).all():
        ticket = tickets.get(timer.ticket_id)
        if ticket is not None and (timer.ticket_id, timer.metric) in wanted:
            warned += _warn(tx, ticket, timer, None, now)
    return warned


def breach_if_due(
    tx: Tx,
    *,
    ticket_id: uuid.UUID,
    metric: str,
    expected_due: datetime | None = None,
    now: datetime | None = None,
) -> CheckOutcome:
    """Record the breach once if the running timer is past due, then escalate per its policy."""
    now = now or utcnow()
    found = _locked_timer(tx, ticket_id, metric)
    if found is None:
        return CheckOutcome()
    ticket, timer = found
    if (
        timer.state != TimerState.running
        or timer.breached_at is not None
        or timer.due_at is None
        or timer.due_at > now
        or _is_stale(timer, expected_due)
    ):
        return CheckOutcome()
    due_at = timer.due_at
    timer.breached_at = now
    tx.session.add(timer)
    policy = policy_for_timer(tx.session, timer.policy_id)
    tx.audit("sla.breached", "ticket", ticket.id, metric=metric, due_at=due_at, policy=policy.name)
    tx.emit(SlaBreached(ticket.id, metric, due_at))
    return CheckOutcome(breached=True, escalations=escalate(tx, ticket, timer, policy))


def due_warnings(
    session: Session, *, now: datetime | None = None, limit: int = 1000
) -> list[tuple[uuid.UUID, str]]:
    """Running, unwarned timers whose warning time has come and that are not yet overdue (those get no
    warning, only their breach), through the partial index `ix_sla_timer_warn`."""
    now = now or utcnow()
    rows = session.exec(
        select(SlaTimer.ticket_id, SlaTimer.metric)
        .where(sa.text(RUNNING_UNWARNED), col(SlaTimer.warn_at) <= now, col(SlaTimer.due_at) > now)
        .order_by(col(SlaTimer.warn_at))
        .limit(limit)
    ).all()
    return [(r[0], r[1]) for r in rows]


def due_breaches(
    session: Session, *, now: datetime | None = None, limit: int = 1000
) -> list[tuple[uuid.UUID, str]]:
    """Running, unbreached timers past their due time (the partial index `ix_sla_timer_due`)."""
    now = now or utcnow()
    rows = session.exec(
        select(SlaTimer.ticket_id, SlaTimer.metric)
        .where(sa.text(RUNNING_UNBREACHED), col(SlaTimer.due_at) <= now)
        .order_by(col(SlaTimer.due_at))
        .limit(limit)
    ).all()
    return [(r[0], r[1]) for r in rows]
