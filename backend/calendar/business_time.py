"""Business-time arithmetic on a CalendarSpec: pure functions, no database, bisect over precomputed years.

Open time is a union of half-open intervals [opening, closing). Rules worth knowing:
- `add_business_minutes(cal, s, 0)` is `next_open(cal, s)`: a zero target outside hours falls due
  at the next opening.
- For minutes > 0 the result is the earliest instant by which that much open time has passed; when
  the count runs out exactly at a closing time, the result IS that closing instant (e.g. 20:00), not
  the next opening. This is the only way a result can be an instant where `is_open` is False.
- Hence additivity `add(add(s, a), b) == add(s, a + b)` holds for every b > 0, and for b == 0 unless
  `add(s, a)` is such a closing instant.
- Resolution is one microsecond; minutes are converted with round(minutes * 60e6).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime

from backend.calendar.spec import (
    FRIDAY,
    US_PER_MINUTE,
    CalendarSpec,
    HolidayDay,
    HourRange,
    from_us,
    to_us,
)

# A calendar with no open minute for this many consecutive years is treated as never open.
MAX_CLOSED_YEARS = 10


class CalendarNeverOpen(ValueError):
    """The calendar has no open time ahead, so no due time exists."""


@dataclass(frozen=True)
class Closure:
    """Why a calendar is closed at an instant, and when it opens again."""

    reason: str  # "holiday" | "weekend" | "jumuah_break" | "outside_hours"
    day: date  # the local date of the instant
    reopens_at: datetime | None  # UTC; None for a calendar that never opens again
    holiday: HolidayDay | None = None
    hour_range: HourRange | None = None  # the range of other hours in force that day (Ramadan)

    @property
    def name_en(self) -> str:
        if self.holiday is not None:
            return self.holiday.name_en
        return _REASON_NAMES[self.reason][1]

    @property
    def name_bn(self) -> str:
        if self.holiday is not None:
            return self.holiday.name_bn
        return _REASON_NAMES[self.reason][0]


_REASON_NAMES = {
    "weekend": ("সাপ্তাহিক ছুটি", "Weekend"),
    "jumuah_break": ("জুমার নামাজের বিরতি", "Jumu'ah prayer break"),
    "outside_hours": ("অফিস সময়ের বাইরে", "Outside office hours"),
    "holiday": ("ছুটি", "Holiday"),
}


def add_business_minutes(cal: CalendarSpec, start: datetime, minutes: float) -> datetime:
    """The instant `minutes` of open time after `start` (UTC); counts from the next opening."""
    if minutes < 0:
        raise ValueError(f"minutes must be zero or more, got {minutes!r}")
    pos = to_us(start)
    need = round(minutes * US_PER_MINUTE)
    year = cal.year_of(pos)
    closed_years = 0
    while True:
        index = cal.year_index(year)
        i = bisect_right(index.ends, pos)
        if i < len(index.starts):
            begin = index.starts[i] if index.starts[i] > pos else pos
            if need == 0:
                return from_us(begin)
            used = index.before[i] + (begin - index.starts[i])
            target = used + need
            if target <= index.total:
                j = bisect_left(index.through, target)
                return from_us(index.starts[j] + (target - index.before[j]))
            need = target - index.total
        closed_years = closed_years + 1 if index.total == 0 else 0
        if closed_years >= MAX_CLOSED_YEARS:
            raise CalendarNeverOpen(f"calendar {cal.name!r} has no open time after {start.isoformat()}")
        year += 1
        pos = index.finish


def business_minutes_between(cal: CalendarSpec, start: datetime, end: datetime) -> float:
    """Open minutes in [start, end); 0 when end <= start."""
    start_us = to_us(start)
    end_us = to_us(end)
    if end_us <= start_us:
        return 0.0
    return _open_us_between(cal, start_us, end_us) / US_PER_MINUTE


def _open_us_between(cal: CalendarSpec, start_us: int, end_us: int) -> int:
    first = cal.year_of(start_us)
    last = cal.year_of(end_us)
    total = -_open_us_before(cal, first, start_us)
    for year in range(first, last):
        total += cal.year_index(year).total
    return total + _open_us_before(cal, last, end_us)


def _open_us_before(cal: CalendarSpec, year: int, pos: int) -> int:
    """Open microseconds of the year's index before the instant `pos`."""
    index = cal.year_index(year)
    i = bisect_right(index.starts, pos) - 1
    if i < 0:
        return 0
    end = index.ends[i]
    return index.before[i] + ((pos if pos < end else end) - index.starts[i])


def is_open(cal: CalendarSpec, at: datetime) -> bool:
    """True when `at` lies inside an open interval (an opening instant is open, a closing one not)."""
    pos = to_us(at)
    index = cal.year_index(cal.year_of(pos))
    i = bisect_right(index.starts, pos) - 1
    return i >= 0 and pos < index.ends[i]


def next_open(cal: CalendarSpec, at: datetime) -> datetime:
    """`at` itself when open, else the next opening (UTC)."""
    return add_business_minutes(cal, at, 0)


def closure_reason(cal: CalendarSpec, at: datetime) -> Closure | None:
    """Why the calendar is closed at `at` (holiday, weekend, Jumu'ah break, outside hours); None when open."""
    if is_open(cal, at):
        return None
    local = at.astimezone(cal.zone)
    day = local.date()
    minute = local.hour * 60 + local.minute
    try:
        reopens_at: datetime | None = next_open(cal, at)
    except CalendarNeverOpen:
        reopens_at = None
    hour_range = cal.hour_range_on(day)
    holiday = cal.holiday_on(day)
    if holiday is not None and holiday.closes(cal.closed_kinds):
        return Closure("holiday", day, reopens_at, holiday=holiday, hour_range=hour_range)
    scheduled = cal.scheduled_hours(day)
    if not scheduled:
        return Closure("weekend", day, reopens_at, hour_range=hour_range)
    jumuah = cal.jumuah_break
    if (
        jumuah is not None
        and day.weekday() == FRIDAY
        and jumuah[0] <= minute < jumuah[1]
        and any(start <= minute < end for start, end in scheduled)
    ):
        return Closure("jumuah_break", day, reopens_at, hour_range=hour_range)
    return Closure("outside_hours", day, reopens_at, hour_range=hour_range)
