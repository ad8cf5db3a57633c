"""Admin writes on calendars: weekly hours, the Jumu'ah break, holidays and hour ranges, team links.

Every function runs inside the caller's `transaction(...)`, validates before it writes (bilingual
ValidationFailed / NotFound), records an audit event, and emits CalendarChanged so that every
process drops its cached calendars after the commit.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlmodel import Session, col, select

from backend.calendar.events import CalendarChanged
from backend.calendar.lunar import estimate_year
from backend.calendar.shipped import WEEKDAYS, week_from_text, week_to_json
from backend.calendar.spec import HOLIDAY_KINDS, HOLIDAY_STATUSES, parse_intervals
from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import BusinessCalendar, CalendarHoliday, CalendarHourRange, CalendarTeam, Team
from backend.models.base import utcnow

MAX_HOLIDAY_DAYS = 31
MAX_RANGE_DAYS = 92


def get_calendar_row(tx: Tx, name: str) -> BusinessCalendar:
    row = tx.session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
    if row is None:
        raise NotFound("calendar_not_found", name=name)
    return row


def _week(hours: dict[str, str]) -> dict[str, list[list[int]]]:
    try:
        return week_to_json(week_from_text(hours))
    except ValueError as exc:
        raise ValidationFailed("calendar_hours_invalid", detail=str(exc)) from None


def update_weekly_hours(tx: Tx, *, calendar_name: str, hours: dict[str, str]) -> BusinessCalendar:
    """Replace a calendar's weekly hours, e.g. {"mon": "10:00-20:00", "fri": "closed", ...}."""
    row = get_calendar_row(tx, calendar_name)
    missing = [day for day in WEEKDAYS if day not in hours]
    if missing:
        raise ValidationFailed("calendar_hours_invalid", detail=f"missing days {', '.join(missing)}")
    before = row.weekly_hours
    row.weekly_hours = _week(hours)
    row.updated_at = utcnow()
    tx.session.add(row)
    tx.session.flush()
    tx.audit("calendar.hours_updated", "business_calendar", row.id, before=before, after=row.weekly_hours)
    tx.emit(CalendarChanged("calendar", str(row.id)))
    return row


def set_jumuah_break(tx: Tx, *, calendar_name: str, interval: str | None) -> BusinessCalendar:
    """Set the Friday Jumu'ah break ("12:30-14:30"), or remove it with None / ""."""
    row = get_calendar_row(tx, calendar_name)
    try:
        parsed = parse_intervals(interval or "")
    except ValueError as exc:
        raise ValidationFailed("calendar_hours_invalid", detail=str(exc)) from None
    if len(parsed) > 1:
        raise ValidationFailed("calendar_hours_invalid", detail="the Jumu'ah break is one interval")
    row.jumuah_start_minute, row.jumuah_end_minute = parsed[0] if parsed else (None, None)
    row.updated_at = utcnow()
    tx.session.add(row)
    tx.session.flush()
    tx.audit("calendar.jumuah_updated", "business_calendar", row.id, interval=interval or None)
    tx.emit(CalendarChanged("calendar", str(row.id)))
    return row


def set_default_calendar(tx: Tx, *, calendar_name: str) -> BusinessCalendar:
    """Make a calendar the organisation's default (teams without their own calendar use it); the
    previous default stops being one, so there is always exactly one."""
    row = get_calendar_row(tx, calendar_name)
    others = tx.session.exec(
        select(BusinessCalendar).where(
            BusinessCalendar.organisation_id == row.organisation_id,
            col(BusinessCalendar.is_default).is_(True),
        )
    ).all()
    for other in others:
        if other.id != row.id:
            other.is_default = False
            other.updated_at = utcnow()
            tx.session.add(other)
    row.is_default = True
    row.updated_at = utcnow()
    tx.session.add(row)
    tx.session.flush()
    tx.audit("calendar.default_set", "business_calendar", row.id, name=row.name)
    tx.emit(CalendarChanged("calendar", str(row.id)))
    return row


def _check_holiday(start: date, end: date, name_en: str, name_bn: str, kind: str, status: str) -> None:
    if end < start:
        raise ValidationFailed("holiday_invalid", detail="the last day is before the first")
    if (end - start).days >= MAX_HOLIDAY_DAYS:
        raise ValidationFailed("holiday_invalid", detail=f"at most {MAX_HOLIDAY_DAYS} days")
    if not name_en.strip() or not name_bn.strip():
        raise ValidationFailed("holiday_invalid", detail="give the name in Bengali and English")
    if kind not in HOLIDAY_KINDS:
        raise ValidationFailed("holiday_invalid", detail=f"kind must be one of {', '.join(HOLIDAY_KINDS)}")
    if status not in HOLIDAY_STATUSES:
        raise ValidationFailed(
            "holiday_invalid", detail=f"status must be one of {', '.join(HOLIDAY_STATUSES)}"
        )


