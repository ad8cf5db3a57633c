"""Hand-off to humans: the bot stops, agents get a summary note at the hand-off, the ticket goes to
routing, and outside business hours the customer is told when a person will answer."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlmodel import Session

from backend.bot import catalog
from backend.bot.events import BotHandedOff
from backend.bot.hold import HANDED_OFF
from backend.bot.reply import post_bot_note
from backend.db import Tx
from backend.intents import intent_name
from backend.models import BotConversation, Ticket
from backend.models.base import utcnow
from backend.models.enums import ActorType, TicketStatus
from backend.services.tickets import apply_status

log = logging.getLogger(__name__)

REASON_NAMES: dict[str, tuple[str, str]] = {
    "talk_to_agent": ("গ্রাহক মানুষ চেয়েছেন", "customer asked for a person"),
    "low_confidence": ("বট দুবার বুঝতে পারেনি", "the bot did not understand twice"),
    "negative_sentiment": ("গ্রাহক খুব অসন্তুষ্ট", "strong negative sentiment"),
    "vip_customer": ("ভিআইপি গ্রাহক", "VIP customer"),
    "needs_agent": ("অনুরোধটি এজেন্টের কাজ", "the request needs an agent"),
    "payment_dispute": ("পেমেন্ট অভিযোগ খোলা হয়েছে", "payment dispute opened"),
    "slot_not_given": ("প্রয়োজনীয় তথ্য পাওয়া যায়নি", "the customer did not give the details"),
    "bot_unavailable": ("বট উত্তর দিতে পারেনি", "the bot could not answer"),
    "agent_took_over": ("এজেন্ট টিকিটটি নিয়েছেন", "an agent took the ticket"),
    "reopened_to_agent": ("বট সমাধানের পর গ্রাহক আবার লিখেছেন", "reopened after the bot resolved it"),
}


def summary_of(conversation: BotConversation, reason: str) -> dict[str, Any]:
    """What the agent reads first: intent, slots filled, language, sentiment, turns, why."""
    filled = {k: v for k, v in (conversation.slots or {}).items() if v not in (None, "", False)}
    filled.pop("policy_told", None)
    filled.pop("promo_told", None)
    return {
        "reason": reason,
        "intent": conversation.intent,
        "slots": filled,
        "language": conversation.language,
        "sentiment": conversation.sentiment,
        "sentiment_score": conversation.sentiment_score,
        "turns": conversation.turn_count,
    }


def summary_lines(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """(Bengali, English) lines of a summary, for the note and the console's summary card."""
    reason = summary.get("reason") or ""
    bn_reason, en_reason = REASON_NAMES.get(reason, (reason, reason))
    intent = summary.get("intent")
    slots = summary.get("slots") or {}
    slot_text = ", ".join(f"{k}: {v}" for k, v in slots.items()) or "—"
    sentiment = summary.get("sentiment") or "—"
    return [
        (f"কারণ: {bn_reason}", f"Reason: {en_reason}"),
        (
            f"ইনটেন্ট: {intent_name(intent, 'bn') if intent else '—'}",
            f"Intent: {intent_name(intent, 'en') if intent else '—'}",
        ),
        (f"তথ্য: {slot_text}", f"Details: {slot_text}"),
        (
            f"ভাষা: {summary.get('language') or '—'} · মনোভাব: {sentiment}",
            f"Language: {summary.get('language') or '—'} · Sentiment: {sentiment}",
        ),
    ]


def summary_note(summary: dict[str, Any]) -> str:
    lines = summary_lines(summary)
    bn = "বট হস্তান্তর\n" + "\n".join(b for b, _ in lines)
    en = "Bot hand-off\n" + "\n".join(e for _, e in lines)
    return f"{bn}\n\n{en}"


def hand_off(
    tx: Tx, ticket: Ticket, conversation: BotConversation, reason: str, *, at: datetime | None = None
) -> None:
    """Stop the bot on `ticket`: record why and a summary, leave a note for agents, put the ticket
    back in our court, and (after the commit) route it."""
    now = at or utcnow()
    conversation.status = HANDED_OFF
    conversation.handoff_reason = reason
    conversation.ended_at = now
    conversation.updated_at = now
    conversation.summary = summary_of(conversation, reason)
    tx.session.add(conversation)
    post_bot_note(tx, ticket, summary_note(conversation.summary))
    if ticket.status == TicketStatus.pending:
        apply_status(tx, ticket, TicketStatus.open, ActorType.bot)
    if ticket.status in (TicketStatus.new, TicketStatus.open):
        ticket.waiting_since = ticket.waiting_since or now
    tx.session.add(ticket)
    tx.audit("bot.handed_off", "ticket", ticket.id, reason=reason, intent=conversation.intent)
    tx.emit(BotHandedOff(ticket.id, reason))


def outside_hours_sentence(session: Session, ticket: Ticket, language: str, at: datetime) -> str | None:
    """When nobody will answer soon, the sentence telling the customer when a person will.

    With the business calendar (backend.calendar): its expectation for the ticket's team, None while
    open. Without it: the generic sentence when no agent is online at all."""
    locale = "bn" if catalog.language_of(language) == "bn" else "en"
    try:
        from backend.calendar.expectation import reply_expectation
        from backend.calendar.store import calendar_for_team, has_calendars
    except ImportError:
        return _generic_when_nobody_online(language)
    if not has_calendars(session):  # none loaded yet (`seba db upgrade` loads the shipped ones)
        return _generic_when_nobody_online(language)
    try:
        calendar = calendar_for_team(session, ticket.team_id)
        return reply_expectation(calendar, at, locale)
    except Exception:  # a broken calendar must not stop the hand-off
        log.exception("reply expectation failed", extra={"ticket_id": str(ticket.id)})
        return _generic_when_nobody_online(language)


def _generic_when_nobody_online(language: str) -> str | None:
    from backend.presence import anyone_present

    try:
        present = anyone_present()
    except Exception:
        present = True
    return None if present else catalog.say("outside_hours", language)
