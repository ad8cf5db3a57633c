"""web push for agents and the delivery ladder

Revision ID: 0006_push_and_ladder
Revises: 0005_sms_opt_out
Create Date: 2026-11-25 12:10:00.000000

* `agent_push_subscription`: agents' consoles subscribed to web push (one row per endpoint);
* `notification.agent_id`: a notification addressed to an agent (assignment, mention, SLA warning);
* `notification.attempt_started_at`: committed just before the provider call, so that a retry after
  a crash asks the channel whether the attempt went out (find_sent) instead of sending twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import backend.models.base
from alembic import op

revision: str = "0006_push_and_ladder"
down_revision: str | None = "0005_sms_opt_out"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agent_push_subscription",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint", sa.String(length=2000), nullable=False),
        sa.Column("p256dh", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("auth", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agent.id"], name=op.f("fk_agent_push_subscription_agent_id_agent")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_push_subscription")),
        sa.UniqueConstraint("endpoint", name=op.f("uq_agent_push_subscription_endpoint")),
    )
    with op.batch_alter_table("agent_push_subscription", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_push_subscription_agent_id"), ["agent_id"], unique=False)

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agent_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("attempt_started_at", backend.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_notification_agent_id"), ["agent_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_notification_agent_id_agent"), "agent", ["agent_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notification_agent_id_agent"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notification_agent_id"))
        batch_op.drop_column("attempt_started_at")
        batch_op.drop_column("agent_id")
    with op.batch_alter_table("agent_push_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_push_subscription_agent_id"))
    op.drop_table("agent_push_subscription")
