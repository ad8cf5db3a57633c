"""Switch the settings to production for one test, on the same test stores, and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from backend.config import Settings, get_settings, reset_settings_cache


@contextmanager
def production_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """SEBA_ENV=production with the current database and Redis spelled out (production requires them)."""
    current = get_settings()
    try:
        with monkeypatch.context() as patch:
            patch.setenv("SEBA_ENV", "production")
            patch.setenv("DATABASE_URL", current.effective_database_url)
            patch.setenv("REDIS_URL", current.effective_redis_url)
            reset_settings_cache()
            settings = get_settings()
            assert not settings.is_development
            # Same URLs, so the same cached engine and Redis client: the test stores stay in use.
            assert settings.effective_database_url == current.effective_database_url
            yield settings
    finally:
        reset_settings_cache()
