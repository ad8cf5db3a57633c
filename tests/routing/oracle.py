"""The routing rules written out a second time, plainly, for the property tests to check against."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AgentModel:
    key: int
    active: bool
    presence: str
    capacity: int
    load: int
    languages: list[str]
    skills: list[str] = field(default_factory=list)
    gender: str = "unspecified"
    team: str | None = None


@dataclass(frozen=True)
class TicketModel:
    language: str | None
    intent: str | None
    female: bool


def reads(agent: AgentModel, language: str | None) -> bool:
    if language is None:
        return True
    if language == "banglish":
        return "banglish" in agent.languages or "bn" in agent.languages
    return language in agent.languages


def hard_eligible(
    agents: list[AgentModel], ticket: TicketModel, team_for: dict[str, str]
) -> list[AgentModel]:
    pool_team = team_for.get(ticket.intent or "")
    return [
        a
        for a in agents
        if a.active
        and a.presence == "online"
        and a.load < a.capacity
        and reads(a, ticket.language)
        and (pool_team is None or a.team == pool_team)
    ]


def preferred(eligible: list[AgentModel], ticket: TicketModel) -> list[AgentModel]:
    """What is left after the preferences: female when requested, then skills."""
    if ticket.female and any(a.gender == "female" for a in eligible):
        eligible = [a for a in eligible if a.gender == "female"]
    if ticket.intent and any(ticket.intent in a.skills for a in eligible):
        eligible = [a for a in eligible if ticket.intent in a.skills]
    return eligible
