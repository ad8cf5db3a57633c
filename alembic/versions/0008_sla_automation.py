"""SLA policies and timers, automation rules, survey sending

Revision ID: 0008_sla_automation
Revises: 0007_business_calendar
Create Date: 2026-12-05 19:55:00.000000

Two parts share this revision, each in its own block:
* SLA (backend/sla/): `sla_policy` (targets per metric, conditions, escalation on breach) and
  `sla_timer` (one clock per ticket per metric), with partial indexes over running timers that the
  sweep reads instead of scanning;
* automation and surveys: below the SLA block.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import backend.models.base

revision: str = "0008_sla_automation"
down_revision: str | None = "0007_business_calendar"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    _upgrade_sla()
    _upgrade_automation()


def downgrade() -> None:
    _downgrade_automation()
    _downgrade_sla()


# SLA part (owner: SLA engine) ----------------------------------------------------------------------

_RUNNING_UNBREACHED = "state = 'running' AND breached_at IS NULL"
_RUNNING_UNWARNED = "state = 'running' AND warned_at IS NULL AND warn_at IS NOT NULL"


def _upgrade_sla() -> None:
    ts = backend.models.base.UTCDateTime
    op.create_table(
        "sla_policy",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_bn", sa.String(length=120), nullable=False),
        sa.Column("preset", sa.String(length=40), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("priorities", _JSON, nullable=False),
        sa.Column("channels", _JSON, nullable=False),
        sa.Column("topics", _JSON, nullable=False),
        sa.Column("tiers", _JSON, nullable=False),
        sa.Column("first_response_minutes", sa.Integer(), nullable=True),
        sa.Column("next_response_minutes", sa.Integer(), nullable=True),
        sa.Column("resolution_minutes", sa.Integer(), nullable=True),
        sa.Column("clock", sa.String(length=10), nullable=False),
        sa.Column("warn_percent", sa.Integer(), nullable=True),
        sa.Column("warn_minutes_before", sa.Integer(), nullable=True),
        sa.Column("breach_actions", _JSON, nullable=False),
        sa.Column("created_at", ts(timezone=True), nullable=False),
        sa.Column("updated_at", ts(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policy")),
        sa.UniqueConstraint("preset", name=op.f("uq_sla_policy_preset")),
    )
    op.create_index(
        "uq_sla_policy_default",
        "sla_policy",
        ["is_default"],
        unique=True,
        postgresql_where=sa.text("is_default"),
        sqlite_where=sa.text("is_default"),
    )
    op.create_table(
        "sla_timer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("policy_id", sa.Uuid(), nullable=True),
        sa.Column("clock", sa.String(length=10), nullable=False),
        sa.Column("target_minutes", sa.Integer(), nullable=False),
        sa.Column("consumed_minutes", sa.Float(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("started_at", ts(timezone=True), nullable=False),
        sa.Column("running_since", ts(timezone=True), nullable=True),
        sa.Column("due_at", ts(timezone=True), nullable=True),
        sa.Column("warn_at", ts(timezone=True), nullable=True),
        sa.Column("paused_at", ts(timezone=True), nullable=True),
        sa.Column("warned_at", ts(timezone=True), nullable=True),
        sa.Column("breached_at", ts(timezone=True), nullable=True),
        sa.Column("met_at", ts(timezone=True), nullable=True),
        sa.Column("stopped_at", ts(timezone=True), nullable=True),
        sa.Column("updated_at", ts(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name=op.f("fk_sla_timer_ticket_id_ticket")),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["sla_policy.id"], name=op.f("fk_sla_timer_policy_id_sla_policy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_timer")),
        sa.UniqueConstraint("ticket_id", "metric", name=op.f("uq_sla_timer_ticket_id_metric")),
    )
    op.create_index(
        "ix_sla_timer_due",
        "sla_timer",
        ["due_at"],
        postgresql_where=sa.text(_RUNNING_UNBREACHED),
        sqlite_where=sa.text(_RUNNING_UNBREACHED),
    )
    op.create_index(
        "ix_sla_timer_warn",
        "sla_timer",
        ["warn_at"],
        postgresql_where=sa.text(_RUNNING_UNWARNED),
        sqlite_where=sa.text(_RUNNING_UNWARNED),
    )


def _downgrade_sla() -> None:
    op.drop_index("ix_sla_timer_warn", table_name="sla_timer")
    op.drop_index("ix_sla_timer_due", table_name="sla_timer")
    op.drop_table("sla_timer")
    op.drop_index("uq_sla_policy_default", table_name="sla_policy")
    op.drop_table("sla_policy")


# Automation and surveys part (owner: automation engineer) ------------------------------------------
# (restored by the SLA part from backend/models/automation.py after a write race dropped it from 6fe8326)


def _upgrade_automation() -> None:
    op.create_table(
        "automation_rule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("silent_hours", sa.Integer(), nullable=True),
        sa.Column("match", sa.String(length=3), nullable=False),
        sa.Column(
            "conditions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "actions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("stop_processing", sa.Boolean(), nullable=False),
        sa.Column("created_by_agent_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_agent_id"], ["agent.id"], name=op.f("fk_automation_rule_created_by_agent_id_agent")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automation_rule")),
        sa.UniqueConstraint("name", name=op.f("uq_automation_rule_name")),
    )
    with op.batch_alter_table("automation_rule", schema=None) as batch_op:
        batch_op.create_index(
            "ix_automation_rule_trigger_active", ["trigger", "active", "position"], unique=False
        )

    op.create_table(
        "automation_execution",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("rule_name", sa.String(length=120), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("event_key", sa.String(length=120), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("action_count", sa.Integer(), nullable=False),
        sa.Column(
            "results",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_automation_execution_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automation_execution")),
        sa.UniqueConstraint("rule_id", "event_key", name=op.f("uq_automation_execution_rule_id_event_key")),
    )
    with op.batch_alter_table("automation_execution", schema=None) as batch_op:
        batch_op.create_index(
            "ix_automation_execution_ticket_created", ["ticket_id", "created_at"], unique=False
        )

    op.create_table(
        "ticket_close_schedule",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("rule_name", sa.String(length=120), nullable=False),
        sa.Column("notice_message_id", sa.Uuid(), nullable=False),
        sa.Column("noticed_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("close_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("finished_at", backend.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["notice_message_id"],
            ["message.id"],
            name=op.f("fk_ticket_close_schedule_notice_message_id_message"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_close_schedule_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_close_schedule")),
        sa.UniqueConstraint(
            "ticket_id",
            "notice_message_id",
            name=op.f("uq_ticket_close_schedule_ticket_id_notice_message_id"),
        ),
    )
    with op.batch_alter_table("ticket_close_schedule", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_close_schedule_status_close_at", ["status", "close_at"], unique=False
        )

    op.create_table(
        "csat_survey",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("notification_id", sa.Uuid(), nullable=True),
        sa.Column("sent_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", backend.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_csat_survey_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["message.id"], name=op.f("fk_csat_survey_message_id_message")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["notification.id"], name=op.f("fk_csat_survey_notification_id_notification")
        ),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"], name=op.f("fk_csat_survey_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_csat_survey")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_csat_survey_ticket_id")),
    )
    with op.batch_alter_table("csat_survey", schema=None) as batch_op:
        batch_op.create_index("ix_csat_survey_customer_sent", ["customer_id", "sent_at"], unique=False)

    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentiment", sa.String(length=10), nullable=True))


def _downgrade_automation() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("sentiment")

    with op.batch_alter_table("csat_survey", schema=None) as batch_op:
        batch_op.drop_index("ix_csat_survey_customer_sent")

    op.drop_table("csat_survey")
    with op.batch_alter_table("ticket_close_schedule", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_close_schedule_status_close_at")

    op.drop_table("ticket_close_schedule")
    with op.batch_alter_table("automation_execution", schema=None) as batch_op:
        batch_op.drop_index("ix_automation_execution_ticket_created")

    op.drop_table("automation_execution")
    with op.batch_alter_table("automation_rule", schema=None) as batch_op:
        batch_op.drop_index("ix_automation_rule_trigger_active")

    op.drop_table("automation_rule")
