"""Policy matching (specificity, tiers, position, default), presets seeded once, admin services."""

from __future__ import annotations

import pytest
from sqlmodel import col, func, select

from backend.db import Actor, read_session, transaction
from backend.errors import ValidationFailed
from backend.models import AuditEvent, Customer, SlaPolicy
from backend.sla import Metric
from backend.sla import admin as sla_admin
from backend.sla.policies import TicketFacts, choose_targets, targets_for_ticket
from backend.sla.presets import PRESETS, ensure_sla_presets
from tests.sla.conftest import timers
from tests.support import factories


def _facts(**overrides: str | None) -> TicketFacts:
    values = {"priority": "normal", "channel": "web", "intent": None, "category": None, "tier": "standard"}
    values.update(overrides)
    return TicketFacts(**values)  # type: ignore[arg-type]


def _policies() -> list[SlaPolicy]:
    with read_session() as session:
        return list(session.exec(select(SlaPolicy)).all())


def _by_preset() -> dict[str, SlaPolicy]:
    return {p.preset: p for p in _policies() if p.preset}


def test_most_specific_policy_wins_per_metric_and_the_default_fills_the_rest() -> None:
    presets = _by_preset()
    chosen = choose_targets(_policies(), _facts(priority="urgent", intent="complaint"))
    # Urgent (priority condition) sets first and next response; the complaint preset the resolution.
    assert chosen[Metric.first_response].policy_id == presets["priority_urgent"].id
    assert chosen[Metric.first_response].minutes == 30
    assert chosen[Metric.resolution].policy_id == presets["dcog_complaint"].id
    assert (chosen[Metric.resolution].minutes, chosen[Metric.resolution].clock) == (72 * 60, "calendar")
    refund = choose_targets(_policies(), _facts(category="refund_status"))
    assert refund[Metric.resolution].minutes == 10 * 24 * 60
    assert refund[Metric.first_response].policy_id == presets["priority_normal"].id


def test_tier_condition_and_combined_conditions_are_more_specific() -> None:
    with transaction(Actor.system()) as tx:
        vip = sla_admin.create_policy(
            tx, sla_admin.PolicyInput(name="VIP", tiers=["vip"], first_response_minutes=15)
        )
        vip_sms = sla_admin.create_policy(
            tx,
            sla_admin.PolicyInput(
                name="VIP by SMS", tiers=["vip"], channels=["sms"], first_response_minutes=10
            ),
        )
    assert choose_targets(_policies(), _facts(tier="vip"))[Metric.first_response].policy_id == vip.id
    both = choose_targets(_policies(), _facts(tier="vip", channel="sms"))
    assert both[Metric.first_response].policy_id == vip_sms.id
    standard = choose_targets(_policies(), _facts(tier="standard", channel="sms"))
    assert standard[Metric.first_response].minutes == 240


def test_position_breaks_ties_between_equally_specific_policies() -> None:
    with transaction(Actor.system()) as tx:
        late = sla_admin.create_policy(
            tx,
            sla_admin.PolicyInput(name="B late", channels=["email"], position=50, first_response_minutes=90),
        )
        early = sla_admin.create_policy(
            tx,
            sla_admin.PolicyInput(name="A early", tiers=["standard"], position=40, first_response_minutes=70),
        )
    chosen = choose_targets(_policies(), _facts(channel="email"))
    assert chosen[Metric.first_response].policy_id == early.id
    with transaction(Actor.system()) as tx:
        sla_admin.move_policy(tx, late.id, -1)  # up, before "A early"
    chosen = choose_targets(_policies(), _facts(channel="email"))
    assert chosen[Metric.first_response].policy_id == late.id


