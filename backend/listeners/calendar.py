"""Business calendars: drop cached calendars after a change; tell a new ticket's customer when we reply."""

from __future__ import annotations

from backend.calendar.events import CalendarChanged
from backend.events import TicketCreated, listens_to
from backend.queue import QueueName, enqueue


@listens_to(CalendarChanged)
def drop_cached_calendars(event: CalendarChanged) -> None:
    from backend.calendar.store import invalidate_calendars

    invalidate_calendars()


@listens_to(TicketCreated)
def tell_customer_when_closed(event: TicketCreated) -> None:
    """A ticket created while its team's calendar is closed gets the closed-hours notice (the job
    re-checks and is idempotent per ticket). Nothing happens before calendars are configured."""
    from backend.calendar.business_time import is_open
    from backend.calendar.store import calendar_for_team, has_calendars
    from backend.db import read_session
    from backend.models import Ticket

    with read_session() as session:
        ticket = session.get(Ticket, event.ticket_id)
        if ticket is None or not has_calendars(session):
            return
        if is_open(calendar_for_team(session, ticket.team_id), ticket.created_at):
            return
    enqueue(
        "workers.jobs.calendar.send_closed_hours_notice",
        str(event.ticket_id),
        queue=QueueName.default,
        job_id=f"closed-notice-{event.ticket_id}",
    )
