"""Admin: automation rules: the ordered list, the editor (trigger, conditions, actions picked from
the allow-lists) and the dry run on the last 100 tickets."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from backend.automation import labels
from backend.automation.dry_run import dry_run
from backend.automation.engine import rule_json
from backend.automation.form import form_to_raw, raw_to_form
from backend.automation.rules import (
    create_rule,
    delete_rule,
    list_rules,
    move_rule,
    set_rule_active,
    update_rule,
)
from backend.db import Actor, read_session, transaction
from backend.errors import SebaError
from backend.models.enums import Role
from state.session import SessionState

_EMPTY_FORM: dict[str, Any] = {"name": "", "trigger": "ticket_created", "match": "all", "silent_hours": ""}


class AdminRulesState(SessionState):
    rules: list[dict[str, str]] = []
    editing_id: str = ""  # "" while writing a new rule
    name: str = ""
    trigger: str = "ticket_created"
    match: str = "all"
    silent_hours: str = ""
    stop_processing: bool = False
    rule_active: bool = True
    conditions: list[dict[str, str]] = []
    actions: list[dict[str, str]] = [{"type": "add_tag", "param": ""}]
    dry_rows: list[dict[str, str]] = []
    dry_matched: str = ""  # "12 / 100" after a dry run
    notice: str = ""
    trigger_options: list[dict[str, str]] = labels.options(labels.TRIGGER_LABELS)
    field_options: list[dict[str, str]] = labels.options(labels.FIELD_LABELS)
    operator_options: list[dict[str, str]] = labels.options(labels.OPERATOR_LABELS)
    action_options: list[dict[str, str]] = labels.options(labels.ACTION_LABELS)

    def _admin(self) -> tuple[Any, Any]:
        admin = self._agent(Role.admin)
        if admin is None:
            return None, self._turn_away()
        return admin, None

    def _refresh(self) -> None:
        with read_session() as session:
            stored = list_rules(session)
        self.rules = [
            {
                "id": str(r.id),
                "position": str(r.position),
                "name": r.name,
                "active": "1" if r.active else "",
                "summary": labels.summary(rule_json(r), self.locale),
            }
            for r in stored
        ]

    def _raw(self) -> dict[str, Any]:
        fields = {
            "name": self.name,
            "trigger": self.trigger,
            "match": self.match,
            "silent_hours": self.silent_hours,
            "stop_processing": self.stop_processing,
            "active": self.rule_active,
        }
        return form_to_raw(fields, self.conditions, self.actions)

    def _fill(self, rule: dict[str, Any]) -> None:
        fields, self.conditions, self.actions = raw_to_form(rule)
        self.name, self.trigger, self.match = fields["name"], fields["trigger"], fields["match"]
        self.silent_hours, self.stop_processing = fields["silent_hours"], fields["stop_processing"]
        self.rule_active = fields["active"]
        self.dry_rows, self.dry_matched = [], ""

    @rx.event
    def load(self):
        self.error = self.notice = ""
        admin, away = self._admin()
        if admin is None:
            return away
        self._refresh()
        return None

    @rx.event
    def new_rule(self):
        self.editing_id = ""
        self._fill({**_EMPTY_FORM, "actions": [{"type": "add_tag", "tag": ""}]})

    @rx.event
    def edit(self, rule_id: str):
        self.error = self.notice = ""
        with read_session() as session:
            found = next((r for r in list_rules(session) if str(r.id) == rule_id), None)
        if found is not None:
            self.editing_id = rule_id
            self._fill(rule_json(found))

    @rx.event
    def set_form(self, key: str, value: Any):
        if key in ("name", "trigger", "match", "silent_hours"):
            setattr(self, key, str(value))
        elif key in ("stop_processing", "rule_active"):
            setattr(self, key, bool(value))

    @rx.event
    def add_condition(self):
        self.conditions = [*self.conditions, {"field": "channel", "operator": "is", "value": ""}]

    @rx.event
    def set_condition(self, index: int, key: str, value: str):
        rows = [dict(c) for c in self.conditions]
        if 0 <= index < len(rows):
            rows[index][key] = value
        self.conditions = rows

    @rx.event
    def remove_condition(self, index: int):
        self.conditions = [c for i, c in enumerate(self.conditions) if i != index]

    @rx.event
    def add_action(self):
        self.actions = [*self.actions, {"type": "add_tag", "param": ""}]

    @rx.event
    def set_action(self, index: int, key: str, value: str):
        rows = [dict(a) for a in self.actions]
        if 0 <= index < len(rows):
            rows[index][key] = value
        self.actions = rows

    @rx.event
    def remove_action(self, index: int):
        self.actions = [a for i, a in enumerate(self.actions) if i != index]

    @rx.event
    def save(self):
        return self._write("saved", self._save)

    def _save(self, admin: Any) -> None:
        with transaction(Actor.agent(admin.id)) as tx:
            if self.editing_id:
                update_rule(tx, rule_id=uuid.UUID(self.editing_id), raw=self._raw())
            else:
                self.editing_id = str(create_rule(tx, raw=self._raw()).id)

    @rx.event
    def toggle(self, rule_id: str, active: bool):
        return self._write(
            "saved", lambda a: self._tx(a, set_rule_active, rule_id=uuid.UUID(rule_id), active=active)
        )

    @rx.event
    def move(self, rule_id: str, direction: str):
        return self._write(
            "moved", lambda a: self._tx(a, move_rule, rule_id=uuid.UUID(rule_id), direction=direction)
        )

    @rx.event
    def delete(self, rule_id: str):
        if rule_id == self.editing_id:
            self.editing_id = ""
        return self._write("deleted", lambda a: self._tx(a, delete_rule, rule_id=uuid.UUID(rule_id)))

    @staticmethod
    def _tx(admin: Any, service: Any, **kwargs: Any) -> None:
        with transaction(Actor.agent(admin.id)) as tx:
            service(tx, **kwargs)

    def _write(self, outcome: str, action: Any) -> Any:
        self.error = self.notice = ""
        admin, away = self._admin()
        if admin is None:
            return away
        try:
            action(admin)
            self.notice = outcome
        except SebaError as exc:
            self._error(exc)
        self._refresh()
        return None

    @rx.event
    def run_dry(self):
        self.error = self.notice = ""
        admin, away = self._admin()
        if admin is None:
            return away
        try:
            rows = dry_run(self._raw(), last_n=100)
        except SebaError as exc:
            self._error(exc)
            self.dry_rows, self.dry_matched = [], ""
            return None
        self.dry_matched = f"{sum(r.matched for r in rows)} / {len(rows)}"
        self.dry_rows = [
            {
                "id": r.ticket_id,
                "number": str(r.number),
                "subject": r.subject,
                "status": r.status,
                "matched": "1" if r.matched else "",
                "actions": "; ".join(
                    f"{labels.label(labels.ACTION_LABELS, a['type'], self.locale)}: {a['outcome']}"
                    + (f" ({a['reason']})" if a.get("reason") else "")
                    for a in r.actions
                )
                or r.note,
            }
            for r in rows
        ]
        return None
