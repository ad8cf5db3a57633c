"""Counting a timer's minutes: open minutes of the ticket team's business calendar, or wall-clock."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from backend.calendar.business_time import CalendarNeverOpen, add_business_minutes, business_minutes_between
from backend.calendar.spec import CalendarSpec
from backend.sla import ClockKind

log = logging.getLogger(__name__)


class Clock(Protocol):
    @property
    def name(self) -> str: ...

    def add(self, start: datetime, minutes: float) -> datetime: ...

    def between(self, start: datetime, end: datetime) -> float: ...


@dataclass(frozen=True)
class BusinessClock:
    calendar: CalendarSpec

    @property
    def name(self) -> str:
        return self.calendar.name

    def add(self, start: datetime, minutes: float) -> datetime:
        try:
            return add_business_minutes(self.calendar, start, max(0.0, minutes))
        except CalendarNeverOpen:
            # A calendar with no open time ahead (misconfigured) must not stop tickets being opened:
            # the clock falls back to wall-clock minutes until an admin fixes the hours.
            log.warning(
                "calendar never open; SLA due time counted in wall-clock minutes",
                extra={"calendar": self.name},
            )
            return WallClock().add(start, minutes)

    def between(self, start: datetime, end: datetime) -> float:
        return business_minutes_between(self.calendar, start, end)


@dataclass(frozen=True)
class WallClock:
    name: str = "calendar"

    def add(self, start: datetime, minutes: float) -> datetime:
        return start + timedelta(minutes=max(0.0, minutes))

    def between(self, start: datetime, end: datetime) -> float:
        return max(0.0, (end - start).total_seconds() / 60.0)


class TeamClocks:
    """The clocks of one ticket's team, looked up once per use (the calendar store caches specs)."""

    def __init__(self, session: Session, team_id: uuid.UUID | None) -> None:
        self._session = session
        self._team_id = team_id
        self._business: BusinessClock | None = None

    def get(self, kind: str) -> Clock:
        if kind == ClockKind.calendar:
            return WallClock()
        if self._business is None:
            from backend.calendar.store import calendar_for_team

            self._business = BusinessClock(calendar_for_team(self._session, self._team_id))
        return self._business
