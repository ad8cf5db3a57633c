"""Admins' writes on SLA policies: create, edit, reorder, activate and deactivate, each validated
(bilingual refusals, nothing half-written) and audited. There is no delete: timers keep their policy.

Edits apply to clocks started or recomputed afterwards (a new ticket, a reply cycle, a reopen, a
priority/intent/team change); running clocks keep the due time they were given.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import col, select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import SlaPolicy
from backend.models.base import utcnow
from backend.models.enums import ChannelKind, CustomerTier, TicketPriority
from backend.sla import BreachAction, ClockKind

MAX_TARGET_MINUTES = 366 * 24 * 60
_TOPIC = re.compile(r"^[a-z0-9_]{1,60}$")
_CONDITION_VALUES: dict[str, frozenset[str] | None] = {
    "priorities": frozenset(p.value for p in TicketPriority),
    "channels": frozenset(c.value for c in ChannelKind),
    "tiers": frozenset(t.value for t in CustomerTier),
    "topics": None,  # intent labels or categories: checked by pattern
}
_FIELDS = (
    "name",
    "name_bn",
    "active",
    "position",
    "priorities",
    "channels",
    "topics",
    "tiers",
    "first_response_minutes",
    "next_response_minutes",
    "resolution_minutes",
    "clock",
    "warn_percent",
    "warn_minutes_before",
    "breach_actions",
)


class PolicyInput(BaseModel):
    """What an admin sends; on update only the fields given change (`model_dump(exclude_unset=True)`)."""

    name: str = ""
    name_bn: str = ""
    active: bool = True
    position: int = 100
    priorities: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    tiers: list[str] = Field(default_factory=list)
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None
    clock: str = ClockKind.business.value
    warn_percent: int | None = 80
    warn_minutes_before: int | None = None
    breach_actions: list[str] = Field(default_factory=lambda: [BreachAction.notify_supervisors.value])


def _clean_list(name: str, values: list[str]) -> list[str]:
    allowed = _CONDITION_VALUES[name]
    cleaned: list[str] = []
    for raw in values:
        value = str(raw).strip().lower()
        ok = (value in allowed) if allowed is not None else bool(_TOPIC.match(value))
        if not ok:
            raise ValidationFailed("sla_condition_invalid", field=name, value=str(raw)[:60])
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def _validate(values: dict[str, Any], *, is_default: bool) -> dict[str, Any]:
    """The cleaned values, or a bilingual refusal for the first problem found."""
    out = dict(values)
    out["name"] = " ".join(str(values["name"]).split())
    out["name_bn"] = " ".join(str(values.get("name_bn") or "").split())
    if not out["name"] or len(out["name"]) > 120 or len(out["name_bn"]) > 120:
        raise ValidationFailed("sla_name_invalid", max=120)
    for name in _CONDITION_VALUES:
        out[name] = _clean_list(name, list(values.get(name) or []))
    targets = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
    for name in targets:
        minutes = values.get(name)
        if minutes is not None and not 1 <= int(minutes) <= MAX_TARGET_MINUTES:
            raise ValidationFailed("sla_minutes_invalid", max=MAX_TARGET_MINUTES)
    if all(values.get(name) is None for name in targets):
        raise ValidationFailed("sla_no_target")
    if is_default:
        if any(out[name] for name in _CONDITION_VALUES):
            raise ValidationFailed("sla_default_conditions")
        if any(values.get(name) is None for name in targets):
            raise ValidationFailed("sla_default_incomplete")
        if not values.get("active", True):
            raise ValidationFailed("sla_default_required")
    if values.get("clock") not in {c.value for c in ClockKind}:
        raise ValidationFailed("sla_clock_invalid", value=str(values.get("clock"))[:20])
    percent, before = values.get("warn_percent"), values.get("warn_minutes_before")
    if (percent is not None and not 1 <= int(percent) <= 99) or (before is not None and int(before) < 1):
        raise ValidationFailed("sla_warn_invalid")
    actions: list[str] = []
    for action in values.get("breach_actions") or []:
        if action not in {a.value for a in BreachAction}:
            raise ValidationFailed("sla_action_invalid", value=str(action)[:40])
        if action not in actions:
            actions.append(action)
    out["breach_actions"] = actions
    return out


def get_policy(tx: Tx, policy_id: uuid.UUID) -> SlaPolicy:
    policy = tx.session.get(SlaPolicy, policy_id, with_for_update=True)
    if policy is None:
        raise NotFound("sla_policy_not_found")
    return policy


def create_policy(tx: Tx, data: PolicyInput) -> SlaPolicy:
    values = _validate(data.model_dump(), is_default=False)
    policy = SlaPolicy(**values)
    tx.session.add(policy)
    tx.session.flush()
    tx.audit("sla_policy.created", "sla_policy", policy.id, **values)
    return policy


def update_policy(tx: Tx, policy_id: uuid.UUID, changes: dict[str, Any]) -> SlaPolicy:
    """Change the given fields (unknown ones refused); the result is validated as a whole."""
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValidationFailed("invalid_request", detail=f"unknown fields {sorted(unknown)}")
    policy = get_policy(tx, policy_id)
    current = {name: getattr(policy, name) for name in _FIELDS}
    merged = _validate(
        {**current, **PolicyInput(**{**current, **changes}).model_dump()}, is_default=policy.is_default
    )
    changed = {name: value for name, value in merged.items() if getattr(policy, name) != value}
    if not changed:
        return policy
    for name, value in changed.items():
        setattr(policy, name, value)
    policy.updated_at = utcnow()
    tx.session.add(policy)
    tx.audit(
        "sla_policy.updated",
        "sla_policy",
        policy.id,
        changes={name: {"old": current[name], "new": value} for name, value in changed.items()},
    )
    return policy


def set_active(tx: Tx, policy_id: uuid.UUID, active: bool) -> SlaPolicy:
    policy = get_policy(tx, policy_id)
    if policy.is_default and not active:
        raise ValidationFailed("sla_default_required")
    if policy.active != active:
        policy.active = active
        policy.updated_at = utcnow()
        tx.session.add(policy)
        tx.audit("sla_policy.activated" if active else "sla_policy.deactivated", "sla_policy", policy.id)
    return policy


def move_policy(tx: Tx, policy_id: uuid.UUID, direction: int) -> list[SlaPolicy]:
    """Swap the policy with its neighbour (direction -1 up, +1 down) in position order, then number
    all non-default policies 10, 20, 30…; the default stays last."""
    policy = get_policy(tx, policy_id)
    ordered = list(
        tx.session.exec(
            select(SlaPolicy)
            .where(col(SlaPolicy.is_default).is_(False))
            .order_by(col(SlaPolicy.position), col(SlaPolicy.name), col(SlaPolicy.id))
            .with_for_update()
        ).all()
    )
    if policy.is_default or direction not in (-1, 1):
        raise ValidationFailed("sla_move_invalid")
    index = ordered.index(policy)
    other = index + direction
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for rank, row in enumerate(ordered, start=1):
        if row.position != rank * 10:
            row.position = rank * 10
            row.updated_at = utcnow()
            tx.session.add(row)
    tx.audit("sla_policy.reordered", "sla_policy", policy.id, direction=direction, position=policy.position)
    return ordered
