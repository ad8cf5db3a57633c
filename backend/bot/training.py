"""Labelled examples from people: agents label messages the bot did not understand, and an intent an
agent sets on a bot ticket confirms or corrects what the bot understood. Both become training data."""

from __future__ import annotations

import uuid

from sqlmodel import select

from backend.db import Tx
from backend.errors import NotFound, ValidationFailed
from backend.intents import parse_intent
from backend.models import BotConversation, BotTrainingExample, BotTurn, Ticket
from backend.models.base import utcnow

AGENT_CORRECTION = "agent_correction"
REVIEW = "review"
PENDING, LABELLED, DISMISSED = "pending", "labelled", "dismissed"


def _agent_id(tx: Tx) -> uuid.UUID | None:
    return uuid.UUID(tx.actor.id) if tx.actor.type == "agent" and tx.actor.id else None


def _store_example(tx: Tx, turn: BotTurn, intent: str, source: str) -> BotTrainingExample:
    """One example per turn: labelling the same message again changes its label."""
    example = tx.session.exec(select(BotTrainingExample).where(BotTrainingExample.turn_id == turn.id)).first()
    if example is None:
        example = BotTrainingExample(
            text=turn.text,
            intent=intent,
            language=turn.language,
            source=source,
            turn_id=turn.id,
            ticket_id=turn.ticket_id,
            labelled_by_agent_id=_agent_id(tx),
        )
    else:
        example.intent, example.source, example.labelled_by_agent_id = intent, source, _agent_id(tx)
        example.created_at = utcnow()
    tx.session.add(example)
    return example


def label_turn(tx: Tx, *, turn_id: uuid.UUID, intent: str) -> BotTrainingExample:
    """An agent says what a message the bot read really asked for (the /admin/bot review list)."""
    label = parse_intent(intent)
    if label is None:
        raise ValidationFailed("intent_unknown", intent=str(intent)[:60])
    turn = tx.session.get(BotTurn, turn_id, with_for_update=True)
    if turn is None:
        raise NotFound("bot_turn_not_found")
    turn.review_status, turn.corrected_intent = LABELLED, label
    turn.reviewed_by_agent_id, turn.reviewed_at = _agent_id(tx), utcnow()
    tx.session.add(turn)
    example = _store_example(tx, turn, label, REVIEW)
    tx.session.flush()
    tx.audit("bot.turn_labelled", "bot_turn", turn.id, intent=label, bot_intent=turn.intent)
    return example


def dismiss_turn(tx: Tx, *, turn_id: uuid.UUID) -> BotTurn:
    """Not worth learning from (gibberish, a test message): off the review list, no example."""
    turn = tx.session.get(BotTurn, turn_id, with_for_update=True)
    if turn is None:
        raise NotFound("bot_turn_not_found")
    turn.review_status, turn.reviewed_by_agent_id, turn.reviewed_at = DISMISSED, _agent_id(tx), utcnow()
    tx.session.add(turn)
    tx.audit("bot.turn_dismissed", "bot_turn", turn.id)
    return turn


def record_intent_correction(tx: Tx, ticket: Ticket, intent: str | None) -> BotTrainingExample | None:
    """Called when an agent sets a ticket's intent (`ticket_ops.set_intent`): the message the bot took
    the intent from becomes an example with the agent's label, and its review says whether the bot
    was right (corrected) or not. Nothing happens for tickets the bot never read, or without a label."""
    if intent is None or tx.actor.type != "agent":
        return None
    conversation = tx.session.get(BotConversation, ticket.id)
    turn = None
    if conversation is not None and conversation.intent_turn_id is not None:
        turn = tx.session.get(BotTurn, conversation.intent_turn_id)
    if turn is None:  # the bot never settled on an intent: its first reading of the ticket
        turn = tx.session.exec(
            select(BotTurn).where(BotTurn.ticket_id == ticket.id).order_by(BotTurn.created_at)  # type: ignore[arg-type]
        ).first()
    if turn is None:
        return None
    turn.review_status, turn.corrected_intent = LABELLED, intent
    turn.reviewed_by_agent_id, turn.reviewed_at = _agent_id(tx), utcnow()
    tx.session.add(turn)
    example = _store_example(tx, turn, intent, AGENT_CORRECTION)
    tx.session.flush()
    tx.audit("bot.intent_corrected", "bot_turn", turn.id, intent=intent, bot_intent=turn.intent)
    return example
