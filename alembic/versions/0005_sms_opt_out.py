"""sms opt-out

Revision ID: 0005_sms_opt_out
Revises: 0004_inbox_indexes
Create Date: 2026-11-25 12:05:00.000000

* `customer.sms_opted_out_at`: set when a customer texts STOP / বন্ধ (cleared by START / চালু);
  every outgoing SMS to that number is refused while it is set.
* an index on `notification.provider_id`: Twilio's status callbacks find the notification by its
  MessageSid.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

import backend.models.base
from alembic import op

revision: str = "0005_sms_opt_out"
down_revision: str | None = "0004_inbox_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sms_opted_out_at", backend.models.base.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index("ix_notification_provider_id", ["provider_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_provider_id")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("sms_opted_out_at")
