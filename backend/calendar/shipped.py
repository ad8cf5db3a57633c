"""The shipped data files (Bangladesh holidays, the default and payments calendars) read into specs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from backend.calendar.lunar import estimate_year
from backend.calendar.spec import (
    CalendarSpec,
    DayHours,
    Holiday,
    HourRange,
    WeekHours,
    parse_intervals,
)

SHIPPED_DIR = Path(__file__).parent / "shipped"
HOLIDAYS_FILE = SHIPPED_DIR / "holidays_bd.json"
CALENDARS_FILE = SHIPPED_DIR / "calendars.json"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class CalendarDefinition:
    """A calendar as the data file (or a database row) describes it, before holidays are attached."""

    name: str
    title_en: str
    title_bn: str
    timezone: str
    is_default: bool
    weekly_hours: WeekHours
    closed_kinds: frozenset[str]
    jumuah_break: tuple[int, int] | None
    hour_ranges: tuple[HourRange, ...]


def week_from_text(hours: dict[str, str]) -> WeekHours:
    """{"mon": "10:00-20:00", ..., "fri": "closed"} to seven day tuples (a missing day is closed)."""
    unknown = set(hours) - set(WEEKDAYS)
    if unknown:
        raise ValueError(f"unknown weekday keys {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
    return tuple(parse_intervals(hours.get(day, "closed")) for day in WEEKDAYS)


def week_to_json(week: WeekHours) -> dict[str, list[list[int]]]:
    """Seven day tuples to the database's {"mon": [[600, 1200]], ...}."""
    return {day: [[start, end] for start, end in week[i]] for i, day in enumerate(WEEKDAYS)}


def week_from_json(stored: dict[str, list[list[int]]]) -> WeekHours:
    days: list[DayHours] = []
    for day in WEEKDAYS:
        days.append(tuple((int(start), int(end)) for start, end in stored.get(day, [])))
    return tuple(days)


def holiday_from_json(entry: dict[str, Any]) -> Holiday:
    start = date.fromisoformat(entry.get("date") or entry["start"])
    end = date.fromisoformat(entry.get("date") or entry["end"])
    return Holiday(
        start=start,
        end=end,
        name_en=entry["name_en"],
        name_bn=entry["name_bn"],
        kind=entry["kind"],
        status=entry["status"],
        observance=entry.get("observance", ""),
        source_note=entry.get("source_note", ""),
    )


def seed_key(holiday: Holiday) -> str:
    """The stable key of a shipped holiday: country, observance and first date."""
    return f"BD:{holiday.observance}:{holiday.start.isoformat()}"


@cache
def shipped_holidays() -> tuple[Holiday, ...]:
    data = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))
    return tuple(holiday_from_json(entry) for entry in data["holidays"])


@cache
def shipped_definitions() -> tuple[CalendarDefinition, ...]:
    data = json.loads(CALENDARS_FILE.read_text(encoding="utf-8"))
    definitions = []
    for entry in data["calendars"]:
        jumuah = parse_intervals(entry["jumuah_break"]) if entry.get("jumuah_break") else ()
        definitions.append(
            CalendarDefinition(
                name=entry["name"],
                title_en=entry["title_en"],
                title_bn=entry["title_bn"],
                timezone=entry["timezone"],
                is_default=bool(entry.get("is_default")),
                weekly_hours=week_from_text(entry["weekly_hours"]),
                closed_kinds=frozenset(entry["closed_kinds"]),
                jumuah_break=jumuah[0] if jumuah else None,
                hour_ranges=tuple(
                    HourRange(
                        start=date.fromisoformat(r["start"]),
                        end=date.fromisoformat(r["end"]),
                        hours=week_from_text(r["weekly_hours"]),
                        name_en=r["name_en"],
                        name_bn=r["name_bn"],
                    )
                    for r in entry.get("hour_ranges", [])
                ),
            )
        )
    return tuple(definitions)


def build_spec(
    definition: CalendarDefinition, holidays: tuple[Holiday, ...], version: int = 0
) -> CalendarSpec:
    """The spec of a calendar; years without stored holidays fall back to the computed estimates."""
    return CalendarSpec(
        name=definition.name,
        timezone=definition.timezone,
        weekly_hours=definition.weekly_hours,
        holidays=tuple(h for h in holidays if h.calendar in (None, definition.name)),
        hour_ranges=definition.hour_ranges,
        jumuah_break=definition.jumuah_break,
        closed_kinds=definition.closed_kinds,
        version=version,
        estimate_holidays=estimate_year,
    )


@cache
def shipped_spec(name: str) -> CalendarSpec:
    """A shipped calendar straight from the data files (no database), e.g. for the CLI's fallback."""
    for definition in shipped_definitions():
        if definition.name == name:
            return build_spec(definition, shipped_holidays())
    raise KeyError(name)


def shipped_names() -> list[str]:
    return [definition.name for definition in shipped_definitions()]
