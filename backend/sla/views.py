"""Reads for people: the policies in the order they apply, and a ticket's clocks as the console shows them."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from backend.models import SlaPolicy, SlaTimer
from backend.models.base import utcnow
from backend.sla import METRICS, TimerState
from backend.sla.clock import TeamClocks
from backend.sla.policies import ranked, specificity


def policy_dict(policy: SlaPolicy) -> dict[str, Any]:
    return {
        "id": str(policy.id),
        "name": policy.name,
        "name_bn": policy.name_bn,
        "preset": policy.preset,
        "is_default": policy.is_default,
        "active": policy.active,
        "position": policy.position,
        "specificity": specificity(policy),
        "conditions": {
            "priorities": list(policy.priorities or []),
            "channels": list(policy.channels or []),
            "topics": list(policy.topics or []),
            "tiers": list(policy.tiers or []),
        },
        "targets_minutes": {metric: getattr(policy, f"{metric}_minutes") for metric in METRICS},
        "clock": policy.clock,
        "warn_percent": policy.warn_percent,
        "warn_minutes_before": policy.warn_minutes_before,
        "breach_actions": list(policy.breach_actions or []),
    }


def list_policies(session: Session) -> list[SlaPolicy]:
    """Active policies in the order they are tried (most specific first, default last), then the
    inactive ones."""
    rows = list(session.exec(select(SlaPolicy)).all())
    return ranked(p for p in rows if p.active) + ranked(p for p in rows if not p.active)


@dataclass(frozen=True)
class ClockView:
    metric: str
    state: str  # running | paused | met | stopped
    due_at: datetime | None
    minutes_left: float | None  # the clock's minutes to the due time; negative when overdue
    overdue: bool
    warned: bool
    breached: bool
    met_at: datetime | None
    clock: str  # business | calendar
    target_minutes: int
    policy_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def ticket_clocks(
    session: Session, ticket_id: uuid.UUID, team_id: uuid.UUID | None, *, now: datetime | None = None
) -> list[ClockView]:
    """The ticket's clocks in metric order, with minutes left counted on the clock they run on."""
    now = now or utcnow()
    rows = {t.metric: t for t in session.exec(select(SlaTimer).where(SlaTimer.ticket_id == ticket_id)).all()}
    clocks = TeamClocks(session, team_id)
    views = []
    for metric in METRICS:
        timer = rows.get(metric)
        if timer is None:
            continue
        left: float | None = None
        if timer.state == TimerState.running and timer.due_at is not None:
            clock = clocks.get(timer.clock)
            left = (
                clock.between(now, timer.due_at) if timer.due_at > now else -clock.between(timer.due_at, now)
            )
        elif timer.state == TimerState.paused:
            left = timer.target_minutes - timer.consumed_minutes
        overdue = left is not None and left <= 0 and timer.state == TimerState.running
        views.append(
            ClockView(
                metric=metric,
                state=timer.state,
                due_at=timer.due_at if timer.state == TimerState.running else None,
                minutes_left=None if left is None else round(left, 1),
                overdue=overdue or (timer.breached_at is not None and timer.state == TimerState.running),
                warned=timer.warned_at is not None,
                breached=timer.breached_at is not None,
                met_at=timer.met_at,
                clock=timer.clock,
                target_minutes=timer.target_minutes,
                policy_id=str(timer.policy_id) if timer.policy_id else None,
            )
        )
    return views
