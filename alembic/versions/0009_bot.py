"""bot: model versions, conversations, training labels

Revision ID: 0009_bot
Revises: 0008_sla_automation
Create Date: 2026-12-05 19:55:00.000000

* `bot_inbox`: inboxes whose new tickets the bot answers first;
* `bot_model_version`: trained intent models (directory, progress, evaluation, A/B share, active);
* `bot_conversation`: the bot's state per ticket (intent, slots, turns, hand-off reason);
* `bot_turn`: every customer message the bot read, with what it understood and agents' reviews;
* `bot_training_example`: utterances labelled by agents, merged into retraining;
* `payment_dispute`: structured disputes (method, TrxID, amount, time) for the payments team.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import backend.models.base
from alembic import op

revision: str = "0009_bot"
down_revision: str | None = "0008_sla_automation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = backend.models.base.UTCDateTime
JSON = backend.models.base.JSONType


def _s(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "bot_inbox",
        sa.Column("inbox_id", sa.Uuid(), nullable=False),
        sa.Column("enabled_at", UTC_TS(timezone=True), nullable=False),
        sa.Column("enabled_by_agent_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enabled_by_agent_id"], ["agent.id"], name=op.f("fk_bot_inbox_enabled_by_agent_id_agent")
        ),
        sa.ForeignKeyConstraint(["inbox_id"], ["inbox.id"], name=op.f("fk_bot_inbox_inbox_id_inbox")),
        sa.PrimaryKeyConstraint("inbox_id", name=op.f("pk_bot_inbox")),
    )
    op.create_table(
        "bot_model_version",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("label", _s(40), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("path", _s(500), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("traffic_percent", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("progress_note", _s(200), nullable=False),
        sa.Column("example_counts", JSON, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_agent_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTC_TS(timezone=True), nullable=False),
        sa.Column("finished_at", UTC_TS(timezone=True), nullable=True),
        sa.Column("activated_at", UTC_TS(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_agent_id"],
            ["agent.id"],
            name=op.f("fk_bot_model_version_created_by_agent_id_agent"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_model_version")),
        sa.UniqueConstraint("label", name=op.f("uq_bot_model_version_label")),
    )
    op.create_table(
        "bot_conversation",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("intent", _s(40), nullable=True),
        sa.Column("slots", JSON, nullable=False),
        sa.Column("awaiting", _s(30), nullable=True),
        sa.Column("asked_count", sa.Integer(), nullable=False),
        sa.Column("turn_count", sa.Integer(), nullable=False),
        sa.Column("low_confidence_streak", sa.Integer(), nullable=False),
        sa.Column("language", _s(10), nullable=True),
        sa.Column("sentiment", _s(10), nullable=True),
        sa.Column("sentiment_score", sa.Float(), nullable=True),
        sa.Column("model_version_id", sa.Uuid(), nullable=True),
        sa.Column("intent_turn_id", sa.Uuid(), nullable=True),
        sa.Column("handoff_reason", _s(30), nullable=True),
        sa.Column("summary", JSON, nullable=False),
        sa.Column("started_at", UTC_TS(timezone=True), nullable=False),
        sa.Column("updated_at", UTC_TS(timezone=True), nullable=False),
        sa.Column("ended_at", UTC_TS(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["bot_model_version.id"],
            name=op.f("fk_bot_conversation_model_version_id_bot_model_version"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_bot_conversation_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_bot_conversation")),
    )
    with op.batch_alter_table("bot_conversation", schema=None) as batch_op:
        batch_op.create_index("ix_bot_conversation_status_started", ["status", "started_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bot_conversation_model_version_id"), ["model_version_id"], unique=False
        )
    op.create_table(
        "bot_turn",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", _s(40), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("language", _s(10), nullable=False),
        sa.Column("sentiment", _s(10), nullable=False),
        sa.Column("sentiment_score", sa.Float(), nullable=False),
        sa.Column("model_version_id", sa.Uuid(), nullable=True),
        sa.Column("action", _s(30), nullable=False),
        sa.Column("review_status", sa.String(length=12), nullable=False),
        sa.Column("corrected_intent", _s(40), nullable=True),
        sa.Column("reviewed_by_agent_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", UTC_TS(timezone=True), nullable=True),
        sa.Column("created_at", UTC_TS(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"], name=op.f("fk_bot_turn_message_id_message")),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["bot_model_version.id"],
            name=op.f("fk_bot_turn_model_version_id_bot_model_version"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_agent_id"], ["agent.id"], name=op.f("fk_bot_turn_reviewed_by_agent_id_agent")
        ),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name=op.f("fk_bot_turn_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_turn")),
        sa.UniqueConstraint("message_id", name=op.f("uq_bot_turn_message_id")),
    )
    with op.batch_alter_table("bot_turn", schema=None) as batch_op:
        batch_op.create_index("ix_bot_turn_review_created", ["review_status", "created_at"], unique=False)
        batch_op.create_index("ix_bot_turn_ticket_created", ["ticket_id", "created_at"], unique=False)
    op.create_table(
        "bot_training_example",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", _s(40), nullable=False),
        sa.Column("language", _s(10), nullable=False),
        sa.Column("source", _s(20), nullable=False),
        sa.Column("turn_id", sa.Uuid(), nullable=True),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("labelled_by_agent_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTC_TS(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["labelled_by_agent_id"],
            ["agent.id"],
            name=op.f("fk_bot_training_example_labelled_by_agent_id_agent"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_bot_training_example_ticket_id_ticket")
        ),
        sa.ForeignKeyConstraint(
            ["turn_id"], ["bot_turn.id"], name=op.f("fk_bot_training_example_turn_id_bot_turn")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bot_training_example")),
        sa.UniqueConstraint("turn_id", name=op.f("uq_bot_training_example_turn_id")),
    )
    with op.batch_alter_table("bot_training_example", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bot_training_example_ticket_id"), ["ticket_id"], unique=False)
    op.create_table(
        "payment_dispute",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("trx_id", _s(40), nullable=False),
        sa.Column("amount_paisa", sa.Integer(), nullable=False),
        sa.Column("occurred_at", UTC_TS(timezone=True), nullable=False),
        sa.Column("order_ref", _s(40), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", UTC_TS(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_payment_dispute_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_payment_dispute_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_dispute")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_payment_dispute_ticket_id")),
    )
    with op.batch_alter_table("payment_dispute", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_dispute_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_dispute_trx_id"), ["trx_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_dispute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_dispute_trx_id"))
        batch_op.drop_index(batch_op.f("ix_payment_dispute_customer_id"))
    op.drop_table("payment_dispute")
    with op.batch_alter_table("bot_training_example", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_training_example_ticket_id"))
    op.drop_table("bot_training_example")
    with op.batch_alter_table("bot_turn", schema=None) as batch_op:
        batch_op.drop_index("ix_bot_turn_ticket_created")
        batch_op.drop_index("ix_bot_turn_review_created")
    op.drop_table("bot_turn")
    with op.batch_alter_table("bot_conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_conversation_model_version_id"))
        batch_op.drop_index("ix_bot_conversation_status_started")
    op.drop_table("bot_conversation")
    op.drop_table("bot_model_version")
    op.drop_table("bot_inbox")
