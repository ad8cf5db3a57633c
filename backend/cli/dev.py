"""`seba dev ...`: development helpers (refused when SEBA_ENV=production)."""

from __future__ import annotations

import click


@click.group()
def dev() -> None:
    """Development helpers; they refuse to run in production."""


@dev.command("customer-token")
@click.option("--phone", required=True, help="The customer's mobile number, e.g. +8801711000001.")
@click.option("--device-id", default=None, help="The device the session is bound to.")
def customer_token(phone: str, device_id: str | None) -> None:
    """Print a bearer token for the customer with this number (created when new)."""
    from backend.auth.sessions import create_session
    from backend.config import get_settings
    from backend.db import Actor, transaction
    from backend.errors import SebaError
    from backend.services.customers import find_or_create_by_phone

    if not get_settings().is_development:
        raise click.ClickException(
            "seba dev customer-token only works when SEBA_ENV=development; it would hand out "
            "a sign-in without a one-time code"
        )
    try:
        with transaction(Actor.system()) as tx:
            customer, _ = find_or_create_by_phone(tx, phone=phone)
            token = create_session(tx, customer_id=customer.id, device_id=device_id, user_agent="seba dev")
    except SebaError as exc:
        raise click.ClickException(f"{exc.message('en')} / {exc.message('bn')}") from exc
    click.echo(token)
