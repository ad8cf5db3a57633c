"""Which agents may take a ticket at all: its pool.

1. A ticket a person transferred to a team (its team is set and is not its inbox's default team)
   stays in that team.
2. Otherwise a team whose `handles` names the ticket's intent (else its category) takes it, and
   only its members are eligible: payment disputes (intent "payment_issue") go to the payments
   team. When several teams handle the topic, the ticket's current team wins if it is one of them,
   else the first by slug.
3. Otherwise the ticket's own team (its inbox's default team).
4. Otherwise every active agent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.models import Agent, Inbox, Team, TeamMembership, Ticket

ALL_AGENTS = "all"


@dataclass(frozen=True)
class Pool:
    key: str  # the team's slug, or "all"
    team_id: uuid.UUID | None
    rule: str  # "ticket_team", "team_handles:<topic>", "inbox_team" or "all_agents"


def topics_of(ticket: Ticket) -> tuple[str, ...]:
    """The ticket's intent and category (intent first), without blanks or repeats."""
    return tuple(
        dict.fromkeys(t.strip().lower() for t in (ticket.intent, ticket.category) if t and t.strip())
    )


def resolve_pool(session: Session, ticket: Ticket) -> Pool:
    topics = topics_of(ticket)
    inbox = session.get(Inbox, ticket.inbox_id)
    default_team_id = inbox.default_team_id if inbox is not None else None
    if ticket.team_id is not None and ticket.team_id != default_team_id:
        team = session.get(Team, ticket.team_id)
        if team is not None:
            handled = next((t for t in topics if t in (team.handles or [])), None)
            return Pool(team.slug, team.id, f"team_handles:{handled}" if handled else "ticket_team")
    if topics:
        teams = session.exec(select(Team).order_by(col(Team.slug))).all()
        for topic in topics:
            handling = [t for t in teams if topic in (t.handles or [])]
            if handling:
                team = next((t for t in handling if t.id == ticket.team_id), handling[0])
                return Pool(team.slug, team.id, f"team_handles:{topic}")
    if ticket.team_id is not None:
        team = session.get(Team, ticket.team_id)
        if team is not None:
            return Pool(team.slug, team.id, "inbox_team")
    return Pool(ALL_AGENTS, None, "all_agents")


def pool_members(session: Session, pool: Pool) -> list[Agent]:
    """The active agents of the pool."""
    query = select(Agent).where(col(Agent.is_active).is_(True))
    if pool.team_id is not None:
        query = query.join(TeamMembership, col(TeamMembership.agent_id) == col(Agent.id)).where(
            TeamMembership.team_id == pool.team_id
        )
    return list(session.exec(query.order_by(col(Agent.id))).all())
