"""`seba rules dry-run --rule-json FILE --json` and `seba rules list`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from backend.cli.main import cli
from tests.automation.support import make_rule
from tests.support.factories import make_customer, open_ticket


def test_dry_run_prints_json_per_ticket(tmp_path: Path) -> None:
    customer = make_customer()
    first = open_ticket(customer)
    second = open_ticket(customer, channel="sms")
    rule = tmp_path / "rule.json"
    rule.write_text(
        json.dumps(
            {
                "name": "sms urgent",
                "trigger": "ticket_created",
                "conditions": [{"field": "channel", "operator": "is", "value": "sms"}],
                "actions": [{"type": "set_priority", "priority": "urgent"}],
            }
        )
    )
    result = CliRunner().invoke(cli, ["rules", "dry-run", "--rule-json", str(rule), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert (payload["tickets"], payload["matched"]) == (2, 1)
    rows = {r["number"]: r for r in payload["rows"]}
    assert rows[second.ticket.number]["actions"] == [
        {"type": "set_priority", "outcome": "done", "old": "normal", "priority": "urgent"}
    ]
    assert rows[first.ticket.number]["matched"] is False


def test_dry_run_refuses_an_unknown_action_bilingually(tmp_path: Path) -> None:
    rule = tmp_path / "rule.json"
    unknown = {"name": "x", "trigger": "ticket_created", "actions": [{"type": "refund_all"}]}
    rule.write_text(json.dumps(unknown))
    result = CliRunner().invoke(cli, ["rules", "dry-run", "--rule-json", str(rule), "--json"])
    assert result.exit_code == 2
    error = json.loads(result.output)["error"]
    assert error["code"] == "automation_action_unknown" and "refund_all" in error["message_bn"]
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = CliRunner().invoke(cli, ["rules", "dry-run", "--rule-json", str(broken)])
    assert result.exit_code == 1 and "could not be read" in result.output


def test_list_in_order() -> None:
    make_rule(name="first")
    make_rule(name="second", trigger="customer_silent", silent_hours=24)
    result = CliRunner().invoke(cli, ["rules", "list", "--json"])
    assert [(r["position"], r["name"], r["trigger"]) for r in json.loads(result.output)] == [
        (1, "first", "ticket_created"),
        (2, "second", "customer_silent"),
    ]