def test_only_the_default_is_left_when_everything_else_is_deactivated() -> None:
    presets = _by_preset()
    with transaction(Actor.system()) as tx:
        for policy in presets.values():
            if not policy.is_default:
                sla_admin.set_active(tx, policy.id, False)
    chosen = choose_targets(_policies(), _facts(priority="urgent", intent="complaint"))
    assert {t.policy_id for t in chosen.values()} == {presets["default"].id}
    with pytest.raises(ValidationFailed) as refused, transaction(Actor.system()) as tx:
        sla_admin.set_active(tx, presets["default"].id, False)
    assert refused.value.code == "sla_default_required"
    with pytest.raises(ValidationFailed) as refused, transaction(Actor.system()) as tx:
        sla_admin.update_policy(tx, presets["default"].id, {"priorities": ["high"]})
    assert refused.value.code == "sla_default_conditions"


def test_a_ticket_of_a_vip_customer_gets_the_vip_target() -> None:
    with transaction(Actor.system()) as tx:
        sla_admin.create_policy(
            tx, sla_admin.PolicyInput(name="VIP", tiers=["vip"], first_response_minutes=20)
        )
    customer = factories.make_customer()
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Customer, customer.id)
        assert row is not None
        row.tier = "vip"
        tx.session.add(row)
    opened = factories.open_ticket(customer)
    assert timers(opened.ticket.id)["first_response"].target_minutes == 20
    with read_session() as session:
        assert targets_for_ticket(session, opened.ticket)[Metric.first_response].minutes == 20


def test_presets_are_seeded_once() -> None:
    with transaction(Actor.system()) as tx:
        assert ensure_sla_presets(tx) == []  # the fixture seeded them already
    with read_session() as session:
        count = session.exec(select(func.count()).select_from(SlaPolicy)).one()
        seeded = session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "sla_policy.seeded")
        ).one()
        defaults = session.exec(select(func.count()).where(col(SlaPolicy.is_default).is_(True))).one()
    assert count == len(PRESETS) and seeded == len(PRESETS) and defaults == 1


def test_bad_policy_input_is_refused_whole_and_edits_are_audited() -> None:
    before = len(_policies())
    cases = [
        ({"name": "x", "priorities": ["asap"], "first_response_minutes": 5}, "sla_condition_invalid"),
        ({"name": "x"}, "sla_no_target"),
        ({"name": "x", "resolution_minutes": 0}, "sla_minutes_invalid"),
        ({"name": "x", "resolution_minutes": 5, "clock": "lunar"}, "sla_clock_invalid"),
        ({"name": "x", "resolution_minutes": 5, "breach_actions": ["delete_ticket"]}, "sla_action_invalid"),
        ({"name": " ", "resolution_minutes": 5}, "sla_name_invalid"),
        ({"name": "x", "resolution_minutes": 5, "warn_percent": 100}, "sla_warn_invalid"),
    ]
    for values, code in cases:
        with pytest.raises(ValidationFailed) as refused, transaction(Actor.system()) as tx:
            sla_admin.create_policy(tx, sla_admin.PolicyInput(**values))
        assert refused.value.code == code
        assert refused.value.message("bn") != refused.value.message("en")
    assert len(_policies()) == before
    normal = _by_preset()["priority_normal"]
    with transaction(Actor.agent("admin")) as tx:
        sla_admin.update_policy(tx, normal.id, {"first_response_minutes": 180})
    with read_session() as session:
        audit = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "sla_policy.updated", AuditEvent.subject_id == str(normal.id)
            )
        ).one()
    assert audit.data["changes"]["first_response_minutes"] == {"old": 240, "new": 180}


def test_a_policy_edit_applies_to_clocks_started_afterwards() -> None:
    normal = _by_preset()["priority_normal"]
    customer = factories.make_customer()
    first = factories.open_ticket(customer)
    with transaction(Actor.system()) as tx:
        sla_admin.update_policy(tx, normal.id, {"first_response_minutes": 100})
    second = factories.open_ticket(customer, subject="আবার")
    assert timers(first.ticket.id)["first_response"].target_minutes == 240
    assert timers(second.ticket.id)["first_response"].target_minutes == 100
