"""What a flow sees during one bot turn, and what it answers: replies, and whether to hand off,
resolve or wait for the customer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from backend.bot import catalog
from backend.commerce.base import CommerceAdapter
from backend.db import Tx
from backend.models import BotConversation, Customer, Message, Ticket

# Hand-off reasons (stored on the conversation, shown to agents, counted on the analytics page).
TALK_TO_AGENT = "talk_to_agent"
LOW_CONFIDENCE = "low_confidence"
NEGATIVE_SENTIMENT = "negative_sentiment"
VIP = "vip_customer"
NEEDS_AGENT = "needs_agent"  # the request needs a person (cancel, address, return, refund, ...)
PAYMENT_DISPUTE = "payment_dispute"
SLOT_NOT_GIVEN = "slot_not_given"  # asked twice for a slot without an answer
BOT_UNAVAILABLE = "bot_unavailable"  # the bot could not answer (no model, an error, a stall)
AGENT_TOOK_OVER = "agent_took_over"
HANDOFF_REASONS = (
    TALK_TO_AGENT,
    LOW_CONFIDENCE,
    NEGATIVE_SENTIMENT,
    VIP,
    NEEDS_AGENT,
    PAYMENT_DISPUTE,
    SLOT_NOT_GIVEN,
    BOT_UNAVAILABLE,
    AGENT_TOOK_OVER,
)

# What knowledge-base search returns (backend.knowledge.search.search_articles), reduced to what we use.
KbSearch = Callable[[str, str | None, int], list[Any]]


@dataclass
class TurnContext:
    tx: Tx
    ticket: Ticket
    customer: Customer
    conversation: BotConversation
    message: Message
    language: str  # bn | banglish | en: the reply's language and script
    now: datetime
    commerce: CommerceAdapter
    kb_search: KbSearch | None
    strong_negative: bool = False
    confidence: float = 1.0  # the classifier's confidence in this message's intent

    def say(self, key: str, **params: Any) -> str:
        return catalog.say(key, self.language, **params)

    @property
    def slots(self) -> dict[str, Any]:
        return self.conversation.slots

    def fill(self, name: str, value: Any) -> None:
        # A new dict, so that the JSON column is seen as changed.
        self.conversation.slots = {**self.conversation.slots, name: value}

    def ask(self, slot: str) -> None:
        """Remember the slot the reply asks for; asking for the same slot again counts."""
        if self.conversation.awaiting == slot:
            self.conversation.asked_count += 1
        else:
            self.conversation.awaiting = slot
            self.conversation.asked_count = 1

    def answered(self) -> None:
        self.conversation.awaiting = None
        self.conversation.asked_count = 0


@dataclass
class FlowOutcome:
    replies: list[str] = field(default_factory=list)
    handoff: str | None = None  # a hand-off reason
    resolve: bool = False  # the customer is done (thanks/goodbye)
    priority: str | None = None  # raise the ticket's priority to this
    category: str | None = None  # what kind of request the ticket became (return_request, ...)
    done: bool = False  # the flow answered completely (the intent is served)
