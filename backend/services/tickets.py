"""Writes about tickets: opening one, changing status through the transition table, assigning."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.events import TicketAssigned, TicketCreated, TicketStatusChanged
from backend.models import Agent, Customer, Message, Team, Ticket
from backend.models.base import utcnow, uuid7
from backend.models.enums import (
    ActorType,
    AuthorType,
    ChannelKind,
    DeliveryStatus,
    MessageDirection,
    TicketPriority,
    TicketStatus,
)
from backend.services.organisation import inbox_for_channel, next_ticket_number
from backend.sla import timers as sla_timers
from backend.ticket_status import AWAITING_US, check_transition
from backend.validation import optional_order_ref, require_body, require_subject


@dataclass(frozen=True)
class OpenedTicket:
    ticket: Ticket
    first_message: Message
    created: bool  # False when a retry with the same client ids found the ticket already there


def open_ticket(
    tx: Tx,
    *,
    customer_id: uuid.UUID,
    subject: str,
    body: str,
    channel: str = ChannelKind.web,
    category: str | None = None,
    order_ref: str | None = None,
    language: str | None = None,
    ticket_id: uuid.UUID | None = None,
    message_id: uuid.UUID | None = None,
) -> OpenedTicket:
    """A customer opens a ticket with its first message. Client-chosen ids make retries no-ops."""
    subject = require_subject(subject)
    body = require_body(body)
    order_ref = optional_order_ref(order_ref)
    if ticket_id is not None:
        existing = tx.session.get(Ticket, ticket_id)
        if existing is not None:
            if existing.customer_id != customer_id:
                raise NotFound("ticket_not_found")
            first = _first_message(tx, existing.id)
            return OpenedTicket(existing, first, created=False)
    customer = tx.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer_not_found")
    inbox = inbox_for_channel(tx.session, channel)
    now = utcnow()
    ticket = Ticket(
        id=ticket_id or uuid7(),
        organisation_id=customer.organisation_id,
        number=next_ticket_number(tx.session, customer.organisation_id),
        subject=subject,
        status=TicketStatus.new,
        priority=TicketPriority.normal,
        customer_id=customer.id,
        inbox_id=inbox.id,
        channel=inbox.channel,
        team_id=inbox.default_team_id,
        category=category,
        language=language,
        order_ref=order_ref,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
        waiting_since=now,
    )
    tx.session.add(ticket)
    tx.session.flush()
    message = Message(
        ticket_id=ticket.id,
        direction=MessageDirection.inbound,
        author_type=AuthorType.customer,
        body=body,
        channel=ticket.channel,
        delivery_status=DeliveryStatus.received,
        created_at=now,
    )
    if message_id is not None:
        message.id = message_id
        message.client_id = str(message_id)
    tx.session.add(message)
    tx.session.flush()
    sla_timers.ticket_opened(tx, ticket, now=now)
    tx.audit("ticket.created", "ticket", ticket.id, number=ticket.number, channel=ticket.channel)
    tx.emit(TicketCreated(ticket.id, customer.id, ticket.channel))
    return OpenedTicket(ticket, message, created=True)


def _first_message(tx: Tx, ticket_id: uuid.UUID) -> Message:
    message = tx.session.exec(
        select(Message).where(Message.ticket_id == ticket_id).order_by(col(Message.created_at))
    ).first()
    if message is None:
        raise NotFound("ticket_not_found")
    return message


def get_ticket_for_update(tx: Tx, ticket_id: uuid.UUID) -> Ticket:
    ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None:
        raise NotFound("ticket_not_found")
    return ticket


def apply_status(tx: Tx, ticket: Ticket, new_status: str, actor_type: ActorType) -> bool:
    """Move `ticket` to `new_status` if the transition table allows it; False if already there."""
    if ticket.status == new_status:
        return False
    check_transition(ticket.status, new_status, actor_type)
    old = ticket.status
    now = utcnow()
    ticket.status = new_status
    ticket.updated_at = now
    if new_status == TicketStatus.resolved:
        ticket.resolved_at = now
        ticket.waiting_since = None
    elif new_status == TicketStatus.closed:
        ticket.closed_at = now
        ticket.waiting_since = None
    elif new_status in AWAITING_US:
        if old in (TicketStatus.resolved,):
            ticket.resolved_at = None
    else:
        ticket.waiting_since = None
    tx.session.add(ticket)
    sla_timers.status_changed(tx, ticket, old, new_status, now=now)
    tx.audit("ticket.status_changed", "ticket", ticket.id, old=old, new=new_status)
    tx.emit(TicketStatusChanged(ticket.id, old, new_status))
    return True


def change_status(tx: Tx, *, ticket_id: uuid.UUID, status: str) -> Ticket:
    ticket = get_ticket_for_update(tx, ticket_id)
    if status not in TicketStatus.__members__:
        raise ValidationFailed("status_unknown", value=status)
    if apply_status(tx, ticket, status, tx.actor.type) and status in AWAITING_US:
        ticket.waiting_since = ticket.waiting_since or utcnow()
    return ticket


def change_priority(tx: Tx, *, ticket_id: uuid.UUID, priority: str) -> Ticket:
    if priority not in TicketPriority.__members__:
        raise ValidationFailed("priority_unknown", priority=priority)
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.priority != priority:
        old = ticket.priority
        ticket.priority = priority
        ticket.updated_at = utcnow()
        tx.session.add(ticket)
        sla_timers.ticket_changed(tx, ticket)
        tx.audit("ticket.priority_changed", "ticket", ticket.id, old=old, new=priority)
    return ticket


def assign_ticket(
    tx: Tx,
    *,
    ticket_id: uuid.UUID,
    assignee_id: uuid.UUID | None,
    team_id: uuid.UUID | None = None,
    reason: str | Mapping[str, Any] = "manual",
) -> Ticket:
    """Give the ticket to an agent (or to nobody) and/or a team; `reason` is stored on the audit
    event (routing passes a structured reason, see backend/routing/README.md)."""
    ticket = get_ticket_for_update(tx, ticket_id)
    if assignee_id is not None:
        agent = tx.session.get(Agent, assignee_id)
        if agent is None or not agent.is_active:
            raise NotFound("agent_not_found")
    if team_id is not None and tx.session.get(Team, team_id) is None:
        raise NotFound("not_found")
    old_assignee, old_team = ticket.assignee_id, ticket.team_id
    ticket.assignee_id = assignee_id
    if team_id is not None:
        ticket.team_id = team_id
    ticket.updated_at = utcnow()
    tx.session.add(ticket)
    if ticket.team_id != old_team:
        sla_timers.ticket_changed(tx, ticket, team_changed=True, previous_team_id=old_team)
    tx.audit(
        "ticket.assigned",
        "ticket",
        ticket.id,
        old_assignee=old_assignee,
        new_assignee=assignee_id,
        old_team=old_team,
        new_team=ticket.team_id,
        reason=reason,
    )
    reason_kind = reason if isinstance(reason, str) else ("routing" if reason.get("trigger") else "manual")
    tx.emit(TicketAssigned(ticket.id, assignee_id, ticket.team_id, reason_kind))
    return ticket


# What a customer may change on their own ticket; everything else belongs to agents.
CUSTOMER_EDITABLE_FIELDS = ("subject", "order_ref")


def customer_ticket_for_update(tx: Tx, *, customer_id: uuid.UUID, ticket_id: uuid.UUID) -> Ticket:
    """The customer's own ticket, locked; another customer's ticket is reported as not found."""
    ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None or ticket.customer_id != customer_id:
        raise NotFound("ticket_not_found")
    return ticket


def update_customer_fields(
    tx: Tx, *, customer_id: uuid.UUID, ticket_id: uuid.UUID, fields: dict[str, str | None]
) -> Ticket:
    """The customer corrects the subject or order reference; any other field is refused whole."""
    for name in fields:
        if name not in CUSTOMER_EDITABLE_FIELDS:
            raise ValidationFailed("agent_owned_field", field=str(name)[:60])
    if not fields:
        raise ValidationFailed("invalid_args", detail="fields is empty")
    cleaned: dict[str, str | None] = {}
    if "subject" in fields:
        cleaned["subject"] = require_subject(fields["subject"])
    if "order_ref" in fields:
        cleaned["order_ref"] = optional_order_ref(fields["order_ref"])
    ticket = customer_ticket_for_update(tx, customer_id=customer_id, ticket_id=ticket_id)
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    changed = {k: v for k, v in cleaned.items() if getattr(ticket, k) != v}
    if not changed:
        return ticket
    for name, value in changed.items():
        setattr(ticket, name, value)
    ticket.updated_at = utcnow()
    tx.session.add(ticket)
    tx.audit("ticket.customer_fields_updated", "ticket", ticket.id, **changed)
    return ticket


def reopen_ticket(tx: Tx, *, customer_id: uuid.UUID, ticket_id: uuid.UUID) -> Ticket:
    """The customer reopens a resolved ticket (resolved → open in the transition table)."""
    ticket = customer_ticket_for_update(tx, customer_id=customer_id, ticket_id=ticket_id)
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    if ticket.status != TicketStatus.resolved:
        raise ValidationFailed("ticket_not_resolved", ticket_status=str(ticket.status))
    now = utcnow()
    apply_status(tx, ticket, TicketStatus.open, ActorType.customer)
    ticket.waiting_since = now
    ticket.last_activity_at = now
    tx.session.add(ticket)
    return ticket
