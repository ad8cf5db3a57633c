"""How well the bot does: containment (bot tickets resolved without a person / all bot tickets that
ended), hand-offs by reason, both per model version (the A/B test), and accuracy on the messages
agents labelled or corrected, per day or week. Reads only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.bot.hold import ACTIVE, HANDED_OFF, RESOLVED
from backend.config import get_settings
from backend.models import BotConversation, BotModelVersion, BotTurn, Message
from backend.models.base import utcnow
from backend.models.enums import AuthorType, MessageDirection


@dataclass(frozen=True)
class Containment:
    conversations: int  # every bot conversation started in the window
    active: int  # still talking (not counted in the rates)
    resolved: int  # ended without a person: contained
    handed_off: int
    handoff_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def ended(self) -> int:
        return self.resolved + self.handed_off

    @property
    def containment_rate(self) -> float | None:
        return self.resolved / self.ended if self.ended else None

    @property
    def handoff_rate(self) -> float | None:
        return self.handed_off / self.ended if self.ended else None


REOPENED = "reopened_to_agent"  # the bot resolved it, the customer came back, a person answered


def containment(
    session: Session, *, since: datetime | None = None, version_id: uuid.UUID | None = None
) -> Containment:
    """Counts by how bot conversations ended. A conversation the bot resolved counts as contained
    only while no agent has answered on the ticket since; one reopened to a person counts as a
    hand-off (reason `reopened_to_agent`)."""
    agent_answered = (
        sa.exists()
        .where(
            col(Message.ticket_id) == col(BotConversation.ticket_id),
            col(Message.direction) == MessageDirection.outbound,
            col(Message.author_type) == AuthorType.agent,
        )
        .correlate(BotConversation)
    )
    query = select(
        BotConversation.status, BotConversation.handoff_reason, agent_answered, sa.func.count()
    ).group_by(col(BotConversation.status), col(BotConversation.handoff_reason), agent_answered)
    if since is not None:
        query = query.where(col(BotConversation.started_at) >= since)
    if version_id is not None:
        query = query.where(BotConversation.model_version_id == version_id)
    counts = {ACTIVE: 0, RESOLVED: 0, HANDED_OFF: 0}
    reasons: dict[str, int] = {}
    for status, reason, answered, n in session.exec(query).all():
        if status == RESOLVED and answered:
            status, reason = HANDED_OFF, REOPENED
        counts[status] = counts.get(status, 0) + int(n)
        if status == HANDED_OFF:
            reasons[reason or "unknown"] = reasons.get(reason or "unknown", 0) + int(n)
    return Containment(
        conversations=sum(counts.values()),
        active=counts[ACTIVE],
        resolved=counts[RESOLVED],
        handed_off=counts[HANDED_OFF],
        handoff_reasons=dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
    )


@dataclass(frozen=True)
class VersionContainment:
    version_id: uuid.UUID
    label: str
    is_active: bool
    traffic_percent: int
    containment: Containment


def containment_by_version(session: Session, *, since: datetime | None = None) -> list[VersionContainment]:
    """Containment of each version that has had conversations (the A/B comparison)."""
    used = session.exec(select(BotConversation.model_version_id).distinct()).all()
    rows = session.exec(
        select(BotModelVersion).where(col(BotModelVersion.id).in_([v for v in used if v is not None]))
    ).all()
    out = [
        VersionContainment(
            v.id, v.label, v.is_active, v.traffic_percent, containment(session, since=since, version_id=v.id)
        )
        for v in rows
    ]
    return sorted(out, key=lambda x: x.label)


@dataclass(frozen=True)
class AccuracyPoint:
    period: str  # 2026-12-05 (day) or 2026-W49 (ISO week)
    labelled: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.labelled if self.labelled else None


def accuracy_on_labelled(session: Session, *, period: str = "day", days: int = 84) -> list[AccuracyPoint]:
    """Share of the messages agents labelled (on /admin/bot) or corrected (the ticket's intent) that
    the bot had read right, per local day or ISO week, oldest first."""
    if period not in ("day", "week"):
        raise ValueError(f"period must be day or week, got {period!r}")
    zone = ZoneInfo(get_settings().timezone)
    since = utcnow() - timedelta(days=days)
    rows = session.exec(
        select(BotTurn.reviewed_at, BotTurn.intent, BotTurn.corrected_intent).where(
            BotTurn.review_status == "labelled",
            col(BotTurn.reviewed_at) >= since,
            col(BotTurn.corrected_intent).is_not(None),
        )
    ).all()
    buckets: dict[str, list[int]] = {}
    for reviewed_at, intent, corrected in rows:
        if reviewed_at is None:
            continue
        local = reviewed_at.astimezone(zone)
        if period == "day":
            key = local.date().isoformat()
        else:
            year, week, _ = local.isocalendar()
            key = f"{year}-W{week:02d}"
        bucket = buckets.setdefault(key, [0, 0])
        bucket[0] += 1
        bucket[1] += int(intent == corrected)
    return [AccuracyPoint(k, v[0], v[1]) for k, v in sorted(buckets.items())]


def review_counts(session: Session) -> dict[str, int]:
    rows = session.exec(
        select(BotTurn.review_status, sa.func.count()).group_by(col(BotTurn.review_status))
    ).all()
    return {status: int(n) for status, n in rows}
