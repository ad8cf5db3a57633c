"""inbox indexes

Revision ID: 0004_inbox_indexes
Revises: 0003
Create Date: 2026-11-25 11:05:00.000000

Indexes for the agent inbox at a million tickets (bench/RESULTS.md, "Inbox"):

* six partial indexes over the active tickets (status new/open/pending/on_hold, not merged), one
  per view (all, assignee, team) and sort (SLA due, last activity), each ending in `id` so that
  keyset pagination is an index range; on PostgreSQL they INCLUDE every filterable column so the
  page's ids come from an index-only scan;
* (status, last_activity_at, id) and (status, sla_due_at, id) for resolved/closed lists
  (replacing (status, last_activity_at));
* snoozed tickets, and the ticket number for quick search.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004_inbox_indexes"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Keep in step with backend/models/ticket.py (ACTIVE_TICKET_PREDICATE).
ACTIVE = "status IN ('new', 'open', 'pending', 'on_hold') AND merged_into_id IS NULL"
FILTER_COLUMNS = [
    "status",
    "priority",
    "channel",
    "assignee_id",
    "team_id",
    "language",
    "intent",
    "snoozed_until",
    "sla_due_at",
]

ACTIVE_INDEXES: list[tuple[str, list[str]]] = [
    ("ix_ticket_active_sla", ["sla_due_at", "id"]),
    ("ix_ticket_active_activity", ["last_activity_at", "id"]),
    ("ix_ticket_active_assignee_sla", ["assignee_id", "sla_due_at", "id"]),
    ("ix_ticket_active_assignee_activity", ["assignee_id", "last_activity_at", "id"]),
    ("ix_ticket_active_team_sla", ["team_id", "sla_due_at", "id"]),
    ("ix_ticket_active_team_activity", ["team_id", "last_activity_at", "id"]),
]


def upgrade() -> None:
    for name, columns in ACTIVE_INDEXES:
        op.create_index(
            name,
            "ticket",
            columns,
            unique=False,
            postgresql_where=sa.text(ACTIVE),
            sqlite_where=sa.text(ACTIVE),
            postgresql_include=[c for c in FILTER_COLUMNS if c not in columns],
        )
    op.drop_index("ix_ticket_status_last_activity", table_name="ticket")
    op.create_index("ix_ticket_status_activity", "ticket", ["status", "last_activity_at", "id"], unique=False)
    op.create_index("ix_ticket_status_sla", "ticket", ["status", "sla_due_at", "id"], unique=False)
    op.create_index(
        "ix_ticket_snoozed",
        "ticket",
        ["snoozed_until"],
        unique=False,
        postgresql_where=sa.text("snoozed_until IS NOT NULL"),
        sqlite_where=sa.text("snoozed_until IS NOT NULL"),
    )
    op.create_index("ix_ticket_number", "ticket", ["number"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ticket_number", table_name="ticket")
    op.drop_index("ix_ticket_snoozed", table_name="ticket")
    op.drop_index("ix_ticket_status_sla", table_name="ticket")
    op.drop_index("ix_ticket_status_activity", table_name="ticket")
    op.create_index("ix_ticket_status_last_activity", "ticket", ["status", "last_activity_at"], unique=False)
    for name, _columns in reversed(ACTIVE_INDEXES):
        op.drop_index(name, table_name="ticket")
