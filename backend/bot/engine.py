"""One bot turn: read a customer's message, understand it, decide (answer, ask, hand off, resolve),
write the replies through the ticket's channel and remember the state, all in one transaction."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from backend.bot import catalog, versions
from backend.bot.context import (
    AGENT_TOOK_OVER,
    BOT_UNAVAILABLE,
    LOW_CONFIDENCE,
    NEGATIVE_SENTIMENT,
    VIP,
    FlowOutcome,
    KbSearch,
    TurnContext,
)
from backend.bot.flows import answers_awaited_slot, run_flow
from backend.bot.handoff import hand_off, outside_hours_sentence
from backend.bot.hold import ACTIVE, RESOLVED, bot_holds
from backend.bot.reply import post_bot_reply
from backend.bot.sweeps import script_of
from backend.commerce import get_commerce_adapter
from backend.config import get_settings
from backend.db import Actor, Tx, transaction
from backend.events import TicketUpdated
from backend.intents import INTENTS
from backend.models import BotConversation, BotTurn, Customer, Message, Ticket
from backend.models.base import utcnow
from backend.models.enums import ActorType, AuthorType, CustomerTier, MessageDirection, TicketStatus
from backend.services.ticket_ops import add_tags
from backend.services.tickets import apply_status, get_ticket_for_update
from backend.ticket_status import can_transition

log = logging.getLogger(__name__)

TEXT_MAX = 1000  # what the classifier and the training data keep of one message
_PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
# Intents that say nothing about what the ticket is about.
_NO_TOPIC = ("greeting", "thanks_goodbye", "out_of_scope", "talk_to_agent")
# Intents a customer can switch to in the middle of giving details.
_OVERRIDING = ("talk_to_agent", "thanks_goodbye", "complaint")


def knowledge_search() -> KbSearch | None:
    """The knowledge base's search when that part is installed (imported only when a turn runs)."""
    try:
        from backend.knowledge.search import search_articles
    except ImportError:
        return None

    def run(query: str, lang: str | None, limit: int) -> list[Any]:
        try:
            return list(search_articles(query[:500], lang=lang, limit=limit))
        except Exception:  # a search outage must not stop the answer: the fallback offers a person
            log.exception("knowledge-base search failed")
            return []

    return run


def first_inbound_message(ticket_id: uuid.UUID) -> uuid.UUID | None:
    from backend.db import read_session

    with read_session() as session:
        return session.exec(
            select(Message.id)
            .where(Message.ticket_id == ticket_id, Message.direction == MessageDirection.inbound)
            .order_by(col(Message.created_at))
        ).first()


def ticket_of_message(message_id: uuid.UUID) -> uuid.UUID | None:
    from backend.db import read_session

    with read_session() as session:
        return session.exec(select(Message.ticket_id).where(Message.id == message_id)).first()


def run_turn(
    message_id: uuid.UUID,
    *,
    classifier: versions.Classifier | None = None,
    kb_search: KbSearch | str | None = "default",
    now: datetime | None = None,
) -> str:
    """Handle one customer message on a ticket the bot holds; returns what happened (for logs and
    tests): skipped | duplicate | not_bot | answered | asked | handed_off:<reason> | resolved.
    Idempotent: a message is read once (bot_turn.message_id is unique)."""
    with transaction(Actor.bot()) as tx:
        message = tx.session.get(Message, message_id)
        if (
            message is None
            or message.direction != MessageDirection.inbound
            or message.author_type != AuthorType.customer
        ):
            return "skipped"
        ticket = get_ticket_for_update(tx, message.ticket_id)
        if tx.session.exec(select(BotTurn.id).where(BotTurn.message_id == message.id)).first():
            return "duplicate"
        conversation = tx.session.get(BotConversation, ticket.id)
        customer = tx.session.get(Customer, ticket.customer_id)
        assert customer is not None
        if conversation is None:
            if not bot_holds(tx.session, ticket) or ticket.status not in (
                TicketStatus.new,
                TicketStatus.open,
            ):
                return "not_bot"
            version = versions.choose_version(tx, customer.id)
            conversation = BotConversation(
                ticket_id=ticket.id, status=ACTIVE, model_version_id=version.id, slots={}
            )
            tx.session.add(conversation)
            tx.session.flush()
            tx.audit("bot.conversation_started", "ticket", ticket.id, version=version.label)
        elif conversation.status != ACTIVE:
            return "not_bot"
        when = now or utcnow()
        if ticket.assignee_id is not None or ticket.status == TicketStatus.closed:
            # An agent took the ticket (or it was closed) while the bot was talking: step aside quietly.
            conversation.status, conversation.handoff_reason, conversation.ended_at = (
                "handed_off",
                AGENT_TOOK_OVER,
                when,
            )
            tx.session.add(conversation)
            return f"handed_off:{AGENT_TOOK_OVER}"
        if classifier is None:
            version = (
                versions.get_version(tx.session, conversation.model_version_id)
                if conversation.model_version_id
                else versions.choose_version(tx, customer.id)
            )
            try:
                classifier = versions.classifier_for(version)
            except Exception:
                log.exception("bot model could not be loaded", extra={"ticket_id": str(ticket.id)})
                hand_off(tx, ticket, conversation, BOT_UNAVAILABLE, at=when)
                _tell(
                    tx,
                    ticket,
                    [catalog.say("handoff", conversation.language or script_of(message.body))],
                    when,
                    conversation,
                )
                return f"handed_off:{BOT_UNAVAILABLE}"
        search = knowledge_search() if kb_search == "default" else kb_search
        return _turn(tx, ticket, customer, conversation, message, classifier, search, when)  # type: ignore[arg-type]


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() and not ("\u09e6" <= ch <= "\u09ef") for ch in text)


