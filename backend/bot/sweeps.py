"""The bot's periodic care: conversations it left unanswered go to a person, answered ones the
customer never came back to are resolved, and a ticket whose turn failed is handed off."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlmodel import col, select

from backend.bot import catalog
from backend.bot.context import BOT_UNAVAILABLE
from backend.bot.handoff import hand_off, outside_hours_sentence
from backend.bot.hold import ACTIVE, BOT_CHANNELS, RESOLVED, bot_answers_inbox
from backend.bot.reply import post_bot_reply
from backend.config import get_settings
from backend.db import Actor, read_session, transaction
from backend.models import BotConversation, BotInbox, Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import ActorType, MessageDirection, TicketStatus
from backend.services.tickets import apply_status, get_ticket_for_update
from backend.ticket_status import can_transition

log = logging.getLogger(__name__)
BATCH = 200


def hand_off_after_failure(ticket_id: uuid.UUID) -> bool:
    """The bot's turn failed: a person takes the ticket rather than the customer waiting forever."""
    with transaction(Actor.bot()) as tx:
        ticket = get_ticket_for_update(tx, ticket_id)
        conversation = tx.session.get(BotConversation, ticket.id)
        if conversation is None:
            if ticket.assignee_id is not None or not bot_answers_inbox(tx.session, ticket):
                return False
            conversation = BotConversation(ticket_id=ticket.id, status=ACTIVE, slots={})
            tx.session.add(conversation)
            tx.session.flush()
        elif conversation.status != ACTIVE:
            return False
        hand_off(tx, ticket, conversation, BOT_UNAVAILABLE)
        # The customer is not left guessing: a person will answer (in their script).
        last = tx.session.exec(
            select(Message.body)
            .where(Message.ticket_id == ticket.id, Message.direction == MessageDirection.inbound)
            .order_by(col(Message.created_at).desc())
        ).first()
        language = conversation.language or script_of(last or "")
        replies = [catalog.say("handoff", language)]
        later = outside_hours_sentence(tx.session, ticket, language, utcnow())
        if later:
            replies.append(later)
        post_bot_reply(tx, ticket, "\n\n".join(replies))
    return True


def script_of(text: str) -> str:
    """bn for Bengali script, else Banglish (a guess for customers the classifier never read)."""
    return "bn" if any("\u0980" <= ch <= "\u09ff" for ch in text) else "banglish"


def hand_off_stalled(older_than_seconds: int | None = None) -> int:
    """Tickets the bot holds where the customer has waited longer than BOT_STALL_SECONDS without an
    answer (the job was lost, the model failed to load): they go to routing. Two indexed queries:
    active conversations not updated since, and tickets on bot inboxes the bot never started."""
    seconds = older_than_seconds if older_than_seconds is not None else get_settings().bot_stall_seconds
    cutoff = utcnow() - timedelta(seconds=seconds)
    waiting = (
        col(Ticket.assignee_id).is_(None),
        col(Ticket.status).in_((TicketStatus.new, TicketStatus.open)),
        col(Ticket.merged_into_id).is_(None),
        col(Ticket.waiting_since) < cutoff,
    )
    with read_session() as session:
        silent = session.exec(
            select(Ticket.id)
            .join(BotConversation, col(BotConversation.ticket_id) == col(Ticket.id))
            .where(BotConversation.status == ACTIVE, col(BotConversation.updated_at) < cutoff, *waiting)
            .limit(BATCH)
        ).all()
        never_started = session.exec(
            select(Ticket.id)
            .join(BotInbox, col(BotInbox.inbox_id) == col(Ticket.inbox_id))
            .outerjoin(BotConversation, col(BotConversation.ticket_id) == col(Ticket.id))
            .where(
                col(BotConversation.ticket_id).is_(None),
                col(Ticket.created_at) >= col(BotInbox.enabled_at),
                col(Ticket.channel).in_(BOT_CHANNELS),
                *waiting,
            )
            .limit(BATCH)
        ).all()
    return sum(1 for ticket_id in [*silent, *never_started] if hand_off_after_failure(ticket_id))


def resolve_idle(hours: float | None = None) -> int:
    """Conversations whose last bot answer the customer left unanswered for BOT_IDLE_RESOLVE_HOURS
    (the ticket still pending on the customer) are resolved: the bot contained them."""
    cutoff = utcnow() - timedelta(hours=hours if hours is not None else get_settings().bot_idle_resolve_hours)
    with read_session() as session:
        idle = session.exec(
            select(BotConversation.ticket_id)
            .join(Ticket, col(Ticket.id) == col(BotConversation.ticket_id))
            .where(
                BotConversation.status == ACTIVE,
                col(BotConversation.updated_at) < cutoff,
                Ticket.status == TicketStatus.pending,
                col(Ticket.assignee_id).is_(None),
            )
            .limit(BATCH)
        ).all()
    resolved = 0
    for ticket_id in idle:
        with transaction(Actor.bot()) as tx:
            ticket = get_ticket_for_update(tx, ticket_id)
            conversation = tx.session.get(BotConversation, ticket_id)
            if conversation is None or conversation.status != ACTIVE or ticket.status != TicketStatus.pending:
                continue
            if not can_transition(ticket.status, TicketStatus.resolved, ActorType.bot):
                continue
            now = utcnow()
            conversation.status, conversation.ended_at, conversation.updated_at = RESOLVED, now, now
            conversation.summary = {
                "ended": "idle",
                "intent": conversation.intent,
                "turns": conversation.turn_count,
            }
            tx.session.add(conversation)
            apply_status(tx, ticket, TicketStatus.resolved, ActorType.bot)
            tx.audit("bot.resolved_idle", "ticket", ticket.id, intent=conversation.intent)
            resolved += 1
    return resolved
