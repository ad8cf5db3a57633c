"""Route one ticket: find its pool, choose an agent, check their capacity under a row lock, assign
with an audited reason; or leave it with its team in the waiting queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from backend.bot.hold import bot_holds
from backend.db import Tx
from backend.events import TicketAwaitingAgent
from backend.models import Agent, Customer, Ticket
from backend.models.enums import Gender
from backend.presence import Presence, presence_of
from backend.routing import rotation
from backend.routing.load import ACTIVE_STATUSES, loads_of, lock_agent_load
from backend.routing.pool import Pool, pool_members, resolve_pool, topics_of
from backend.routing.selection import Candidate, Needs, Selection, select_agent
from backend.services import tickets as ticket_service

ASSIGNED = "assigned"
WAITING = "waiting"
SKIPPED = "skipped"


@dataclass(frozen=True)
class RoutingDecision:
    ticket_id: uuid.UUID
    outcome: str  # assigned | waiting | skipped
    agent_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    reason: dict[str, Any] = field(default_factory=dict)


class _NoRoom(Exception):
    """The chosen agent turned out full (or inactive) once their row was locked."""


def needs_of(tx: Tx, ticket: Ticket) -> Needs:
    customer = tx.session.get(Customer, ticket.customer_id)
    female = ticket.agent_gender_requested == Gender.female or (
        customer is not None and customer.preferred_agent_gender == Gender.female
    )
    return Needs(language=(ticket.language or None), topics=topics_of(ticket), female_requested=female)


def _candidates(tx: Tx, pool: Pool, members: list[Agent]) -> list[Candidate]:
    presence = presence_of(m.id for m in members)
    online = [m.id for m in members if presence[m.id] is Presence.online]
    loads = loads_of(tx.session, online)  # only online agents can be chosen: count only theirs
    turns = rotation.last_turns(pool.key, online)
    return [
        Candidate(
            agent_id=m.id,
            name=m.name,
            is_active=m.is_active,
            presence=str(presence[m.id]),
            load=loads.get(m.id, 0),
            capacity=m.capacity,
            languages=tuple(m.languages or ()),
            skills=tuple(m.skills or ()),
            gender=m.gender,
            last_turn=turns.get(m.id, 0),
        )
        for m in members
    ]


def _lock_with_room(tx: Tx, agent_id: uuid.UUID) -> tuple[Agent, int]:
    """Lock the agent's row and count their load; raise _NoRoom (inside a savepoint, which releases
    the lock again) if they cannot take one more ticket."""
    agent, load = lock_agent_load(tx, agent_id)
    if agent is None or not agent.is_active or load >= agent.capacity:
        raise _NoRoom
    return agent, load


def route_ticket(
    tx: Tx,
    ticket_id: uuid.UUID,
    *,
    trigger: str = "ticket_created",
    release_from: uuid.UUID | None = None,
    avoid: uuid.UUID | None = None,
) -> RoutingDecision:
    """Assign the ticket to the best eligible agent (see backend/routing/README.md).

    Unassigned active tickets are routed; an assigned one is left alone unless `release_from` names
    its assignee (the offline sweep), who is then never chosen again for it; `avoid` is an agent not
    to choose (the SLA engine reassigning a breached ticket away from its assignee). Idempotent: routing a
    ticket that is already assigned, resolved, closed or merged changes nothing."""
    ticket = tx.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None:
        return RoutingDecision(ticket_id, SKIPPED, reason={"rule": "ticket_not_found"})
    if ticket.merged_into_id is not None or ticket.status not in ACTIVE_STATUSES:
        return RoutingDecision(ticket_id, SKIPPED, None, ticket.team_id, {"rule": "not_active"})
    if ticket.assignee_id is not None and (release_from is None or ticket.assignee_id != release_from):
        return RoutingDecision(
            ticket_id, SKIPPED, ticket.assignee_id, ticket.team_id, {"rule": "already_assigned"}
        )

    if bot_holds(tx.session, ticket):
        # The support bot is answering; it hands the ticket back to routing when it stops.
        return RoutingDecision(ticket_id, SKIPPED, None, ticket.team_id, {"rule": "bot_handling"})

    if release_from is not None and presence_of([release_from])[release_from] is not Presence.offline:
        return RoutingDecision(ticket_id, SKIPPED, release_from, ticket.team_id, {"rule": "assignee_back"})

    pool = resolve_pool(tx.session, ticket)
    needs = needs_of(tx, ticket)
    members = [m for m in pool_members(tx.session, pool) if m.id not in (release_from, avoid)]
    candidates = _candidates(tx, pool, members)
    excluded: set[uuid.UUID] = set()
    while True:
        selection = select_agent(needs, [c for c in candidates if c.agent_id not in excluded])
        if selection.chosen is None:
            break
        try:
            with tx.savepoint():
                agent, load = _lock_with_room(tx, selection.chosen.agent_id)
        except _NoRoom:
            excluded.add(selection.chosen.agent_id)
            continue
        reason = _assigned_reason(trigger, release_from, pool, needs, selection, agent, load)
        ticket_service.assign_ticket(
            tx, ticket_id=ticket.id, assignee_id=agent.id, team_id=pool.team_id, reason=reason
        )
        rotation.record_turn(pool.key, agent.id)
        return RoutingDecision(ticket.id, ASSIGNED, agent.id, ticket.team_id, reason)

    reason = _waiting_reason(trigger, release_from, pool, needs, selection)
    if release_from is not None or (pool.team_id is not None and ticket.team_id != pool.team_id):
        ticket_service.assign_ticket(
            tx, ticket_id=ticket.id, assignee_id=None, team_id=pool.team_id, reason=reason
        )
    tx.emit(TicketAwaitingAgent(ticket.id, ticket.priority, ticket.waiting_since or ticket.created_at))
    return RoutingDecision(ticket.id, WAITING, None, ticket.team_id, reason)


def _common(trigger: str, pool: Pool, needs: Needs, selection: Selection) -> dict[str, Any]:
    reason: dict[str, Any] = {"trigger": trigger, "pool": pool.key, "pool_rule": pool.rule}
    if needs.language:
        reason["language"] = needs.language
    if selection.gender:
        reason["gender"] = selection.gender
    if selection.skill:
        reason["skill"] = selection.skill
    return reason


def _assigned_reason(
    trigger: str,
    release_from: uuid.UUID | None,
    pool: Pool,
    needs: Needs,
    selection: Selection,
    agent: Agent,
    load: int,
) -> dict[str, Any]:
    rule = "agent_offline" if release_from is not None else "round_robin"
    reason = {"rule": rule, **_common(trigger, pool, needs, selection)}
    reason.update(load=load, capacity=agent.capacity, eligible=selection.eligible)
    if release_from is not None:
        reason["previous_assignee"] = str(release_from)
    words = [f"{agent.name} had the lowest load ({load} of {agent.capacity})"]
    words.append(f"among {selection.eligible} eligible online agent(s) in pool '{pool.key}'")
    if needs.language:
        words.append(f"and reads '{needs.language}'")
    if selection.gender == "female_requested_honoured":
        words.append("; the customer asked for a female agent and got one")
    elif selection.gender == "female_requested_unavailable":
        words.append("; the customer asked for a female agent but none was online with room")
    if selection.skill and selection.skill != "none_matched":
        words.append(f"; skill '{selection.skill}'")
    if release_from is not None:
        words.append("; the previous agent has been offline beyond the grace period")
    reason["summary"] = " ".join(words).replace(" ;", ";")
    return reason


def _waiting_reason(
    trigger: str, release_from: uuid.UUID | None, pool: Pool, needs: Needs, selection: Selection
) -> dict[str, Any]:
    rule = "agent_offline" if release_from is not None else "no_agent_available"
    reason = {"rule": rule, "outcome": WAITING, **_common(trigger, pool, needs, selection)}
    reason["counts"] = selection.counts
    if release_from is not None:
        reason["previous_assignee"] = str(release_from)
    counts = selection.counts
    reason["summary"] = (
        f"Nobody in pool '{pool.key}' can take it now: {counts.get('online', 0)} online, "
        f"{counts.get('with_capacity', 0)} with room, {counts.get('speak_language', 0)} reading the "
        "language; it waits in the routing queue."
    )
    return reason
