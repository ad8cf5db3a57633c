"""business calendars, holidays, hour ranges

Revision ID: 0007_business_calendar
Revises: 0006_push_and_ladder
Create Date: 2026-12-05 19:55:00.000000

* `business_calendar`: weekly hours (local minutes per weekday), the holiday kinds that close it,
  the Friday Jumu'ah break; one per organisation is the default;
* `calendar_team`: a team's calendar (teams without a row use the default);
* `calendar_holiday`: holidays on a date or a date range, national or one calendar's, status
  estimated|confirmed, `seed_key` for idempotent loading of the shipped data, `removed_at`;
* `calendar_hour_range`: date ranges with other weekly hours (Ramadan).
The shipped calendars and Bangladesh holidays are loaded by `seba db upgrade` (backend/calendar/loader.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import backend.models.base
from alembic import op

revision: str = "0007_business_calendar"
down_revision: str | None = "0006_push_and_ladder"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", backend.models.base.UTCDateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "business_calendar",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("name", _string(60), nullable=False),
        sa.Column("title_en", _string(200), nullable=False),
        sa.Column("title_bn", _string(200), nullable=False),
        sa.Column("timezone", _string(60), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("weekly_hours", backend.models.base.JSONType, nullable=False),
        sa.Column("closed_kinds", backend.models.base.JSONType, nullable=False),
        sa.Column("jumuah_start_minute", sa.Integer(), nullable=True),
        sa.Column("jumuah_end_minute", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_business_calendar_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendar")),
        sa.UniqueConstraint("name", name=op.f("uq_business_calendar_name")),
    )
    with op.batch_alter_table("business_calendar", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_business_calendar_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "calendar_team",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("calendar_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["business_calendar.id"], name=op.f("fk_calendar_team_calendar_id_business_calendar")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_calendar_team_team_id_team")),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_calendar_team")),
    )
    with op.batch_alter_table("calendar_team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_team_calendar_id"), ["calendar_id"], unique=False)

    op.create_table(
        "calendar_holiday",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("calendar_id", sa.Uuid(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("name_en", _string(200), nullable=False),
        sa.Column("name_bn", _string(200), nullable=False),
        sa.Column("kind", _string(20), nullable=False),
        sa.Column("status", _string(20), nullable=False),
        sa.Column("observance", _string(60), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("seed_key", _string(120), nullable=True),
        sa.Column("removed_at", backend.models.base.UTCDateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["business_calendar.id"], name=op.f("fk_calendar_holiday_calendar_id_business_calendar")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_holiday")),
        sa.UniqueConstraint("seed_key", name=op.f("uq_calendar_holiday_seed_key")),
    )
    with op.batch_alter_table("calendar_holiday", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_holiday_calendar_id"), ["calendar_id"], unique=False)
        batch_op.create_index("ix_calendar_holiday_dates", ["start_date", "end_date"], unique=False)

    op.create_table(
        "calendar_hour_range",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("calendar_id", sa.Uuid(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("name_en", _string(200), nullable=False),
        sa.Column("name_bn", _string(200), nullable=False),
        sa.Column("weekly_hours", backend.models.base.JSONType, nullable=False),
        sa.Column("seed_key", _string(120), nullable=True),
        sa.Column("removed_at", backend.models.base.UTCDateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["business_calendar.id"], name=op.f("fk_calendar_hour_range_calendar_id_business_calendar")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_hour_range")),
        sa.UniqueConstraint("seed_key", name=op.f("uq_calendar_hour_range_seed_key")),
    )
    with op.batch_alter_table("calendar_hour_range", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_hour_range_calendar_id"), ["calendar_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_hour_range", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_hour_range_calendar_id"))
    op.drop_table("calendar_hour_range")
    with op.batch_alter_table("calendar_holiday", schema=None) as batch_op:
        batch_op.drop_index("ix_calendar_holiday_dates")
        batch_op.drop_index(batch_op.f("ix_calendar_holiday_calendar_id"))
    op.drop_table("calendar_holiday")
    with op.batch_alter_table("calendar_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_team_calendar_id"))
    op.drop_table("calendar_team")
    with op.batch_alter_table("business_calendar", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_business_calendar_organisation_id"))
    op.drop_table("business_calendar")
