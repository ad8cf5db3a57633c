"""Open agent consoles hear about new tickets, messages and changes the moment they commit.

Unlike other listeners this one publishes directly (a Redis PUBLISH, microseconds) instead of
enqueueing a job: the time from a customer's message to an agent's screen is the point."""

from __future__ import annotations

from backend.events import (
    MessageCreated,
    TicketAssigned,
    TicketCreated,
    TicketStatusChanged,
    listens_to,
)
from backend.realtime import publish_console_event


@listens_to(TicketCreated)
def announce_ticket(event: TicketCreated) -> None:
    publish_console_event("ticket.created", ticket_id=event.ticket_id, channel=event.channel)


@listens_to(MessageCreated)
def announce_message(event: MessageCreated) -> None:
    publish_console_event(
        "message.created",
        ticket_id=event.ticket_id,
        message_id=event.message_id,
        direction=event.direction,
        author_type=event.author_type,
    )


@listens_to(TicketStatusChanged)
def announce_status(event: TicketStatusChanged) -> None:
    publish_console_event("ticket.updated", ticket_id=event.ticket_id, status=event.new_status)


@listens_to(TicketAssigned)
def announce_assignment(event: TicketAssigned) -> None:
    publish_console_event(
        "ticket.updated", ticket_id=event.ticket_id, assignee_id=event.assignee_id, team_id=event.team_id
    )
