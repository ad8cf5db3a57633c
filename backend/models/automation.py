"""Automation rules (trigger, allow-listed conditions and actions as data), what they did, the
close-after-silence schedule they set, and satisfaction surveys sent after resolution."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class AutomationRule(SQLModel, table=True):
    """One rule: when `trigger` happens and the conditions hold, run the actions in order.

    `conditions` and `actions` are JSON validated against the allow-lists in
    `backend.automation.schema` before they are stored; rules run in `position` order."""

    __tablename__ = "automation_rule"
    __table_args__ = (sa.Index("ix_automation_rule_trigger_active", "trigger", "active", "position"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    active: bool = Field(default=True)
    position: int = Field(default=0)
    trigger: str = Field(sa_type=sa.String(20))
    # customer_silent only: hours since the customer's last message.
    silent_hours: int | None = Field(default=None)
    match: str = Field(default="all", sa_type=sa.String(3))  # all | any
    conditions: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(default=list))
    actions: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(default=list))
    stop_processing: bool = Field(default=False)
    created_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class AutomationExecution(SQLModel, table=True):
    """A rule ran its actions on a ticket for one originating event: (rule, event key) is unique,
    so a retried job never runs a rule twice; `action_count` feeds the per-ticket hourly cap."""

    __tablename__ = "automation_execution"
    __table_args__ = (
        sa.UniqueConstraint("rule_id", "event_key"),
        sa.Index("ix_automation_execution_ticket_created", "ticket_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    # No foreign key: the record outlives a deleted rule (the audit trail names it too).
    rule_id: uuid.UUID
    rule_name: str = Field(max_length=120)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    trigger: str = Field(sa_type=sa.String(20))
    event_key: str = Field(max_length=120)
    depth: int = Field(default=0)
    action_count: int = Field(default=0)
    results: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column(default=list))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class TicketCloseSchedule(SQLModel, table=True):
    """A close-after-silence notice went out; the sweep closes the ticket at `close_at` unless the
    customer wrote after `noticed_at` (then the schedule is cancelled)."""

    __tablename__ = "ticket_close_schedule"
    __table_args__ = (
        sa.UniqueConstraint("ticket_id", "notice_message_id"),
        sa.Index("ix_ticket_close_schedule_status_close_at", "status", "close_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    rule_id: uuid.UUID
    rule_name: str = Field(max_length=120)
    notice_message_id: uuid.UUID = Field(foreign_key="message.id")
    noticed_at: datetime = Field(sa_column=ts_column(nullable=False))
    close_at: datetime = Field(sa_column=ts_column(nullable=False))
    status: str = Field(default="scheduled", sa_type=sa.String(10))  # scheduled | closed | cancelled
    finished_at: datetime | None = Field(default=None, sa_column=ts_column())


class CsatSurvey(SQLModel, table=True):
    """The satisfaction survey of one ticket, sent once after resolution through its channel."""

    __tablename__ = "csat_survey"
    __table_args__ = (sa.Index("ix_csat_survey_customer_sent", "customer_id", "sent_at"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id", unique=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id")
    channel: str = Field(sa_type=sa.String(10))  # in_app | sms | email | none
    status: str = Field(default="sent", sa_type=sa.String(10))  # sent | suppressed | answered
    reason: str | None = Field(default=None, max_length=200)  # why suppressed
    message_id: uuid.UUID | None = Field(default=None, foreign_key="message.id")
    notification_id: uuid.UUID | None = Field(default=None, foreign_key="notification.id")
    sent_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    expires_at: datetime = Field(sa_column=ts_column(nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=ts_column())
