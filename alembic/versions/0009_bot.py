"""bot: model versions, conversations, training labels

Revision ID: 0009_bot
Revises: 0008_sla_automation
Create Date: 2026-12-05 19:55:00.000000

Owner while issue work is in progress: bot. Fill upgrade()/downgrade() with this part's tables.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0009_bot"
down_revision: str | None = "0008_sla_automation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No tables yet (filled by the part that owns this revision)."""


def downgrade() -> None:
    """Nothing to undo yet."""
