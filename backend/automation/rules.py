"""Writes and reads of automation rules: create, edit, activate, reorder, delete (admins only)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, func, select

from backend.automation.actions import check_references
from backend.automation.engine import forget_rule_cache
from backend.automation.schema import RuleSpec, parse_rule, rule_as_json
from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import AutomationRule
from backend.models.base import utcnow


def _agent_id(tx: Tx) -> uuid.UUID | None:
    return uuid.UUID(tx.actor.id) if tx.actor.type == "agent" and tx.actor.id else None


def _check_name_free(tx: Tx, name: str, except_id: uuid.UUID | None = None) -> None:
    query = select(AutomationRule.id).where(func.lower(AutomationRule.name) == name.lower())
    if except_id is not None:
        query = query.where(AutomationRule.id != except_id)
    if tx.session.exec(query).first() is not None:
        raise ValidationFailed("automation_rule_name_taken", name=name)


def _apply(rule: AutomationRule, spec: RuleSpec) -> None:
    data = rule_as_json(spec)
    rule.name = spec.name
    rule.active = spec.active
    rule.trigger = spec.trigger
    rule.silent_hours = spec.silent_hours
    rule.match = spec.match
    rule.conditions = data["conditions"]
    rule.actions = data["actions"]
    rule.stop_processing = spec.stop_processing


def create_rule(tx: Tx, *, raw: dict[str, Any]) -> AutomationRule:
    """A new rule from its JSON (validated against the allow-lists), placed last."""
    spec = parse_rule(raw)
    check_references(tx.session, list(spec.actions))
    _check_name_free(tx, spec.name)
    last = tx.session.exec(select(func.max(AutomationRule.position))).one()
    rule = AutomationRule(name=spec.name, trigger=spec.trigger, position=(last or 0) + 1)
    _apply(rule, spec)
    rule.created_by_agent_id = _agent_id(tx)
    tx.session.add(rule)
    tx.session.flush()
    tx.audit("automation.rule_created", "automation_rule", rule.id, name=rule.name, rule=rule_as_json(spec))
    forget_rule_cache()
    return rule


def _locked(tx: Tx, rule_id: uuid.UUID) -> AutomationRule:
    rule = tx.session.get(AutomationRule, rule_id, with_for_update=True)
    if rule is None:
        raise NotFound("automation_rule_not_found")
    return rule


def update_rule(tx: Tx, *, rule_id: uuid.UUID, raw: dict[str, Any]) -> AutomationRule:
    """Replace a rule's definition (its position stays)."""
    spec = parse_rule(raw)
    check_references(tx.session, list(spec.actions))
    rule = _locked(tx, rule_id)
    _check_name_free(tx, spec.name, except_id=rule.id)
    _apply(rule, spec)
    rule.updated_at = utcnow()
    tx.session.add(rule)
    tx.audit("automation.rule_updated", "automation_rule", rule.id, name=rule.name, rule=rule_as_json(spec))
    forget_rule_cache()
    return rule


def set_rule_active(tx: Tx, *, rule_id: uuid.UUID, active: bool) -> AutomationRule:
    rule = _locked(tx, rule_id)
    if rule.active != active:
        rule.active = active
        rule.updated_at = utcnow()
        tx.session.add(rule)
        tx.audit(
            "automation.rule_activated" if active else "automation.rule_deactivated",
            "automation_rule",
            rule.id,
            name=rule.name,
        )
        forget_rule_cache()
    return rule


def move_rule(tx: Tx, *, rule_id: uuid.UUID, direction: str) -> AutomationRule:
    """Swap the rule with its neighbour above (`up`) or below (`down`); at an end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationFailed("invalid_args", detail="direction is up or down")
    ordered = list(
        tx.session.exec(
            select(AutomationRule)
            .order_by(col(AutomationRule.position), col(AutomationRule.name))
            .with_for_update()
        ).all()
    )
    index = next((i for i, r in enumerate(ordered) if r.id == rule_id), None)
    if index is None:
        raise NotFound("automation_rule_not_found")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return ordered[index]
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, rule in enumerate(ordered, start=1):
        if rule.position != position:
            rule.position = position
            tx.session.add(rule)
    moved = ordered[other]
    tx.audit(
        "automation.rule_moved",
        "automation_rule",
        moved.id,
        name=moved.name,
        direction=direction,
        position=other + 1,
    )
    return moved


def delete_rule(tx: Tx, *, rule_id: uuid.UUID) -> None:
    rule = _locked(tx, rule_id)
    tx.session.delete(rule)
    tx.audit("automation.rule_deleted", "automation_rule", rule_id, name=rule.name)
    forget_rule_cache()


def list_rules(session: Session) -> list[AutomationRule]:
    return list(
        session.exec(
            select(AutomationRule).order_by(col(AutomationRule.position), col(AutomationRule.name))
        ).all()
    )
