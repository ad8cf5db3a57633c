"""Ticket counters per status are recomputed off the request path after ticket changes."""

from __future__ import annotations

from typing import Any

from backend.events import TicketAssigned, TicketCreated, TicketStatusChanged, listens_to
from backend.queue import QueueName, enqueue
from backend.redis_store import get_redis

PENDING_FLAG = "seba:pending:refresh-ticket-counters"


@listens_to(TicketCreated, TicketStatusChanged, TicketAssigned)
def refresh_ticket_counters(_event: Any) -> None:
    # One pending job is enough however many changes arrive; the job clears the flag when it starts.
    if get_redis().set(PENDING_FLAG, "1", nx=True, ex=300):
        enqueue("workers.jobs.counters.refresh_ticket_counters", queue=QueueName.low)
