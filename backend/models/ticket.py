"""Tickets (conversations): who asked, through which inbox, their state and service-level marks."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7
from backend.models.enums import TicketPriority, TicketStatus


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "number"),
        sa.Index("ix_ticket_status_last_activity", "status", "last_activity_at"),
        sa.Index("ix_ticket_assignee_status", "assignee_id", "status"),
        sa.Index("ix_ticket_team_status", "team_id", "status"),
        sa.Index("ix_ticket_customer_created", "customer_id", "created_at"),
        sa.Index("ix_ticket_sla_due", "sla_due_at"),
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
