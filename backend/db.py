"""Database engines and the unit of work every write goes through (one transaction, audit, events)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.changefeed import FEED_KEY, ChangeFeed
from backend.config import get_settings
from backend.models.audit import AuditEvent
from backend.models.enums import ActorType

log = logging.getLogger(__name__)

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take SQLite's write lock at BEGIN so that two writers never deadlock.
        if conn.get_execution_options().get("seba_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` (default: the configured database), created once per process."""
    url = url or get_settings().effective_database_url
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url, connect_args={"check_same_thread": False})
                _configure_sqlite(engine)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def is_postgres(session_or_engine: Session | Engine | sa.Connection) -> bool:
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "postgresql"


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for reads; it never commits."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


@dataclass(frozen=True)
class Actor:
    """Who performs a write: recorded on every audit event."""

    type: ActorType
    id: str | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorType.system, None)

    @classmethod
    def bot(cls) -> Actor:
        return cls(ActorType.bot, None)

    @classmethod
    def agent(cls, agent_id: Any) -> Actor:
        return cls(ActorType.agent, str(agent_id))

    @classmethod
    def customer(cls, customer_id: Any) -> Actor:
        return cls(ActorType.customer, str(customer_id))


@dataclass
class Tx:
    """The unit of work a service function writes through."""

    session: Session
    actor: Actor
    events: list[Any] = field(default_factory=list)
    feed: ChangeFeed = field(default_factory=ChangeFeed)

    def audit(self, action: str, subject_type: str, subject_id: Any, /, **data: Any) -> None:
        # Positional-only, so that the data may have its own `action` (automation audits the rule's).
        self.session.add(
            AuditEvent(
                actor_type=self.actor.type,
                actor_id=self.actor.id,
                action=action,
                subject_type=subject_type,
                subject_id=str(subject_id),
                data=_jsonable(data),
            )
        )

    def emit(self, domain_event: Any) -> None:
        """Queue a domain event; listeners see it only after the transaction commits."""
        self.events.append(domain_event)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A SAVEPOINT: an error inside rolls back only its writes, its events and its feed notes."""
        events_before = len(self.events)
        try:
            with self.feed.savepoint_scope(), self.session.begin_nested():
                yield
        except BaseException:
            del self.events[events_before:]
            raise


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@contextmanager
def transaction(actor: Actor) -> Iterator[Tx]:
    """One transaction: commit on success, roll back on any error, then dispatch events.

    Before the commit the customer-visible changes are appended to the change feed
    (`backend.changefeed`); after it, each customer whose feed advanced is poked.
    """
    from backend.events import CustomerFeedAdvanced, dispatch

    engine = get_engine().execution_options(seba_write=True)
    with Session(engine, expire_on_commit=False) as session:
        tx = Tx(session=session, actor=actor)
        session.info[FEED_KEY] = tx.feed
        try:
            yield tx
            # Customer-visible changes take their server_seq last, so the counter row is locked
            # only for the moment before the commit.
            tx.feed.write(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    for customer_id, last_server_seq in tx.feed.advanced.items():
        tx.events.append(CustomerFeedAdvanced(customer_id, last_server_seq))
    dispatch(tx.events)
