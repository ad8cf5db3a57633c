"""Agent operations on tickets: merge two tickets, transfer, tags, intent and priority.

Snoozing lives in `backend.services.snooze`; notes with @mentions in `backend.services.mentions`.
Every function takes the unit of work (`tx`) and keyword arguments, audits, and emits
`TicketUpdated` (or `TicketAssigned` / `TicketStatusChanged`) so that open consoles refresh.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.events import TicketStatusChanged, TicketUpdated
from backend.intents import parse_intent
from backend.models import Agent, Message, Team, TeamMembership, Ticket, TicketTag
from backend.models.base import utcnow
from backend.models.enums import MessageDirection, TicketPriority, TicketStatus
from backend.services.activity import add_activity
from backend.services.messages import add_internal_note
from backend.services.tickets import assign_ticket, change_priority, get_ticket_for_update
from backend.sla import timers as sla_timers
from backend.ticket_status import AWAITING_US

TAG_MAX = 40
TAGS_PER_TICKET_MAX = 20
# Letters and digits of any script (Bengali vowel signs and virama are combining marks, hence the
# explicit block), "_" and "-"; spaces inside a tag become "-".
_TAG = re.compile(r"^[\w\u0980-\u09FF-]+$")
_PRIORITY_RANK: dict[str, int] = {str(p): i for i, p in enumerate(TicketPriority)}
_CUSTOMER_VISIBLE = (MessageDirection.inbound, MessageDirection.outbound)


# Merge ---------------------------------------------------------------------------------------------


def merge_tickets(tx: Tx, *, source_id: uuid.UUID, target_id: uuid.UUID) -> Ticket:
    """Merge the duplicate `source` into `target` (same customer) and return the target.

    Rules: never into itself; both tickets belong to one customer; the target is neither merged
    nor closed; a closed source is refused. Merging a source already merged into the same target is a
    no-op (a retried request); into another target it is refused. Chains resolve forward: after
    A → B, B may be merged into C (A's link then leads to B, whose link leads to C; see
    `resolve_merged`); a merged ticket is never a target, so links cannot form a cycle.

    Every message of the source (notes and activity lines included) moves to the target, so the
    target's thread shows everything in time order. Customer-visible messages are written to the
    change feed again with their new `ticket_id`, so the customer's app moves them too; the source
    shows as closed. Tags are unioned, the higher priority wins, an unset order reference is taken over.

    Closing rule (documented exception to the transition table): a merge closes the source from any
    non-final status in one step, as the table's new → closed "duplicate" entry does for new
    tickets. It is not resolved first, so no satisfaction survey or resolution metric counts it.
    """
    if source_id == target_id:
        raise ValidationFailed("merge_into_itself")
    # Both rows locked in id order, so two merges of the same pair in opposite directions cannot deadlock.
    locked = {
        t.id: t
        for t in tx.session.exec(
            select(Ticket)
            .where(col(Ticket.id).in_([source_id, target_id]))
            .order_by(col(Ticket.id))
            .with_for_update()
        )
    }
    source, target = locked.get(source_id), locked.get(target_id)
    if source is None or target is None:
        raise NotFound("ticket_not_found")
    if source.merged_into_id is not None:
        if source.merged_into_id == target.id:
            return target
        into = tx.session.get(Ticket, source.merged_into_id)
        raise ValidationFailed(
            "merge_already_merged", source=source.number, target=into.number if into else "?"
        )
    if source.customer_id != target.customer_id:
        raise ValidationFailed("merge_other_customer", source=source.number, target=target.number)
    if target.merged_into_id is not None:
        into = tx.session.get(Ticket, target.merged_into_id)
        raise ValidationFailed("merge_target_merged", target=target.number, into=into.number if into else "?")
    if target.status == TicketStatus.closed:
        raise ValidationFailed("merge_target_closed", target=target.number)
    if source.status == TicketStatus.closed:
        raise ValidationFailed("merge_source_closed", source=source.number)

    now = utcnow()
    moved = tx.session.exec(select(Message).where(Message.ticket_id == source.id)).all()
    for msg in moved:
        msg.ticket_id = target.id
        tx.session.add(msg)
        if msg.direction in _CUSTOMER_VISIBLE:
            tx.feed.note(Message, msg.id, created=False)

    _write_tags(tx, target, sorted(set(target.tags or []) | set(source.tags or [])))
    if _PRIORITY_RANK.get(source.priority, 0) > _PRIORITY_RANK.get(target.priority, 0):
        target.priority = source.priority
    target.order_ref = target.order_ref or source.order_ref
    target.intent = target.intent or source.intent
    if source.waiting_since and target.status in AWAITING_US:
        target.waiting_since = min(filter(None, (target.waiting_since, source.waiting_since)))
    target.last_activity_at = max(target.last_activity_at, source.last_activity_at, now)
    target.updated_at = now

    old_status = source.status
    source.status = TicketStatus.closed
    source.closed_at = now
    source.waiting_since = None
    source.snoozed_until = None
    source.merged_into_id = target.id
    source.updated_at = now
    tx.session.add_all([source, target])
    sla_timers.status_changed(tx, source, old_status, TicketStatus.closed, now=now)
    sla_timers.ticket_changed(tx, target, now=now)
    add_activity(tx, source, "activity_merged_into", target=target.number)
    add_activity(tx, target, "activity_merged_from", source=source.number, count=len(moved))
    tx.session.flush()

    tx.audit(
        "ticket.status_changed", "ticket", source.id, old=old_status, new=TicketStatus.closed, reason="merge"
    )
    tx.audit(
        "ticket.merged", "ticket", source.id, into=target.id, into_number=target.number, moved=len(moved)
    )
    tx.audit("ticket.merge_received", "ticket", target.id, source=source.id, source_number=source.number)
    tx.emit(TicketStatusChanged(source.id, old_status, TicketStatus.closed))
    tx.emit(TicketUpdated(source.id, "merged_into"))
    tx.emit(TicketUpdated(target.id, "merged"))
    return target


def resolve_merged(session: Session, ticket_id: uuid.UUID, *, max_hops: int = 20) -> uuid.UUID:
    """The ticket a (possibly merged) ticket finally lives in, following merge links forward."""
    current = ticket_id
    for _ in range(max_hops):
        into = session.exec(select(Ticket.merged_into_id).where(Ticket.id == current)).first()
        if into is None:
            return current
        current = into
    return current


# Transfer ------------------------------------------------------------------------------------------


def transfer_ticket(
    tx: Tx,
    *,
    ticket_id: uuid.UUID,
    team_id: uuid.UUID | None = None,
    agent_id: uuid.UUID | None = None,
    note: str | None = None,
) -> Ticket:
    """Hand a ticket to a team or to an agent, with an optional internal note.

    To a team: the assignee stays only if they belong to that team, else the ticket is unassigned
    (the routing listener may then pick someone in the team). To an agent: they must be active; the
    ticket's team becomes one of theirs (the first by slug) unless its current team is already one of
    theirs (an agent in no team leaves the team as it is). Both: the agent must be in that team.
    Audited as `ticket.assigned` with reason "transfer"; emits `TicketAssigned`.
    """
    if team_id is None and agent_id is None:
        raise ValidationFailed("transfer_target_required")
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.status == TicketStatus.closed:
        raise ValidationFailed("ticket_closed")
    team = None
    if team_id is not None:
        team = tx.session.get(Team, team_id)
        if team is None:
            raise NotFound("team_not_found")
    new_team_id = ticket.team_id
    new_assignee_id = ticket.assignee_id
    target_name = ""
    if agent_id is not None:
        agent = tx.session.get(Agent, agent_id)
        if agent is None:
            raise NotFound("agent_not_found")
        if not agent.is_active:
            raise ValidationFailed("agent_inactive", name=agent.name)
        agent_team_ids = _team_ids_of(tx, agent.id)
        if team is not None:
            if team.id not in agent_team_ids:
                raise ValidationFailed("agent_not_in_team", name=agent.name)
            new_team_id = team.id
        elif agent_team_ids and ticket.team_id not in agent_team_ids:
            new_team_id = agent_team_ids[0]
        new_assignee_id = agent.id
        target_name = agent.name
    else:
        assert team is not None
        new_team_id = team.id
        if ticket.assignee_id is not None and team.id not in _team_ids_of(tx, ticket.assignee_id):
            new_assignee_id = None
        target_name = f"{team.name_bn or team.name} / {team.name}" if team.name_bn else team.name
    if new_team_id != ticket.team_id or new_assignee_id != ticket.assignee_id:
        assign_ticket(
            tx, ticket_id=ticket.id, assignee_id=new_assignee_id, team_id=new_team_id, reason="transfer"
        )
        add_activity(tx, ticket, "activity_transferred", target=target_name)
    if note and note.strip():
        actor_agent = uuid.UUID(tx.actor.id) if tx.actor.id else None
        if actor_agent is not None:
            add_internal_note(tx, agent_id=actor_agent, ticket_id=ticket.id, body=note)
    tx.session.flush()
    return ticket


def _team_ids_of(tx: Tx, agent_id: uuid.UUID) -> list[uuid.UUID]:
    rows = tx.session.exec(
        select(Team.id)
        .join(TeamMembership, col(TeamMembership.team_id) == col(Team.id))
        .where(TeamMembership.agent_id == agent_id)
        .order_by(col(Team.slug))
    ).all()
    return list(rows)


# Tags ----------------------------------------------------------------------------------------------


def normalise_tag(value: str) -> str:
    """Lower-case, NFC, spaces become "-"; letters of any script, digits, "_", "-"; at most 40."""
    tag = "-".join(unicodedata.normalize("NFC", value or "").strip().lower().split())
    if not tag or len(tag) > TAG_MAX or not _TAG.match(tag):
        raise ValidationFailed("tag_invalid", tag=(value or "")[:60], max=TAG_MAX)
    return tag


def add_tags(tx: Tx, *, ticket_id: uuid.UUID, tags: Iterable[str]) -> Ticket:
    """Add tags (normalised; ones already there are ignored)."""
    wanted = [normalise_tag(t) for t in tags]
    ticket = get_ticket_for_update(tx, ticket_id)
    current = list(ticket.tags or [])
    merged = sorted(set(current) | set(wanted))
    if merged != sorted(current):
        if len(merged) > TAGS_PER_TICKET_MAX:
            raise ValidationFailed("too_many_tags", max=TAGS_PER_TICKET_MAX)
        _write_tags(tx, ticket, merged)
        tx.audit("ticket.tags_added", "ticket", ticket.id, tags=sorted(set(merged) - set(current)))
        tx.emit(TicketUpdated(ticket.id, "tags"))
    return ticket


def remove_tags(tx: Tx, *, ticket_id: uuid.UUID, tags: Iterable[str]) -> Ticket:
    """Remove tags (normalised the same way; ones not there are ignored)."""
    unwanted = {normalise_tag(t) for t in tags}
    ticket = get_ticket_for_update(tx, ticket_id)
    current = list(ticket.tags or [])
    kept = sorted(set(current) - unwanted)
    if kept != sorted(current):
        _write_tags(tx, ticket, kept)
        tx.audit("ticket.tags_removed", "ticket", ticket.id, tags=sorted(set(current) & unwanted))
        tx.emit(TicketUpdated(ticket.id, "tags"))
    return ticket


def _write_tags(tx: Tx, ticket: Ticket, tags: list[str]) -> None:
    """Keep `Ticket.tags` (shown) and the `ticket_tag` rows (filtered on) the same set."""
    rows = set(tx.session.exec(select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id)).all())
    wanted = set(tags)
    if rows - wanted:
        tx.session.execute(
            sa.delete(TicketTag).where(
                col(TicketTag.ticket_id) == ticket.id, col(TicketTag.tag).in_(sorted(rows - wanted))
            )
        )
    for tag in sorted(wanted - rows):
        tx.session.add(TicketTag(ticket_id=ticket.id, tag=tag))
    ticket.tags = sorted(wanted)  # a new list, so the JSON column is seen as changed
    ticket.updated_at = utcnow()
    tx.session.add(ticket)


# Intent and priority -------------------------------------------------------------------------------


def set_intent(tx: Tx, *, ticket_id: uuid.UUID, intent: str | None) -> Ticket:
    """Set (or clear with None / "") what the customer wants: one of the INTENTS.md labels."""
    label = parse_intent(intent)
    ticket = get_ticket_for_update(tx, ticket_id)
    if ticket.intent != label:
        old = ticket.intent
        ticket.intent = label
        ticket.updated_at = utcnow()
        tx.session.add(ticket)
        sla_timers.ticket_changed(tx, ticket)
        tx.audit("ticket.intent_changed", "ticket", ticket.id, old=old, new=label)
        tx.emit(TicketUpdated(ticket.id, "intent"))
    # The bot learns from it: the message it read the intent from becomes a labelled example.
    from backend.bot.training import record_intent_correction

    record_intent_correction(tx, ticket, label)
    return ticket


def set_priority(tx: Tx, *, ticket_id: uuid.UUID, priority: str) -> Ticket:
    """`change_priority` (validation and audit) plus the console event it does not send."""
    ticket = get_ticket_for_update(tx, ticket_id)
    before = ticket.priority
    ticket = change_priority(tx, ticket_id=ticket_id, priority=priority)
    if ticket.priority != before:
        tx.emit(TicketUpdated(ticket.id, "priority"))
    return ticket
