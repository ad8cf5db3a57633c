"""Reset the test database and Redis between tests."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel

from backend.db import Actor, get_engine, transaction
from backend.redis_store import get_redis


def reset_stores() -> None:
    import backend.models  # noqa: F401

    engine = get_engine()
    tables = [t.name for t in SQLModel.metadata.sorted_tables]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in reversed(tables):
                conn.execute(sa.text(f'DELETE FROM "{name}"'))
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
    get_redis().flushdb()
    from backend.services.organisation import ensure_organisation

    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
