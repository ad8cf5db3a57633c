"""business calendars, holidays, hour ranges

Revision ID: 0007_business_calendar
Revises: 0006_push_and_ladder
Create Date: 2026-12-05 19:55:00.000000

Owner while issue work is in progress: calendar. Fill upgrade()/downgrade() with this part's tables.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_business_calendar"
down_revision: str | None = "0006_push_and_ladder"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """No tables yet (filled by the part that owns this revision)."""


def downgrade() -> None:
    """Nothing to undo yet."""
