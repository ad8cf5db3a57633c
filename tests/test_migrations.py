"""The Alembic migrations build exactly the models' schema on a brand-new SQLite file and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel

import backend.models  # noqa: F401  (registers every table on the metadata)
from backend.config import normalise_database_url
from backend.db import get_engine
from backend.migrations import alembic_config, current_revision, head_revision
from backend.models import Customer, Organisation

pytestmark = pytest.mark.no_stores

MODEL_TABLES = {table.name for table in SQLModel.metadata.sorted_tables}
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _tables(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _schema_diff(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def _forget(url: str) -> None:
    """Close the pooled connections of a throw-away database's engine and drop it from the cache."""
    import backend.db

    engine = backend.db._engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def _upgrade_and_check(url: str) -> Engine:
    cfg = alembic_config(url)
    command.upgrade(cfg, "head")
    engine = get_engine(url)
    assert _tables(engine) == MODEL_TABLES
    assert current_revision(url) == head_revision()
    return engine


def _insert_two_customers_with_one_phone(engine: Engine) -> None:
    with Session(engine) as session:
        org = Organisation(name="Seba test")
        session.add(org)
        session.flush()
        session.add(Customer(organisation_id=org.id, phone="+8801711000099", name="প্রথম"))
        session.commit()
        session.add(Customer(organisation_id=org.id, phone="+8801711000099", name="দ্বিতীয়"))
        with pytest.raises(sa.exc.IntegrityError):
            session.commit()
        session.rollback()
        assert session.scalar(sa.select(sa.func.count()).select_from(Customer)) == 1


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    yield url
    _forget(url)


def test_upgrade_on_a_fresh_sqlite_file_creates_every_table_and_downgrade_removes_them(
    sqlite_url: str,
) -> None:
    engine = _upgrade_and_check(sqlite_url)
    _insert_two_customers_with_one_phone(engine)
    command.downgrade(alembic_config(sqlite_url), "base")
    assert _tables(engine) == set()
    assert current_revision(sqlite_url) is None
    # And up again: the downgrade left nothing in the way.
    command.upgrade(alembic_config(sqlite_url), "head")
    assert _tables(engine) == MODEL_TABLES


def test_the_migrations_match_the_models_on_sqlite(sqlite_url: str) -> None:
    engine = _upgrade_and_check(sqlite_url)
    assert _schema_diff(engine) == []


def test_the_migration_history_is_one_line() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


def _postgres_server() -> str:
    """A PostgreSQL URL to create throw-away databases from, or skip saying why there is none."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    candidate = normalise_database_url(configured) if configured.startswith("postgres") else DEFAULT_POSTGRES
    engine = sa.create_engine(candidate, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        pytest.skip(
            f"no PostgreSQL reachable at {make_url(candidate).render_as_string(hide_password=True)} "
            f"(set TEST_DATABASE_URL to a postgresql:// URL): {exc.__class__.__name__}"
        )
    finally:
        engine.dispose()
    return candidate


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    server = _postgres_server()
    name = f"seba_migr_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _forget(url)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_upgrade_and_downgrade_on_a_fresh_postgresql_database(fresh_postgres_url: str) -> None:
    engine = _upgrade_and_check(fresh_postgres_url)
    assert engine.dialect.name == "postgresql"
    _insert_two_customers_with_one_phone(engine)
    uniques = {u["name"] for u in sa.inspect(engine).get_unique_constraints("customer")}
    assert {"uq_customer_phone", "uq_customer_email"} <= uniques
    assert _schema_diff(engine) == []
    command.downgrade(alembic_config(fresh_postgres_url), "base")
    assert _tables(engine) == set()
    with engine.connect() as conn:
        # Nothing left behind either: no sequences, no enum types.
        leftovers = conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v', 'm') "
                "AND c.relname <> 'alembic_version'"
            )
        ).scalar_one()
        types = conn.execute(
            sa.text(
                "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = 'public' AND t.typtype = 'e'"
            )
        ).scalar_one()
    assert leftovers == 0 and types == 0


def _insert(conn: sa.Connection, table: str, **values: Any) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    conn.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


def test_sqlite_upgrade_keeps_existing_rows_that_other_tables_reference(tmp_path: Path) -> None:
    """Batch-mode table rebuilds on SQLite must not trip over foreign keys pointing at the table
    (a laptop's data directory upgraded by `make run`)."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    day = "2026-01-01 00:00:00"
    ids = {name: uuid.uuid4().hex for name in ("org", "customer", "inbox", "ticket", "message", "note")}
    try:
        cfg = alembic_config(url)
        command.upgrade(cfg, "0002")
        engine = get_engine(url)
        with engine.begin() as conn:
            _insert(conn, "organisation", id=ids["org"], name="o", ticket_counter=1, created_at=day)
            _insert(
                conn, "customer", id=ids["customer"], organisation_id=ids["org"], name="c", locale="bn",
                sms_script="bengali", tier="standard", created_at=day, updated_at=day,
            )  # fmt: skip
            _insert(
                conn, "inbox", id=ids["inbox"], organisation_id=ids["org"], name="web", channel="web",
                settings="{}", is_enabled=1, created_at=day,
            )  # fmt: skip
            _insert(
                conn, "ticket", id=ids["ticket"], organisation_id=ids["org"], number=1, subject="s",
                status="new", priority="normal", customer_id=ids["customer"], inbox_id=ids["inbox"],
                channel="web", tags="[]", created_at=day, updated_at=day, last_activity_at=day,
            )  # fmt: skip
            _insert(
                conn, "message", id=ids["message"], ticket_id=ids["ticket"], direction="inbound",
                author_type="customer", body="হ্যালো", attachments="[]", channel="web",
                delivery_status="received", created_at=day,
            )  # fmt: skip
            _insert(
                conn, "notification", id=ids["note"], customer_id=ids["customer"], ticket_id=ids["ticket"],
                message_id=ids["message"], channel="in_app", purpose="reply", to_address="", body="",
                status="sent", idempotency_key="k", attempts=0, created_at=day,
            )  # fmt: skip
        command.upgrade(cfg, "head")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT body, mentions FROM message")).one() == ("হ্যালো", "[]")
            assert conn.execute(sa.text("SELECT count(*) FROM notification")).scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert current_revision(url) == head_revision()
    finally:
        _forget(url)
