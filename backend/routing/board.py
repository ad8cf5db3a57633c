"""The supervisors' view of agents: presence, load and capacity, teams, languages and skills.

Three SQL queries (agents, memberships, loads grouped by assignee) and one Redis round trip,
however many agents there are; the Reflex UI calls `agent_board` directly, the API serves it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlmodel import Session, col, select

from backend.models import Agent, Team, TeamMembership
from backend.presence import Presence, presence_details
from backend.routing.load import all_loads

_ORDER = {Presence.online: 0, Presence.away: 1, Presence.offline: 2}


class BoardTeam(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    name_bn: str


class AgentBoardRow(BaseModel):
    id: uuid.UUID
    name: str
    email: str
    role: str
    gender: str
    presence: str  # online | away | offline
    offline_since: datetime | None  # set when offline and the agent ever sent a heartbeat
    load: int
    capacity: int
    free: int  # capacity - load, never below 0
    over_capacity: bool
    teams: list[BoardTeam]
    languages: list[str]
    skills: list[str]


def agent_board(session: Session, *, include_inactive: bool = False) -> list[AgentBoardRow]:
    """Every (active) agent, online first, then away, then offline; by name within each."""
    query = select(Agent)
    if not include_inactive:
        query = query.where(col(Agent.is_active).is_(True))
    agents = list(session.exec(query).all())
    if not agents:
        return []
    teams_of: dict[uuid.UUID, list[BoardTeam]] = defaultdict(list)
    memberships = session.exec(
        select(TeamMembership.agent_id, Team)
        .join(Team, col(Team.id) == col(TeamMembership.team_id))
        .order_by(col(Team.slug))
    ).all()
    for agent_id, team in memberships:
        teams_of[agent_id].append(BoardTeam(id=team.id, slug=team.slug, name=team.name, name_bn=team.name_bn))
    loads = all_loads(session)
    details = presence_details([a.id for a in agents])
    rows = []
    for agent in agents:
        detail = details[agent.id]
        load = loads.get(agent.id, 0)
        offline_since = None
        if detail.status is Presence.offline and detail.offline_at is not None:
            offline_since = datetime.fromtimestamp(detail.offline_at, tz=UTC)
        rows.append(
            AgentBoardRow(
                id=agent.id,
                name=agent.name,
                email=agent.email,
                role=agent.role,
                gender=agent.gender,
                presence=str(detail.status),
                offline_since=offline_since,
                load=load,
                capacity=agent.capacity,
                free=max(agent.capacity - load, 0),
                over_capacity=load > agent.capacity,
                teams=teams_of.get(agent.id, []),
                languages=list(agent.languages or []),
                skills=list(agent.skills or []),
            )
        )
    rows.sort(key=lambda r: (_ORDER[Presence(r.presence)], r.name.lower(), str(r.id)))
    return rows
