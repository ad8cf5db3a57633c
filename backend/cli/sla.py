"""`seba sla`: service-level tools for operators (more subcommands belong in this group).

`seba sla due` counts business minutes on a calendar from a start time, offline like `seba calendar`.
"""

from __future__ import annotations

import json
from datetime import datetime

import click

from backend.cli.calendar import fail, load_calendar
from backend.errors import ValidationFailed


@click.group()
def sla() -> None:
    """Service levels: due times in business time."""


def _parse_start(text: str, timezone: str) -> datetime:
    from zoneinfo import ZoneInfo

    try:
        start = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(ValidationFailed("calendar_start_invalid", value=text))
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(timezone))  # no offset: read as the calendar's local time
    return start


def _parse_minutes(text: str) -> int | float:
    try:
        value = float(text)
    except ValueError:
        fail(ValidationFailed("calendar_minutes_invalid", value=text))
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        fail(ValidationFailed("calendar_minutes_invalid", value=text))
    return int(value) if value.is_integer() else value


@sla.command("due")
@click.option(
    "--start", "start_text", required=True, help="ISO 8601; without an offset it is Asia/Dhaka time."
)
@click.option("--minutes", "minutes_text", required=True, help="Business minutes (zero or more).")
@click.option(
    "--calendar", "calendar_name", default="default", show_default=True, help="The calendar's name."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def due(start_text: str, minutes_text: str, calendar_name: str, as_json: bool) -> None:
    """When MINUTES of business time after START fall due on the calendar (holidays, weekends,
    Ramadan hours and the Jumu'ah break skipped)."""
    from backend.calendar.business_time import add_business_minutes

    minutes = _parse_minutes(minutes_text)
    spec = load_calendar(calendar_name)
    start = _parse_start(start_text, spec.timezone)
    due_at = add_business_minutes(spec, start, minutes).astimezone(spec.zone)
    payload = {
        "start": start.isoformat(),
        "minutes": minutes,
        "calendar": spec.name,
        "due_at": due_at.isoformat(),
    }
    if as_json:
        click.echo(json.dumps(payload))
        return
    click.echo(f"calendar  {payload['calendar']}")
    click.echo(f"start     {payload['start']}")
    click.echo(f"minutes   {payload['minutes']}")
    click.echo(f"due at    {payload['due_at']}")


# SLA engine (backend/sla/): the sweep and the policies ---------------------------------------------


@sla.command("sweep")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--limit", default=1000, show_default=True, help="At most this many warnings and breaches.")
def sweep(as_json: bool, limit: int) -> None:
    """Run the SLA sweep once: warn and breach every due clock (what the worker does every 60 s).
    Running it again right after finds nothing to do."""
    from backend.sla.sweep import run_sweep

    result = run_sweep(limit=limit)
    if as_json:
        click.echo(json.dumps(result.as_dict()))
        return
    click.echo(
        f"warnings {result.warnings}, breaches {result.breaches}, escalations {result.escalations}, "
        f"failed {result.failed} ({result.seconds:.3f} s)"
    )


@sla.command("policies")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def policies(as_json: bool) -> None:
    """The SLA policies in the order they are tried (most specific first, the default last), then
    the inactive ones."""
    from backend.db import read_session
    from backend.sla.views import list_policies, policy_dict

    with read_session() as session:
        rows = [policy_dict(p) for p in list_policies(session)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        targets = ", ".join(f"{k} {v}" for k, v in row["targets_minutes"].items() if v is not None)
        state = "" if row["active"] else " (inactive)"
        click.echo(f"{row['position']:>5}  {row['name']}{state}: {targets} min ({row['clock']})")
