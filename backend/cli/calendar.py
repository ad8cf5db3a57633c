"""`seba calendar`: the holidays a calendar observes; shared helpers for reading calendars from the CLI.

The CLI works on a fresh checkout: when the database is missing, not migrated or has no calendars,
calendars come from the shipped data files (the same result a freshly seeded database gives).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from backend.calendar.spec import CalendarSpec
from backend.errors import NotFound, SebaError, ValidationFailed

USAGE_ERROR = 2


def fail(error: SebaError) -> NoReturn:
    """Print the bilingual error and exit 2 (bad input)."""
    click.echo(f"Error: {error.message('en')}\nত্রুটি: {error.message('bn')}", err=True)
    sys.exit(USAGE_ERROR)


def _database_ready() -> bool:
    """False when the configured SQLite file does not exist (nothing to read; do not create it)."""
    from sqlalchemy.engine import make_url

    from backend.config import get_settings

    url = make_url(get_settings().effective_database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).exists()
    return True


def load_calendar(name: str) -> CalendarSpec:
    """The named calendar from the database, else (no database, no calendars) from the shipped files."""
    from backend.calendar.shipped import shipped_names, shipped_spec

    spec = _calendar_from_database(name) if _database_ready() else None
    if spec is not None:
        return spec
    if name in shipped_names():
        return shipped_spec(name)
    fail(NotFound("calendar_not_found", name=name))


def _calendar_from_database(name: str) -> CalendarSpec | None:
    import sqlalchemy as sa
    from sqlmodel import select

    from backend.calendar.store import has_calendars, spec_from_row
    from backend.db import read_session
    from backend.models import BusinessCalendar

    try:
        with read_session() as session:
            if not has_calendars(session):
                return None
            row = session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
            if row is None:
                fail(NotFound("calendar_not_found", name=name))
            return spec_from_row(session, row)
    except sa.exc.SQLAlchemyError:
        return None  # not migrated yet, or the database cannot be reached: the shipped data answers


def holidays_payload(spec: CalendarSpec, year: int) -> dict[str, Any]:
    return {
        "year": year,
        "calendar": spec.name,
        "holidays": [
            {
                "date": day.day.isoformat(),
                "name_en": day.name_en,
                "name_bn": day.name_bn,
                "kind": day.kind,
                "status": day.status,
            }
            for day in spec.holiday_days(year).values()
        ],
    }


@click.group()
def calendar() -> None:
    """Business calendars: holidays and prayer times."""


@calendar.command("holidays")
@click.argument("year")
@click.option(
    "--calendar", "calendar_name", default="default", show_default=True, help="The calendar's name."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def holidays(year: str, calendar_name: str, as_json: bool) -> None:
    """The holidays of YEAR, one line per date (multi-day blocks expanded; two holidays on one
    date share a line). Years without stored holidays show the computed estimates."""
    if not year.strip().lstrip("-").isdigit() or not 1900 <= int(year) <= 2100:
        fail(ValidationFailed("calendar_year_invalid", value=year))
    spec = load_calendar(calendar_name)
    payload = holidays_payload(spec, int(year))
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    click.echo(f"{payload['calendar']} {payload['year']}: {len(payload['holidays'])} holiday dates")
    for entry in payload["holidays"]:
        names = f"{entry['name_en']} / {entry['name_bn']}"
        click.echo(f"  {entry['date']}  {entry['kind']:<9} {entry['status']:<9} {names}")


@calendar.command("prayers")
@click.argument("day")
@click.option("--city", default="dhaka", show_default=True, help="A division city: dhaka, chattogram, ...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def prayers(day: str, city: str, as_json: bool) -> None:
    """Prayer times of DAY (YYYY-MM-DD) in a division city, Asia/Dhaka time (Karachi, Hanafi Asr)."""
    from datetime import date

    from backend.calendar.prayer import DIVISION_CITIES, prayer_times

    try:
        when = date.fromisoformat(day.strip())
    except ValueError:
        fail(ValidationFailed("invalid_request", detail=f"DAY must be YYYY-MM-DD, got {day!r}"))
    if city not in DIVISION_CITIES:
        fail(ValidationFailed("invalid_request", detail=f"city must be one of {', '.join(DIVISION_CITIES)}"))
    times = prayer_times(city, when).as_dict()
    if as_json:
        click.echo(json.dumps({"date": when.isoformat(), "city": city, **times}))
        return
    for name, clock in times.items():
        click.echo(f"{name:<8} {clock}")
