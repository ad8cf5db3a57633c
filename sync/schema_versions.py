"""Mutation schema versions: the current one, the previous one we still accept, and its upgrader.

Version 2 (current): `ticket.create` and `message.send` carry the text in `body`.
Version 1 (previous): the same kinds carried it in `text`; it is renamed to `body` here.
Anything older or newer is rejected with `schema_unsupported`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend.errors import ValidationFailed

CURRENT_SCHEMA_V = 2
OLDEST_SCHEMA_V = 1
_TEXT_TO_BODY = frozenset({"ticket.create", "message.send"})


def _v1_to_v2(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    if kind not in _TEXT_TO_BODY:
        return args
    if "body" in args:
        raise ValidationFailed("invalid_args", detail="schema_v 1 carries the text in 'text', not 'body'")
    upgraded = dict(args)
    upgraded["body"] = upgraded.pop("text", None)
    return upgraded


# from version -> upgrader to version + 1
_UPGRADERS: dict[int, Callable[[str, dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def check_schema_v(schema_v: int) -> None:
    if not OLDEST_SCHEMA_V <= schema_v <= CURRENT_SCHEMA_V:
        raise ValidationFailed(
            "schema_unsupported",
            schema_v=schema_v,
            detail=(
                f"schema_v {schema_v} is not supported: this server accepts "
                f"{OLDEST_SCHEMA_V} to {CURRENT_SCHEMA_V}"
            ),
        )


def upgrade_args(kind: str, args: dict[str, Any], schema_v: int) -> dict[str, Any]:
    """`args` written for `schema_v`, rewritten for the current version."""
    check_schema_v(schema_v)
    for version in range(schema_v, CURRENT_SCHEMA_V):
        args = _UPGRADERS[version](kind, args)
    return args
