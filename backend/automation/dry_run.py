"""The dry run: what a (possibly unsaved) rule would do on the last N tickets, writing nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from backend.automation.actions import plan_action
from backend.automation.conditions import condition_holds, facts_for
from backend.automation.schema import RuleSpec, parse_rule
from backend.automation.silence import silent_hours_of
from backend.db import read_session
from backend.models import Customer, Ticket
from backend.models.base import utcnow


@dataclass
class DryRunRow:
    ticket_id: str
    number: int
    subject: str
    status: str
    matched: bool
    conditions: list[bool] = field(default_factory=list)  # each condition's result, in order
    actions: list[dict[str, Any]] = field(default_factory=list)  # empty when not matched
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def dry_run(
    rule: RuleSpec | dict[str, Any], last_n: int = 100, *, now: datetime | None = None
) -> list[DryRunRow]:
    """Evaluate `rule` (validated first) against the last `last_n` tickets, newest first: whether
    it matches each one now and which actions it would take. Only reads (a session that never
    commits). The trigger itself is not replayed: the rule is tested as if it fired on each ticket;
    for customer_silent the silence (waiting on the customer for at least its hours) is tested too."""
    spec = rule if isinstance(rule, RuleSpec) else parse_rule(rule)
    moment = now or utcnow()
    rows: list[DryRunRow] = []
    with read_session() as session:
        tickets = session.exec(
            select(Ticket, Customer.tier, Customer.locale)
            .join(Customer, col(Customer.id) == col(Ticket.customer_id))
            .order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())
            .limit(max(1, min(last_n, 1000)))
        ).all()
        for ticket, tier, locale in tickets:
            facts = facts_for(session, ticket, tier, locale, at=moment)
            results = [condition_holds(c, facts) for c in spec.conditions]
            matched = not results or (all(results) if spec.match == "all" else any(results))
            note = ""
            if matched and spec.trigger == "customer_silent":
                silent = silent_hours_of(session, ticket, moment)
                if silent is None or silent < (spec.silent_hours or 0):
                    matched, note = False, "customer not silent long enough"
            rows.append(
                DryRunRow(
                    ticket_id=str(ticket.id),
                    number=ticket.number,
                    subject=ticket.subject,
                    status=str(ticket.status),
                    matched=matched,
                    conditions=results,
                    actions=[plan_action(session, ticket, a) for a in spec.actions] if matched else [],
                    note=note,
                )
            )
    return rows