def add_holiday(
    tx: Tx,
    *,
    start: date,
    end: date | None = None,
    name_en: str,
    name_bn: str,
    kind: str = "general",
    status: str = "confirmed",
    calendar_name: str | None = None,
    source_note: str = "",
    observance: str = "",
) -> CalendarHoliday:
    """A new holiday: national (calendar_name None) or one calendar's own closure."""
    end = end or start
    _check_holiday(start, end, name_en, name_bn, kind, status)
    calendar_id = get_calendar_row(tx, calendar_name).id if calendar_name else None
    holiday = CalendarHoliday(
        calendar_id=calendar_id,
        start_date=start,
        end_date=end,
        name_en=name_en.strip(),
        name_bn=name_bn.strip(),
        kind=kind,
        status=status,
        observance=observance,
        source_note=source_note.strip() or "added by an admin",
    )
    tx.session.add(holiday)
    tx.session.flush()
    tx.audit(
        "calendar.holiday_added",
        "calendar_holiday",
        holiday.id,
        start=start,
        end=end,
        name_en=holiday.name_en,
        kind=kind,
        status=status,
        calendar=calendar_name,
    )
    tx.emit(CalendarChanged("holiday", str(holiday.id)))
    return holiday


def _live_holiday(tx: Tx, holiday_id: uuid.UUID) -> CalendarHoliday:
    holiday = tx.session.get(CalendarHoliday, holiday_id)
    if holiday is None or holiday.removed_at is not None:
        raise NotFound("holiday_not_found")
    return holiday


def confirm_holiday(tx: Tx, *, holiday_id: uuid.UUID) -> CalendarHoliday:
    """Mark an estimated holiday confirmed (the moon was sighted, the notification came out)."""
    holiday = _live_holiday(tx, holiday_id)
    holiday.status = "confirmed"
    holiday.updated_at = utcnow()
    tx.session.add(holiday)
    tx.session.flush()
    tx.audit("calendar.holiday_confirmed", "calendar_holiday", holiday.id, start=holiday.start_date)
    tx.emit(CalendarChanged("holiday", str(holiday.id)))
    return holiday


def move_holiday(
    tx: Tx, *, holiday_id: uuid.UUID, start: date, end: date | None = None, confirm: bool = False
) -> CalendarHoliday:
    """Move a holiday to new dates (same length when `end` is omitted); optionally confirm it."""
    holiday = _live_holiday(tx, holiday_id)
    end = end or start + (holiday.end_date - holiday.start_date)
    status = "confirmed" if confirm else holiday.status
    _check_holiday(start, end, holiday.name_en, holiday.name_bn, holiday.kind, status)
    before = (holiday.start_date, holiday.end_date)
    holiday.start_date, holiday.end_date, holiday.status = start, end, status
    holiday.updated_at = utcnow()
    tx.session.add(holiday)
    tx.session.flush()
    tx.audit(
        "calendar.holiday_moved",
        "calendar_holiday",
        holiday.id,
        before=list(before),
        after=[start, end],
        status=status,
    )
    tx.emit(CalendarChanged("holiday", str(holiday.id)))
    return holiday


def remove_holiday(tx: Tx, *, holiday_id: uuid.UUID) -> CalendarHoliday:
    """Remove a holiday (kept as removed, so reloading the shipped data does not bring it back)."""
    holiday = _live_holiday(tx, holiday_id)
    holiday.removed_at = utcnow()
    tx.session.add(holiday)
    tx.session.flush()
    tx.audit(
        "calendar.holiday_removed",
        "calendar_holiday",
        holiday.id,
        start=holiday.start_date,
        name=holiday.name_en,
    )
    tx.emit(CalendarChanged("holiday", str(holiday.id)))
    return holiday


def add_estimated_year(tx: Tx, *, year: int) -> int:
    """Store the computed estimates of a year (fixed-date and Islamic days) that are not stored yet;
    returns how many were added. Hindu and Buddhist days still need adding by hand."""
    if not 1900 <= year <= 2100:
        raise ValidationFailed("calendar_year_invalid", value=year)
    added = 0
    for estimate in estimate_year(year):
        key = f"EST:{estimate.observance}:{estimate.start.isoformat()}"
        if tx.session.exec(select(CalendarHoliday.id).where(CalendarHoliday.seed_key == key)).first():
            continue
        tx.session.add(
            CalendarHoliday(
                start_date=estimate.start,
                end_date=estimate.end,
                name_en=estimate.name_en,
                name_bn=estimate.name_bn,
                kind=estimate.kind,
                status="estimated",
                observance=estimate.observance,
                source_note=estimate.source_note,
                seed_key=key,
            )
        )
        added += 1
    tx.session.flush()
    tx.audit("calendar.estimates_added", "calendar_year", year, added=added)
    tx.emit(CalendarChanged("organisation", str(year)))
    return added


