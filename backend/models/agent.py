"""Agents (with role, skills, languages and capacity) and the teams they belong to."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7
from backend.models.enums import Gender, Locale, Role


class Agent(SQLModel, table=True):
    __tablename__ = "agent"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    email: str = Field(max_length=320, unique=True)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(default=Role.agent, sa_type=sa.String(12))
    skills: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    languages: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    capacity: int = Field(default=5, ge=0)
    gender: str = Field(default=Gender.unspecified, sa_type=sa.String(12))
    locale: str = Field(default=Locale.bn, sa_type=sa.String(5))
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    last_login_at: datetime | None = Field(default=None, sa_column=ts_column())


class Team(SQLModel, table=True):
    __tablename__ = "team"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    slug: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    name_bn: str = Field(default="", max_length=200)
    # Categories or intents this team handles, e.g. ["payment_issue"] for the payments team.
    handles: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class TeamMembership(SQLModel, table=True):
    __tablename__ = "team_membership"

    team_id: uuid.UUID = Field(foreign_key="team.id", primary_key=True)
    agent_id: uuid.UUID = Field(foreign_key="agent.id", primary_key=True, index=True)
