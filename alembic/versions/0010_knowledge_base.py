"""knowledge base articles, versions, feedback, search analytics

Revision ID: 0010_knowledge_base
Revises: 0009_bot
Create Date: 2026-12-05 19:55:00.000000

Owner while issue work is in progress: kb. Fill upgrade()/downgrade() with this part's tables.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0010_knowledge_base"
down_revision: str | None = "0009_bot"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No tables yet (filled by the part that owns this revision)."""


def downgrade() -> None:
    """Nothing to undo yet."""
