"""The settings object: development defaults, production refusing default secrets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.config import DEFAULT_SECRET, Settings, normalise_database_url

pytestmark = pytest.mark.no_stores


def test_development_defaults_are_embedded_stores(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=None, redis_url=None)
    assert settings.is_development
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'seba.sqlite3'}"
    assert settings.effective_redis_url == f"unix://{tmp_path / 'redis.sock'}"
    assert not settings.twilio_configured and not settings.sendgrid_configured


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"secret_key": DEFAULT_SECRET}, "SECRET_KEY"),
        ({"secret_key": "short"}, "SECRET_KEY"),
        ({"database_url": None}, "DATABASE_URL"),
        ({"redis_url": None}, "REDIS_URL"),
    ],
)
def test_production_refuses_default_secrets_and_embedded_stores(overrides: dict, needle: str) -> None:
    values = {
        "seba_env": "production",
        "secret_key": "x" * 40,
        "database_url": "postgresql://db/seba",
        "redis_url": "redis://cache:6379/0",
        **overrides,
    }
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, **values)
    assert needle in str(refused.value)


def test_production_with_real_secrets_is_accepted() -> None:
    settings = Settings(
        _env_file=None,
        seba_env="production",
        secret_key="k" * 48,
        database_url="postgres://u:p@db:5432/seba",
        redis_url="redis://cache:6379/0",
    )
    assert not settings.is_development
    assert settings.effective_database_url == "postgresql+psycopg://u:p@db:5432/seba"


def test_postgres_urls_use_the_installed_driver() -> None:
    assert normalise_database_url("postgresql://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEBA_ENV", "development")
    monkeypatch.setenv("PORT", "4321")
    monkeypatch.setenv("OTP_MAX_ATTEMPTS", "7")
    settings = Settings(_env_file=None)
    assert settings.port == 4321 and settings.otp_max_attempts == 7
