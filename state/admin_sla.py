"""Admin: the SLA policies in the order they apply; create, edit, reorder, activate, deactivate."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from backend.db import Actor, read_session, transaction
from backend.errors import SebaError, ValidationFailed
from backend.i18n.formatting import ascii_digits, bengali_digits
from backend.i18n.messages import message
from backend.models.enums import Role
from backend.sla import BreachAction
from backend.sla import admin as sla_admin
from backend.sla.views import list_policies, policy_dict
from state.session import SessionState

_LISTS = ("priorities", "channels", "topics", "tiers")
_MINUTES = ("first_response_minutes", "next_response_minutes", "resolution_minutes")
_EMPTY_FORM: dict[str, str] = {
    "name": "",
    "name_bn": "",
    **dict.fromkeys(_LISTS, ""),
    **dict.fromkeys(_MINUTES, ""),
    "clock": "business",
    "warn_percent": "80",
    "warn_minutes_before": "",
    **{f"action_{a.value}": "" for a in BreachAction},
}


def _digits(value: Any, locale: str) -> str:
    text = "" if value is None else str(value)
    return bengali_digits(text) if locale == "bn" else text


def _parse_int(raw: Any, field: str) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return int(ascii_digits(text))
    except ValueError:
        raise ValidationFailed("invalid_request", detail=f"{field}: {text[:20]}") from None


def form_to_changes(form: dict[str, Any]) -> dict[str, Any]:
    """The page's form (strings) to the policy service's values."""
    changes: dict[str, Any] = {
        "name": str(form.get("name") or ""),
        "name_bn": str(form.get("name_bn") or ""),
        "clock": str(form.get("clock") or "business"),
        "breach_actions": [a.value for a in BreachAction if form.get(f"action_{a.value}")],
    }
    for name in _LISTS:
        changes[name] = [v.strip() for v in str(form.get(name) or "").split(",") if v.strip()]
    for name in (*_MINUTES, "warn_percent", "warn_minutes_before"):
        changes[name] = _parse_int(form.get(name), name)
    return changes


class AdminSlaState(SessionState):
    policies: list[dict[str, str]] = []
    form: dict[str, str] = dict(_EMPTY_FORM)
    editing_id: str = ""
    form_key: int = 0  # remounts the form's uncontrolled inputs when another policy is edited
    notice: str = ""

    def _row(self, row: dict[str, Any]) -> dict[str, str]:
        loc = self.locale
        conditions = [", ".join(row["conditions"][name]) for name in _LISTS if row["conditions"][name]]
        targets = row["targets_minutes"]
        return {
            "id": row["id"],
            "name": (row["name_bn"] or row["name"]) if loc == "bn" else row["name"],
            "position": _digits(row["position"], loc),
            "default": "1" if row["is_default"] else "",
            "active": "1" if row["active"] else "",
            "conditions": " · ".join(conditions),
            "first": _digits(targets["first_response"] or "—", loc),
            "next": _digits(targets["next_response"] or "—", loc),
            "resolution": _digits(targets["resolution"] or "—", loc),
            "clock": row["clock"],
            "warning": " / ".join(
                part
                for part in (
                    f"{_digits(row['warn_percent'], loc)}%" if row["warn_percent"] is not None else "",
                    f"−{_digits(row['warn_minutes_before'], loc)}" if row["warn_minutes_before"] else "",
                )
                if part
            ),
            "actions": ", ".join(row["breach_actions"]),
        }

    def _refresh(self) -> None:
        with read_session() as session:
            self.policies = [self._row(policy_dict(p)) for p in list_policies(session)]

    def _admin(self) -> Any:
        return self._agent(Role.admin)

    @rx.event
    def load(self):
        self.error = self.notice = ""
        if self._admin() is None:
            return self._turn_away()
        self.cancel_edit()
        self._refresh()
        return None

    @rx.event
    def cancel_edit(self) -> None:
        self.editing_id = ""
        self.form = dict(_EMPTY_FORM)
        self.form_key += 1

    @rx.event
    def edit(self, policy_id: str):
        self.error = self.notice = ""
        if self._admin() is None:
            return self._turn_away()
        with read_session() as session:
            found = next((policy_dict(p) for p in list_policies(session) if str(p.id) == policy_id), None)
        if found is None:
            self.error = message("sla_policy_not_found", self.locale)
            return None
        form = dict(_EMPTY_FORM)
        form.update(name=found["name"], name_bn=found["name_bn"], clock=found["clock"])
        for name in _LISTS:
            form[name] = ", ".join(found["conditions"][name])
        for name in _MINUTES:
            value = found["targets_minutes"][name.removesuffix("_minutes")]
            form[name] = "" if value is None else str(value)
        form["warn_percent"] = "" if found["warn_percent"] is None else str(found["warn_percent"])
        form["warn_minutes_before"] = (
            "" if found["warn_minutes_before"] is None else str(found["warn_minutes_before"])
        )
        for action in found["breach_actions"]:
            form[f"action_{action}"] = "1"
        self.form, self.editing_id = form, policy_id
        self.form_key += 1
        return None

    @rx.event
    def save(self, form: dict):
        self.error = self.notice = ""
        admin = self._admin()
        if admin is None:
            return self._turn_away()
        try:
            changes = form_to_changes(form)
            with transaction(Actor.agent(admin.id)) as tx:
                if self.editing_id:
                    sla_admin.update_policy(tx, uuid.UUID(self.editing_id), changes)
                else:
                    sla_admin.create_policy(tx, sla_admin.PolicyInput(**changes))
        except SebaError as exc:
            self._error(exc)
            return None
        self.notice = "saved"
        self.cancel_edit()
        self._refresh()
        return None

    @rx.event
    def set_active(self, policy_id: str, active: bool):
        return self._act(lambda tx: sla_admin.set_active(tx, uuid.UUID(policy_id), active))

    @rx.event
    def move(self, policy_id: str, direction: int):
        return self._act(lambda tx: sla_admin.move_policy(tx, uuid.UUID(policy_id), int(direction)))

    def _act(self, write: Any) -> Any:
        self.error = self.notice = ""
        admin = self._admin()
        if admin is None:
            return self._turn_away()
        try:
            with transaction(Actor.agent(admin.id)) as tx:
                write(tx)
        except SebaError as exc:
            self._error(exc)
        self._refresh()
        return None
