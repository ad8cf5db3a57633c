"""The support bot's tables: inboxes it answers, conversations and turns, model versions, labelled
training examples, and the structured payment disputes it opens."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.models.base import json_column, ts_column, utcnow, uuid7


class BotInbox(SQLModel, table=True):
    """An inbox the bot answers: its new tickets go to the bot before any human (Chatwoot's agent-bot
    inbox). Tickets created before `enabled_at` are never taken."""

    __tablename__ = "bot_inbox"

    inbox_id: uuid.UUID = Field(foreign_key="inbox.id", primary_key=True)
    enabled_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    enabled_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")


class BotModelVersion(SQLModel, table=True):
    """One trained model: its directory under DATA_DIR/bot-models (or the shipped one), training
    progress, evaluation report and its part of the traffic."""

    __tablename__ = "bot_model_version"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    label: str = Field(max_length=40, unique=True)
    source: str = Field(sa_type=sa.String(12))  # shipped | retrained
    status: str = Field(sa_type=sa.String(12))  # training | ready | failed
    path: str = Field(default="", max_length=500)
    is_active: bool = Field(default=False)
    # The A/B challenger's share of conversations (0-100); the active version takes the rest.
    traffic_percent: int = Field(default=0, ge=0, le=100)
    progress: float = Field(default=0.0)
    progress_note: str = Field(default="", max_length=200)
    example_counts: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    error: str | None = Field(default=None, sa_type=sa.Text)
    created_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=ts_column())
    activated_at: datetime | None = Field(default=None, sa_column=ts_column())


class BotConversation(SQLModel, table=True):
    """The bot's state on one ticket: intent, filled slots, turns, and how it ended."""

    __tablename__ = "bot_conversation"
    __table_args__ = (sa.Index("ix_bot_conversation_status_started", "status", "started_at"),)

    ticket_id: uuid.UUID = Field(foreign_key="ticket.id", primary_key=True)
    status: str = Field(sa_type=sa.String(12))  # active | handed_off | resolved
    intent: str | None = Field(default=None, max_length=40)
    slots: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    awaiting: str | None = Field(default=None, max_length=30)  # the slot the last reply asked for
    asked_count: int = Field(default=0)  # how often the awaited slot was asked for
    turn_count: int = Field(default=0)
    low_confidence_streak: int = Field(default=0)
    language: str | None = Field(default=None, max_length=10)
    sentiment: str | None = Field(default=None, max_length=10)
    sentiment_score: float | None = Field(default=None)
    model_version_id: uuid.UUID | None = Field(default=None, foreign_key="bot_model_version.id", index=True)
    intent_turn_id: uuid.UUID | None = Field(default=None)  # the turn that set the intent
    handoff_reason: str | None = Field(default=None, max_length=30)
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=json_column(default=dict))
    started_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=ts_column())


class BotTurn(SQLModel, table=True):
    """One customer message the bot read: what it understood, what it did, and an agent's review."""

    __tablename__ = "bot_turn"
    __table_args__ = (
        sa.Index("ix_bot_turn_review_created", "review_status", "created_at"),
        sa.Index("ix_bot_turn_ticket_created", "ticket_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id")
    message_id: uuid.UUID = Field(foreign_key="message.id", unique=True)
    text: str = Field(sa_type=sa.Text)
    intent: str = Field(max_length=40)
    confidence: float
    language: str = Field(max_length=10)
    sentiment: str = Field(max_length=10)
    sentiment_score: float = Field(default=0.0)
    model_version_id: uuid.UUID | None = Field(default=None, foreign_key="bot_model_version.id")
    action: str = Field(max_length=30)
    # pending: the bot did not understand (low confidence, out_of_scope) and an agent should label
    # it; labelled: an agent gave the right intent (corrected_intent); dismissed; none.
    review_status: str = Field(default="none", sa_type=sa.String(12))
    corrected_intent: str | None = Field(default=None, max_length=40)
    reviewed_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    reviewed_at: datetime | None = Field(default=None, sa_column=ts_column())
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class BotTrainingExample(SQLModel, table=True):
    """A labelled utterance added by people (an agent's correction or review), merged with the
    shipped data at retraining."""

    __tablename__ = "bot_training_example"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    text: str = Field(sa_type=sa.Text)
    intent: str = Field(max_length=40)
    language: str = Field(max_length=10)
    source: str = Field(max_length=20)  # agent_correction | review
    turn_id: uuid.UUID | None = Field(default=None, foreign_key="bot_turn.id", unique=True)
    ticket_id: uuid.UUID | None = Field(default=None, foreign_key="ticket.id", index=True)
    labelled_by_agent_id: uuid.UUID | None = Field(default=None, foreign_key="agent.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))


class PaymentDispute(SQLModel, table=True):
    """Money taken but the order unpaid, a failed or double charge: what the payments team needs."""

    __tablename__ = "payment_dispute"

    id: uuid.UUID = Field(default_factory=uuid7, primary_key=True)
    ticket_id: uuid.UUID = Field(foreign_key="ticket.id", unique=True)
    customer_id: uuid.UUID = Field(foreign_key="customer.id", index=True)
    method: str = Field(sa_type=sa.String(10))  # bkash | nagad | rocket | card
    trx_id: str = Field(max_length=40, index=True)
    amount_paisa: int = Field(ge=0)
    occurred_at: datetime = Field(sa_column=ts_column(nullable=False))
    order_ref: str | None = Field(default=None, max_length=40)
    status: str = Field(default="open", sa_type=sa.String(12))  # open | resolved | rejected
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(nullable=False))
