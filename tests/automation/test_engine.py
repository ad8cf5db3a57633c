"""The engine: each condition and action, ordering and stop_processing, audit rows naming the rule,
loop protection (two rules that would trigger each other stop at depth 1) and the hourly cap."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from backend.automation.conditions import condition_holds, facts_for
from backend.automation.engine import run_rules
from backend.automation.schema import Condition
from backend.db import Actor, read_session, transaction
from backend.models import AgentNotification, AutomationExecution, Customer, Message, Ticket
from backend.models.enums import AuthorType, MessageDirection
from backend.services import canned as canned_service
from backend.services import ticket_ops
from backend.services.messages import post_customer_message
from tests.automation.support import audits, executions, make_rule, ticket
from tests.support.factories import make_agent, make_customer, make_team, open_ticket
from tests.support.jobs import run_queued_jobs

# By the shipped default calendar: Sunday 6 December 2026, 11:00 in Dhaka (open); 02:00 that night
# (closed); 16 December 11:00 (Victory Day, a holiday).
SUNDAY_OPEN = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
NIGHT = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
VICTORY_DAY = datetime(2026, 12, 16, 5, 0, tzinfo=UTC)


def _holds(
    field: str, operator: str, value: object, t: Ticket, *, tier: str = "standard", at: datetime = SUNDAY_OPEN
) -> bool:
    condition = Condition(field=field, operator=operator, value=value)  # type: ignore[arg-type]
    with read_session() as session:
        return condition_holds(condition, facts_for(session, t, tier, "bn", at=at))


def test_each_condition_on_ticket_facts() -> None:
    t = Ticket(
        organisation_id=uuid.uuid4(),
        number=1,
        subject="s",
        customer_id=uuid.uuid4(),
        inbox_id=uuid.uuid4(),
        channel="sms",
        priority="high",
        intent="request_refund",
        language="bn",
        sentiment="negative",
        tags=["vip", "refund"],
        status="open",
    )
    assert _holds("channel", "is", "sms", t) and not _holds("channel", "in", ["web", "email"], t)
    assert _holds("intent", "is", "request_refund", t) and not _holds("intent", "is_not_set", None, t)
    assert _holds("language", "is", "bn", t) and _holds("sentiment", "is", "negative", t)
    assert _holds("priority", "at_least", "high", t) and not _holds("priority", "at_least", "urgent", t)
    assert _holds("priority", "at_most", "high", t) and not _holds("priority", "is_not", "high", t)
    assert _holds("tags", "any", ["vip", "x"], t) and _holds("tags", "all", ["vip", "refund"], t)
    assert not _holds("tags", "all", ["vip", "x"], t) and _holds("tags", "none", ["spam"], t)
    assert _holds("customer_tier", "is", "vip", t, tier="vip") and not _holds("customer_tier", "is", "vip", t)
    assert _holds("status", "not_in", ["resolved", "closed"], t)
    assert _holds("business_hours", "is", "open", t, at=SUNDAY_OPEN)
    assert _holds("business_hours", "is", "closed", t, at=NIGHT)
    assert _holds("holiday", "is", "yes", t, at=VICTORY_DAY) and _holds(
        "holiday", "is", "no", t, at=SUNDAY_OPEN
    )
    t.sentiment = None
    assert _holds("sentiment", "is_not_set", None, t)


def test_ticket_created_rule_runs_through_the_listener_and_is_audited_with_its_name() -> None:
    team = make_team(slug="payments", name="Payments")
    rule = make_rule(
        name="Refunds to payments",
        conditions=[{"field": "channel", "operator": "is", "value": "web"}],
        actions=[
            {"type": "assign_team", "team": "payments"},
            {"type": "set_priority", "priority": "high"},
            {"type": "add_tag", "tag": "Refund Request"},
        ],
    )
    opened = open_ticket(make_customer())
    run_queued_jobs()
    t = ticket(opened.ticket.id)
    assert (t.team_id, t.priority, t.tags) == (team.id, "high", ["refund-request"])
    rows = audits("automation.action", opened.ticket.id)
    assert [(r.data["rule"], r.data["action"], r.data["outcome"]) for r in rows] == [
        ("Refunds to payments", "assign_team", "done"),
        ("Refunds to payments", "set_priority", "done"),
        ("Refunds to payments", "add_tag", "done"),
    ]
    assert {r.actor_id for r in rows} == {f"rule:{rule.id}"} and rows[0].data["rule_id"] == str(rule.id)
    # The job running again (a retry) changes nothing: one run per rule and event.
    assert (
        run_rules("ticket_created", opened.ticket.id, event_key=f"created:{opened.ticket.id}")[0].status
        == "already"
    )
    assert len(executions(opened.ticket.id)) == 1


def test_rules_run_in_position_order_and_stop_processing_stops_later_ones() -> None:
    make_rule(name="one", actions=[{"type": "add_tag", "tag": "one"}])
    make_rule(name="two", actions=[{"type": "set_priority", "priority": "urgent"}], stop_processing=True)
    make_rule(name="three", actions=[{"type": "add_tag", "tag": "three"}])
    opened = open_ticket(make_customer())
    outcomes = run_rules("ticket_created", opened.ticket.id, event_key="k1")
    assert [(o.rule_name, o.status) for o in outcomes] == [("one", "ran"), ("two", "ran")]
    t = ticket(opened.ticket.id)
    assert t.tags == ["one"] and t.priority == "urgent"


def test_a_rule_that_does_not_match_does_not_stop_the_others() -> None:
    make_rule(
        name="sms only",
        conditions=[{"field": "channel", "operator": "is", "value": "sms"}],
        stop_processing=True,
    )
    make_rule(name="all", actions=[{"type": "add_tag", "tag": "seen"}])
    opened = open_ticket(make_customer())
    assert [o.rule_name for o in run_rules("ticket_created", opened.ticket.id, event_key="k")] == ["all"]


def test_two_rules_that_would_trigger_each_other_stop_at_depth_one(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="backend.listeners.automation")
    make_rule(
        name="raise",
        trigger="ticket_updated",
        conditions=[{"field": "priority", "operator": "is", "value": "normal"}],
        actions=[{"type": "set_priority", "priority": "high"}],
    )
    make_rule(
        name="lower",
        trigger="ticket_updated",
        conditions=[{"field": "priority", "operator": "is", "value": "high"}],
        actions=[{"type": "set_priority", "priority": "normal"}],
    )
    opened = open_ticket(make_customer())
    run_queued_jobs()
    with transaction(Actor.system()) as tx:
        ticket_ops.add_tags(tx, ticket_id=opened.ticket.id, tags=["start"])
    for _ in range(5):
        if run_queued_jobs() == 0:
            break
    assert run_queued_jobs() == 0  # the ping-pong ended by itself
    runs = executions(opened.ticket.id)
    # The outside event: both rules run in order (each sees the other's change). Each of their two
    # changes re-triggers the rules once (depth 1); the changes made there trigger nothing.
    assert sorted((r.depth, r.rule_name) for r in runs) == [
        (0, "lower"),
        (0, "raise"),
        (1, "lower"),
        (1, "lower"),
        (1, "raise"),
        (1, "raise"),
    ]
    assert "automation not re-triggered: depth limit" in caplog.text


def test_rate_cap_per_ticket_per_hour_logs_and_audits_once(caplog: pytest.LogCaptureFixture) -> None:
    make_rule(
        name="chatty",
        trigger="message_received",
        actions=[
            {"type": "add_tag", "tag": "a"},
            {"type": "add_tag", "tag": "b"},
            {"type": "add_tag", "tag": "c"},
        ],
    )
    opened = open_ticket(make_customer())
    statuses = [
        run_rules("message_received", opened.ticket.id, event_key=f"message:{i}")[0].status for i in range(8)
    ]
    assert statuses == ["ran"] * 6 + ["capped", "capped"]  # 6 x 3 = 18; a 7th would make 21 > 20
    assert len(audits("automation.rate_capped", opened.ticket.id)) == 1
    assert "automation rate cap reached" in caplog.text


def test_message_received_canned_reply_in_the_customers_language_through_the_reply_path() -> None:
    with transaction(Actor.system()) as tx:
        canned_service.create_canned(
            tx,
            shortcut="got-it",
            title="Got it",
            body_bn="ধন্যবাদ, টিকিট {ticket_number} পেয়েছি।",
            body_en="Thanks, we have ticket {ticket_number}.",
        )
    make_rule(name="ack", trigger="message_received", actions=[{"type": "send_canned", "canned": "got-it"}])
    customer = make_customer(locale="en")
    opened = open_ticket(customer)
    with transaction(Actor.customer(customer.id)) as tx:
        post_customer_message(tx, customer_id=customer.id, ticket_id=opened.ticket.id, body="any news?")
    run_queued_jobs()
    with read_session() as session:
        sent = session.exec(
            select(Message).where(
                Message.ticket_id == opened.ticket.id, Message.direction == MessageDirection.outbound
            )
        ).all()
    assert [(m.body, m.author_type, m.channel) for m in sent] == [
        (f"Thanks, we have ticket #{opened.ticket.number}.", AuthorType.bot, "web")
    ]
    assert ticket(opened.ticket.id).first_response_at is None  # automation is not a first response


def test_escalate_raises_priority_and_notifies_the_teams_supervisors(redis_client) -> None:  # type: ignore[no-untyped-def]
    from backend.realtime import CONSOLE_CHANNEL

    consoles = redis_client.pubsub(ignore_subscribe_messages=True)
    consoles.subscribe(CONSOLE_CHANNEL)
    team = make_team(slug="care", name="Care")
    boss = make_agent(role="supervisor", team_ids=[team.id], email="boss@seba.test")
    make_agent(role="supervisor", email="other@seba.test")  # another team's: not notified
    make_rule(
        name="angry VIP",
        conditions=[{"field": "customer_tier", "operator": "is", "value": "vip"}],
        actions=[{"type": "assign_team", "team": "care"}, {"type": "escalate"}],
    )
    customer = make_customer()
    with transaction(Actor.system()) as tx:
        tx.session.get(Customer, customer.id).tier = "vip"  # type: ignore[union-attr]
    opened = open_ticket(customer)
    run_rules("ticket_created", opened.ticket.id, event_key="e")
    assert ticket(opened.ticket.id).priority == "high"
    with read_session() as session:
        notes = session.exec(select(AgentNotification)).all()
    assert [(n.agent_id, n.kind, n.data["rule"]) for n in notes] == [(boss.id, "escalation", "angry VIP")]
    heard = []
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        event = consoles.get_message(timeout=0.2)  # None for the subscription's own confirmation too
        if event is not None:
            heard.append(json.loads(event["data"]))
    assert {
        "kind": "agent.notified",
        "agent_id": str(boss.id),
        "ticket_id": str(opened.ticket.id),
        "notification": "escalation",
    } in heard


def test_assign_agent_and_a_failing_action_rolls_back_the_whole_rule() -> None:
    team = make_team(slug="care", name="Care")
    agent = make_agent(team_ids=[team.id], email="rina@seba.test")
    make_rule(name="to rina", actions=[{"type": "assign_agent", "agent": "rina@seba.test"}])
    opened = open_ticket(make_customer())
    run_rules("ticket_created", opened.ticket.id, event_key="a")
    assert ticket(opened.ticket.id).assignee_id == agent.id
    broken = make_rule(
        name="broken", actions=[{"type": "add_tag", "tag": "first"}, {"type": "assign_team", "team": "care"}]
    )
    with transaction(Actor.system()) as tx:
        rule = tx.session.get(type(broken), broken.id)
        rule.actions = [{"type": "add_tag", "tag": "first"}, {"type": "assign_team", "team": "gone"}]  # type: ignore[union-attr]
    second = open_ticket(make_customer())
    outcomes = run_rules("ticket_created", second.ticket.id, event_key="b")
    assert [(o.rule_name, o.status) for o in outcomes][-1] == ("broken", "failed")
    assert "first" not in ticket(second.ticket.id).tags
    assert audits("automation.failed", second.ticket.id)[0].data["rule"] == "broken"
    with read_session() as session:
        assert (
            session.exec(select(AutomationExecution).where(AutomationExecution.rule_id == broken.id)).all()
            == []
        )


def test_sla_breach_event_runs_its_rules_once_per_clock_and_due_time() -> None:
    from backend.events import SlaBreached, SlaWarning, dispatch

    make_rule(name="breach: escalate", trigger="sla_breach", actions=[{"type": "escalate"}])
    make_rule(name="warning: tag", trigger="sla_warning", actions=[{"type": "add_tag", "tag": "sla-soon"}])
    opened = open_ticket(make_customer())
    due = SUNDAY_OPEN
    dispatch([SlaWarning(opened.ticket.id, "first_response", due)])
    dispatch([SlaBreached(opened.ticket.id, "first_response", due)])
    dispatch([SlaBreached(opened.ticket.id, "first_response", due)])  # the same breach again
    run_queued_jobs()
    t = ticket(opened.ticket.id)
    assert t.tags == ["sla-soon"] and t.priority == "high"  # raised once, not twice
    assert sorted(r.rule_name for r in executions(opened.ticket.id)) == ["breach: escalate", "warning: tag"]


def test_send_survey_action_on_a_resolved_ticket_once_and_skipped_on_an_open_one() -> None:
    from backend.models import CsatSurvey
    from backend.services.tickets import change_status

    make_rule(
        name="survey on update",
        trigger="ticket_updated",
        conditions=[{"field": "tags", "operator": "any", "value": ["ask-feedback"]}],
        actions=[{"type": "send_survey"}],
    )
    open_one = open_ticket(make_customer())
    outcome = run_rules("ticket_updated", open_one.ticket.id, event_key="u0")  # no tag: no match
    assert outcome == []
    with transaction(Actor.system()) as tx:
        ticket_ops.add_tags(tx, ticket_id=open_one.ticket.id, tags=["ask-feedback"])
    [skipped] = run_rules("ticket_updated", open_one.ticket.id, event_key="u1")
    assert skipped.results[0]["outcome"] == "skipped"
    with transaction(Actor.system()) as tx:
        change_status(tx, ticket_id=open_one.ticket.id, status="resolved")
    [sent] = run_rules("ticket_updated", open_one.ticket.id, event_key="u2")
    assert (sent.results[0]["outcome"], sent.results[0]["channel"]) == ("done", "in_app")
    [again] = run_rules("ticket_updated", open_one.ticket.id, event_key="u3")
    assert again.results[0]["outcome"] == "unchanged"
    with read_session() as session:
        assert len(session.exec(select(CsatSurvey)).all()) == 1
    actions = [(a.data["action"], a.data["outcome"]) for a in audits("automation.action", open_one.ticket.id)]
    assert actions == [("send_survey", "skipped"), ("send_survey", "done"), ("send_survey", "unchanged")]
