"""Reads for the bot's admin page and the agent console: the review list of messages the bot did not
understand, model versions, and a ticket's hand-off summary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from backend.models import BotConversation, BotModelVersion, BotTurn, Ticket


@dataclass(frozen=True)
class ReviewItem:
    turn_id: uuid.UUID
    ticket_id: uuid.UUID
    ticket_number: int
    text: str
    intent: str
    confidence: float
    language: str
    review_status: str  # pending | labelled
    corrected_intent: str | None
    created_at: datetime


def review_queue(session: Session, *, include_labelled: bool = False, limit: int = 50) -> list[ReviewItem]:
    """Messages the bot did not understand (low confidence, out_of_scope), newest first; with
    `include_labelled`, also the ones agents labelled or corrected (to check or change them)."""
    statuses = ["pending", "labelled"] if include_labelled else ["pending"]
    rows = session.exec(
        select(BotTurn, Ticket.number)
        .join(Ticket, col(Ticket.id) == col(BotTurn.ticket_id))
        .where(col(BotTurn.review_status).in_(statuses))
        .order_by(col(BotTurn.created_at).desc())
        .limit(limit)
    ).all()
    return [
        ReviewItem(
            turn.id,
            turn.ticket_id,
            number,
            turn.text,
            turn.intent,
            turn.confidence,
            turn.language,
            turn.review_status,
            turn.corrected_intent,
            turn.created_at,
        )
        for turn, number in rows
    ]


def model_versions(session: Session) -> list[BotModelVersion]:
    return list(session.exec(select(BotModelVersion).order_by(col(BotModelVersion.created_at).desc())).all())


def training_in_progress(session: Session) -> BotModelVersion | None:
    return session.exec(
        select(BotModelVersion)
        .where(or_(BotModelVersion.status == "training"))
        .order_by(col(BotModelVersion.created_at).desc())
    ).first()


def ticket_bot_summary(session: Session, ticket_id: uuid.UUID) -> dict[str, Any] | None:
    """What the agent sees at the top of a ticket the bot talked on: status, reason, intent, slots,
    language, sentiment; None when the bot never read the ticket."""
    conversation = session.get(BotConversation, ticket_id)
    if conversation is None:
        return None
    summary = dict(conversation.summary or {})
    summary.setdefault("intent", conversation.intent)
    summary.setdefault("language", conversation.language)
    summary.setdefault("sentiment", conversation.sentiment)
    summary.setdefault(
        "slots",
        {k: v for k, v in (conversation.slots or {}).items() if k not in ("policy_told", "promo_told")},
    )
    summary["status"] = conversation.status
    summary["reason"] = conversation.handoff_reason
    summary["turns"] = conversation.turn_count
    return summary
