"""The /admin/rules page state (admins: list, editor, order, activate, delete, dry run) and the
/admin/csat page state (supervisors and admins), detached from a browser."""

from __future__ import annotations

from sqlmodel import select

from app import routes
from backend.db import Actor, read_session, transaction
from backend.models import AutomationRule
from backend.services.feedback import submit_csat
from backend.services.tickets import change_status
from state.admin_csat import AdminCsatState
from state.admin_rules import AdminRulesState
from tests.automation.support import audits
from tests.support.factories import make_agent, make_customer, make_team, open_ticket
from tests.support.page_state import page_state, session_token

_page_state = page_state
_token = session_token


def test_pages_are_registered_with_their_guards() -> None:
    import app.pages  # noqa: F401
    from app.shell import PAGES
    from state.session import SessionState

    [rules] = [p for p in PAGES if p.route == routes.ADMIN_RULES == "/admin/rules"]
    assert rules.on_load[0] == SessionState.guard_admin
    [csat] = [p for p in PAGES if p.route == routes.ADMIN_CSAT == "/admin/csat"]
    assert csat.on_load[0] == SessionState.guard_agent
    rendered = str(rules.render())
    assert "rule-editor" in rendered and "dry-run-table" in rendered
    assert "/admin/rules" in str(next(p for p in PAGES if p.route == routes.ADMIN_AGENTS).render())
    assert "/admin/csat" in str(next(p for p in PAGES if p.route == routes.SUPERVISOR_BOARD).render())


def test_rules_page_refuses_strangers_and_non_admins() -> None:
    stranger = _page_state(AdminRulesState, "")
    assert "/agent/login" in str(AdminRulesState.load.fn(stranger))
    supervisor = _page_state(AdminRulesState, _token("supervisor"))
    assert "/forbidden" in str(AdminRulesState.load.fn(supervisor))
    assert "/forbidden" in str(AdminRulesState.save.fn(supervisor))


def test_admin_builds_a_rule_dry_runs_it_saves_orders_toggles_and_deletes() -> None:
    make_team(slug="payments", name="Payments")
    customer = make_customer()
    for channel in ("sms", "web", "sms"):
        open_ticket(customer, channel=channel)
    page = _page_state(AdminRulesState, _token("admin"))
    assert AdminRulesState.load.fn(page) is None and page.rules == []
    AdminRulesState.new_rule.fn(page)
    AdminRulesState.set_form.fn(page, "name", "SMS to payments")
    AdminRulesState.add_condition.fn(page)
    AdminRulesState.set_condition.fn(page, 0, "operator", "in")
    AdminRulesState.set_condition.fn(page, 0, "value", "sms, email")
    AdminRulesState.set_action.fn(page, 0, "type", "assign_team")
    AdminRulesState.set_action.fn(page, 0, "param", "payments")
    AdminRulesState.run_dry.fn(page)
    assert page.error == "" and page.dry_matched == "2 / 3"
    assert [r["matched"] for r in page.dry_rows] == ["1", "", "1"]
    with read_session() as session:
        assert session.exec(select(AutomationRule)).all() == []  # the dry run saved nothing
    AdminRulesState.save.fn(page)
    assert page.notice == "saved" and [r["name"] for r in page.rules] == ["SMS to payments"]
    assert "চ্যানেল" in page.rules[0]["summary"]  # the summary in the reader's language (bn)

    AdminRulesState.new_rule.fn(page)
    AdminRulesState.set_form.fn(page, "name", "Tag everything")
    AdminRulesState.set_action.fn(page, 0, "param", "seen")
    AdminRulesState.save.fn(page)
    second_id = page.rules[1]["id"]
    AdminRulesState.move.fn(page, second_id, "up")
    assert [r["name"] for r in page.rules] == ["Tag everything", "SMS to payments"]
    AdminRulesState.toggle.fn(page, second_id, False)
    assert page.rules[0]["active"] == ""
    AdminRulesState.delete.fn(page, second_id)
    assert [r["name"] for r in page.rules] == ["SMS to payments"]
    assert [a.data["name"] for a in audits("automation.rule_deleted")] == ["Tag everything"]


def test_an_operator_outside_the_allow_list_is_refused_in_the_readers_language() -> None:
    page = _page_state(AdminRulesState, _token("admin"))
    page.locale = "en"
    AdminRulesState.new_rule.fn(page)
    AdminRulesState.set_form.fn(page, "name", "bad")
    AdminRulesState.add_condition.fn(page)
    AdminRulesState.set_condition.fn(page, 0, "operator", "contains")
    AdminRulesState.save.fn(page)
    assert page.error.startswith('The condition "channel" does not take "contains"')
    assert page.rules == []


def test_csat_page_for_supervisors_with_figures_in_bengali_digits() -> None:
    assert "/forbidden" in str(AdminCsatState.load.fn(_page_state(AdminCsatState, _token("agent"))))
    team = make_team(slug="care", name="Care")
    agent = make_agent(name="Rina", team_ids=[team.id])
    customer = make_customer()
    opened = open_ticket(customer)
    with transaction(Actor.agent(agent.id)) as tx:
        ticket = change_status(tx, ticket_id=opened.ticket.id, status="resolved")
        ticket.assignee_id, ticket.team_id = agent.id, team.id
    with transaction(Actor.customer(customer.id)) as tx:
        submit_csat(tx, customer_id=customer.id, ticket_id=opened.ticket.id, score=4)
    page = _page_state(AdminCsatState, _token("supervisor"))
    assert AdminCsatState.load.fn(page) is None
    assert [(r["name"], r["answers"], r["average"], r["satisfied"]) for r in page.by_agent] == [
        ("Rina", "১", "৪.০০", "১০০.০%")
    ]
    assert [r["name"] for r in page.by_team] == ["Care"]
