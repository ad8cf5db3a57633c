"""Agent reads: the admin's list of agents with their teams."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from backend.models import Agent, Team, TeamMembership
from backend.queries.views import AgentView


def list_agents(session: Session) -> list[AgentView]:
    teams: dict[object, list[str]] = defaultdict(list)
    for membership, team in session.exec(
        select(TeamMembership, Team).join(Team, col(Team.id) == col(TeamMembership.team_id))
    ):
        teams[membership.agent_id].append(team.name)
    agents = session.exec(select(Agent).order_by(col(Agent.role), col(Agent.name))).all()
    return [
        AgentView(
            id=str(a.id),
            email=a.email,
            name=a.name,
            role=a.role,
            teams=sorted(teams.get(a.id, [])),
            skills=list(a.skills or []),
            languages=list(a.languages or []),
            capacity=a.capacity,
            gender=a.gender,
            is_active=a.is_active,
            last_login_at=a.last_login_at,
        )
        for a in agents
    ]
