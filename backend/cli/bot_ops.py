"""`seba bot` operations (added to the NLU part's `bot` group): connect the bot to channels, list,
retrain, activate, roll back and A/B-test model versions, and print the monitoring figures.

The database layer is imported inside the commands, so that `seba bot classify` starts fast."""

from __future__ import annotations

import json
from datetime import timedelta

import click

from backend.errors import SebaError

CHANNELS = click.Choice(["web", "sms", "email"])


def _fail(exc: SebaError) -> None:
    raise click.ClickException(f"{exc.message('en')} / {exc.message('bn')}")


@click.command("connect")
@click.option("--channel", "channels", type=CHANNELS, multiple=True, required=True)
@click.option("--off", is_flag=True, help="Disconnect instead: new tickets go straight to people.")
def connect_command(channels: tuple[str, ...], off: bool) -> None:
    """Make the bot answer new tickets of these channels' inboxes (or stop with --off)."""
    from backend.bot.admin import set_inbox_connection
    from backend.db import Actor, transaction

    with transaction(Actor.system()) as tx:
        for channel in channels:
            set_inbox_connection(tx, channel, on=not off)
    click.echo(f"bot {'off' if off else 'on'}: {', '.join(channels)}")


@click.command("versions")
def versions_command() -> None:
    """List model versions: label, status, held-out accuracy, active, A/B share."""
    from backend.bot import versions
    from backend.bot.queries import model_versions
    from backend.db import Actor, read_session, transaction

    with transaction(Actor.system()) as tx:
        versions.ensure_shipped_version(tx)
    with read_session() as session:
        for v in model_versions(session):
            accuracy = ((v.metrics or {}).get("heldout_intent") or {}).get("accuracy")
            shown = f"{accuracy:.3f}" if isinstance(accuracy, float) else "-"
            flags = ("active " if v.is_active else "") + (
                f"ab={v.traffic_percent}% " if v.traffic_percent else ""
            )
            click.echo(f"{v.label}\t{v.status}\t{shown}\t{flags.strip()}")


@click.command("retrain")
def retrain_command() -> None:
    """Train a new version now (shipped data plus agents' labels) and print its accuracy."""
    from sqlmodel import select

    from backend.bot import versions
    from backend.bot.training_run import run_retraining
    from backend.db import Actor, read_session, transaction
    from backend.models import BotModelVersion

    with transaction(Actor.system()) as tx:
        versions.ensure_shipped_version(tx)
        label = f"v{len(tx.session.exec(select(BotModelVersion.id)).all())}-cli"
        version = BotModelVersion(
            label=label, source=versions.RETRAINED, status=versions.TRAINING, path=label
        )
        tx.session.add(version)
    run_retraining(version.id)
    with read_session() as session:
        done = session.get(BotModelVersion, version.id)
    accuracy = ((done.metrics or {}).get("heldout_intent") or {}).get("accuracy") if done else None
    click.echo(f"{label}: {done.status if done else '?'} accuracy={accuracy}")


@click.command("activate")
@click.argument("label")
def activate_command(label: str) -> None:
    """Make version LABEL the active one."""
    from backend.bot import versions
    from backend.bot.admin import version_by_label
    from backend.db import Actor, transaction

    try:
        version = version_by_label(label)
        with transaction(Actor.system()) as tx:
            versions.activate(tx, version.id)
    except SebaError as exc:
        _fail(exc)
    click.echo(f"active: {label}")


@click.command("rollback")
def rollback_command() -> None:
    """Go back to the version active before the current one."""
    from backend.bot import versions
    from backend.db import Actor, transaction

    try:
        with transaction(Actor.system()) as tx:
            previous = versions.rollback(tx)
    except SebaError as exc:
        _fail(exc)
    click.echo(f"active: {previous.label}")


@click.command("ab")
@click.argument("label", required=False)
@click.argument("percent", type=int, default=0)
def ab_command(label: str | None, percent: int) -> None:
    """Give version LABEL PERCENT of new conversations (no LABEL or 0 stops the test)."""
    from backend.bot import versions
    from backend.bot.admin import version_by_label
    from backend.db import Actor, transaction

    try:
        version_id = version_by_label(label).id if label else None
        with transaction(Actor.system()) as tx:
            versions.set_ab_test(tx, version_id, percent)
    except SebaError as exc:
        _fail(exc)
    click.echo(f"A/B: {label} {percent}%" if label and percent else "A/B stopped")


@click.command("stats")
@click.option("--days", type=int, default=30, show_default=True)
def stats_command(days: int) -> None:
    """Containment, hand-offs by reason, per version, and accuracy on labelled messages, as JSON."""
    from backend.bot import metrics
    from backend.db import read_session
    from backend.models.base import utcnow

    since = utcnow() - timedelta(days=days)
    with read_session() as session:
        overall = metrics.containment(session, since=since)
        per_version = metrics.containment_by_version(session, since=since)
        weeks = metrics.accuracy_on_labelled(session, period="week", days=days)
    out = {
        "conversations": overall.conversations,
        "containment_rate": overall.containment_rate,
        "handoff_rate": overall.handoff_rate,
        "handoff_reasons": overall.handoff_reasons,
        "by_version": {v.label: v.containment.containment_rate for v in per_version},
        "accuracy_on_labelled": {p.period: p.accuracy for p in weeks},
    }
    click.echo(json.dumps(out, ensure_ascii=False))


COMMANDS = (
    connect_command,
    versions_command,
    retrain_command,
    activate_command,
    rollback_command,
    ab_command,
    stats_command,
)
