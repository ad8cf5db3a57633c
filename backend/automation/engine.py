"""The rule engine: for one trigger on one ticket, evaluate the active rules in position order and run
each matching rule's actions in one transaction, audited with the rule's name, honouring
stop_processing, the re-trigger depth and the per-ticket hourly cap."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import redis
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from backend.automation.actions import ActionContext, run_action
from backend.automation.conditions import conditions_hold, load_facts
from backend.automation.schema import RuleSpec
from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.errors import SebaError
from backend.models import AutomationExecution, AutomationRule
from backend.models.base import utcnow
from backend.models.enums import ActorType
from backend.redis_store import get_redis
from backend.services.tickets import get_ticket_for_update

log = logging.getLogger(__name__)


# Causation: which depth of rule-made changes the events being dispatched come from -----------------


@dataclass(frozen=True)
class Causation:
    depth: int  # 1: made by a rule reacting to an outside event; 2: by a rule reacting to that ...
    origin: str  # the originating event's key


_causation: ContextVar[Causation | None] = ContextVar("seba_automation_causation", default=None)


def current_depth() -> int:
    """0 outside rules; the depth of the rule-made change whose events are being dispatched."""
    cause = _causation.get()
    return cause.depth if cause else 0


@contextmanager
def caused_by_rule(depth: int, origin: str) -> Iterator[None]:
    """Events dispatched inside carry `depth`: the listener does not re-trigger rules beyond
    AUTOMATION_MAX_DEPTH (the transaction dispatches its events on exit, still inside)."""
    token = _causation.set(Causation(depth, origin))
    try:
        yield
    finally:
        _causation.reset(token)


def rule_actor(rule_id: uuid.UUID) -> Actor:
    """Audit rows written by a rule name it as the actor (`rule:<id>`) besides `rule=` in the data."""
    return Actor(ActorType.system, f"rule:{rule_id}")


# Which rules exist (a short per-process cache, cleared whenever rules are written here) -------------

_CACHE_SECONDS = 5.0
_active_cache: dict[str, tuple[float, bool]] = {}


def forget_rule_cache() -> None:
    _active_cache.clear()


def has_active_rules(trigger: str) -> bool:
    cached = _active_cache.get(trigger)
    if cached is not None and time.monotonic() - cached[0] < _CACHE_SECONDS:
        return cached[1]
    with read_session() as session:
        found = (
            session.exec(
                select(AutomationRule.id).where(
                    AutomationRule.trigger == trigger, col(AutomationRule.active).is_(True)
                )
            ).first()
            is not None
        )
    _active_cache[trigger] = (time.monotonic(), found)
    return found


def rule_json(rule: AutomationRule) -> dict[str, Any]:
    """A stored rule in the format `parse_rule` takes (editing, `seba rules`, the engine)."""
    return {
        "name": rule.name,
        "active": rule.active,
        "trigger": rule.trigger,
        "silent_hours": rule.silent_hours,
        "match": rule.match,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "stop_processing": rule.stop_processing,
    }


def stored_spec(rule: AutomationRule) -> RuleSpec:
    return RuleSpec.model_validate(rule_json(rule))


# Running -------------------------------------------------------------------------------------------


@dataclass
class RuleOutcome:
    rule_id: uuid.UUID
    rule_name: str
    status: str  # ran | already | capped | failed
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def run_rules(
    trigger: str,
    ticket_id: uuid.UUID,
    *,
    event_key: str,
    depth: int = 0,
    silent_hours: float | None = None,
    now: datetime | None = None,
) -> list[RuleOutcome]:
    """Evaluate the trigger's active rules on the ticket, in order; returns what each matching rule
    did. `depth` is how deep in rule-made changes the event is; `silent_hours` (customer_silent)
    how long the customer has been silent. Safe to repeat: a rule runs once per event key."""
    settings = get_settings()
    if depth > settings.automation_max_depth:
        log.info("automation depth reached", extra={"ticket_id": str(ticket_id), "event_key": event_key})
        return []
    with read_session() as session:
        rules = session.exec(
            select(AutomationRule)
            .where(AutomationRule.trigger == trigger, col(AutomationRule.active).is_(True))
            .order_by(col(AutomationRule.position), col(AutomationRule.name))
        ).all()
    outcomes: list[RuleOutcome] = []
    for rule in rules:
        try:
            spec = stored_spec(rule)
        except ValidationError:
            log.error("stored rule no longer valid", extra={"rule_id": str(rule.id), "rule": rule.name})
            continue
        if trigger == "customer_silent" and (silent_hours is None or silent_hours < (rule.silent_hours or 0)):
            continue
        with read_session() as session:
            facts = load_facts(session, ticket_id, at=now)
            if facts is None:
                break
            if not conditions_hold(spec.match, spec.conditions, facts):
                continue
        outcome = _run_rule(rule, spec, ticket_id, trigger=trigger, event_key=event_key, depth=depth)
        outcomes.append(outcome)
        if outcome.status == "capped":
            break
        if spec.stop_processing:
            break
    return outcomes


def actions_last_hour(ticket_id: uuid.UUID, now: datetime | None = None) -> int:
    since = (now or utcnow()) - timedelta(hours=1)
    with read_session() as session:
        total = session.exec(
            select(func.coalesce(func.sum(AutomationExecution.action_count), 0)).where(
                AutomationExecution.ticket_id == ticket_id, col(AutomationExecution.created_at) >= since
            )
        ).one()
    return int(total or 0)


def _capped(rule: AutomationRule, ticket_id: uuid.UUID, wanted: int) -> RuleOutcome | None:
    cap = get_settings().automation_actions_per_ticket_hour
    done = actions_last_hour(ticket_id)
    if done + wanted <= cap:
        return None
    log.warning(
        "automation rate cap reached",
        extra={"ticket_id": str(ticket_id), "rule": rule.name, "actions_last_hour": done, "cap": cap},
    )
    try:
        first_this_hour = bool(get_redis().set(f"seba:automation:capped:{ticket_id}", "1", nx=True, ex=3600))
    except redis.RedisError:
        first_this_hour = True
    if first_this_hour:
        with transaction(Actor.system()) as tx:
            tx.audit(
                "automation.rate_capped",
                "ticket",
                ticket_id,
                rule=rule.name,
                rule_id=rule.id,
                actions_last_hour=done,
                cap=cap,
            )
    return RuleOutcome(rule.id, rule.name, "capped")


def _run_rule(
    rule: AutomationRule, spec: RuleSpec, ticket_id: uuid.UUID, *, trigger: str, event_key: str, depth: int
) -> RuleOutcome:
    if _already_ran(rule.id, event_key):
        return RuleOutcome(rule.id, rule.name, "already")
    capped = _capped(rule, ticket_id, len(spec.actions))
    if capped is not None:
        return capped
    now = utcnow()
    try:
        with caused_by_rule(depth + 1, event_key), transaction(rule_actor(rule.id)) as tx:
            execution = AutomationExecution(
                rule_id=rule.id,
                rule_name=rule.name,
                ticket_id=ticket_id,
                trigger=trigger,
                event_key=event_key,
                depth=depth,
                action_count=len(spec.actions),
            )
            tx.session.add(execution)
            tx.session.flush()  # a concurrent run of the same rule and event fails here
            ticket = get_ticket_for_update(tx, ticket_id)
            results: list[dict[str, Any]] = []
            for index, action in enumerate(spec.actions):
                ctx = ActionContext(rule.id, rule.name, event_key, index, now)
                result = {"type": action.type, **run_action(tx, ticket, action, ctx)}
                results.append(result)
                tx.audit(
                    "automation.action",
                    "ticket",
                    ticket_id,
                    rule=rule.name,
                    rule_id=rule.id,
                    action=action.type,
                    trigger=trigger,
                    depth=depth,
                    **{k: v for k, v in result.items() if k != "type"},
                )
            execution.results = results
            tx.session.add(execution)
    except IntegrityError:
        return RuleOutcome(rule.id, rule.name, "already")
    except SebaError as exc:
        log.warning(
            "automation rule failed", extra={"rule": rule.name, "ticket_id": str(ticket_id), "code": exc.code}
        )
        with transaction(rule_actor(rule.id)) as tx:
            tx.audit(
                "automation.failed", "ticket", ticket_id, rule=rule.name, rule_id=rule.id, error=exc.code
            )
        return RuleOutcome(rule.id, rule.name, "failed", error=exc.code)
    return RuleOutcome(rule.id, rule.name, "ran", results)


def _already_ran(rule_id: uuid.UUID, event_key: str) -> bool:
    with read_session() as session:
        return (
            session.exec(
                select(AutomationExecution.id).where(
                    AutomationExecution.rule_id == rule_id, AutomationExecution.event_key == event_key
                )
            ).first()
            is not None
        )
