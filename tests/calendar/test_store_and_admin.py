"""Calendars in the database: idempotent loading, team calendars, cache invalidation, admin services."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from backend.calendar import admin
from backend.calendar.business_time import add_business_minutes, closure_reason, is_open
from backend.calendar.loader import load_shipped_calendars
from backend.calendar.shipped import shipped_spec
from backend.calendar.store import calendar_by_name, calendar_for_team
from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, ValidationFailed
from backend.models import AuditEvent, BusinessCalendar, CalendarHoliday
from backend.services.organisation import ensure_organisation
from tests.support.factories import make_team

DHAKA = ZoneInfo("Asia/Dhaka")
ADMIN = Actor.agent("00000000-0000-0000-0000-000000000001")


def load() -> int:
    with transaction(Actor.system()) as tx:
        return load_shipped_calendars(tx, ensure_organisation(tx).id)


def audit_actions() -> list[str]:
    with read_session() as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.created_at))))


def holiday_on(day: date) -> CalendarHoliday:
    with read_session() as session:
        row = session.exec(select(CalendarHoliday).where(CalendarHoliday.start_date == day)).first()
    assert row is not None
    return row


def test_loading_twice_adds_nothing_and_equals_the_shipped_files() -> None:
    assert load() > 40
    assert load() == 0
    with read_session() as session:
        assert session.exec(select(BusinessCalendar.name).where(col(BusinessCalendar.is_default))).all() == [
            "default"
        ]
        for name in ("default", "payments"):
            stored = calendar_by_name(session, name)
            shipped = shipped_spec(name)
            for year in (2026, 2027, 2028):
                assert {d: h.name_en for d, h in stored.holiday_days(year).items()} == {
                    d: h.name_en for d, h in shipped.holiday_days(year).items()
                }
            assert stored.weekly_hours == shipped.weekly_hours
            assert stored.hour_ranges == shipped.hour_ranges
            assert stored.jumuah_break == shipped.jumuah_break


def test_a_removed_shipped_holiday_stays_removed_after_reloading() -> None:
    load()
    christmas = holiday_on(date(2026, 12, 25))
    with transaction(ADMIN) as tx:
        admin.remove_holiday(tx, holiday_id=christmas.id)
    assert load() == 0
    with read_session() as session:
        assert date(2026, 12, 25) not in calendar_by_name(session, "default").holiday_days(2026)


def test_team_calendar_falls_back_to_the_default() -> None:
    load()
    payments, general = make_team(slug="payments", name="Payments"), make_team(slug="general")
    with transaction(ADMIN) as tx:
        admin.assign_team_calendar(tx, team_id=payments.id, calendar_name="payments")
    with read_session() as session:
        assert calendar_for_team(session, payments.id).name == "payments"
        assert calendar_for_team(session, general.id).name == "default"
        assert calendar_for_team(session, None).name == "default"
    with transaction(ADMIN) as tx:
        admin.assign_team_calendar(tx, team_id=payments.id, calendar_name=None)
    with read_session() as session:
        assert calendar_for_team(session, payments.id).name == "default"
        with pytest.raises(NotFound) as missing:
            calendar_by_name(session, "nope")
    assert missing.value.code == "calendar_not_found"
    assert "nope" in missing.value.message("bn") and "nope" in missing.value.message("en")


def test_an_admin_write_invalidates_the_cached_calendar() -> None:
    load()
    monday_evening = datetime(2026, 4, 6, 21, 0, tzinfo=DHAKA)
    with read_session() as session:
        before = calendar_by_name(session, "default")
        assert calendar_by_name(session, "default") is before  # cached
    assert not is_open(before, monday_evening)
    hours = {day: "10:00-22:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    with transaction(ADMIN) as tx:
        admin.update_weekly_hours(tx, calendar_name="default", hours=hours)
    with read_session() as session:
        after = calendar_by_name(session, "default")
    assert after is not before and is_open(after, monday_evening)
    assert "calendar.hours_updated" in audit_actions()


def test_confirm_move_add_holidays_change_business_time() -> None:
    load()
    eid_2027 = holiday_on(date(2027, 3, 10))
    assert eid_2027.status == "estimated"
    with transaction(ADMIN) as tx:
        admin.move_holiday(tx, holiday_id=eid_2027.id, start=date(2027, 3, 9), confirm=True)
    with transaction(ADMIN) as tx:
        added = admin.add_holiday(
            tx, start=date(2027, 4, 1), name_en="Office move", name_bn="অফিস স্থানান্তর", calendar_name="payments"
        )
    with read_session() as session:
        default = calendar_by_name(session, "default")
        payments = calendar_by_name(session, "payments")
    moved = default.holiday_on(date(2027, 3, 9))
    assert moved is not None and moved.status == "confirmed" and default.holiday_on(date(2027, 3, 10)) is None
    closure = closure_reason(payments, datetime(2027, 4, 1, 11, 0, tzinfo=DHAKA))
    assert closure is not None and closure.name_bn == "অফিস স্থানান্তর"
    assert is_open(default, datetime(2027, 4, 1, 11, 0, tzinfo=DHAKA))  # only the payments calendar
    with transaction(ADMIN) as tx:
        admin.confirm_holiday(tx, holiday_id=holiday_on(date(2027, 5, 17)).id)
    assert holiday_on(date(2027, 5, 17)).status == "confirmed"
    actions = audit_actions()
    for action in ("calendar.holiday_moved", "calendar.holiday_added", "calendar.holiday_confirmed"):
        assert action in actions
    assert added.source_note == "added by an admin"


def test_hour_ranges_and_the_jumuah_break_are_data() -> None:
    load()
    with transaction(ADMIN) as tx:
        admin.set_jumuah_break(tx, calendar_name="default", interval="13:00-14:00")
        short = admin.add_hour_range(
            tx,
            calendar_name="default",
            start=date(2027, 2, 8),
            end=date(2027, 3, 9),
            name_en="Ramadan hours",
            name_bn="রমজানের সময়সূচি",
            hours={day: "10:00-15:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        )
    with read_session() as session:
        spec = calendar_by_name(session, "default")
    assert spec.jumuah_break == (780, 840)
    start = datetime(2027, 2, 15, 14, 30, tzinfo=DHAKA)  # Monday in the new range
    assert add_business_minutes(spec, start, 60).astimezone(DHAKA) == datetime(
        2027, 2, 16, 10, 30, tzinfo=DHAKA
    )
    with transaction(ADMIN) as tx:
        admin.remove_hour_range(tx, range_id=short.id)
    with read_session() as session:
        spec = calendar_by_name(session, "default")
    assert add_business_minutes(spec, start, 60).astimezone(DHAKA) == datetime(
        2027, 2, 15, 15, 30, tzinfo=DHAKA
    )
    assert {"calendar.jumuah_updated", "calendar.range_added", "calendar.range_removed"} <= set(
        audit_actions()
    )


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (
            lambda tx: admin.update_weekly_hours(tx, calendar_name="default", hours={"mon": "10-20"}),
            "calendar_hours_invalid",
        ),
        (
            lambda tx: admin.update_weekly_hours(
                tx,
                calendar_name="default",
                hours={d: "20:00-10:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
            ),
            "calendar_hours_invalid",
        ),
        (
            lambda tx: admin.set_jumuah_break(tx, calendar_name="default", interval="25:00-26:00"),
            "calendar_hours_invalid",
        ),
        (
            lambda tx: admin.add_holiday(
                tx, start=date(2027, 1, 5), end=date(2027, 1, 1), name_en="X", name_bn="এক্স"
            ),
            "holiday_invalid",
        ),
        (
            lambda tx: admin.add_holiday(tx, start=date(2027, 1, 5), name_en="X", name_bn=" "),
            "holiday_invalid",
        ),
        (
            lambda tx: admin.add_holiday(tx, start=date(2027, 1, 5), name_en="X", name_bn="এক্স", kind="bank"),
            "holiday_invalid",
        ),
        (lambda tx: admin.add_estimated_year(tx, year=2200), "calendar_year_invalid"),
        (lambda tx: admin.update_weekly_hours(tx, calendar_name="nope", hours={}), "calendar_not_found"),
    ],
)
def test_bad_input_is_refused_in_both_languages_and_nothing_is_written(call, code) -> None:  # type: ignore[no-untyped-def]
    load()
    audits_before = len(audit_actions())
    with pytest.raises((ValidationFailed, NotFound)) as refused, transaction(ADMIN) as tx:
        call(tx)
    assert refused.value.code == code
    assert refused.value.message("bn") != refused.value.message("en")
    assert len(audit_actions()) == audits_before
    with read_session() as session:
        assert calendar_by_name(session, "default").weekly_hours == shipped_spec("default").weekly_hours


def test_estimates_of_a_year_can_be_stored_once() -> None:
    load()
    with transaction(ADMIN) as tx:
        added = admin.add_estimated_year(tx, year=2028)
    with transaction(ADMIN) as tx:
        assert admin.add_estimated_year(tx, year=2028) == 0
    assert added >= 15
    with read_session() as session:
        assert len(admin.holidays_in_year(session, 2028)) == added


def test_the_demo_puts_the_payments_team_on_bank_hours() -> None:
    from backend.models import Team
    from backend.seed.demo import seed_demo

    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
    assert seed_demo()
    assert not seed_demo()  # a second run changes nothing
    with read_session() as session:
        teams = {t.slug: t.id for t in session.exec(select(Team))}
        assert calendar_for_team(session, teams["payments"]).name == "payments"
        assert calendar_for_team(session, teams["general"]).name == "default"


def test_pinned_calendars_read_the_token_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.calendar import store

    load()
    reads = []
    real = store._current_token
    monkeypatch.setattr(store, "_current_token", lambda: reads.append(1) or real())
    with read_session() as session, store.pinned_calendars():
        for _ in range(50):
            assert calendar_for_team(session, None).name == "default"
    assert len(reads) == 1
    with read_session() as session:
        calendar_for_team(session, None)
    assert len(reads) == 2


def test_a_calendar_only_holiday_does_not_hide_the_estimates_of_its_year() -> None:
    load()
    with transaction(ADMIN) as tx:
        admin.add_holiday(
            tx, start=date(2028, 1, 3), name_en="Stock count", name_bn="স্টক গণনা", calendar_name="payments"
        )
    with read_session() as session:
        days = calendar_by_name(session, "payments").holiday_days(2028)
    assert days[date(2028, 1, 3)].name_en == "Stock count"
    assert days[date(2028, 2, 27)].name_en == "Eid-ul-Fitr" and days[date(2028, 2, 27)].status == "estimated"
