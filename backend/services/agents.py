"""Writes about agents and teams: creating, updating, deactivating, team membership."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import select

from backend.auth.passwords import check_password_strength, hash_password
from backend.db import Tx
from backend.errors import Conflict, NotFound, ValidationFailed
from backend.models import Agent, Team, TeamMembership
from backend.models.enums import Gender, Locale, Role
from backend.services.organisation import organisation_id
from backend.validation import normalise_email, require_name

CAPACITY_MAX = 50


def _clean_list(values: Iterable[str] | None) -> list[str]:
    return sorted({v.strip().lower() for v in values or [] if v and v.strip()})


def create_agent(
    tx: Tx,
    *,
    email: str,
    name: str,
    password: str,
    role: str = Role.agent,
    skills: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    capacity: int = 5,
    gender: str = Gender.unspecified,
    locale: str = Locale.bn,
    team_ids: Iterable[uuid.UUID] = (),
) -> Agent:
    email = normalise_email(email)
    name = require_name(name)
    if role not in Role.__members__:
        raise ValidationFailed("role_unknown", role=role)
    if not 0 <= capacity <= CAPACITY_MAX:
        raise ValidationFailed("capacity_invalid", max=CAPACITY_MAX)
    if gender not in Gender.__members__:
        raise ValidationFailed("invalid_request", detail=f"gender {gender!r}")
    check_password_strength(password)
    if tx.session.exec(select(Agent.id).where(Agent.email == email)).first() is not None:
        raise Conflict("email_taken")
    agent = Agent(
        organisation_id=organisation_id(tx.session),
        email=email,
        name=name,
        password_hash=hash_password(password),
        role=role,
        skills=_clean_list(skills),
        languages=_clean_list(languages) or ["bn", "en"],
        capacity=capacity,
        gender=gender,
        locale=locale if locale in Locale.__members__ else Locale.bn,
    )
    tx.session.add(agent)
    tx.session.flush()
    for team_id in team_ids:
        _add_membership(tx, team_id=team_id, agent_id=agent.id)
    tx.audit("agent.created", "agent", agent.id, role=role, email=email)
    return agent


def _add_membership(tx: Tx, *, team_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    if tx.session.get(Team, team_id) is None:
        raise NotFound("not_found")
    if tx.session.get(TeamMembership, (team_id, agent_id)) is None:
        tx.session.add(TeamMembership(team_id=team_id, agent_id=agent_id))


def add_to_team(tx: Tx, *, team_id: uuid.UUID, agent_id: uuid.UUID) -> None:
    if tx.session.get(Agent, agent_id) is None:
        raise NotFound("agent_not_found")
    _add_membership(tx, team_id=team_id, agent_id=agent_id)
    tx.session.flush()
    tx.audit("team.member_added", "team", team_id, agent_id=agent_id)


def set_agent_active(tx: Tx, *, agent_id: uuid.UUID, active: bool) -> Agent:
    agent = tx.session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("agent_not_found")
    agent.is_active = active
    tx.session.add(agent)
    tx.audit("agent.activated" if active else "agent.deactivated", "agent", agent.id)
    return agent


def set_agent_password(tx: Tx, *, agent_id: uuid.UUID, password: str) -> None:
    check_password_strength(password)
    agent = tx.session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("agent_not_found")
    agent.password_hash = hash_password(password)
    tx.session.add(agent)
    tx.audit("agent.password_changed", "agent", agent.id)


def create_team(
    tx: Tx, *, slug: str, name: str, name_bn: str = "", handles: Iterable[str] | None = None
) -> Team:
    slug = slug.strip().lower()
    if not slug.replace("-", "").isalnum():
        raise ValidationFailed("invalid_request", detail=f"team slug {slug!r}")
    if tx.session.exec(select(Team.id).where(Team.slug == slug)).first() is not None:
        raise Conflict("invalid_request", detail=f"team {slug!r} exists")
    team = Team(
        organisation_id=organisation_id(tx.session),
        slug=slug,
        name=require_name(name),
        name_bn=name_bn.strip(),
        handles=_clean_list(handles),
    )
    tx.session.add(team)
    tx.session.flush()
    tx.audit("team.created", "team", team.id, slug=slug)
    return team
