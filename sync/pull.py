"""The pull side: a page of the customer's change feed after a cursor, or a full snapshot (reset).

The cursor a device sends is the last server_seq it has applied, so it also acknowledges
delivery: every agent reply whose creation has server_seq <= cursor is recorded as delivered to
that device (once) before the page is read, and the page then carries the resulting changes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.changefeed import message_snapshot, ticket_snapshot
from backend.db import Actor, get_engine, transaction
from backend.models import Agent, ChangeLog, Message, SyncDevice, SyncScope, Ticket
from backend.models.enums import MessageDirection
from backend.queries.delivery import replies_in_feed
from backend.services.delivery import record_deliveries
from sync.devices import lock_device

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
SNAPSHOT_TICKET = "ticket.snapshot"
SNAPSHOT_MESSAGE = "message.snapshot"


@dataclass(frozen=True)
class PullPage:
    changes: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    last_seq: int
    reset: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "changes": self.changes,
            "next_cursor": self.next_cursor,
            "has_more": self.has_more,
            "last_seq": self.last_seq,
            "reset": self.reset,
        }


def pull(customer_id: uuid.UUID, device_id: str, cursor: int, limit: int = DEFAULT_LIMIT) -> PullPage:
    """Changes with server_seq > cursor (at most `limit`), or a snapshot when the cursor is unknown."""
    last_seq = _acknowledge(customer_id, device_id, cursor)
    with _snapshot_session() as session:
        head = _last_server_seq(session, customer_id)
        # A first pull (cursor 0) gets a snapshot: cheaper than replaying the whole feed, and it
        # includes what was written before the feed existed.
        if cursor <= 0 or cursor > head or cursor < retained_floor(session, customer_id):
            return PullPage(snapshot(session, customer_id, head), head, False, last_seq, True)
        rows = session.exec(
            select(ChangeLog)
            .where(ChangeLog.customer_id == customer_id, col(ChangeLog.server_seq) > cursor)
            .order_by(col(ChangeLog.server_seq))
            .limit(limit + 1)
        ).all()
        changes: list[dict[str, Any]] = [
            {"server_seq": r.server_seq, "kind": r.kind, "entity_id": r.entity_id, "data": r.payload}
            for r in rows
        ]
    page = changes[:limit]
    next_cursor = page[-1]["server_seq"] if page else cursor
    return PullPage(page, next_cursor, len(changes) > limit, last_seq, False)


def _acknowledge(customer_id: uuid.UUID, device_id: str, cursor: int) -> int:
    """Register the device, record deliveries up to `cursor`; returns the device's last_seq.

    Writes only when there is something to record (a new device or a cursor past the last
    acknowledged one), so that polling an idle feed costs one read.
    """
    with Session(get_engine(), expire_on_commit=False) as session:
        device = session.get(SyncDevice, device_id)
        head = _last_server_seq(session, customer_id) if device is not None else 0
    nothing_to_record = device is not None and not device.acked_cursor < cursor <= head
    if device is not None and device.customer_id == customer_id and nothing_to_record:
        return device.last_seq
    with transaction(Actor.customer(customer_id)) as tx:
        locked = lock_device(tx, device_id=device_id, customer_id=customer_id)
        head = _last_server_seq(tx.session, customer_id)
        if locked.acked_cursor < cursor <= head:
            replies = replies_in_feed(
                tx.session, customer_id=customer_id, after=locked.acked_cursor, upto=cursor
            )
            record_deliveries(tx, customer_id=customer_id, device_id=device_id, message_ids=replies)
            tx.session.execute(
                sa.update(SyncDevice)
                .where(col(SyncDevice.device_id) == device_id)
                .values(acked_cursor=cursor, last_seen_at=sa.func.now())
            )
        return locked.last_seq


class _snapshot_session:
    """A read session whose statements all see one snapshot (REPEATABLE READ on PostgreSQL)."""

    def __enter__(self) -> Session:
        engine = get_engine()
        if engine.dialect.name == "postgresql":
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        self._session = Session(engine, expire_on_commit=False)
        self._session.begin()
        return self._session

    def __exit__(self, *exc: object) -> None:
        self._session.rollback()
        self._session.close()


def _last_server_seq(session: Session, customer_id: uuid.UUID) -> int:
    value = session.exec(
        select(SyncScope.last_server_seq).where(SyncScope.customer_id == customer_id)
    ).first()
    return int(value or 0)


def retained_floor(session: Session, customer_id: uuid.UUID) -> int:
    """The oldest cursor the feed can still serve: changes are never compacted yet, so 0."""
    return 0


def snapshot(session: Session, customer_id: uuid.UUID, head: int) -> list[dict[str, Any]]:
    """Every ticket of the customer and their inbound and outbound messages, as snapshot changes."""
    tickets = session.exec(
        select(Ticket)
        .where(Ticket.customer_id == customer_id)
        .order_by(col(Ticket.created_at), col(Ticket.id))
    ).all()
    changes = [
        {"server_seq": head, "kind": SNAPSHOT_TICKET, "entity_id": str(t.id), "data": ticket_snapshot(t)}
        for t in tickets
    ]
    if not tickets:
        return changes
    rows = session.exec(
        select(Message, Agent.name)
        .outerjoin(Agent, col(Agent.id) == col(Message.author_agent_id))
        .where(
            col(Message.ticket_id).in_([t.id for t in tickets]),
            col(Message.direction).in_([MessageDirection.inbound, MessageDirection.outbound]),
        )
        .order_by(col(Message.created_at), col(Message.id))
    ).all()
    changes += [
        {
            "server_seq": head,
            "kind": SNAPSHOT_MESSAGE,
            "entity_id": str(m.id),
            "data": message_snapshot(m, name or ""),
        }
        for m, name in rows
    ]
    return changes


def server_projection(customer_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """What the customer's synced store must hold: {entity_id: snapshot} for tickets and messages."""
    with _snapshot_session() as session:
        return {c["entity_id"]: c["data"] for c in snapshot(session, customer_id, 0)}
