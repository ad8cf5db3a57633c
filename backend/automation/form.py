"""The admin page's rule form (flat strings) to the rule JSON and back; validation stays in schema."""

from __future__ import annotations

from typing import Any

from backend.automation.labels import ACTION_PARAMS
from backend.automation.schema import LIST_OPERATORS, VALUELESS_OPERATORS


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def form_to_raw(
    fields: dict[str, Any], conditions: list[dict[str, str]], actions: list[dict[str, str]]
) -> dict[str, Any]:
    """The JSON `parse_rule` checks: list operators take comma-separated values; close_after's days
    are a number; everything else is passed as typed so that the allow-lists refuse it by name."""
    raw: dict[str, Any] = {
        "name": str(fields.get("name", "")),
        "active": bool(fields.get("active", True)),
        "trigger": str(fields.get("trigger", "")),
        "match": str(fields.get("match", "all")) or "all",
        "stop_processing": bool(fields.get("stop_processing", False)),
        "conditions": [],
        "actions": [],
    }
    hours = str(fields.get("silent_hours", "") or "").strip()
    if raw["trigger"] == "customer_silent" or hours:
        raw["silent_hours"] = int(hours) if hours.isdigit() else (hours or None)
    for condition in conditions:
        operator = condition.get("operator", "")
        value: Any = condition.get("value", "")
        if operator in VALUELESS_OPERATORS:
            value = None
        elif operator in LIST_OPERATORS:
            value = _split(str(value))
        else:
            value = str(value).strip()
        raw["conditions"].append({"field": condition.get("field", ""), "operator": operator, "value": value})
    for action in actions:
        kind = action.get("type", "")
        entry: dict[str, Any] = {"type": kind}
        param = ACTION_PARAMS.get(kind)
        if param is not None:
            text = str(action.get("param", "")).strip()
            entry[param] = int(text) if param == "days" and text.isdigit() else text
        raw["actions"].append(entry)
    return raw


def raw_to_form(rule: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, str]], list[dict[str, str]]]:
    fields = {
        "name": rule.get("name", ""),
        "active": bool(rule.get("active", True)),
        "trigger": rule.get("trigger", "ticket_created"),
        "match": rule.get("match", "all"),
        "silent_hours": "" if rule.get("silent_hours") is None else str(rule["silent_hours"]),
        "stop_processing": bool(rule.get("stop_processing", False)),
    }
    conditions = [
        {
            "field": c.get("field", ""),
            "operator": c.get("operator", ""),
            "value": ", ".join(c["value"]) if isinstance(c.get("value"), list) else str(c.get("value") or ""),
        }
        for c in rule.get("conditions", [])
    ]
    actions = [
        {"type": a.get("type", ""), "param": str(a.get(ACTION_PARAMS.get(a.get("type", ""), ""), "") or "")}
        for a in rule.get("actions", [])
    ]
    return fields, conditions, actions
