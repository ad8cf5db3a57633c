"""Which policy sets each metric's target for a ticket: the most specific active match wins."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from backend.models import Customer, SlaPolicy, Ticket
from backend.sla import METRICS, Metric
from backend.sla.presets import DEFAULT_PRESET, preset_policy


@dataclass(frozen=True)
class TicketFacts:
    """What policy conditions look at."""

    priority: str
    channel: str
    intent: str | None
    category: str | None
    tier: str


@dataclass(frozen=True)
class Target:
    """One metric's target for one ticket, and where it came from."""

    metric: Metric
    minutes: int
    clock: str
    policy: SlaPolicy
    policy_id: uuid.UUID | None  # None only for the built-in fallback on a database without policies


def facts_of(session: Session, ticket: Ticket) -> TicketFacts:
    tier = session.exec(select(Customer.tier).where(Customer.id == ticket.customer_id)).first()
    return TicketFacts(
        priority=ticket.priority,
        channel=ticket.channel,
        intent=ticket.intent,
        category=ticket.category,
        tier=tier or "standard",
    )


def matches(policy: SlaPolicy, facts: TicketFacts) -> bool:
    """Every condition set on the policy holds (an empty list is no condition)."""
    if policy.priorities and facts.priority not in policy.priorities:
        return False
    if policy.channels and facts.channel not in policy.channels:
        return False
    if policy.topics and facts.intent not in policy.topics and facts.category not in policy.topics:
        return False
    return not (policy.tiers and facts.tier not in policy.tiers)


def specificity(policy: SlaPolicy) -> int:
    """How many kinds of condition the policy sets (0 for a catch-all)."""
    return sum(1 for cond in (policy.priorities, policy.channels, policy.topics, policy.tiers) if cond)


def minutes_for(policy: SlaPolicy, metric: str) -> int | None:
    value: int | None = getattr(policy, f"{metric}_minutes")
    return value


def ranked(policies: Iterable[SlaPolicy]) -> list[SlaPolicy]:
    """Most specific first, then by position, then by name; the default policy always last."""
    return sorted(policies, key=lambda p: (p.is_default, -specificity(p), p.position, p.name, str(p.id)))


def active_policies(session: Session) -> list[SlaPolicy]:
    return list(session.exec(select(SlaPolicy).where(col(SlaPolicy.active).is_(True))).all())


_FALLBACK = preset_policy(DEFAULT_PRESET)


def choose_targets(policies: Sequence[SlaPolicy], facts: TicketFacts) -> dict[Metric, Target]:
    """For each metric, the first ranked matching policy that sets it.

    The default policy matches everything and sets every metric; should an admin have left no
    default at all (the services refuse it) the shipped default's values are used, without a row.
    """
    chosen: dict[Metric, Target] = {}
    for policy in ranked(p for p in policies if p.active and (p.is_default or matches(p, facts))):
        for metric in METRICS:
            minutes = minutes_for(policy, metric)
            if metric not in chosen and minutes is not None:
                chosen[metric] = Target(metric, minutes, policy.clock, policy, policy.id)
    for metric in METRICS:
        if metric not in chosen:
            minutes = minutes_for(_FALLBACK, metric)
            assert minutes is not None
            chosen[metric] = Target(metric, minutes, _FALLBACK.clock, _FALLBACK, None)
    return chosen


def targets_for_ticket(session: Session, ticket: Ticket) -> dict[Metric, Target]:
    return choose_targets(active_policies(session), facts_of(session, ticket))


def warn_lead_minutes(policy: SlaPolicy, target_minutes: float) -> float | None:
    """How many of the clock's minutes before the due time the warning comes; None: no warning.

    With both a percentage and a number of minutes, the earlier warning (the larger lead) wins.
    """
    leads = []
    if policy.warn_percent is not None:
        leads.append(target_minutes * (100 - policy.warn_percent) / 100.0)
    if policy.warn_minutes_before is not None:
        leads.append(float(policy.warn_minutes_before))
    return max(leads) if leads else None


def policy_for_timer(session: Session, policy_id: uuid.UUID | None) -> SlaPolicy:
    """The policy a timer runs under (the built-in default when it has none)."""
    if policy_id is not None:
        policy = session.get(SlaPolicy, policy_id)
        if policy is not None:
            return policy
    return _FALLBACK
