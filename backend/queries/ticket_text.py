"""Ticket search by words of the subject or of any message (agents' quick search), newest activity first.

PostgreSQL: first the 500 most recently active tickets are checked (a word most tickets contain is
found there at once, without reading its whole posting list); when they give fewer than asked, the
GIN indexes over `to_tsvector('simple', ...)` of subjects and message bodies (0010_knowledge_base)
find matches among every ticket, closed ones included. SQLite (development) checks the recent
window only, with LIKE per word.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from backend.db import is_postgres
from backend.models import Message, Ticket

RECENT_WINDOW = 500
GIN_CAP = 500
_ACTIVE = ("new", "open", "pending", "on_hold")

_RECENT_PG = sa.text(
    """
    WITH q AS (SELECT plainto_tsquery('simple', :text) AS query),
    recent AS (
        SELECT id, subject, last_activity_at FROM ticket
        WHERE status IN ('new', 'open', 'pending', 'on_hold') AND merged_into_id IS NULL
        ORDER BY last_activity_at DESC, id DESC LIMIT :window
    )
    SELECT r.id FROM recent r CROSS JOIN q
    LEFT JOIN LATERAL (  -- per ticket, through ix_message_ticket_created: never every matching message
        SELECT 1 AS hit FROM message m
        WHERE m.ticket_id = r.id AND to_tsvector('simple', m.body) @@ q.query LIMIT 1
    ) in_message ON true
    WHERE to_tsvector('simple', r.subject) @@ q.query OR in_message.hit IS NOT NULL
    ORDER BY r.last_activity_at DESC, r.id DESC LIMIT :limit
    """
)
_EVERYWHERE_PG = sa.text(
    """
    WITH q AS (SELECT plainto_tsquery('simple', :text) AS query)
    SELECT t.id FROM ticket t
    WHERE t.merged_into_id IS NULL AND t.id IN (
        (SELECT id FROM ticket, q WHERE to_tsvector('simple', subject) @@ q.query LIMIT :cap)
        UNION ALL
        (SELECT ticket_id FROM message, q WHERE to_tsvector('simple', body) @@ q.query LIMIT :cap)
    )
    ORDER BY t.last_activity_at DESC, t.id DESC LIMIT :limit
    """
)


def ticket_ids_matching_text(session: Session, text: str, limit: int) -> list[uuid.UUID]:
    """Ids of tickets whose subject or a message contains every word of `text`, latest activity first."""
    words = text.split()
    if not words:
        return []
    if is_postgres(session):
        found = _ids(session.execute(_RECENT_PG, {"text": text, "window": RECENT_WINDOW, "limit": limit}))
        if len(found) < limit:
            params = {"text": text, "cap": GIN_CAP, "limit": limit}
            for ticket_id in _ids(session.execute(_EVERYWHERE_PG, params)):
                if ticket_id not in found:
                    found.append(ticket_id)
        return found[:limit]
    return _recent_like(session, words, limit)


def _ids(result: Any) -> list[uuid.UUID]:
    return [row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(str(row[0])) for row in result]


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _recent_like(session: Session, words: list[str], limit: int) -> list[uuid.UUID]:
    recent = (
        sa.select(col(Ticket.id))
        .where(col(Ticket.status).in_(_ACTIVE), col(Ticket.merged_into_id).is_(None))
        .order_by(col(Ticket.last_activity_at).desc(), col(Ticket.id).desc())
        .limit(RECENT_WINDOW)
        .scalar_subquery()
    )
    in_subject = sa.and_(*[col(Ticket.subject).ilike(_like(w), escape="\\") for w in words])
    in_message = (
        sa.select(col(Message.id))
        .where(
            col(Message.ticket_id) == Ticket.id,
            *[col(Message.body).ilike(_like(w), escape="\\") for w in words],
        )
        .exists()
    )
    rows = session.execute(
        sa.select(col(Ticket.id))
        .where(col(Ticket.id).in_(recent), sa.or_(in_subject, in_message))
        .order_by(col(Ticket.last_activity_at).desc(), col(Ticket.id).desc())
        .limit(limit)
    )
    return _ids(rows)
