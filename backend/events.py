"""Domain events and their dispatch to listeners, always after the writing transaction commits."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TicketCreated:
    ticket_id: uuid.UUID
    customer_id: uuid.UUID
    channel: str


@dataclass(frozen=True)
class MessageCreated:
    message_id: uuid.UUID
    ticket_id: uuid.UUID
    direction: str
    author_type: str


@dataclass(frozen=True)
class TicketStatusChanged:
    ticket_id: uuid.UUID
    old_status: str
    new_status: str


@dataclass(frozen=True)
class TicketAssigned:
    ticket_id: uuid.UUID
    assignee_id: uuid.UUID | None
    team_id: uuid.UUID | None
    reason: str = "manual"  # routing | manual | a service's own word (the agent's push says which)


@dataclass(frozen=True)
class NotificationQueued:
    notification_id: uuid.UUID
    channel: str
    purpose: str


@dataclass(frozen=True)
class CustomerFeedAdvanced:
    """New customer-visible changes were committed: the customer's online devices should pull."""

    customer_id: uuid.UUID
    last_server_seq: int


@dataclass(frozen=True)
class MessageDelivered:
    """A reply reached one of the customer's devices (first time for that device)."""

    message_id: uuid.UUID
    ticket_id: uuid.UUID
    customer_id: uuid.UUID
    device_id: str
    first_for_customer: bool


@dataclass(frozen=True)
class TicketUpdated:
    """An agent-side change (merge, transfer, snooze, tags, intent, priority) open consoles should show."""

    ticket_id: uuid.UUID
    change: str  # merged | merged_into | transferred | snoozed | woken | tags | intent | priority


@dataclass(frozen=True)
class TicketSnoozed:
    """A ticket was snoozed: a job wakes it at `until` (the periodic sweep is the backstop)."""

    ticket_id: uuid.UUID
    until: datetime


@dataclass(frozen=True)
class AgentMentioned:
    """An agent was @mentioned in an internal note; their console shows the notification."""

    agent_id: uuid.UUID
    notification_id: uuid.UUID
    ticket_id: uuid.UUID
    message_id: uuid.UUID


@dataclass(frozen=True)
class AgentPresenceChanged:
    """An agent went online, away or offline (heartbeats in Redis, `backend.presence`)."""

    agent_id: uuid.UUID
    old_status: str
    new_status: str


@dataclass(frozen=True)
class TicketAwaitingAgent:
    """Routing found no eligible agent: the ticket waits in the routing queue (`backend.routing`)."""

    ticket_id: uuid.UUID
    priority: str
    waiting_since: datetime


# SLA engine (backend/sla/) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaClockSet:
    """A running SLA clock got a new due (and warning) time: jobs are scheduled at both."""

    ticket_id: uuid.UUID
    metric: str  # first_response | next_response | resolution
    due_at: datetime
    warn_at: datetime | None


@dataclass(frozen=True)
class SlaWarning:
    """An SLA clock reached its warning threshold (once per clock and due time)."""

    ticket_id: uuid.UUID
    metric: str
    due_at: datetime
    assignee_id: uuid.UUID | None = None  # who gets the web push (saves listeners a read)


@dataclass(frozen=True)
class SlaBreached:
    """An SLA clock passed its due time without being met (once per clock and due time)."""

    ticket_id: uuid.UUID
    metric: str
    due_at: datetime


@dataclass(frozen=True)
class SlaSupervisorsNotified:
    """A breach escalated to the supervisors of the ticket's team (their consoles and web pushes)."""

    ticket_id: uuid.UUID
    metric: str
    agent_ids: tuple[uuid.UUID, ...]
    ref: str  # unique per breach: the push is sent once per supervisor console


# Automation rules (issue 6, automation part) -----------------------------------------------------


@dataclass(frozen=True)
class TicketEscalated:
    """A rule escalated a ticket: its priority went up and these supervisors were notified."""

    ticket_id: uuid.UUID
    supervisor_ids: tuple[uuid.UUID, ...]
    rule_name: str


Listener = Callable[[Any], None]
_listeners: dict[type, list[Listener]] = defaultdict(list)
_loaded = False


def listens_to(*event_types: type) -> Callable[[Listener], Listener]:
    def register(func: Listener) -> Listener:
        for event_type in event_types:
            _listeners[event_type].append(func)
        return func

    return register


def _load_listeners() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        import backend.listeners  # noqa: F401  (registers the listeners)


def dispatch(events: Iterable[Any]) -> None:
    """Call every listener of every event; a failing listener is logged and never undoes the write."""
    _load_listeners()
    for domain_event in events:
        for listener in _listeners.get(type(domain_event), []):
            try:
                listener(domain_event)
            except Exception:
                log.exception(
                    "listener failed",
                    extra={"listener": listener.__qualname__, "event": type(domain_event).__name__},
                )
