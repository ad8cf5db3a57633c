"""Reads for the calendar admin page: calendars, their hours, a year's holidays, hour ranges, team links."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from backend.calendar.admin import holidays_in_year
from backend.calendar.prayer import DIVISION_CITIES, prayer_times
from backend.calendar.shipped import WEEKDAYS, week_from_json
from backend.calendar.spec import format_hhmm, format_intervals
from backend.models import BusinessCalendar, CalendarHourRange, CalendarTeam, Team


def calendar_names(session: Session) -> list[dict[str, str]]:
    rows = session.exec(select(BusinessCalendar).order_by(col(BusinessCalendar.name))).all()
    return [
        {
            "name": r.name,
            "title_en": r.title_en,
            "title_bn": r.title_bn,
            "default": "yes" if r.is_default else "",
        }
        for r in rows
    ]


def weekly_hours_text(session: Session, name: str) -> dict[str, str]:
    """{"mon": "10:00-20:00", ..., "jumuah": "12:30-14:30"} ("closed" for a closed day)."""
    row = session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
    if row is None:
        return {}
    week = week_from_json(row.weekly_hours)
    texts = {day: format_intervals(week[i]) or "closed" for i, day in enumerate(WEEKDAYS)}
    jumuah = ""
    if row.jumuah_start_minute is not None and row.jumuah_end_minute is not None:
        jumuah = f"{format_hhmm(row.jumuah_start_minute)}-{format_hhmm(row.jumuah_end_minute)}"
    texts["jumuah"] = jumuah
    return texts


def holiday_rows(session: Session, name: str, year: int) -> list[dict[str, str]]:
    """The year's holidays this calendar sees (national and its own), for the table."""
    calendar = session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
    rows = []
    for holiday in holidays_in_year(session, year):
        if holiday.calendar_id not in (None, calendar.id if calendar else None):
            continue
        rows.append(
            {
                "id": str(holiday.id),
                "start": holiday.start_date.isoformat(),
                "end": holiday.end_date.isoformat(),
                "dates": holiday.start_date.isoformat()
                + ("" if holiday.end_date == holiday.start_date else f" – {holiday.end_date.isoformat()}"),
                "name_en": holiday.name_en,
                "name_bn": holiday.name_bn,
                "kind": holiday.kind,
                "status": holiday.status,
                "scope": "national" if holiday.calendar_id is None else name,
                "source_note": holiday.source_note,
            }
        )
    return rows


def hour_range_rows(session: Session, name: str) -> list[dict[str, str]]:
    calendar = session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
    if calendar is None:
        return []
    ranges = session.exec(
        select(CalendarHourRange)
        .where(CalendarHourRange.calendar_id == calendar.id, col(CalendarHourRange.removed_at).is_(None))
        .order_by(col(CalendarHourRange.start_date))
    ).all()
    rows = []
    for hour_range in ranges:
        week = week_from_json(hour_range.weekly_hours)
        summary = "; ".join(
            f"{day} {format_intervals(week[i]) or 'closed'}" for i, day in enumerate(WEEKDAYS)
        )
        if len({week[i] for i in range(7)}) == 1:
            summary = format_intervals(week[0]) or "closed"
        rows.append(
            {
                "id": str(hour_range.id),
                "start": hour_range.start_date.isoformat(),
                "end": hour_range.end_date.isoformat(),
                "name_en": hour_range.name_en,
                "name_bn": hour_range.name_bn,
                "hours": summary,
            }
        )
    return rows


def team_rows(session: Session) -> list[dict[str, str]]:
    """Every team with its calendar's name ("" = the organisation's default)."""
    links = {
        team_id: name
        for team_id, name in session.exec(
            select(CalendarTeam.team_id, BusinessCalendar.name).join(
                BusinessCalendar, col(BusinessCalendar.id) == col(CalendarTeam.calendar_id)
            )
        )
    }
    teams = session.exec(select(Team).order_by(col(Team.name))).all()
    return [
        {"id": str(t.id), "name": t.name, "name_bn": t.name_bn or t.name, "calendar": links.get(t.id, "")}
        for t in teams
    ]


def prayer_rows(day: date) -> list[dict[str, str]]:
    """The day's prayer times in every division city (for setting breaks and the Jumu'ah break)."""
    rows = []
    for key, city in DIVISION_CITIES.items():
        rows.append(
            {
                "city": key,
                "name_en": city.name_en,
                "name_bn": city.name_bn,
                **prayer_times(key, day).as_dict(),
            }
        )
    return rows