def _turn(
    tx: Tx,
    ticket: Ticket,
    customer: Customer,
    conversation: BotConversation,
    message: Message,
    classifier: versions.Classifier,
    search: KbSearch | None,
    now: datetime,
) -> str:
    settings = get_settings()
    text = message.body[:TEXT_MAX]
    result = classifier.classify(text)
    intent = result.intent if result.intent in INTENTS else "out_of_scope"
    language = catalog.language_of(result.language)
    if conversation.language and not _has_letters(text):
        language = conversation.language  # "৫০০", "#240117": numbers say nothing about the script
    strength = abs(float(result.sentiment_score))
    strong_negative = result.sentiment == "negative" and strength >= settings.bot_negative_threshold
    understood = float(result.confidence) >= settings.bot_confidence_threshold and intent != "out_of_scope"

    conversation.turn_count += 1
    conversation.language = language
    conversation.sentiment, conversation.sentiment_score = result.sentiment, float(result.sentiment_score)
    conversation.updated_at = now
    ticket.language = language
    ticket.sentiment = result.sentiment
    turn = BotTurn(
        ticket_id=ticket.id,
        message_id=message.id,
        text=text,
        intent=intent,
        confidence=float(result.confidence),
        language=language,
        sentiment=result.sentiment,
        sentiment_score=float(result.sentiment_score),
        model_version_id=conversation.model_version_id,
        action="pending",
        review_status="pending" if not understood else "none",
        created_at=now,
    )
    tx.session.add(turn)
    ctx = TurnContext(
        tx=tx,
        ticket=ticket,
        customer=customer,
        conversation=conversation,
        message=message,
        language=language,
        now=now,
        commerce=get_commerce_adapter(tx.session),
        kb_search=search,
        strong_negative=strong_negative,
        confidence=float(result.confidence),
    )
    continuing = (
        conversation.awaiting is not None
        and conversation.intent is not None
        and not (understood and intent in _OVERRIDING and intent != conversation.intent)
        and not (
            understood
            and conversation.awaiting in ("new_address", "coupon")
            and intent not in (conversation.intent, *_NO_TOPIC)
        )
        and answers_awaited_slot(ctx)
    )
    if continuing:
        intent = conversation.intent or intent
        conversation.low_confidence_streak = 0
        turn.review_status = "none"  # "240117" answering our question is understood, not a miss
    elif understood:
        conversation.low_confidence_streak = 0
        if intent != conversation.intent:
            _switch_intent(ctx, intent, turn)
    elif conversation.awaiting is not None and conversation.intent is not None:
        # An answer to our question without what we asked for ("jani na"): the flow asks again
        # and, after the second time, gives the ticket to a person (slot_not_given).
        intent, continuing = conversation.intent, True
    else:
        conversation.low_confidence_streak += 1

    outcome = _decide(ctx, intent, understood or continuing, strong_negative, customer)
    return _apply(ctx, turn, outcome, intent)


