"""Satisfaction (CSAT) per agent and per team: answers, average score, share satisfied (4 or 5)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func

from backend.models import Agent, CsatResponse, Team, Ticket

SATISFIED_FROM = 4


@dataclass(frozen=True)
class CsatFigures:
    id: uuid.UUID
    name: str
    name_bn: str
    answers: int
    average: float  # 1.0-5.0, two decimals
    satisfied_pct: float  # share of answers scoring 4 or 5, one decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "name_bn": self.name_bn,
            "answers": self.answers,
            "average": self.average,
            "satisfied_pct": self.satisfied_pct,
        }


def _figures(
    session: Session, key: Any, name: Any, name_bn: Any, target: Any, on: Any, since: datetime | None
) -> list[CsatFigures]:
    satisfied = func.sum(sa.case((col(CsatResponse.score) >= SATISFIED_FROM, 1), else_=0))
    query = (
        sa.select(
            key, name, name_bn, func.count(col(CsatResponse.id)), func.avg(col(CsatResponse.score)), satisfied
        )
        .select_from(CsatResponse)
        .join(Ticket, col(Ticket.id) == col(CsatResponse.ticket_id))
        .join(target, on)
        .group_by(key, name, name_bn)
    )
    if since is not None:
        query = query.where(col(CsatResponse.created_at) >= since)
    out = [
        CsatFigures(
            id=key_id,
            name=label,
            name_bn=label_bn or label,
            answers=int(answers),
            average=round(float(average), 2),
            satisfied_pct=round(100.0 * int(happy) / int(answers), 1),
        )
        for key_id, label, label_bn, answers, average, happy in session.execute(query).all()
    ]
    return sorted(out, key=lambda f: (-f.answers, f.name))


def csat_by_agent(session: Session, *, since: datetime | None = None) -> list[CsatFigures]:
    """Answers on tickets each agent was assigned when rated (unassigned tickets count for no one)."""
    on = col(Agent.id) == col(Ticket.assignee_id)
    return _figures(session, col(Agent.id), col(Agent.name), col(Agent.name), Agent, on, since)


def csat_by_team(session: Session, *, since: datetime | None = None) -> list[CsatFigures]:
    on = col(Team.id) == col(Ticket.team_id)
    return _figures(session, col(Team.id), col(Team.name), col(Team.name_bn), Team, on, since)
