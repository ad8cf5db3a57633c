"""Apply Alembic migrations from code (`seba db upgrade`, tests, `make run`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from backend.config import PROJECT_ROOT
from backend.db import Actor, get_engine, transaction


def alembic_config(database_url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    if database_url:
        cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_database() -> str:
    """Bring the configured database to the latest revision; make sure the organisation exists."""
    from backend.services.organisation import ensure_organisation

    command.upgrade(alembic_config(), "head")
    with transaction(Actor.system()) as tx:
        organisation = ensure_organisation(tx)
        # Business calendars (issue 6, calendar part): the shipped calendars and holidays, once.
        from backend.calendar.loader import load_shipped_calendars

        load_shipped_calendars(tx, organisation.id)
        # SLA policies (issue 6, SLA part): the shipped presets, once (backend/sla/presets.py).
        from backend.sla.presets import ensure_sla_presets

        ensure_sla_presets(tx)
        # Help centre (issue 8, knowledge base): the shipped articles, once; editors' changes kept.
        from backend.knowledge.seed import ensure_help_centre

        ensure_help_centre(tx)
    return current_revision() or ""


def current_revision(database_url: str | None = None) -> str | None:
    with get_engine(database_url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