def _switch_intent(ctx: TurnContext, intent: str, turn: BotTurn) -> None:
    conversation, ticket = ctx.conversation, ctx.ticket
    if intent in _NO_TOPIC:
        # "hi", "thanks", "a person please" say nothing about the topic: the summary keeps the topic.
        if conversation.intent is None or conversation.intent in _NO_TOPIC:
            conversation.intent = intent
        return
    conversation.intent = intent
    conversation.awaiting, conversation.asked_count = None, 0
    conversation.intent_turn_id = turn.id
    if ticket.intent != intent:
        old = ticket.intent
        ticket.intent = intent
        ctx.tx.audit("ticket.intent_changed", "ticket", ticket.id, old=old, new=intent, by="bot")
        ctx.tx.emit(TicketUpdated(ticket.id, "intent"))


def _decide(
    ctx: TurnContext, intent: str, understood: bool, strong_negative: bool, customer: Customer
) -> FlowOutcome:
    """The five hand-off triggers first, then the intent's flow."""
    conversation = ctx.conversation
    if understood and intent == "talk_to_agent":
        return run_flow("talk_to_agent", ctx)
    if customer.tier == CustomerTier.vip:
        return FlowOutcome(handoff=VIP)
    if strong_negative:
        if intent == "complaint":
            outcome = run_flow("complaint", ctx)
            outcome.handoff = NEGATIVE_SENTIMENT
            return outcome
        return FlowOutcome(handoff=NEGATIVE_SENTIMENT, priority="high")
    if conversation.low_confidence_streak >= 2:
        return FlowOutcome(handoff=LOW_CONFIDENCE)
    if not understood:
        # Sure it is unrelated: say what the bot does; unsure what it is: ask to rephrase.
        confident = ctx.confidence >= get_settings().bot_confidence_threshold
        key = "capabilities" if intent == "out_of_scope" and confident else "not_understood"
        return FlowOutcome([ctx.say(key)])
    return run_flow(intent, ctx)


def _apply(ctx: TurnContext, turn: BotTurn, outcome: FlowOutcome, intent: str) -> str:
    tx, ticket, conversation, now = ctx.tx, ctx.ticket, ctx.conversation, ctx.now
    if outcome.priority and _PRIORITY_RANK.get(outcome.priority, 0) > _PRIORITY_RANK.get(ticket.priority, 0):
        old = ticket.priority
        ticket.priority = outcome.priority
        tx.audit("ticket.priority_changed", "ticket", ticket.id, old=old, new=outcome.priority, by="bot")
        tx.emit(TicketUpdated(ticket.id, "priority"))
    if outcome.category and ticket.category != outcome.category:
        ticket.category = outcome.category
        add_tags(tx, ticket_id=ticket.id, tags=[outcome.category.replace("_", "-")])
    replies = list(outcome.replies)
    if outcome.handoff:
        hand_off(tx, ticket, conversation, outcome.handoff, at=now)
        if not replies:
            replies.append(ctx.say("handoff"))
        later = outside_hours_sentence(tx.session, ticket, ctx.language, now)
        if later:
            replies.append(later)
        turn.action = f"handed_off:{outcome.handoff}"
    elif outcome.resolve:
        conversation.status, conversation.ended_at = RESOLVED, now
        conversation.summary = {
            "ended": "customer_done",
            "intent": conversation.intent,
            "turns": conversation.turn_count,
        }
        turn.action = "resolved"
    else:
        turn.action = "answered" if outcome.done else "asked"
    _tell(tx, ticket, replies, now, conversation)
    if outcome.resolve and can_transition(ticket.status, TicketStatus.resolved, ActorType.bot):
        apply_status(tx, ticket, TicketStatus.resolved, ActorType.bot)
    elif not outcome.handoff and can_transition(ticket.status, TicketStatus.pending, ActorType.bot):
        apply_status(tx, ticket, TicketStatus.pending, ActorType.bot)  # the ball is in the customer's court
    tx.session.add_all([ticket, conversation, turn])
    tx.audit(
        "bot.turn",
        "ticket",
        ticket.id,
        message_id=turn.message_id,
        intent=intent,
        action=turn.action,
        confidence=round(turn.confidence, 3),
        language=turn.language,
    )
    return turn.action.split(":")[0] if turn.action in ("answered", "asked", "resolved") else turn.action


def _tell(tx: Tx, ticket: Ticket, replies: list[str], now: datetime, conversation: BotConversation) -> None:
    """Post the replies as one message (one SMS or email per turn, not several)."""
    body = "\n\n".join(r for r in replies if r)
    if body:
        post_bot_reply(tx, ticket, body)
    conversation.updated_at = now
