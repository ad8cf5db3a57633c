"""Ticket operations after commit: consoles hear about agent-side changes and mentions; snoozed
tickets get a wake-up job at their time."""

from __future__ import annotations

from backend.events import AgentMentioned, TicketSnoozed, TicketUpdated, listens_to
from backend.queue import QueueName, enqueue
from backend.realtime import publish_console_event


@listens_to(TicketUpdated)
def announce_ticket_change(event: TicketUpdated) -> None:
    publish_console_event("ticket.updated", ticket_id=event.ticket_id, change=event.change)


@listens_to(AgentMentioned)
def announce_mention(event: AgentMentioned) -> None:
    publish_console_event(
        "agent.mentioned",
        agent_id=event.agent_id,
        notification_id=event.notification_id,
        ticket_id=event.ticket_id,
        message_id=event.message_id,
    )


@listens_to(TicketSnoozed)
def schedule_wake_up(event: TicketSnoozed) -> None:
    # One job per (ticket, time): snoozing again to another time schedules another job, and the
    # job for a time no longer current finds nothing to do.
    enqueue(
        "workers.jobs.snooze.wake_ticket",
        str(event.ticket_id),
        queue=QueueName.default,
        job_id=f"wake-{event.ticket_id}-{int(event.until.timestamp())}",
        at=event.until,
    )
