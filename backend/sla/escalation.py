"""What a breach does, per the policy's allow-listed actions: notify the team's supervisors, raise the
priority one step, hand the ticket to another online agent (or its team's queue). Each audited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import col, select

from backend.db import Tx
from backend.events import SlaSupervisorsNotified, TicketUpdated
from backend.models import Agent, AgentNotification, SlaPolicy, SlaTimer, TeamMembership, Ticket
from backend.models.enums import Role, TicketPriority
from backend.sla import BreachAction

_PRIORITY_STEPS: tuple[str, ...] = tuple(p.value for p in TicketPriority)  # low, normal, high, urgent


def supervisors_for(tx: Tx, team_id: uuid.UUID | None) -> list[Agent]:
    """The active supervisors of the team; with none there (or no team), every active supervisor."""
    base = select(Agent).where(col(Agent.is_active).is_(True), Agent.role == Role.supervisor)
    if team_id is not None:
        in_team = base.join(TeamMembership, col(TeamMembership.agent_id) == col(Agent.id)).where(
            TeamMembership.team_id == team_id
        )
        found = list(tx.session.exec(in_team.order_by(col(Agent.id))).all())
        if found:
            return found
    return list(tx.session.exec(base.order_by(col(Agent.id))).all())


def next_priority(priority: str) -> str | None:
    """One step up (low → normal → high → urgent); None when already urgent."""
    try:
        index = _PRIORITY_STEPS.index(priority)
    except ValueError:
        return None
    return _PRIORITY_STEPS[index + 1] if index + 1 < len(_PRIORITY_STEPS) else None


def _notify_supervisors(tx: Tx, ticket: Ticket, timer: SlaTimer) -> dict[str, Any]:
    supervisors = supervisors_for(tx, ticket.team_id)
    assert timer.due_at is not None
    for agent in supervisors:
        tx.session.add(
            AgentNotification(
                agent_id=agent.id,
                kind="sla_breach",
                ticket_id=ticket.id,
                data={"metric": timer.metric, "due_at": timer.due_at.isoformat(), "number": ticket.number},
            )
        )
    if supervisors:
        ref = f"{ticket.id}:{timer.metric}:{int(timer.due_at.timestamp())}"
        tx.emit(SlaSupervisorsNotified(ticket.id, timer.metric, tuple(a.id for a in supervisors), ref))
    return {
        "outcome": "notified" if supervisors else "no_supervisor",
        "agents": [str(a.id) for a in supervisors],
    }


def _raise_priority(tx: Tx, ticket: Ticket) -> dict[str, Any]:
    from backend.services.tickets import change_priority

    old = ticket.priority
    new = next_priority(old)
    if new is None:
        return {"outcome": "already_highest", "priority": old}
    change_priority(tx, ticket_id=ticket.id, priority=new)
    tx.emit(TicketUpdated(ticket.id, "priority"))
    return {"outcome": "raised", "old": old, "new": new}


def _reassign(tx: Tx, ticket: Ticket, timer: SlaTimer) -> dict[str, Any]:
    from backend.routing.engine import ASSIGNED, route_ticket
    from backend.services.tickets import assign_ticket

    previous = ticket.assignee_id
    reason = {"rule": "sla_breach", "metric": timer.metric, "previous_assignee": str(previous or "")}
    if previous is not None:
        assign_ticket(tx, ticket_id=ticket.id, assignee_id=None, reason=reason)
    decision = route_ticket(tx, ticket.id, trigger="sla_breach", avoid=previous)
    if decision.outcome == ASSIGNED:
        return {"outcome": "reassigned", "previous": str(previous or ""), "agent": str(decision.agent_id)}
    return {"outcome": "team_queue", "previous": str(previous or ""), "team": str(ticket.team_id or "")}


def escalate(tx: Tx, ticket: Ticket, timer: SlaTimer, policy: SlaPolicy) -> list[str]:
    """Run the policy's breach actions in order; returns the actions taken (each audited)."""
    taken = []
    for action in policy.breach_actions or []:
        if action == BreachAction.notify_supervisors:
            result = _notify_supervisors(tx, ticket, timer)
        elif action == BreachAction.raise_priority:
            result = _raise_priority(tx, ticket)
        elif action == BreachAction.reassign:
            result = _reassign(tx, ticket, timer)
        else:
            continue  # not allow-listed (the admin services refuse it; an old row is skipped)
        tx.audit(
            "sla.escalated",
            "ticket",
            ticket.id,
            metric=timer.metric,
            action=action,
            policy=policy.name,
            policy_id=timer.policy_id,
            **result,
        )
        taken.append(str(action))
    return taken
