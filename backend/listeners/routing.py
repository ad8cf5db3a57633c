"""Routing reacts to new, reopened and team-transferred tickets (a routing job per ticket) and to
freed capacity or an agent coming online (a drain of the waiting queue).

While no agent at all is present (online or away) a ticket goes straight to the waiting queue
instead of costing a job: the drain that runs when somebody comes online routes it."""

from __future__ import annotations

import uuid

from rq import Retry

from backend.config import get_settings
from backend.events import (
    AgentPresenceChanged,
    TicketAssigned,
    TicketAwaitingAgent,
    TicketCreated,
    TicketStatusChanged,
    TicketUpdated,
    listens_to,
)
from backend.models.base import utcnow
from backend.models.enums import TicketPriority
from backend.presence import Presence, anyone_present
from backend.queue import QueueName, enqueue
from backend.redis_store import get_redis
from backend.routing import waiting
from backend.ticket_status import DONE

DRAIN_PENDING_FLAG = "seba:{routing}:drain_pending"
ROUTE_JOB = "workers.jobs.routing.route_ticket"
DRAIN_JOB = "workers.jobs.routing.drain_waiting_tickets"


def route_soon(ticket_id: uuid.UUID, trigger: str) -> None:
    if not get_settings().routing_enabled:
        return
    if not anyone_present():
        waiting.add_waiting_if_absent([(ticket_id, TicketPriority.normal, utcnow())])
        return
    enqueue(
        ROUTE_JOB,
        str(ticket_id),
        trigger,
        queue=QueueName.high,
        job_id=f"route-{ticket_id}",
        retry=Retry(max=3, interval=[1, 5, 15]),
    )


def drain_soon() -> None:
    """One pending drain job is enough however many triggers arrive; the job clears the flag first."""
    if not get_settings().routing_enabled or waiting.waiting_count() == 0 or not anyone_present():
        return
    if get_redis().set(DRAIN_PENDING_FLAG, "1", nx=True, ex=60):
        enqueue(
            DRAIN_JOB, queue=QueueName.high, job_id="routing-drain", retry=Retry(max=3, interval=[1, 5, 15])
        )


@listens_to(TicketCreated)
def route_new_ticket(event: TicketCreated) -> None:
    route_soon(event.ticket_id, "ticket_created")


@listens_to(TicketStatusChanged)
def route_on_status(event: TicketStatusChanged) -> None:
    if event.new_status in DONE:
        drain_soon()  # the assignee has one ticket fewer
    elif event.old_status in DONE:
        route_soon(event.ticket_id, "reopened")  # routed only if it has no assignee


@listens_to(TicketAssigned)
def route_on_assignment(event: TicketAssigned) -> None:
    if event.assignee_id is None:
        route_soon(event.ticket_id, "team_transfer")
    else:
        waiting.remove_waiting([event.ticket_id])


@listens_to(TicketUpdated)
def route_on_new_intent(event: TicketUpdated) -> None:
    # The bot or an agent set the intent: an unassigned ticket may now belong to a specialist team.
    if event.change == "intent":
        route_soon(event.ticket_id, "intent_set")
    elif event.change == "priority":
        _rescore_waiting(event.ticket_id)


def _rescore_waiting(ticket_id: uuid.UUID) -> None:
    from backend.db import read_session
    from backend.models import Ticket

    with read_session() as session:
        ticket = session.get(Ticket, ticket_id)
    if ticket is not None:
        since = ticket.waiting_since or ticket.created_at
        waiting.rescore({ticket_id: waiting.waiting_score(ticket.priority, since)})


@listens_to(TicketAwaitingAgent)
def queue_waiting_ticket(event: TicketAwaitingAgent) -> None:
    waiting.add_waiting(event.ticket_id, event.priority, event.waiting_since)


@listens_to(AgentPresenceChanged)
def drain_on_presence(event: AgentPresenceChanged) -> None:
    if event.new_status == Presence.online:
        drain_soon()
