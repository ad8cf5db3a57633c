"""An immutable, precomputed business calendar: weekly hours, holidays, hour ranges, the Jumu'ah break."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

# One open interval of a day: minutes since local midnight, [start, end), 0 <= start < end <= 1440.
DayHours = tuple[tuple[int, int], ...]
# Seven entries, Monday (0) to Sunday (6), as Python's date.weekday() counts.
WeekHours = tuple[DayHours, ...]

HOLIDAY_KINDS = ("general", "executive", "optional")
HOLIDAY_STATUSES = ("estimated", "confirmed")
FRIDAY = 4
MINUTES_PER_DAY = 1440
US_PER_MINUTE = 60_000_000
_US_PER_SECOND = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_KIND_RANK = {"general": 0, "executive": 1, "optional": 2}


@dataclass(frozen=True)
class Holiday:
    """One holiday as stored: a date or an inclusive date range with its names, kind and status."""

    start: date
    end: date
    name_en: str
    name_bn: str
    kind: str = "general"
    status: str = "confirmed"
    observance: str = ""
    source_note: str = ""
    calendar: str | None = None  # None: a national holiday every calendar sees

    def dates(self) -> Iterable[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True)
class HolidayDay:
    """Every holiday falling on one date, merged: names joined, the strongest kind, estimated if any is."""

    day: date
    holidays: tuple[Holiday, ...]

    @property
    def name_en(self) -> str:
        return "; ".join(dict.fromkeys(h.name_en for h in self.holidays))

    @property
    def name_bn(self) -> str:
        return "; ".join(dict.fromkeys(h.name_bn for h in self.holidays))

    @property
    def kind(self) -> str:
        return min((h.kind for h in self.holidays), key=_KIND_RANK.__getitem__)

    @property
    def status(self) -> str:
        return "estimated" if any(h.status == "estimated" for h in self.holidays) else "confirmed"

    def closes(self, closed_kinds: frozenset[str]) -> bool:
        return any(h.kind in closed_kinds for h in self.holidays)


@dataclass(frozen=True)
class HourRange:
    """A date range (inclusive) with other weekly hours, e.g. Ramadan."""

    start: date
    end: date
    hours: WeekHours
    name_en: str
    name_bn: str


@dataclass(frozen=True)
class YearIndex:
    """The open intervals of one local calendar year in UTC microseconds, with running open totals."""

    year: int
    begin: int  # local midnight of 1 January, UTC microseconds
    finish: int  # local midnight of 1 January of the next year
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    before: tuple[int, ...]  # open microseconds of this year before interval i
    through: tuple[int, ...]  # open microseconds of this year up to the end of interval i
    total: int


@dataclass(frozen=True)
class CalendarSpec:
    """A business calendar ready for arithmetic; immutable, safe to cache and share between threads.

    Open time of a local date: the weekly hours of its weekday, or those of the last hour range
    covering it; nothing on a holiday whose kind is in `closed_kinds`; minus the Jumu'ah break on
    Fridays. Years are indexed lazily (once per year, then read-only); years without any national
    holiday in `holidays` take the computed estimates of `estimate_holidays` when it is given.
    """

    name: str
    timezone: str
    weekly_hours: WeekHours
    holidays: tuple[Holiday, ...] = ()
    hour_ranges: tuple[HourRange, ...] = ()
    jumuah_break: tuple[int, int] | None = None
    closed_kinds: frozenset[str] = frozenset({"general", "executive"})
    version: int = 0
    estimate_holidays: Callable[[int], Iterable[Holiday]] | None = field(
        default=None, compare=False, repr=False
    )
    _years: dict[int, YearIndex] = field(default_factory=dict, init=False, compare=False, repr=False)
    _days: dict[int, Mapping[date, HolidayDay]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.weekly_hours) != 7:
            raise ValueError(f"weekly_hours needs 7 days (Monday..Sunday), got {len(self.weekly_hours)}")
        for day_hours in self.weekly_hours:
            validate_day_hours(day_hours)
        for hour_range in self.hour_ranges:
            if len(hour_range.hours) != 7 or hour_range.end < hour_range.start:
                raise ValueError(f"hour range {hour_range.name_en!r} is malformed")
            for day_hours in hour_range.hours:
                validate_day_hours(day_hours)
        if self.jumuah_break is not None:
            validate_day_hours((self.jumuah_break,))
        ZoneInfo(self.timezone)  # fails early on an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # --- holidays -------------------------------------------------------------------------------
    def holiday_days(self, year: int) -> Mapping[date, HolidayDay]:
        """The holidays of a year by date (stored ones, else computed estimates for that year)."""
        cached = self._days.get(year)
        if cached is not None:
            return cached
        entries = [h for h in self.holidays if h.start.year <= year <= h.end.year]
        national = [h for h in entries if h.calendar is None]
        if not national and self.estimate_holidays is not None:
            # No national holiday stored for the year: the computed estimates stand in (a calendar's
            # own closures still apply on top).
            entries = [*self.estimate_holidays(year), *entries]
        by_day: dict[date, list[Holiday]] = {}
        for holiday in entries:
            for day in holiday.dates():
                if day.year == year:
                    by_day.setdefault(day, []).append(holiday)
        merged = MappingProxyType({day: HolidayDay(day, tuple(by_day[day])) for day in sorted(by_day)})
        self._days[year] = merged
        return merged

    def holiday_on(self, day: date) -> HolidayDay | None:
        return self.holiday_days(day.year).get(day)

    # --- hours ----------------------------------------------------------------------------------
    def hour_range_on(self, day: date) -> HourRange | None:
        found = None
        for hour_range in self.hour_ranges:
            if hour_range.start <= day <= hour_range.end:
                found = hour_range
        return found

    def scheduled_hours(self, day: date) -> DayHours:
        """The day's hours before holidays and the Jumu'ah break (weekly or from an hour range)."""
        hour_range = self.hour_range_on(day)
        return (hour_range.hours if hour_range else self.weekly_hours)[day.weekday()]

    def open_hours(self, day: date) -> DayHours:
        """The day's open intervals in local minutes after holidays and the Jumu'ah break."""
        holiday = self.holiday_on(day)
        if holiday is not None and holiday.closes(self.closed_kinds):
            return ()
        hours = self.scheduled_hours(day)
        if self.jumuah_break is not None and day.weekday() == FRIDAY:
            hours = subtract_interval(hours, self.jumuah_break)
        return hours

    # --- the year index -------------------------------------------------------------------------
    def year_index(self, year: int) -> YearIndex:
        index = self._years.get(year)
        if index is None:
            with self._lock:
                index = self._years.get(year)
                if index is None:
                    index = self._build_year(year)
                    self._years[year] = index
        return index

    def year_of(self, us: int) -> int:
        """The local calendar year containing the instant `us` (UTC microseconds)."""
        year = 1970 + us // 31_556_952_000_000
        while us < local_midnight_us(self.timezone, date(year, 1, 1)):
            year -= 1
        while us >= local_midnight_us(self.timezone, date(year + 1, 1, 1)):
            year += 1
        return year

    def _build_year(self, year: int) -> YearIndex:
        starts: list[int] = []
        ends: list[int] = []
        day = date(year, 1, 1)
        while day.year == year:
            for start_minute, end_minute in self.open_hours(day):
                start_us = local_minute_us(self.timezone, day, start_minute)
                end_us = local_minute_us(self.timezone, day, end_minute)
                if ends and ends[-1] == start_us:  # open across midnight: one interval
                    ends[-1] = end_us
                else:
                    starts.append(start_us)
                    ends.append(end_us)
            day += timedelta(days=1)
        before: list[int] = []
        through: list[int] = []
        running = 0
        for start_us, end_us in zip(starts, ends, strict=True):
            before.append(running)
            running += end_us - start_us
            through.append(running)
        return YearIndex(
            year=year,
            begin=local_midnight_us(self.timezone, date(year, 1, 1)),
            finish=local_midnight_us(self.timezone, date(year + 1, 1, 1)),
            starts=tuple(starts),
            ends=tuple(ends),
            before=tuple(before),
            through=tuple(through),
            total=running,
        )


def validate_day_hours(hours: DayHours) -> None:
    """Raise ValueError unless the intervals are within a day, non-empty, sorted and disjoint."""
    previous_end = -1
    for start, end in hours:
        if not (0 <= start < end <= MINUTES_PER_DAY):
            raise ValueError(
                f"an open interval must be within 00:00-24:00 and end after it starts, got {start}-{end}"
            )
        if start < previous_end:
            raise ValueError(f"open intervals overlap or are out of order near minute {start}")
        previous_end = end


def subtract_interval(hours: DayHours, closed: tuple[int, int]) -> DayHours:
    """The intervals of `hours` minus the closed interval (e.g. the Jumu'ah break)."""
    result: list[tuple[int, int]] = []
    for start, end in hours:
        if end <= closed[0] or start >= closed[1]:
            result.append((start, end))
            continue
        if start < closed[0]:
            result.append((start, closed[0]))
        if end > closed[1]:
            result.append((closed[1], end))
    return tuple(result)


def to_us(moment: datetime) -> int:
    """UTC microseconds since the epoch of a timezone-aware datetime (exact, no float rounding)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {moment!r}")
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * _US_PER_SECOND + delta.microseconds


def from_us(us: int) -> datetime:
    """The UTC datetime of `us` microseconds since the epoch."""
    return _EPOCH + timedelta(microseconds=us)


_MIDNIGHTS: dict[tuple[str, date], int] = {}


def local_midnight_us(timezone: str, day: date) -> int:
    key = (timezone, day)
    cached = _MIDNIGHTS.get(key)
    if cached is None:
        cached = to_us(datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)))
        _MIDNIGHTS[key] = cached
    return cached


def local_minute_us(timezone: str, day: date, minute: int) -> int:
    """UTC microseconds of a local wall-clock minute of a day (1440 is the next midnight)."""
    if minute >= MINUTES_PER_DAY:
        return local_midnight_us(timezone, day + timedelta(days=1))
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(timezone))
    return to_us(wall)


def parse_hhmm(text: str) -> int:
    """Minutes since midnight of "HH:MM" ("24:00" is the end of the day)."""
    hours, _, minutes = text.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"a time must look like HH:MM, got {text!r}")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        raise ValueError(f"a time must be between 00:00 and 24:00, got {text!r}")
    return value


def format_hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_intervals(text: str) -> DayHours:
    """Intervals from "10:00-13:00, 14:00-20:00" ("" or "closed" is a closed day)."""
    text = text.strip()
    if text.lower() in ("", "closed", "বন্ধ"):
        return ()
    intervals = []
    for part in text.split(","):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(f"an interval must look like HH:MM-HH:MM, got {part.strip()!r}")
        intervals.append((parse_hhmm(start), parse_hhmm(end)))
    hours = tuple(sorted(intervals))
    validate_day_hours(hours)
    return hours


def format_intervals(hours: DayHours) -> str:
    return ", ".join(f"{format_hhmm(s)}-{format_hhmm(e)}" for s, e in hours)
