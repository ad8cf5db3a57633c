"""Plain read models (what a page or API shows), independent of tables and of Reflex."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class TicketSummary(BaseModel):
    id: str
    number: int
    subject: str
    status: str
    priority: str
    channel: str
    customer_name: str
    customer_phone: str | None
    assignee_name: str | None
    team_name: str | None
    language: str | None
    last_activity_at: datetime
    created_at: datetime
    waiting_since: datetime | None


class MessageView(BaseModel):
    id: str
    direction: str
    author_type: str
    author_name: str
    body: str
    channel: str
    delivery_status: str
    created_at: datetime
    client_id: str | None = None


class CustomerView(BaseModel):
    id: str
    name: str
    phone: str | None
    email: str | None
    locale: str
    sms_script: str
    tier: str


class TicketDetail(BaseModel):
    ticket: TicketSummary
    customer: CustomerView
    messages: list[MessageView]
    order_ref: str | None
    category: str | None
    tags: list[str]


class AgentView(BaseModel):
    id: str
    email: str
    name: str
    role: str
    teams: list[str]
    skills: list[str]
    languages: list[str]
    capacity: int
    gender: str
    is_active: bool
    last_login_at: datetime | None


class InboxTicket(TicketSummary):
    """A row of the agent inbox (backend/queries/inbox.py)."""

    assignee_id: str | None
    team_id: str | None
    intent: str | None
    tags: list[str]
    sla_due_at: datetime | None
    snoozed_until: datetime | None
    # The first characters of the latest inbound or outbound message (notes are not shown).
    preview: str


class InboxCounts(BaseModel):
    """Active, not snoozed tickets in each view (the badges next to the view names)."""

    all: int
    mine: int
    unassigned: int
    my_teams: int


class InboxPage(BaseModel):
    tickets: list[InboxTicket]
    # Pass back as `cursor` for the next page; None on the last page.
    next_cursor: str | None
    counts: InboxCounts | None
