"""The customer change feed: customer-visible changes written with a commit-ordered server_seq.

Every session opened by `backend.db.transaction` carries a `ChangeFeed` in `session.info`. A flush
listener notes which tickets and messages changed in a way the customer can see; just before the
commit, `ChangeFeed.write` takes the next numbers from the customer's `sync_scope` row (an UPDATE,
so the row stays locked until the commit and a later writer of the same customer waits, which makes
server_seq follow commit order) and writes one `change_log` row per entity with its final snapshot.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from backend.models import Agent, ChangeLog, Message, SyncScope, Ticket
from backend.models.base import utcnow
from backend.models.enums import MessageDirection

FEED_KEY = "seba_change_feed"

# What a customer sees of a ticket: an agent-only field (assignee, team, tags, priority, category,
# notes) is never in a snapshot, and changing only such a field writes no change.
TICKET_FIELDS = (
    "id",
    "number",
    "subject",
    "status",
    "order_ref",
    "channel",
    "created_at",
    "last_activity_at",
    "resolved_at",
    "closed_at",
)
MESSAGE_FIELDS = (
    "id",
    "ticket_id",
    "direction",
    "author_type",
    "body",
    "attachments",
    "channel",
    "delivery_status",
    "created_at",
)
CUSTOMER_DIRECTIONS = frozenset({MessageDirection.inbound, MessageDirection.outbound})


class Kind:
    ticket_created = "ticket.created"
    ticket_updated = "ticket.updated"
    message_created = "message.created"
    message_updated = "message.updated"


@dataclass
class _Entry:
    kind: str
    model: type[Ticket] | type[Message]
    entity_id: uuid.UUID


@dataclass
class ChangeFeed:
    """The customer-visible changes noted in one transaction, in the order they were flushed."""

    entries: dict[tuple[str, uuid.UUID], _Entry] = field(default_factory=dict)
    # Rows written with bulk statements (no ORM object): their values, so no read-back is needed.
    written: dict[tuple[type, uuid.UUID], Any] = field(default_factory=dict)
    # Customers whose feed this transaction advanced, with their new last_server_seq.
    advanced: dict[uuid.UUID, int] = field(default_factory=dict)

    def note(
        self,
        model: type[Ticket] | type[Message],
        entity_id: uuid.UUID,
        created: bool,
        values: dict[str, Any] | None = None,
    ) -> None:
        """Note a changed entity; `values` are the columns of a row inserted without the ORM."""
        if values is not None:
            self.written[(model, entity_id)] = SimpleNamespace(author_agent_id=None, **values)
        key = (model.__tablename__, entity_id)
        entry = self.entries.get(key)
        if entry is not None:
            return  # the first note decides created/updated; the snapshot is taken at commit
        if model is Ticket:
            kind = Kind.ticket_created if created else Kind.ticket_updated
        else:
            kind = Kind.message_created if created else Kind.message_updated
        self.entries[key] = _Entry(kind, model, entity_id)

    @contextmanager
    def savepoint_scope(self) -> Iterator[None]:
        """Forget what was noted inside a savepoint that rolls back."""
        before, written = dict(self.entries), dict(self.written)
        try:
            yield
        except BaseException:
            self.entries, self.written = before, written
            raise

    def write(self, session: Session) -> None:
        """Snapshot every noted entity and append it to its customer's feed (called before commit)."""
        session.flush()
        if not self.entries:
            return
        loaded = _load_together(session, self.entries.values(), self.written)
        rows_by_customer: dict[uuid.UUID, list[tuple[str, str, dict[str, Any]]]] = {}
        agent_names: dict[uuid.UUID, str] = {}
        for entry in self.entries.values():
            if entry.model is Ticket:
                ticket = loaded.get((Ticket, entry.entity_id))
                if ticket is None:
                    continue
                customer_id, payload = ticket.customer_id, ticket_snapshot(ticket)
            else:
                message = loaded.get((Message, entry.entity_id))
                if message is None or message.direction not in CUSTOMER_DIRECTIONS:
                    continue
                ticket = loaded.get((Ticket, message.ticket_id))
                if ticket is None:
                    continue
                customer_id = ticket.customer_id
                payload = message_snapshot(message, _agent_name(session, message, agent_names))
            rows_by_customer.setdefault(customer_id, []).append((entry.kind, str(entry.entity_id), payload))
        self.entries.clear()
        self.written.clear()
        now = utcnow()
        # A fixed order of scope locks: two transactions touching two customers cannot deadlock.
        for customer_id in sorted(rows_by_customer):
            rows = rows_by_customer[customer_id]
            last = allocate_server_seqs(session, customer_id, len(rows))
            first = last - len(rows) + 1
            session.execute(
                sa.insert(ChangeLog),
                [
                    {
                        "customer_id": customer_id,
                        "server_seq": first + i,
                        "kind": kind,
                        "entity_id": entity_id,
                        "payload": payload,
                        "created_at": now,
                    }
                    for i, (kind, entity_id, payload) in enumerate(rows)
                ],
            )
            self.advanced[customer_id] = last


