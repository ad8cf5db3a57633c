"""A supervisor gives a ticket to an agent or a team by hand: audited, allowed above capacity."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.models import Team
from backend.presence import presence_of
from backend.routing.load import ACTIVE_STATUSES, lock_agent_load
from backend.services import tickets as ticket_service


@dataclass(frozen=True)
class OverrideResult:
    ticket_id: uuid.UUID
    agent_id: uuid.UUID | None
    agent_name: str | None
    team_id: uuid.UUID | None
    load: int | None  # the agent's load including this ticket
    capacity: int | None
    over_capacity: bool
    presence: str | None


def supervisor_assign(
    tx: Tx, *, ticket_id: uuid.UUID, agent_id: uuid.UUID | None, team_id: uuid.UUID | None = None
) -> OverrideResult:
    """Assign by hand. With only a team the ticket goes to that team unassigned (routing then picks
    one of its members). The agent may be away, offline or full: the supervisor decides; the audit
    reason and the result say so."""
    if agent_id is None and team_id is None:
        raise ValidationFailed("assignment_target_required")
    ticket = ticket_service.get_ticket_for_update(tx, ticket_id)  # ticket first, then agent: one lock order
    if team_id is not None and tx.session.get(Team, team_id) is None:
        raise NotFound("team_not_found")
    reason: dict[str, object] = {"rule": "supervisor_override", "supervisor_id": tx.actor.id}
    load = capacity = None
    over = False
    presence = name = None
    if agent_id is not None:
        agent, load_before = lock_agent_load(tx, agent_id)
        if agent is None or not agent.is_active:
            raise NotFound("agent_not_found")
        holds_it = ticket.assignee_id == agent.id and ticket.status in ACTIVE_STATUSES
        load = load_before if holds_it else load_before + 1
        capacity, name = agent.capacity, agent.name
        over = load > capacity
        presence = str(presence_of([agent.id])[agent.id])
        reason.update(load=load, capacity=capacity, over_capacity=over, presence=presence)
        reason["summary"] = (
            f"Assigned by a supervisor to {name} ({presence}), now holding {load} of {capacity}"
            + (" — above capacity" if over else "")
        )
    else:
        reason["summary"] = "Sent by a supervisor to a team, unassigned"
    ticket_service.assign_ticket(
        tx, ticket_id=ticket.id, assignee_id=agent_id, team_id=team_id, reason=reason
    )
    return OverrideResult(ticket.id, agent_id, name, ticket.team_id, load, capacity, over, presence)
