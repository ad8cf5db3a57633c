"""Admin and supervisors: business calendars (weekly hours, Jumu'ah break, holidays, hour ranges, teams)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import reflex as rx

from backend.calendar import admin as calendar_admin
from backend.calendar import overview
from backend.calendar.shipped import WEEKDAYS
from backend.db import Actor, read_session, transaction
from backend.errors import SebaError, ValidationFailed
from backend.models.enums import Role
from state.session import SessionState

DHAKA = ZoneInfo("Asia/Dhaka")


def _date(text: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise ValidationFailed("invalid_request", detail=f"{field}: YYYY-MM-DD") from None


class AdminCalendarState(SessionState):
    calendars: list[dict[str, str]] = []
    selected: str = "default"
    selected_is_default: bool = False
    hours: dict[str, str] = {}
    year: str = str(date.today().year)
    holidays: list[dict[str, str]] = []
    ranges: list[dict[str, str]] = []
    teams: list[dict[str, str]] = []
    prayers: list[dict[str, str]] = []  # today's prayer times in the division cities
    notice: str = ""  # a catalog key of the last success, shown in the reader's language
    revision: int = 0  # bumps after each write so the forms show fresh defaults

    def _refresh(self) -> None:
        with read_session() as session:
            self.calendars = overview.calendar_names(session)
            if self.calendars and self.selected not in {c["name"] for c in self.calendars}:
                self.selected = self.calendars[0]["name"]
            self.selected_is_default = any(
                c["name"] == self.selected and c["default"] for c in self.calendars
            )
            self.hours = overview.weekly_hours_text(session, self.selected)
            self.holidays = overview.holiday_rows(session, self.selected, int(self.year))
            self.ranges = overview.hour_range_rows(session, self.selected)
            self.teams = overview.team_rows(session)
        self.prayers = overview.prayer_rows(datetime.now(DHAKA).date())
        self.revision += 1

    def _write(self, done: str, action: Callable[..., Any]) -> Any:
        """Run one admin service in one transaction as the signed-in supervisor or admin."""
        self.error = self.notice = ""
        staff = self._agent(Role.supervisor)
        if staff is None:
            return self._turn_away()
        try:
            with transaction(Actor.agent(staff.id)) as tx:
                action(tx)
            self.notice = done
        except SebaError as exc:
            self._error(exc)
        self._refresh()
        return None

    @rx.event
    def load(self):
        self.error = self.notice = ""
        if self._agent(Role.supervisor) is None:
            return self._turn_away()
        self._refresh()
        return None

    @rx.event
    def choose(self, name: str):
        self.selected = name
        return self.load()

    @rx.event
    def choose_year(self, form: dict[str, Any]):
        year = str(form.get("year", "")).strip()
        if not year.isdigit() or not 1900 <= int(year) <= 2100:
            self._error(ValidationFailed("calendar_year_invalid", value=year))
            return None
        self.year = year
        return self.load()

    @rx.event
    def save_hours(self, form: dict[str, Any]):
        hours = {day: str(form.get(day, "")) for day in WEEKDAYS}

        def write(tx: Any) -> None:
            calendar_admin.update_weekly_hours(tx, calendar_name=self.selected, hours=hours)
            calendar_admin.set_jumuah_break(
                tx, calendar_name=self.selected, interval=str(form.get("jumuah", ""))
            )

        return self._write("cal_saved", write)

    @rx.event
    def make_default(self):
        return self._write(
            "cal_default_set", lambda tx: calendar_admin.set_default_calendar(tx, calendar_name=self.selected)
        )

    @rx.event
    def add_holiday(self, form: dict[str, Any]):
        def write(tx: Any) -> None:
            start = _date(form.get("start"), "start")
            end = _date(form.get("end"), "end") if str(form.get("end", "")).strip() else start
            calendar_admin.add_holiday(
                tx,
                start=start,
                end=end,
                name_en=str(form.get("name_en", "")),
                name_bn=str(form.get("name_bn", "")),
                kind=str(form.get("kind", "general")),
                status=str(form.get("status", "confirmed")),
                calendar_name=self.selected if form.get("scope") == "calendar" else None,
                source_note=str(form.get("source_note", "")),
            )

        return self._write("cal_holiday_added", write)

    @rx.event
    def confirm_holiday(self, holiday_id: str):
        return self._write(
            "cal_holiday_confirmed",
            lambda tx: calendar_admin.confirm_holiday(tx, holiday_id=uuid.UUID(holiday_id)),
        )

    @rx.event
    def move_holiday(self, form: dict[str, Any]):
        return self._write(
            "cal_holiday_moved",
            lambda tx: calendar_admin.move_holiday(
                tx, holiday_id=uuid.UUID(str(form["holiday_id"])), start=_date(form.get("start"), "start")
            ),
        )

    @rx.event
    def remove_holiday(self, holiday_id: str):
        return self._write(
            "cal_holiday_removed",
            lambda tx: calendar_admin.remove_holiday(tx, holiday_id=uuid.UUID(holiday_id)),
        )

    @rx.event
    def add_estimates(self):
        return self._write(
            "cal_estimates_added", lambda tx: calendar_admin.add_estimated_year(tx, year=int(self.year))
        )

    @rx.event
    def add_range(self, form: dict[str, Any]):
        every_day = str(form.get("hours", ""))
        return self._write(
            "cal_range_added",
            lambda tx: calendar_admin.add_hour_range(
                tx,
                calendar_name=self.selected,
                start=_date(form.get("start"), "start"),
                end=_date(form.get("end"), "end"),
                name_en=str(form.get("name_en", "")),
                name_bn=str(form.get("name_bn", "")),
                hours=dict.fromkeys(WEEKDAYS, every_day),
            ),
        )

    @rx.event
    def move_range(self, form: dict[str, Any]):
        return self._write(
            "cal_range_moved",
            lambda tx: calendar_admin.move_hour_range(
                tx,
                range_id=uuid.UUID(str(form["range_id"])),
                start=_date(form.get("start"), "start"),
                end=_date(form.get("end"), "end"),
            ),
        )

    @rx.event
    def remove_range(self, range_id: str):
        return self._write(
            "cal_range_removed", lambda tx: calendar_admin.remove_hour_range(tx, range_id=uuid.UUID(range_id))
        )

    @rx.event
    def assign_team(self, team_id: str, calendar_name: str):
        return self._write(
            "cal_team_assigned",
            lambda tx: calendar_admin.assign_team_calendar(
                tx, team_id=uuid.UUID(team_id), calendar_name=calendar_name or None
            ),
        )
