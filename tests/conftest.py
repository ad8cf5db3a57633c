"""Test stores: TEST_DATABASE_URL / TEST_REDIS_URL when set (CI: PostgreSQL and Redis), else an
embedded SQLite file and an embedded Redis. Every test starts from empty tables and an empty Redis db."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="seba-test-"))
os.environ["SEBA_ENV"] = "development"
os.environ["DATA_DIR"] = str(_TMP)
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
for _name in list(os.environ):
    if _name.startswith(("TWILIO_", "SENDGRID_", "VAPID_")):
        os.environ.pop(_name)
if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]

_embedded_redis = None
if os.environ.get("TEST_REDIS_URL"):
    os.environ["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
else:
    from backend.embedded_redis import EmbeddedRedis

    _embedded_redis = EmbeddedRedis(_TMP / "redis", persist=False)
    os.environ["REDIS_URL"] = _embedded_redis.start()

from backend.config import get_settings, reset_settings_cache  # noqa: E402

reset_settings_cache()


def pytest_report_header(config: pytest.Config) -> list[str]:
    settings = get_settings()
    db = "PostgreSQL" if settings.effective_database_url.startswith("postgresql") else "SQLite"
    redis = "embedded Redis" if _embedded_redis else settings.effective_redis_url
    return [f"seba stores: {db} ({settings.effective_database_url.split('@')[-1]}), {redis}"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _embedded_redis is not None:
        _embedded_redis.stop()


@pytest.fixture(scope="session")
def migrated_database() -> str:
    from backend.migrations import upgrade_database

    return upgrade_database()


@pytest.fixture(autouse=True)
def clean_stores(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table (keeping the schema) and the Redis db before each test."""
    if "no_stores" in request.keywords:
        yield
        return
    request.getfixturevalue("migrated_database")
    from tests.support.stores import reset_stores

    reset_stores()
    yield


@pytest.fixture
def redis_client():  # type: ignore[no-untyped-def]
    from backend.redis_store import get_redis

    return get_redis()
