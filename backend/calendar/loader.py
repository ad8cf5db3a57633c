"""Loading the shipped calendars, holidays and hour ranges into the database, idempotently."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import col, select

from backend.calendar.events import CalendarChanged
from backend.calendar.shipped import (
    CalendarDefinition,
    seed_key,
    shipped_definitions,
    shipped_holidays,
    week_to_json,
)
from backend.db import Tx
from backend.models import BusinessCalendar, CalendarHoliday, CalendarHourRange
from backend.models.base import utcnow


def load_shipped_calendars(tx: Tx, organisation_id: uuid.UUID) -> int:
    """Insert what the data files hold and the database lacks; returns how many rows were added.

    Calendars are matched by name, holidays and hour ranges by their seed key, so a second run adds
    nothing, and an admin's edits or removals (removed rows keep their key) are never undone."""
    added = 0
    calendars = {c.name: c for c in tx.session.exec(select(BusinessCalendar))}
    first_load = not calendars
    has_default = any(c.is_default for c in calendars.values())
    for definition in shipped_definitions():
        if definition.name in calendars:
            continue
        row = _calendar_row(
            definition, organisation_id, make_default=definition.is_default and not has_default
        )
        has_default = has_default or row.is_default
        tx.session.add(row)
        tx.session.flush()
        calendars[row.name] = row
        added += 1
        for hour_range in definition.hour_ranges:
            tx.session.add(
                CalendarHourRange(
                    calendar_id=row.id,
                    start_date=hour_range.start,
                    end_date=hour_range.end,
                    name_en=hour_range.name_en,
                    name_bn=hour_range.name_bn,
                    weekly_hours=week_to_json(hour_range.hours),
                    seed_key=f"{definition.name}:{hour_range.start.isoformat()}:{hour_range.name_en}",
                )
            )
            added += 1
    known = set(
        tx.session.exec(select(CalendarHoliday.seed_key).where(col(CalendarHoliday.seed_key).is_not(None)))
    )
    loaded_at = utcnow()
    for position, holiday in enumerate(shipped_holidays()):
        key = seed_key(holiday)
        if key in known:
            continue
        tx.session.add(
            CalendarHoliday(
                # The file's order decides how two holidays on one date are named ("May Day; ...").
                created_at=loaded_at + timedelta(microseconds=position),
                start_date=holiday.start,
                end_date=holiday.end,
                name_en=holiday.name_en,
                name_bn=holiday.name_bn,
                kind=holiday.kind,
                status=holiday.status,
                observance=holiday.observance,
                source_note=holiday.source_note,
                seed_key=key,
            )
        )
        added += 1
    if added:
        tx.session.flush()
        if not first_load:  # a fresh install has no cached calendars and no clocks to move
            tx.emit(CalendarChanged("organisation", str(organisation_id)))
        tx.audit("calendar.shipped_data_loaded", "organisation", organisation_id, rows=added)
    return added


def _calendar_row(
    definition: CalendarDefinition, organisation_id: uuid.UUID, *, make_default: bool
) -> BusinessCalendar:
    jumuah = definition.jumuah_break
    return BusinessCalendar(
        organisation_id=organisation_id,
        name=definition.name,
        title_en=definition.title_en,
        title_bn=definition.title_bn,
        timezone=definition.timezone,
        is_default=make_default,
        weekly_hours=week_to_json(definition.weekly_hours),
        closed_kinds=sorted(definition.closed_kinds),
        jumuah_start_minute=jumuah[0] if jumuah else None,
        jumuah_end_minute=jumuah[1] if jumuah else None,
    )


def seed_demo_calendars(tx: Tx, organisation_id: uuid.UUID) -> None:
    """The demo's calendars: the shipped ones loaded, the payments team on bank hours (once)."""
    from sqlmodel import select

    from backend.calendar.admin import assign_team_calendar
    from backend.models import CalendarTeam, Team

    load_shipped_calendars(tx, organisation_id)
    payments = tx.session.exec(select(Team).where(Team.slug == "payments")).first()
    if payments is not None and tx.session.get(CalendarTeam, payments.id) is None:
        assign_team_calendar(tx, team_id=payments.id, calendar_name="payments")
