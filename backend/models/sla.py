"""Service-level policies (targets per metric, conditions, escalation) and one timer per ticket per metric."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7

# The sweep finds due timers through these partial indexes only (bench/sla_sweep.py).
RUNNING_UNBREACHED = "state = 'running' AND breached_at IS NULL"
RUNNING_UNWARNED = "state = 'running' AND warned_at IS NULL AND warn_at IS NOT NULL"


class SlaPolicy(SQLModel, table=True):
    """Targets for first response, next response and resolution, for the tickets it matches.

    An empty condition list matches everything; the more lists are set the more specific the policy.
    For each metric the most specific active matching policy that sets that metric's target wins
    (ties: lower `position`); the default policy (no conditions, every target set) always matches.
    """

    __tablename__ = "sla_policy"
    __table_args__ = (
        sa.Index(
            "uq_sla_policy_default",
            "is_default",
            unique=True,
            postgresql_where=sa.text("is_default"),
            sqlite_where=sa.text("is_default"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    name: str = Field(max_length=120)
    name_bn: str = Field(default="", max_length=120)
    # The shipped preset this row was seeded from (seeding is idempotent by this key); None for admins' own.
    preset: str | None = Field(default=None, max_length=40, unique=True)
    is_default: bool = Field(default=False)
    active: bool = Field(default=True)
    position: int = Field(default=100)
    priorities: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    channels: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    # Intent labels or categories (a ticket matches by its intent or its category).
    topics: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    tiers: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    first_response_minutes: int | None = Field(default=None)
    next_response_minutes: int | None = Field(default=None)
    resolution_minutes: int | None = Field(default=None)
    # business: minutes of the team's business calendar; calendar: wall-clock minutes (legal limits).
    clock: str = Field(default="business", sa_type=sa.String(10))
    warn_percent: int | None = Field(default=80)
    warn_minutes_before: int | None = Field(default=None)
    # Allow-listed actions on a breach: notify_supervisors, raise_priority, reassign.
    breach_actions: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class SlaTimer(SQLModel, table=True):
    """One service-level clock of one ticket: first_response, next_response or resolution.

    `consumed_minutes` counts the clock's minutes used up to `running_since` (while running) or
    `paused_at` (while paused); the due time is `running_since` plus what is left of the target.
    """

    __tablename__ = "sla_timer"
    __table_args__ = (
        sa.UniqueConstraint("ticket_id", "metric"),
        sa.Index(
            "ix_sla_timer_due",
            "due_at",
            postgresql_where=sa.text(RUNNING_UNBREACHED),
            sqlite_where=sa.text(RUNNING_UNBREACHED),
        ),
        sa.Index(
            "ix_sla_timer_warn",
            "warn_at",
            postgresql_where=sa.text(RUNNING_UNWARNED),
            sqlite_where=sa.text(RUNNING_UNWARNED),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    metric: str = Field(sa_type=sa.String(16))
    state: str = Field(default="running", sa_type=sa.String(10))  # running | paused | met | stopped
    policy_id: uuid.UUID | None = Field(default=None, foreign_key="sla_policy.id")
    clock: str = Field(default="business", sa_type=sa.String(10))
    target_minutes: int
    consumed_minutes: float = Field(default=0.0)
    cycle: int = Field(default=1)
    started_at: datetime = Field(sa_column=ts_column(nullable=False))
    running_since: datetime | None = Field(default=None, sa_column=ts_column())
    due_at: datetime | None = Field(default=None, sa_column=ts_column())
    warn_at: datetime | None = Field(default=None, sa_column=ts_column())
    paused_at: datetime | None = Field(default=None, sa_column=ts_column())
    warned_at: datetime | None = Field(default=None, sa_column=ts_column())
    breached_at: datetime | None = Field(default=None, sa_column=ts_column())
    met_at: datetime | None = Field(default=None, sa_column=ts_column())
    stopped_at: datetime | None = Field(default=None, sa_column=ts_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
