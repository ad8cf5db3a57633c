"""The SLA clocks on the agent ticket page and the /admin/sla page's Reflex state."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from app import routes
from backend.db import Actor, read_session, transaction
from backend.i18n.formatting import format_datetime
from backend.models import AuditEvent, SlaPolicy
from backend.models.base import utcnow
from state.admin_sla import AdminSlaState
from state.sla_clocks import clock_rows, duration_text
from tests.sla.conftest import restart_clocks_at, timers
from tests.sla.test_checks import _set_clock
from tests.support import factories
from tests.support.page_state import page_state, session_token


def test_the_ticket_page_shows_each_clock_in_dhaka_time_remaining_overdue_or_paused() -> None:
    customer = factories.make_customer()
    ticket = factories.open_ticket(customer).ticket
    restart_clocks_at(ticket.id, utcnow())
    _set_clock(ticket.id, "first_response", due_at=utcnow() - timedelta(minutes=5), warn_at=None)
    with read_session() as session:
        bn = {row["metric"]: row for row in clock_rows(session, ticket.id, None, "bn")}
        en = {row["metric"]: row for row in clock_rows(session, ticket.id, None, "en")}
    first = timers(ticket.id)["first_response"]
    assert bn["first_response"]["due"] == format_datetime(first.due_at, "bn")  # Dhaka time, Bengali digits
    assert en["first_response"]["due"] == format_datetime(first.due_at, "en")
    assert (en["first_response"]["tone"], en["first_response"]["overdue"]) == ("overdue", "1")
    assert en["resolution"]["tone"] == "ok" and en["resolution"]["remaining"].endswith("min")
    assert "মিনিট" in bn["resolution"]["remaining"]
    from backend.models import Ticket
    from backend.sla import timers as sla_timers

    with transaction(Actor.system()) as tx:
        row = tx.session.get(Ticket, ticket.id, with_for_update=True)
        sla_timers.status_changed(tx, row, "new", "pending")
    with read_session() as session:
        paused = {row["metric"]: row for row in clock_rows(session, ticket.id, None, "en")}
    assert paused["resolution"]["state"] == "paused" and paused["resolution"]["due"] == ""
    assert paused["resolution"]["remaining"] == duration_text(
        timers(ticket.id)["resolution"].target_minutes, "en"
    )


def test_duration_text_in_both_languages() -> None:
    assert duration_text(125, "en") == "2 h 5 min"
    assert duration_text(-40, "en") == "40 min"
    assert duration_text(125, "bn") == "২ ঘণ্টা ৫ মিনিট"


def test_the_admin_page_is_registered_behind_the_admin_guard() -> None:
    import app.pages  # noqa: F401
    from app.shell import PAGES
    from state.session import SessionState

    [spec] = [p for p in PAGES if p.route == routes.ADMIN_SLA == "/admin/sla"]
    assert spec.on_load[0] == SessionState.guard_admin
    assert "sla-policies-table" in str(spec.render())


def _page_state(token: str) -> AdminSlaState:
    return page_state(AdminSlaState, token)


_token = session_token


def test_admins_list_create_edit_reorder_and_deactivate_policies_with_audit() -> None:
    assert "/agent/login" in str(AdminSlaState.load.fn(_page_state("")))
    assert "/forbidden" in str(AdminSlaState.load.fn(_page_state(_token("supervisor"))))
    admin = _page_state(_token("admin"))
    admin.locale = "en"
    assert AdminSlaState.load.fn(admin) is None
    assert admin.policies[-1]["default"] == "1" and len(admin.policies) == 7
    form = {
        "name": "VIP by SMS",
        "name_bn": "ভিআইপি এসএমএস",
        "channels": "sms",
        "tiers": "vip",
        "first_response_minutes": "১৫",  # Bengali digits are read too
        "clock": "business",
        "warn_percent": "75",
        "action_notify_supervisors": "on",
        "action_reassign": "on",
    }
    AdminSlaState.save.fn(admin, form)
    assert admin.error == "" and admin.notice == "saved"
    with read_session() as session:
        created = session.exec(select(SlaPolicy).where(SlaPolicy.name == "VIP by SMS")).one()
    assert (created.first_response_minutes, created.breach_actions) == (
        15,
        ["notify_supervisors", "reassign"],
    )
    assert admin.policies[0]["name"] == "VIP by SMS"  # two conditions: tried first
    AdminSlaState.edit.fn(admin, str(created.id))
    assert admin.form["tiers"] == "vip" and admin.form["action_reassign"] == "1"
    AdminSlaState.save.fn(admin, {**form, "first_response_minutes": "20", "channels": "sms, whatsapp"})
    with read_session() as session:
        edited = session.get(SlaPolicy, created.id)
    assert edited is not None and (edited.first_response_minutes, edited.channels) == (
        20,
        ["sms", "whatsapp"],
    )
    AdminSlaState.save.fn(admin, {**form, "priorities": "asap"})
    assert "priorities" in admin.error and admin.notice == ""
    default_id = next(p["id"] for p in admin.policies if p["default"])
    AdminSlaState.set_active.fn(admin, default_id, False)
    assert admin.error == "The default policy cannot be deactivated; a default policy always exists."
    AdminSlaState.set_active.fn(admin, str(created.id), False)
    AdminSlaState.move.fn(admin, str(created.id), 1)
    with read_session() as session:
        actions = [
            a.action for a in session.exec(select(AuditEvent).where(AuditEvent.subject_id == str(created.id)))
        ]
    assert sorted(actions) == sorted(
        ["sla_policy.created", "sla_policy.updated", "sla_policy.deactivated", "sla_policy.reordered"]
    )