def _load_together(session: Session, entries: Any, written: dict[Any, Any]) -> dict[Any, Any]:
    """Every noted entity (and the messages' tickets) by (model, id), read with one query per model,
    so that snapshotting a batch of 100 messages is not 100 round trips. Objects already in the
    session are used as they are (they hold this transaction's changes)."""
    loaded: dict[Any, Any] = {}
    in_session = {
        (type(obj), obj.id): obj for obj in session.identity_map.values() if isinstance(obj, Ticket | Message)
    }
    wanted: dict[Any, set[uuid.UUID]] = {Message: set(), Ticket: set()}
    for entry in entries:
        wanted[entry.model].add(entry.entity_id)
    models: tuple[Any, ...] = (Message, Ticket)
    for model in models:
        missing = []
        for entity_id in wanted[model]:
            obj = in_session.get((model, entity_id)) or written.get((model, entity_id))
            if obj is None:
                missing.append(entity_id)
            else:
                loaded[(model, entity_id)] = obj
        if missing:
            for found in session.exec(select(model).where(col(model.id).in_(missing))).all():
                loaded[(model, found.id)] = found
        if model is Message:
            for (kind, _), obj in list(loaded.items()):
                if kind is Message:
                    wanted[Ticket].add(obj.ticket_id)
    return loaded


def allocate_server_seqs(session: Session, customer_id: uuid.UUID, count: int) -> int:
    """Take `count` numbers from the customer's counter row and return the last one.

    The UPDATE locks the row until the transaction ends, so numbers are handed out in commit order.
    A missing row is inserted with ON CONFLICT DO NOTHING (two first writers cannot both insert it).
    """
    update = (
        sa.update(SyncScope)
        .where(col(SyncScope.customer_id) == customer_id)
        .values(last_server_seq=col(SyncScope.last_server_seq) + count)
        .returning(col(SyncScope.last_server_seq))
    )
    last = session.execute(update).scalar_one_or_none()
    if last is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(SyncScope)
            .values(customer_id=customer_id, last_server_seq=0)
            .on_conflict_do_nothing(index_elements=["customer_id"])
        )
        last = session.execute(update).scalar_one()
    return int(last)


def _iso(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def ticket_snapshot(ticket: Ticket) -> dict[str, Any]:
    return {name: _iso(getattr(ticket, name)) for name in TICKET_FIELDS}


def message_snapshot(message: Message, author_name: str = "") -> dict[str, Any]:
    snapshot = {name: _iso(getattr(message, name)) for name in MESSAGE_FIELDS}
    snapshot["attachments"] = list(message.attachments or [])
    snapshot["author_name"] = author_name
    return snapshot


def _agent_name(session: Session, message: Message, cache: dict[uuid.UUID, str]) -> str:
    if message.author_agent_id is None:
        return ""
    if message.author_agent_id not in cache:
        name = session.exec(select(Agent.name).where(Agent.id == message.author_agent_id)).first()
        cache[message.author_agent_id] = name or ""
    return cache[message.author_agent_id]


_TICKET_WATCHED = tuple(f for f in TICKET_FIELDS if f not in ("id", "created_at"))
_MESSAGE_WATCHED = ("body", "attachments", "delivery_status", "direction")


def _changed(obj: Any, names: tuple[str, ...]) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(OrmSession, "after_flush")
def _note_customer_visible_changes(session: OrmSession, _context: Any) -> None:
    feed: ChangeFeed | None = session.info.get(FEED_KEY)
    if feed is None:
        return
    for obj in session.new:
        if isinstance(obj, Ticket):
            feed.note(Ticket, obj.id, created=True)
    for obj in session.dirty:
        if isinstance(obj, Ticket) and _changed(obj, _TICKET_WATCHED):
            feed.note(Ticket, obj.id, created=False)
    for obj in session.new:
        if isinstance(obj, Message) and obj.direction in CUSTOMER_DIRECTIONS:
            feed.note(Message, obj.id, created=True)
    for obj in session.dirty:
        if isinstance(obj, Message) and _changed(obj, _MESSAGE_WATCHED):
            feed.note(Message, obj.id, created=False)
