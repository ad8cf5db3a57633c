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
    """A ticket created while a calendar is closed may need the closed-hours notice. The ticket's
    team can still change (routing, rules run on the same event, on the high queue), so any closed
    calendar is enough to enqueue; the job, on the default queue, decides with the team the ticket
    has by then and is idempotent per ticket. Nothing happens before calendars are configured."""
    from backend.calendar.business_time import is_open
    from backend.calendar.store import all_calendars
    from backend.db import read_session
    from backend.models import Ticket

    with read_session() as session:
        ticket = session.get(Ticket, event.ticket_id)
        if ticket is None:
            return
        calendars = all_calendars(session)
        if all(is_open(calendar, ticket.created_at) for calendar in calendars):
            return  # also when there is no calendar at all
    enqueue(
        "workers.jobs.calendar.send_closed_hours_notice",
        str(event.ticket_id),
        queue=QueueName.default,
        job_id=f"closed-notice-{event.ticket_id}",
    )
