"""SLA tests: the shipped presets seeded, tickets opened through the real services, fixed instants."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from backend.db import Actor, transaction
from backend.sla.presets import ensure_sla_presets

DHAKA = ZoneInfo("Asia/Dhaka")


def dhaka(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Dhaka wall-clock instant (timezone-aware)."""
    return datetime(year, month, day, hour, minute, tzinfo=DHAKA)


@pytest.fixture(autouse=True)
def sla_presets() -> None:
    with transaction(Actor.system()) as tx:
        ensure_sla_presets(tx)


def restart_clocks_at(ticket_id, at: datetime) -> None:  # type: ignore[no-untyped-def]
    """Start the ticket's first-response and resolution clocks again as if it was opened at `at`."""
    from backend.models import Ticket
    from backend.sla import Metric
    from backend.sla.timers import TicketClocks

    with transaction(Actor.system()) as tx:
        ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
        assert ticket is not None
        clocks = TicketClocks(tx, ticket)
        clocks.start(Metric.first_response, at)
        clocks.start(Metric.resolution, at)
        clocks.save()


def timers(ticket_id) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """{metric: SlaTimer} of the ticket, freshly read."""
    from sqlmodel import select

    from backend.db import read_session
    from backend.models import SlaTimer

    with read_session() as session:
        rows = session.exec(select(SlaTimer).where(SlaTimer.ticket_id == ticket_id)).all()
    return {row.metric: row for row in rows}


def ticket_row(ticket_id):  # type: ignore[no-untyped-def]
    from backend.db import read_session
    from backend.models import Ticket

    with read_session() as session:
        return session.get(Ticket, ticket_id)
