"""an index for Twilio status callbacks waiting for their send to be recorded

Revision ID: 0011_early_status_index
Revises: 0010_knowledge_base
Create Date: 2026-12-05 21:10:00.000000

Recording an SMS as sent looks up callbacks that arrived first (`error = 'unknown MessageSid'`,
external_id `<sid>:<status>`). The prefix LIKE on external_id cannot use the (provider,
external_id) unique index under a non-C collation, so every recorded SMS scanned all stored status
callbacks; a partial index over the waiting rows keeps that look-up as small as the backlog.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_early_status_index"
down_revision: str | None = "0010_knowledge_base"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WAITING = "error = 'unknown MessageSid'"


def upgrade() -> None:
    op.create_index(
        "ix_inbound_event_unknown_sid",
        "inbound_event",
        ["provider", "received_at"],
        postgresql_where=sa.text(_WAITING),
        sqlite_where=sa.text(_WAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_inbound_event_unknown_sid", table_name="inbound_event")
