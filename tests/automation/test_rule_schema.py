"""Rules are data checked against allow-lists: unknown triggers, conditions, operators, values and
actions are refused with a bilingual error, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlmodel import select

from backend.automation.rules import create_rule, move_rule, set_rule_active, update_rule
from backend.automation.schema import parse_rule
from backend.db import Actor, read_session, transaction
from backend.errors import ValidationFailed
from backend.models import AutomationRule
from tests.automation.support import make_rule
from tests.support.factories import make_team

BASE = {"name": "r", "trigger": "ticket_created", "actions": [{"type": "add_tag", "tag": "x"}]}


def _refused(raw: dict) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        parse_rule(raw)
    error = caught.value
    assert error.message("bn") != error.message("en") and error.message("bn") != error.code
    return error


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"trigger": "ticket_deleted"}, "automation_trigger_unknown"),
        (
            {"conditions": [{"field": "shoe_size", "operator": "is", "value": "9"}]},
            "automation_condition_unknown",
        ),
        (
            {"conditions": [{"field": "priority", "operator": "contains", "value": "high"}]},
            "automation_operator_unknown",
        ),
        (
            {"conditions": [{"field": "tags", "operator": "is", "value": "vip"}]},
            "automation_operator_unknown",
        ),
        (
            {"conditions": [{"field": "priority", "operator": "is", "value": "extreme"}]},
            "automation_value_invalid",
        ),
        (
            {"conditions": [{"field": "channel", "operator": "in", "value": "sms"}]},
            "automation_value_invalid",
        ),
        (
            {"conditions": [{"field": "intent", "operator": "is", "value": "buy_a_car"}]},
            "automation_value_invalid",
        ),
        (
            {"conditions": [{"field": "business_hours", "operator": "is", "value": "maybe"}]},
            "automation_value_invalid",
        ),
        ({"actions": [{"type": "delete_ticket"}]}, "automation_action_unknown"),
        ({"actions": []}, "automation_actions_required"),
        ({"actions": [{"type": "set_priority", "priority": "extreme"}]}, "automation_rule_invalid"),
        ({"actions": [{"type": "add_tag", "tag": "x", "shell": "rm -rf /"}]}, "automation_rule_invalid"),
        ({"actions": [{"type": "close_after", "days": 0}]}, "automation_rule_invalid"),
        ({"trigger": "customer_silent"}, "automation_silent_hours_required"),
        ({"silent_hours": 4}, "automation_rule_invalid"),
        ({"match": "most"}, "automation_rule_invalid"),
    ],
)
def test_outside_the_allow_lists_is_refused(change: dict, code: str) -> None:
    assert _refused({**BASE, **change}).code == code


def test_every_allowed_condition_and_action_parses() -> None:
    spec = parse_rule(
        {
            "name": "  VIP   refunds ",
            "trigger": "customer_silent",
            "silent_hours": 48,
            "match": "any",
            "conditions": [
                {"field": "channel", "operator": "in", "value": ["sms", "web"]},
                {"field": "intent", "operator": "is", "value": "request_refund"},
                {"field": "language", "operator": "is_set"},
                {"field": "sentiment", "operator": "is", "value": "negative"},
                {"field": "priority", "operator": "at_least", "value": "high"},
                {"field": "tags", "operator": "none", "value": ["spam"]},
                {"field": "customer_tier", "operator": "is", "value": "vip"},
                {"field": "business_hours", "operator": "is", "value": "closed"},
                {"field": "holiday", "operator": "is", "value": "yes"},
                {"field": "status", "operator": "not_in", "value": ["closed"]},
            ],
            "actions": [
                {"type": "assign_team", "team": "payments"},
                {"type": "assign_agent", "agent": "a@seba.test"},
                {"type": "set_priority", "priority": "urgent"},
                {"type": "add_tag", "tag": "vip"},
                {"type": "send_canned", "canned": "refund-eta"},
                {"type": "send_survey"},
                {"type": "escalate"},
                {"type": "close_after", "days": 3},
            ],
            "stop_processing": True,
        }
    )
    assert spec.name == "VIP refunds" and len(spec.conditions) == 10 and len(spec.actions) == 8


def test_a_rule_naming_a_missing_team_or_a_taken_name_stores_nothing() -> None:
    with pytest.raises(ValidationFailed) as caught, transaction(Actor.system()) as tx:
        create_rule(tx, raw={**BASE, "actions": [{"type": "assign_team", "team": "nobody"}]})
    assert caught.value.code == "automation_reference_unknown"
    make_rule(name="Tag new")
    with pytest.raises(ValidationFailed) as caught, transaction(Actor.system()) as tx:
        create_rule(tx, raw={**BASE, "name": "tag NEW"})
    assert caught.value.code == "automation_rule_name_taken"
    with read_session() as session:
        assert [r.name for r in session.exec(select(AutomationRule)).all()] == ["Tag new"]


def test_positions_move_up_and_down_and_edits_keep_them() -> None:
    make_team(slug="payments", name="Payments")
    first, second, third = (make_rule(name=n) for n in ("first", "second", "third"))
    with transaction(Actor.system()) as tx:
        move_rule(tx, rule_id=third.id, direction="up")
    with transaction(Actor.system()) as tx:
        move_rule(tx, rule_id=first.id, direction="up")  # already at the top: nothing moves
        update_rule(
            tx,
            rule_id=second.id,
            raw={**BASE, "name": "second", "actions": [{"type": "assign_team", "team": "payments"}]},
        )
        set_rule_active(tx, rule_id=first.id, active=False)
    with read_session() as session:
        rules = session.exec(select(AutomationRule).order_by(AutomationRule.position)).all()
    assert [(r.name, r.active) for r in rules] == [("first", False), ("third", True), ("second", True)]
    assert rules[2].actions == [{"type": "assign_team", "team": "payments"}]
