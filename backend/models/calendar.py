"""Business calendars: weekly hours, holidays (estimated or confirmed), ranges of other hours, team links."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class BusinessCalendar(SQLModel, table=True):
    """A calendar: its weekly hours as {"mon": [[600, 1200]], ...} (local minutes), which holiday kinds
    close it, and the Friday Jumu'ah break; one per organisation is the default."""

    __tablename__ = "business_calendar"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    organisation_id: uuid.UUID = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=60, unique=True)
    title_en: str = Field(max_length=200)
    title_bn: str = Field(max_length=200)
    timezone: str = Field(default="Asia/Dhaka", max_length=60)
    is_default: bool = Field(default=False)
    weekly_hours: dict[str, list[list[int]]] = Field(
        default_factory=dict, sa_column=json_column(default=dict)
    )
    closed_kinds: list[str] = Field(default_factory=list, sa_column=json_column(default=list))
    jumuah_start_minute: int | None = Field(default=None)
    jumuah_end_minute: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class CalendarTeam(SQLModel, table=True):
    """A team's calendar (a team without a row uses the organisation's default calendar)."""

    __tablename__ = "calendar_team"

    team_id: uuid.UUID = Field(foreign_key="team.id", primary_key=True)
    calendar_id: uuid.UUID = Field(foreign_key="business_calendar.id", index=True)


class CalendarHoliday(SQLModel, table=True):
    """A holiday on a date or an inclusive date range; national (no calendar) or one calendar's own.

    `seed_key` marks rows loaded from the shipped data so a reload never duplicates them; `removed_at`
    keeps an admin's removal (a reload does not bring a removed holiday back)."""

    __tablename__ = "calendar_holiday"
    __table_args__ = (sa.Index("ix_calendar_holiday_dates", "start_date", "end_date"),)

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    calendar_id: uuid.UUID | None = Field(default=None, foreign_key="business_calendar.id", index=True)
    start_date: date
    end_date: date
    name_en: str = Field(max_length=200)
    name_bn: str = Field(max_length=200)
    kind: str = Field(default="general", max_length=20)  # general | executive | optional
    status: str = Field(default="estimated", max_length=20)  # estimated | confirmed
    observance: str = Field(default="", max_length=60)
    source_note: str = Field(default="", sa_type=sa.Text)
    seed_key: str | None = Field(default=None, max_length=120, unique=True)
    removed_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class CalendarHourRange(SQLModel, table=True):
    """Dates (inclusive) on which a calendar keeps other weekly hours, e.g. Ramadan."""

    __tablename__ = "calendar_hour_range"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    calendar_id: uuid.UUID = Field(foreign_key="business_calendar.id", index=True)
    start_date: date
    end_date: date
    name_en: str = Field(max_length=200)
    name_bn: str = Field(max_length=200)
    weekly_hours: dict[str, list[list[int]]] = Field(
        default_factory=dict, sa_column=json_column(default=dict)
    )
    seed_key: str | None = Field(default=None, max_length=120, unique=True)
    removed_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
