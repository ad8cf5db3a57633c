"""The /admin/calendar page: registered for supervisors and admins; its state writes through the services."""

from __future__ import annotations

from sqlmodel import select

from app import routes
from backend.calendar.loader import load_shipped_calendars
from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent
from backend.services.organisation import ensure_organisation
from state.admin_calendar import AdminCalendarState
from tests.support.factories import make_team
from tests.support.page_state import page_state, session_token

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def calendar_page_state(token: str) -> AdminCalendarState:
    return page_state(AdminCalendarState, token)


token = session_token


def setup() -> None:
    with transaction(Actor.system()) as tx:
        load_shipped_calendars(tx, ensure_organisation(tx).id)


def test_the_page_is_registered_and_renders_in_both_languages() -> None:
    import app.pages  # noqa: F401  (registers every page)
    from app.shell import PAGES
    from components.i18n import UI

    [spec] = [p for p in PAGES if p.route == routes.ADMIN_CALENDAR == "/admin/calendar"]
    rendered = str(spec.render())
    assert "hours-form" in rendered and "holidays-table" in rendered and "prayers-table" in rendered
    for key, (bn, en) in UI.items():
        if key.startswith("cal_"):
            assert bn.strip() and en.strip() and bn != en


def test_strangers_and_agents_are_sent_away() -> None:
    setup()
    stranger = calendar_page_state("")
    assert "/agent/login" in str(AdminCalendarState.load.fn(stranger))
    agent = calendar_page_state(token("agent"))
    assert "/forbidden" in str(AdminCalendarState.load.fn(agent))
    assert "/forbidden" in str(AdminCalendarState.add_estimates.fn(agent))


def test_a_supervisor_edits_hours_and_holidays_through_the_services() -> None:
    setup()
    team = make_team(slug="payments", name="Payments")
    supervisor = calendar_page_state(token("supervisor"))
    assert AdminCalendarState.load.fn(supervisor) is None
    assert {c["name"] for c in supervisor.calendars} == {"default", "payments"}
    assert supervisor.hours["fri"] == "10:00-20:00" and supervisor.hours["jumuah"] == "12:30-14:30"
    assert len(supervisor.prayers) == 8 and supervisor.prayers[0]["city"] == "dhaka"

    AdminCalendarState.choose_year.fn(supervisor, {"year": "2027"})
    eid = next(h for h in supervisor.holidays if h["start"] == "2027-03-10")
    assert eid["status"] == "estimated"
    AdminCalendarState.move_holiday.fn(supervisor, {"holiday_id": eid["id"], "start": "2027-03-11"})
    assert supervisor.notice == "cal_holiday_moved" and supervisor.error == ""
    AdminCalendarState.confirm_holiday.fn(supervisor, eid["id"])
    moved = next(h for h in supervisor.holidays if h["id"] == eid["id"])
    assert moved["start"] == "2027-03-11" and moved["status"] == "confirmed"

    form = dict.fromkeys(WEEK, "10:00-18:00") | {"jumuah": "13:00-14:00"}
    AdminCalendarState.save_hours.fn(supervisor, form)
    assert supervisor.hours["mon"] == "10:00-18:00" and supervisor.hours["jumuah"] == "13:00-14:00"

    AdminCalendarState.assign_team.fn(supervisor, str(team.id), "payments")
    assert next(t for t in supervisor.teams if t["id"] == str(team.id))["calendar"] == "payments"

    AdminCalendarState.add_range.fn(
        supervisor,
        {
            "start": "2027-02-08",
            "end": "2027-03-09",
            "name_en": "Ramadan hours",
            "name_bn": "রমজান",
            "hours": "10:00-15:00",
        },
    )
    assert any(r["hours"] == "10:00-15:00" for r in supervisor.ranges)
    with read_session() as session:
        actions = set(session.exec(select(AuditEvent.action)))
    assert {"calendar.holiday_moved", "calendar.holiday_confirmed", "calendar.hours_updated"} <= actions
    assert {"calendar.team_assigned", "calendar.range_added"} <= actions


def test_bad_input_shows_a_message_in_the_readers_language_and_writes_nothing() -> None:
    setup()
    supervisor = calendar_page_state(token("supervisor"))
    AdminCalendarState.load.fn(supervisor)
    supervisor.locale = "bn"
    AdminCalendarState.save_hours.fn(supervisor, dict.fromkeys(WEEK, "দশটা থেকে"))
    assert "অফিস সময় সঠিক নয়" in supervisor.error and supervisor.notice == ""
    assert supervisor.hours["mon"] == "10:00-20:00"
    supervisor.locale = "en"
    AdminCalendarState.add_holiday.fn(supervisor, {"start": "soon", "name_en": "X", "name_bn": "এক্স"})
    assert "YYYY-MM-DD" in supervisor.error
    AdminCalendarState.choose_year.fn(supervisor, {"year": "3000"})
    assert "between 1900 and 2100" in supervisor.error
    with read_session() as session:
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.action.startswith("calendar.holiday"))).all()
            == []
        )  # type: ignore[attr-defined]


def test_one_default_calendar_at_a_time() -> None:
    setup()
    admin_state = calendar_page_state(token("admin"))
    AdminCalendarState.load.fn(admin_state)
    assert admin_state.selected == "default" and admin_state.selected_is_default
    AdminCalendarState.choose.fn(admin_state, "payments")
    assert not admin_state.selected_is_default
    AdminCalendarState.make_default.fn(admin_state)
    assert admin_state.notice == "cal_default_set" and admin_state.selected_is_default
    assert [c["name"] for c in admin_state.calendars if c["default"]] == ["payments"]
    with read_session() as session:
        from backend.calendar.store import calendar_for_team

        assert calendar_for_team(session, None).name == "payments"