def _range_dates(start: date, end: date) -> None:
    if end < start:
        raise ValidationFailed("hour_range_invalid", detail="the last day is before the first")
    if end - start >= timedelta(days=MAX_RANGE_DAYS):
        raise ValidationFailed("hour_range_invalid", detail=f"at most {MAX_RANGE_DAYS} days")


def add_hour_range(
    tx: Tx, *, calendar_name: str, start: date, end: date, name_en: str, name_bn: str, hours: dict[str, str]
) -> CalendarHourRange:
    """Dates with other weekly hours (e.g. Ramadan 10:00-16:00)."""
    row = get_calendar_row(tx, calendar_name)
    _range_dates(start, end)
    if not name_en.strip() or not name_bn.strip():
        raise ValidationFailed("hour_range_invalid", detail="give the name in Bengali and English")
    hour_range = CalendarHourRange(
        calendar_id=row.id,
        start_date=start,
        end_date=end,
        name_en=name_en.strip(),
        name_bn=name_bn.strip(),
        weekly_hours=_week({day: hours.get(day, "closed") for day in WEEKDAYS}),
    )
    tx.session.add(hour_range)
    tx.session.flush()
    tx.audit(
        "calendar.range_added",
        "calendar_hour_range",
        hour_range.id,
        calendar=calendar_name,
        start=start,
        end=end,
    )
    tx.emit(CalendarChanged("hour_range", str(hour_range.id)))
    return hour_range


def _live_range(tx: Tx, range_id: uuid.UUID) -> CalendarHourRange:
    hour_range = tx.session.get(CalendarHourRange, range_id)
    if hour_range is None or hour_range.removed_at is not None:
        raise NotFound("hour_range_not_found")
    return hour_range


def move_hour_range(tx: Tx, *, range_id: uuid.UUID, start: date, end: date) -> CalendarHourRange:
    hour_range = _live_range(tx, range_id)
    _range_dates(start, end)
    before = [hour_range.start_date, hour_range.end_date]
    hour_range.start_date, hour_range.end_date = start, end
    hour_range.updated_at = utcnow()
    tx.session.add(hour_range)
    tx.session.flush()
    tx.audit("calendar.range_moved", "calendar_hour_range", hour_range.id, before=before, after=[start, end])
    tx.emit(CalendarChanged("hour_range", str(hour_range.id)))
    return hour_range


def remove_hour_range(tx: Tx, *, range_id: uuid.UUID) -> CalendarHourRange:
    hour_range = _live_range(tx, range_id)
    hour_range.removed_at = utcnow()
    tx.session.add(hour_range)
    tx.session.flush()
    tx.audit("calendar.range_removed", "calendar_hour_range", hour_range.id, name=hour_range.name_en)
    tx.emit(CalendarChanged("hour_range", str(hour_range.id)))
    return hour_range


def assign_team_calendar(tx: Tx, *, team_id: uuid.UUID, calendar_name: str | None) -> None:
    """Give a team its calendar (None: back to the organisation's default)."""
    if tx.session.get(Team, team_id) is None:
        raise NotFound("team_not_found")
    link = tx.session.get(CalendarTeam, team_id)
    if calendar_name is None:
        if link is not None:
            tx.session.delete(link)
    else:
        calendar_id = get_calendar_row(tx, calendar_name).id
        if link is None:
            link = CalendarTeam(team_id=team_id, calendar_id=calendar_id)
        link.calendar_id = calendar_id
        tx.session.add(link)
    tx.session.flush()
    tx.audit("calendar.team_assigned", "team", team_id, calendar=calendar_name)
    tx.emit(CalendarChanged("team", str(team_id)))


def holidays_in_year(session: Session, year: int) -> list[CalendarHoliday]:
    """Stored, not removed holidays touching a year (for the admin page)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return list(
        session.exec(
            select(CalendarHoliday)
            .where(
                col(CalendarHoliday.removed_at).is_(None),
                col(CalendarHoliday.start_date) <= last,
                col(CalendarHoliday.end_date) >= first,
            )
            .order_by(col(CalendarHoliday.start_date))
        )
    )
