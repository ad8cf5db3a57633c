"""What rules test: a ticket's facts (loaded once per evaluation) and the allow-listed conditions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlmodel import Session, col, select

from backend.automation.schema import Condition
from backend.models import Customer, Ticket
from backend.models.base import utcnow
from backend.models.enums import TicketPriority

_PRIORITY_RANK = {str(p): i for i, p in enumerate(TicketPriority)}


@dataclass(frozen=True)
class CalendarFacts:
    """The ticket team's calendar at the moment of evaluation."""

    is_open: bool
    is_holiday: bool


def calendar_facts(session: Session, team_id: uuid.UUID | None, at: datetime) -> CalendarFacts:
    """Open or closed now and whether today is a holiday, by the team's calendar (the calendar
    part's `calendar_for_team`, falling back to the organisation's default calendar)."""
    from backend.calendar.business_time import is_open
    from backend.calendar.store import calendar_for_team

    cal = calendar_for_team(session, team_id)
    local_day = at.astimezone(cal.zone).date()
    return CalendarFacts(is_open=is_open(cal, at), is_holiday=cal.holiday_on(local_day) is not None)


@dataclass
class TicketFacts:
    """Everything conditions read about one ticket; the calendar is looked up only when asked."""

    ticket: Ticket
    customer_tier: str
    customer_locale: str
    at: datetime
    load_calendar: Callable[[], CalendarFacts] = field(repr=False)

    @cached_property
    def calendar(self) -> CalendarFacts:
        return self.load_calendar()

    def value(self, name: str) -> str | list[str] | None:
        t = self.ticket
        if name == "tags":
            return list(t.tags or [])
        if name == "customer_tier":
            return self.customer_tier
        if name == "business_hours":
            return "open" if self.calendar.is_open else "closed"
        if name == "holiday":
            return "yes" if self.calendar.is_holiday else "no"
        return getattr(t, name)


def load_facts(session: Session, ticket_id: uuid.UUID, *, at: datetime | None = None) -> TicketFacts | None:
    row = session.exec(
        select(Ticket, Customer.tier, Customer.locale)
        .join(Customer, col(Customer.id) == col(Ticket.customer_id))
        .where(Ticket.id == ticket_id)
    ).first()
    if row is None:
        return None
    ticket, tier, locale = row
    return facts_for(session, ticket, tier, locale, at=at)


def facts_for(
    session: Session, ticket: Ticket, tier: str, locale: str, *, at: datetime | None = None
) -> TicketFacts:
    moment = at or utcnow()
    team_id = ticket.team_id
    return TicketFacts(
        ticket=ticket,
        customer_tier=str(tier),
        customer_locale=str(locale),
        at=moment,
        load_calendar=lambda: calendar_facts(session, team_id, moment),
    )


def condition_holds(condition: Condition, facts: TicketFacts) -> bool:
    """One condition against the facts (operators as allowed by `schema.CONDITION_FIELDS`)."""
    actual = facts.value(condition.field)
    op, want = condition.operator, condition.value
    if condition.field == "tags":
        have = set(actual or [])
        wanted = {w.strip().lower() for w in (want or [])}
        if op == "any":
            return bool(have & wanted)
        if op == "all":
            return wanted <= have
        return not have & wanted  # none
    if op == "is_set":
        return actual not in (None, "")
    if op == "is_not_set":
        return actual in (None, "")
    if op == "is":
        return actual == want
    if op == "is_not":
        return actual != want
    if op == "in":
        return actual in (want or [])
    if op == "not_in":
        return actual not in (want or [])
    if op in ("at_least", "at_most"):
        have_rank, want_rank = _PRIORITY_RANK.get(str(actual), 0), _PRIORITY_RANK.get(str(want), 0)
        return have_rank >= want_rank if op == "at_least" else have_rank <= want_rank
    raise ValueError(f"operator {op!r} is not in the allow-list")


def conditions_hold(match: str, conditions: list[Condition], facts: TicketFacts) -> bool:
    """`all` (every condition; true when there are none) or `any` (at least one; true when none)."""
    if not conditions:
        return True
    results = (condition_holds(c, facts) for c in conditions)
    return all(results) if match == "all" else any(results)
