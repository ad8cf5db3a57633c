"""`seba bot` operations: connect channels, list versions, A/B refusals, rollback refusal, stats."""

from __future__ import annotations

import json

from click.testing import CliRunner

from backend.bot import admin
from backend.cli.main import cli
from backend.db import Actor, transaction
from backend.services.organisation import ensure_organisation


def _seba(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["bot", *args])
    return result.exit_code, result.output


def test_connect_list_and_refusals() -> None:
    with transaction(Actor.system()) as tx:
        ensure_organisation(tx)
    assert _seba("connect", "--channel", "web", "--channel", "sms") == (0, "bot on: web, sms\n")
    assert admin.connected_channels() == ["sms", "web"]
    assert _seba("connect", "--channel", "sms", "--off")[0] == 0
    assert admin.connected_channels() == ["web"]
    code, out = _seba("versions")
    assert code == 0 and out.startswith("shipped\tready\t0.") and "active" in out
    code, out = _seba("rollback")
    assert code == 1 and "no earlier version" in out and "আগের কোনো সংস্করণ নেই" in out
    code, out = _seba("ab", "shipped", "20")
    assert code == 1 and "cannot be the A/B challenger" in out
    code, out = _seba("stats")
    assert code == 0 and json.loads(out)["conversations"] == 0
