"""An agent's load: the active tickets assigned to them, counted in the database.

Active means new, open, pending or on_hold (`backend.ticket_status`): pending and on-hold tickets
still belong to their agent, who answers when the customer or the third party comes back. Snoozed
tickets count as well (the agent owns them and they come back by themselves); tickets merged into
another one do not (the surviving ticket carries the work).

The authoritative check is `lock_agent_load`, inside the assigning transaction: the agent's row is
locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE
already), so two concurrent assignments to one agent are counted one after the other and can never
push the agent above capacity."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.db import Tx
from backend.models import Agent, Ticket
from backend.models.enums import TicketStatus

ACTIVE_STATUSES: tuple[str, ...] = (
    TicketStatus.new,
    TicketStatus.open,
    TicketStatus.pending,
    TicketStatus.on_hold,
)


def _active_assigned() -> sa.ColumnElement[bool]:
    return sa.and_(col(Ticket.status).in_(ACTIVE_STATUSES), col(Ticket.merged_into_id).is_(None))


def loads_of(session: Session, agent_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """{agent id: load} for the given agents (0 for those without tickets), in one grouped query."""
    ids = list(dict.fromkeys(agent_ids))
    if not ids:
        return {}
    rows = session.execute(
        sa.select(col(Ticket.assignee_id), sa.func.count())
        .where(col(Ticket.assignee_id).in_(ids), _active_assigned())
        .group_by(col(Ticket.assignee_id))
    ).all()
    loads = dict.fromkeys(ids, 0)
    for assignee_id, count in rows:
        loads[assignee_id] = int(count)
    return loads


def all_loads(session: Session) -> dict[uuid.UUID, int]:
    """{agent id: load} of every agent holding at least one active ticket (one grouped query)."""
    rows = session.execute(
        sa.select(col(Ticket.assignee_id), sa.func.count())
        .where(col(Ticket.assignee_id).is_not(None), _active_assigned())
        .group_by(col(Ticket.assignee_id))
    ).all()
    return {assignee_id: int(count) for assignee_id, count in rows}


def load_of(session: Session, agent_id: uuid.UUID) -> int:
    return loads_of(session, [agent_id])[agent_id]


def lock_agent_load(tx: Tx, agent_id: uuid.UUID) -> tuple[Agent | None, int]:
    """Lock the agent's row for the rest of the transaction, then count their load.

    On PostgreSQL (READ COMMITTED) the count runs after the lock is granted, so it sees every
    assignment committed by a transaction that held the lock before us."""
    agent = tx.session.exec(
        select(Agent).where(Agent.id == agent_id).with_for_update().execution_options(populate_existing=True)
    ).first()
    if agent is None:
        return None, 0
    return agent, load_of(tx.session, agent_id)
