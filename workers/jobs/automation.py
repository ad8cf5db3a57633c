"""Automation jobs: a trigger's rule run on one ticket, the survey after resolution, and the sweeps
for customer silence and due close-after-silence notices. Ids in, reloaded, idempotent."""

from __future__ import annotations

import uuid

from backend.automation.engine import run_rules
from backend.automation.silence import close_due_tickets, sweep_customer_silent
from backend.csat.surveys import send_survey
from backend.db import Actor, transaction
from backend.errors import SebaError


def run_automation_rules(trigger: str, ticket_id: str, event_key: str, depth: int = 0) -> str:
    outcomes = run_rules(trigger, uuid.UUID(ticket_id), event_key=event_key, depth=int(depth))
    return ", ".join(f"{o.rule_name}: {o.status}" for o in outcomes) or "no rule matched"


def send_csat_survey(ticket_id: str) -> str:
    """The survey of a resolved ticket, once (a ticket reopened before the job ran gets none)."""
    try:
        with transaction(Actor.system()) as tx:
            sent = send_survey(tx, ticket_id=uuid.UUID(ticket_id))
    except SebaError as exc:
        return f"not sent: {exc.code}"
    return f"{sent.survey.channel}:{sent.survey.status}" if sent.created else "already sent"


def customer_silent_sweep() -> int:
    return sweep_customer_silent()


def close_silent_tickets() -> dict[str, int]:
    return close_due_tickets()
