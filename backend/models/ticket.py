"""Tickets (conversations): who asked, through which inbox, their state and service-level marks."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7
from backend.models.enums import TicketPriority, TicketStatus

# Tickets an agent still has to work on. The inbox queries repeat this predicate literally so that
# PostgreSQL (and SQLite) can prove the partial indexes below apply.
ACTIVE_STATUSES = ("new", "open", "pending", "on_hold")
ACTIVE_TICKET_PREDICATE = "status IN ('new', 'open', 'pending', 'on_hold') AND merged_into_id IS NULL"
_INBOX_FILTER_COLUMNS = (
    "status",
    "priority",
    "channel",
    "assignee_id",
    "team_id",
    "language",
    "intent",
    "snoozed_until",
    "sla_due_at",
)


def _active_ticket_indexes() -> list[sa.Index]:
    """One partial index per inbox view (all, assignee, team) and sort (SLA due, last activity).

    Each ends in `id` (the keyset tie-breaker) and, on PostgreSQL, includes every filterable column
    so that a page's ids come from an index-only scan however the filters combine.
    """
    indexes = []
    for view_column in (None, "assignee_id", "team_id"):
        for name, sort_column in (("sla", "sla_due_at"), ("activity", "last_activity_at")):
            key = [c for c in (view_column, sort_column, "id") if c]
            prefix = {None: "", "assignee_id": "assignee_", "team_id": "team_"}[view_column]
            indexes.append(
                sa.Index(
                    f"ix_ticket_active_{prefix}{name}",
                    *key,
                    postgresql_where=sa.text(ACTIVE_TICKET_PREDICATE),
                    sqlite_where=sa.text(ACTIVE_TICKET_PREDICATE),
                    postgresql_include=[c for c in _INBOX_FILTER_COLUMNS if c not in key],
                )
            )
    return indexes


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "number"),
        sa.Index("ix_ticket_assignee_status", "assignee_id", "status"),
        sa.Index("ix_ticket_team_status", "team_id", "status"),
        sa.Index("ix_ticket_customer_created", "customer_id", "created_at"),
        sa.Index("ix_ticket_sla_due", "sla_due_at"),
        # The agent inbox (migration 0004, backend/queries/inbox.py).
        *_active_ticket_indexes(),
        sa.Index("ix_ticket_status_activity", "status", "last_activity_at", "id"),
        sa.Index("ix_ticket_status_sla", "status", "sla_due_at", "id"),
        sa.Index(
            "ix_ticket_snoozed",
            "snoozed_until",
            postgresql_where=sa.text("snoozed_until IS NOT NULL"),
            sqlite_where=sa.text("snoozed_until IS NOT NULL"),
        ),
        sa.Index("ix_ticket_number", "number"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id")
    number: int
    subject: str = Field(max_length=300)
    status: str = Field(default=TicketStatus.new, sa_type=sa.String(12))
    priority: str = Field(default=TicketPriority.normal, sa_type=sa.String(8))
    customer_id: uuid.UUID = Field(foreign_key="customer.id")
    inbox_id: uuid.UUID = Field(foreign_key="inbox.id", index=True)
    channel: str = Field(sa_type=sa.String(20))
    assignee_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    category: str | None = Field(default=None, max_length=60)
    language: str | None = Field(default=None, max_length=10)
    # What the customer wants (the bot's intent labels, INTENTS.md), set by the bot or an agent.
    intent: str | None = Field(default=None, max_length=40)
    # How the customer sounds (positive | neutral | negative), set by the bot part from the latest
    # customer message; automation rules can test it (migration 0008).
    sentiment: str | None = Field(default=None, max_length=10)
    order_ref: str | None = Field(default=None, max_length=60, index=True)
    tags: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    last_activity_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    # Set while the ball is in our court: since when the customer has been waiting for us.
    waiting_since: datetime | None = Field(default=None, sa_column=ts_column())
    first_response_at: datetime | None = Field(default=None, sa_column=ts_column())
    resolved_at: datetime | None = Field(default=None, sa_column=ts_column())
    closed_at: datetime | None = Field(default=None, sa_column=ts_column())
    # The nearest service-level deadline still running (first response, next response, resolution).
    sla_due_at: datetime | None = Field(default=None, sa_column=ts_column())
    snoozed_until: datetime | None = Field(default=None, sa_column=ts_column())
    merged_into_id: uuid.UUID | None = Field(default=None, foreign_key="ticket.id")
    # The customer asked for a female agent (honoured by routing when one is online).
    agent_gender_requested: str | None = Field(default=None, max_length=12)


class TicketTag(SQLModel, table=True):
    """A tag on a ticket, one row each, so that filtering by tag uses an index."""

    __tablename__ = "ticket_tag"
    __table_args__ = (sa.Index("ix_ticket_tag_tag", "tag", "ticket_id"),)

    ticket_id: uuid.UUID = Field(foreign_key="ticket.id", primary_key=True)
    tag: str = Field(max_length=40, primary_key=True)
