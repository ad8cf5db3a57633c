"""`seba`: database, demo, accounts, worker, health report, and the process supervisor."""

from __future__ import annotations

import getpass
import os
import sys

import click

from backend.cli.bot import bot
from backend.cli.bot_ops import COMMANDS as BOT_OPERATIONS
from backend.cli.calendar import calendar
from backend.cli.dev import dev
from backend.cli.doctor import doctor
from backend.cli.rules import rules
from backend.cli.search import search
from backend.cli.sla import sla
from backend.cli.sms import sms
from backend.cli.supervisor import run


@click.group()
def cli() -> None:
    """Seba (সেবা): customer support for a Bangladeshi marketplace."""
    from backend.logging_setup import configure_logging

    configure_logging(os.environ.get("LOG_LEVEL", "WARNING"))


@cli.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (SQLite or PostgreSQL) and create the organisation."""
    from backend.migrations import upgrade_database

    revision = upgrade_database()
    click.echo(f"Database is at revision {revision}.")


@db.command("current")
def db_current() -> None:
    """Print the schema revision of the database and the newest one in the code."""
    from backend.migrations import current_revision, head_revision

    click.echo(f"database: {current_revision() or 'empty'}; code: {head_revision()}")


@cli.command("seed-demo")
def seed_demo_command() -> None:
    """Seed the demo (once) and print its sign-ins."""
    from backend.seed.demo import SeedRefused, demo_logins, seed_demo

    try:
        seeded = seed_demo()
    except SeedRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Demo seeded." if seeded else "Demo already present; nothing changed.")
    print_logins(demo_logins())


def print_logins(logins: list) -> None:
    click.echo("Demo sign-ins (development only):")
    for login in logins:
        click.echo(f"  {login.role:<10} {login.email:<24} {login.password}")
    click.echo("Customers sign in with any Bangladeshi mobile number, e.g. 01711000001;")
    click.echo("in development the one-time code is written to the worker log.")


@cli.command("create-admin")
@click.option("--email", required=True, help="The admin's email address.")
@click.option("--name", required=True, help="The admin's name.")
@click.option(
    "--password",
    envvar="SEBA_ADMIN_PASSWORD",
    help="Password (or SEBA_ADMIN_PASSWORD); asked for when omitted and a terminal is attached.",
)
def create_admin(email: str, name: str, password: str | None) -> None:
    """Create an administrator account."""
    from backend.db import Actor, transaction
    from backend.errors import SebaError
    from backend.services.agents import create_agent

    if not password:
        if not sys.stdin.isatty():
            raise click.ClickException("no password given: use --password or SEBA_ADMIN_PASSWORD")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            raise click.ClickException("the two passwords differ")
    try:
        with transaction(Actor.system()) as tx:
            agent = create_agent(tx, email=email, name=name, password=password, role="admin")
    except SebaError as exc:
        raise click.ClickException(f"{exc.message('en')} / {exc.message('bn')}") from exc
    click.echo(f"Admin {agent.email} created.")


@cli.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker(burst: bool) -> None:
    """Run an RQ worker for the high, default and low queues, with the scheduler."""
    import importlib

    # By dotted name, like every job: the backend does not import the workers package.
    run_worker = importlib.import_module("workers.run").run_worker
    run_worker(burst=burst)


@cli.command("vapid-keys")
def vapid_keys() -> None:
    """Print a new VAPID key pair for web push as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY lines."""
    from backend.channels.push.vapid import generate_vapid_keys

    click.echo(generate_vapid_keys().env_lines(), nl=False)


cli.add_command(dev)
cli.add_command(doctor)
cli.add_command(sms)
cli.add_command(search)  # knowledge base search (issue 8)
cli.add_command(run)
cli.add_command(bot)
# The bot's operations: channels, versions, A/B, stats (issue 7, bot part)
for _command in BOT_OPERATIONS:
    bot.add_command(_command)
# Business calendar and SLA tools (issue 6)
cli.add_command(calendar)
cli.add_command(sla)
# Automation rules (issue 6, automation part)
cli.add_command(rules)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
