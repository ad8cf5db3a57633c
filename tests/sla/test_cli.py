"""`seba sla sweep --json` and `seba sla policies --json`."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner

from backend.cli.main import cli
from backend.models.base import utcnow
from tests.sla.test_checks import _set_clock
from tests.support import factories


def test_sweep_prints_counts_and_a_second_run_finds_nothing() -> None:
    ticket = factories.open_ticket(factories.make_customer()).ticket
    _set_clock(ticket.id, "first_response", due_at=utcnow() - timedelta(minutes=2), warn_at=None)
    runner = CliRunner()
    first = runner.invoke(cli, ["sla", "sweep", "--json"])
    assert first.exit_code == 0, first.output
    counts = json.loads(first.output)
    assert (counts["warnings"], counts["breaches"], counts["escalations"]) == (0, 1, 1)
    second = json.loads(runner.invoke(cli, ["sla", "sweep", "--json"]).output)
    assert (second["breaches"], second["escalations"]) == (0, 0)
    words = runner.invoke(cli, ["sla", "sweep"])
    assert words.exit_code == 0 and "breaches 0" in words.output


def test_policies_json_lists_the_presets_in_the_order_they_apply() -> None:
    result = CliRunner().invoke(cli, ["sla", "policies", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    presets = [row["preset"] for row in rows]
    assert presets[-1] == "default"
    assert presets.index("dcog_complaint") < presets.index("priority_urgent")
    complaint = rows[presets.index("dcog_complaint")]
    assert complaint["targets_minutes"]["resolution"] == 72 * 60 and complaint["clock"] == "calendar"
    assert complaint["conditions"]["topics"] == ["complaint"]
