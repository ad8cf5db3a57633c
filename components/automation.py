"""Pure render functions of the automation rules page: pickers over allow-list options, the
condition and action rows of the editor, the rule list row and the dry-run table row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from components.i18n import t
from state.locale import LocaleState


def option_label(option: rx.Var) -> rx.Var:
    return rx.cond(LocaleState.locale == "en", option["en"], option["bn"])


def picker(options: rx.Var, value: rx.Var, on_change: Any, **attrs: Any) -> rx.Component:
    """A select over allow-list options ({value, bn, en}), labelled in the reader's language."""
    return rx.el.select(
        rx.foreach(options, lambda o: rx.el.option(option_label(o), value=o["value"])),
        value=value,
        on_change=on_change,
        class_name="input",
        **attrs,
    )


def condition_row(
    condition: rx.Var,
    index: rx.Var,
    *,
    fields: rx.Var,
    operators: rx.Var,
    on_set: Callable[[rx.Var, str, Any], Any],
    on_remove: Callable[[rx.Var], Any],
) -> rx.Component:
    return rx.el.div(
        picker(fields, condition["field"], lambda v: on_set(index, "field", v), aria_label="field"),
        picker(
            operators, condition["operator"], lambda v: on_set(index, "operator", v), aria_label="operator"
        ),
        rx.el.input(
            value=condition["value"],
            on_change=lambda v: on_set(index, "value", v),
            placeholder=t("rules_value"),
            class_name="input",
        ),
        rx.el.button(
            t("rules_remove"), on_click=on_remove(index), type="button", class_name="link-button danger"
        ),
        class_name="rule-line",
    )


def action_row(
    action: rx.Var,
    index: rx.Var,
    *,
    kinds: rx.Var,
    on_set: Callable[[rx.Var, str, Any], Any],
    on_remove: Callable[[rx.Var], Any],
) -> rx.Component:
    return rx.el.div(
        picker(kinds, action["type"], lambda v: on_set(index, "type", v), aria_label="action"),
        rx.cond(
            (action["type"] == "send_survey") | (action["type"] == "escalate"),
            rx.fragment(),
            rx.el.input(
                value=action["param"],
                on_change=lambda v: on_set(index, "param", v),
                placeholder=t("rules_param"),
                class_name="input",
            ),
        ),
        rx.el.button(
            t("rules_remove"), on_click=on_remove(index), type="button", class_name="link-button danger"
        ),
        class_name="rule-line",
    )


def rule_row(rule: rx.Var, *, on_move: Any, on_edit: Any, on_toggle: Any, on_delete: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rule["position"], class_name="nowrap"),
        rx.el.td(rx.el.strong(rule["name"]), rx.el.div(rule["summary"], class_name="muted small")),
        rx.el.td(rx.cond(rule["active"] != "", t("rules_on"), t("rules_off"))),
        rx.el.td(
            rx.el.button(
                t("rules_up"), on_click=on_move(rule["id"], "up"), type="button", class_name="link-button"
            ),
            rx.el.button(
                t("rules_down"), on_click=on_move(rule["id"], "down"), type="button", class_name="link-button"
            ),
            rx.el.button(
                t("rules_edit"), on_click=on_edit(rule["id"]), type="button", class_name="link-button"
            ),
            rx.cond(
                rule["active"] != "",
                rx.el.button(
                    t("rules_deactivate"),
                    on_click=on_toggle(rule["id"], False),
                    type="button",
                    class_name="link-button",
                ),
                rx.el.button(
                    t("rules_activate"),
                    on_click=on_toggle(rule["id"], True),
                    type="button",
                    class_name="link-button",
                ),
            ),
            rx.el.button(
                t("rules_delete"),
                on_click=on_delete(rule["id"]),
                type="button",
                class_name="link-button danger",
            ),
            class_name="nowrap",
        ),
        key=rule["id"],
    )


def dry_run_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["number"], class_name="nowrap"),
        rx.el.td(row["subject"]),
        rx.el.td(row["status"]),
        rx.el.td(rx.cond(row["matched"] != "", t("rules_yes"), t("rules_no"))),
        rx.el.td(row["actions"], class_name="small"),
        class_name=rx.cond(row["matched"] != "", "matched", ""),
        key=row["id"],
    )


def figures_table(rows: rx.Var, table_id: str) -> rx.Component:
    """CSAT figures: name, answers, average, % satisfied (4-5)."""
    return rx.el.div(
        rx.el.table(
            rx.el.thead(
                rx.el.tr(
                    rx.el.th(t("csat_name")),
                    rx.el.th(t("csat_answers")),
                    rx.el.th(t("csat_average")),
                    rx.el.th(t("csat_satisfied")),
                )
            ),
            rx.el.tbody(
                rx.foreach(
                    rows,
                    lambda r: rx.el.tr(
                        rx.el.td(rx.cond(LocaleState.locale == "en", r["name"], r["name_bn"])),
                        rx.el.td(r["answers"]),
                        rx.el.td(r["average"]),
                        rx.el.td(r["satisfied"]),
                        key=r["id"],
                    ),
                )
            ),
            class_name="table",
            id=table_id,
        ),
        class_name="table-scroll",
    )
