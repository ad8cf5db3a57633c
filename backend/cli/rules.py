"""`seba rules`: automation rules for operators: list them, and dry-run a rule file on recent tickets."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def rules() -> None:
    """Automation rules (backend/automation/README.md)."""


@rules.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of rules in order).")
def list_command(as_json: bool) -> None:
    """The rules in the order they run, active or not."""
    from backend.automation.engine import rule_json
    from backend.automation.rules import list_rules
    from backend.db import read_session

    with read_session() as session:
        stored = [{"id": str(r.id), "position": r.position, **rule_json(r)} for r in list_rules(session)]
    if as_json:
        click.echo(json.dumps(stored, ensure_ascii=False, indent=2))
        return
    for rule in stored:
        state = "on " if rule["active"] else "off"
        click.echo(f"{rule['position']:>3} {state} {rule['trigger']:<16} {rule['name']}")


@rules.command("dry-run")
@click.option(
    "--rule-json",
    "rule_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file holding one rule as JSON (the format of backend/automation/README.md).",
)
@click.option("--last", "last_n", default=100, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--locale", default="en", type=click.Choice(["bn", "en"]), help="Language of error messages.")
def dry_run_command(rule_file: Path, last_n: int, as_json: bool, locale: str) -> None:
    """What the rule would do on the last N tickets (newest first); writes nothing."""
    from backend.automation.dry_run import dry_run
    from backend.errors import SebaError, ValidationFailed

    try:
        try:
            raw = json.loads(rule_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValidationFailed("automation_rule_json_invalid", detail=str(exc)[:200]) from None
        rows = dry_run(raw, last_n=last_n)
    except SebaError as exc:
        if as_json:
            click.echo(json.dumps({"error": exc.to_dict(locale)}, ensure_ascii=False))
            raise SystemExit(2) from None
        raise click.ClickException(exc.message(locale)) from None
    matched = sum(1 for r in rows if r.matched)
    if as_json:
        payload = {"tickets": len(rows), "matched": matched, "rows": [r.as_dict() for r in rows]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"{matched} of {len(rows)} tickets match.")
    for row in rows:
        if row.matched:
            planned = ", ".join(f"{a['type']}={a['outcome']}" for a in row.actions)
            click.echo(f"  #{row.number:<8} {row.status:<9} {planned}")
