"""Calendars read from the database into cached CalendarSpecs; a Redis token invalidates every process.

Each process keeps built specs keyed by the token found under `CALENDAR_VERSION_KEY`. An admin
write replaces the token after its commit (the `CalendarChanged` listener), so every process
rebuilds on its next read. When the key is missing (a fresh or flushed Redis) a new random token is
set, which also drops what was cached before. Without Redis nothing is cached (always fresh).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlmodel import Session, col, or_, select

from backend.calendar.shipped import (
    CalendarDefinition,
    build_spec,
    shipped_names,
    shipped_spec,
    week_from_json,
)
from backend.calendar.spec import CalendarSpec, Holiday, HourRange
from backend.errors import NotFound
from backend.models import BusinessCalendar, CalendarHoliday, CalendarHourRange, CalendarTeam

log = logging.getLogger(__name__)

CALENDAR_VERSION_KEY = "seba:calendar:version"
_lock = threading.Lock()
_token: str | None = None
_specs: dict[str, CalendarSpec] = {}
_team_names: dict[uuid.UUID | None, str] = {}
_pinned: ContextVar[str | None] = ContextVar("calendar_token_pinned", default=None)


@contextmanager
def pinned_calendars() -> Iterator[None]:
    """Read the Redis token once for the whole block (a sweep over many tickets), not once per
    look-up. A change committed by another process meanwhile is seen by the next block."""
    reset = _pinned.set(_sync_cache() or "")
    try:
        yield
    finally:
        _pinned.reset(reset)


def _current_token() -> str | None:
    """The shared invalidation token (None when Redis cannot be reached: no caching then)."""
    from backend.redis_store import get_redis

    try:
        client = get_redis()
        token = client.get(CALENDAR_VERSION_KEY)
        if token is None:
            client.set(CALENDAR_VERSION_KEY, uuid.uuid4().hex, nx=True)
            token = client.get(CALENDAR_VERSION_KEY)
    except Exception:
        log.warning("calendar cache token unavailable; reading calendars without cache", exc_info=True)
        return None
    return token.decode() if isinstance(token, bytes) else str(token)


def _sync_cache() -> str | None:
    global _token
    pinned = _pinned.get()
    if pinned and pinned == _token:
        return pinned
    token = _current_token()
    with _lock:
        if token is None or token != _token:
            _specs.clear()
            _team_names.clear()
            _token = token
    return token


def invalidate_calendars() -> None:
    """Make every process rebuild its calendars on the next read (call after the commit)."""
    from backend.redis_store import get_redis

    with _lock:
        _specs.clear()
        _team_names.clear()
    try:
        get_redis().set(CALENDAR_VERSION_KEY, uuid.uuid4().hex)
    except Exception as exc:
        # Without Redis no process caches calendars (see _current_token), so nothing is stale.
        log.warning("could not publish the calendar cache token: %s", exc)


def calendar_by_name(session: Session, name: str) -> CalendarSpec:
    """The named calendar; raises NotFound (calendar_not_found). A database without any calendar (not
    yet migrated or seeded) answers with the shipped calendars of the same name."""
    return _by_name(session, name, _sync_cache())


def _by_name(session: Session, name: str, token: str | None) -> CalendarSpec:
    cached = _specs.get(name) if token else None
    if cached is not None:
        return cached
    row = session.exec(select(BusinessCalendar).where(BusinessCalendar.name == name)).first()
    if row is None:
        if not has_calendars(session) and name in shipped_names():
            return shipped_spec(name)
        raise NotFound("calendar_not_found", name=name)
    spec = spec_from_row(session, row)
    if token:
        with _lock:
            if _token == token:
                _specs[name] = spec
    return spec


def calendar_for_team(session: Session, team_id: uuid.UUID | None) -> CalendarSpec:
    """The team's calendar, else the organisation's default calendar."""
    token = _sync_cache()
    name = _team_names.get(team_id) if token else None
    if name is None:
        name = _calendar_name_for_team(session, team_id)
        if token:
            with _lock:
                if _token == token:
                    _team_names[team_id] = name
    return _by_name(session, name, token)


def _calendar_name_for_team(session: Session, team_id: uuid.UUID | None) -> str:
    if team_id is not None:
        linked = session.exec(
            select(BusinessCalendar.name)
            .join(CalendarTeam, col(CalendarTeam.calendar_id) == col(BusinessCalendar.id))
            .where(CalendarTeam.team_id == team_id)
        ).first()
        if linked is not None:
            return linked
    default = session.exec(
        select(BusinessCalendar.name).where(col(BusinessCalendar.is_default).is_(True))
    ).first()
    if default is not None:
        return default
    first = session.exec(select(BusinessCalendar.name).order_by(col(BusinessCalendar.created_at))).first()
    return first or "default"


def all_calendars(session: Session) -> list[CalendarSpec]:
    """Every calendar in the database (cached like the others)."""
    token = _sync_cache()
    names = session.exec(select(BusinessCalendar.name).order_by(col(BusinessCalendar.name))).all()
    return [_by_name(session, name, token) for name in names]


def has_calendars(session: Session) -> bool:
    return session.exec(select(BusinessCalendar.id).limit(1)).first() is not None


def definition_from_row(session: Session, row: BusinessCalendar) -> CalendarDefinition:
    ranges = session.exec(
        select(CalendarHourRange)
        .where(CalendarHourRange.calendar_id == row.id, col(CalendarHourRange.removed_at).is_(None))
        .order_by(col(CalendarHourRange.start_date), col(CalendarHourRange.created_at))
    ).all()
    jumuah = None
    if row.jumuah_start_minute is not None and row.jumuah_end_minute is not None:
        jumuah = (row.jumuah_start_minute, row.jumuah_end_minute)
    return CalendarDefinition(
        name=row.name,
        title_en=row.title_en,
        title_bn=row.title_bn,
        timezone=row.timezone,
        is_default=row.is_default,
        weekly_hours=week_from_json(row.weekly_hours),
        closed_kinds=frozenset(row.closed_kinds),
        jumuah_break=jumuah,
        hour_ranges=tuple(
            HourRange(r.start_date, r.end_date, week_from_json(r.weekly_hours), r.name_en, r.name_bn)
            for r in ranges
        ),
    )


def holidays_for(session: Session, calendar: BusinessCalendar) -> tuple[Holiday, ...]:
    """The national holidays and the calendar's own, not removed, by date."""
    rows = session.exec(
        select(CalendarHoliday)
        .where(
            col(CalendarHoliday.removed_at).is_(None),
            or_(col(CalendarHoliday.calendar_id).is_(None), CalendarHoliday.calendar_id == calendar.id),
        )
        .order_by(col(CalendarHoliday.start_date), col(CalendarHoliday.created_at))
    ).all()
    return tuple(
        Holiday(
            start=r.start_date,
            end=r.end_date,
            name_en=r.name_en,
            name_bn=r.name_bn,
            kind=r.kind,
            status=r.status,
            observance=r.observance,
            source_note=r.source_note,
            calendar=None if r.calendar_id is None else calendar.name,
        )
        for r in rows
    )


def spec_from_row(session: Session, row: BusinessCalendar) -> CalendarSpec:
    return build_spec(definition_from_row(session, row), holidays_for(session, row))
