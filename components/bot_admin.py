"""Render functions of the bot's admin page: channels, monitoring, review list, versions, evaluation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from components.i18n import t


def stat(label_key: str, value: rx.Var, help_key: str | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.div(value, class_name="stat-value"),
        rx.el.div(t(label_key), class_name="muted small"),
        rx.cond(help_key is not None, rx.el.div(t(help_key or "bot_no_data"), class_name="muted small")),
        class_name="card stat",
    )


def table(
    headers: list[str], rows: rx.Var, row: Callable[[rx.Var], rx.Component], table_id: str
) -> rx.Component:
    return rx.cond(
        rows.length() == 0,  # type: ignore[attr-defined]
        rx.el.p(t("bot_no_data"), class_name="empty"),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(t(h)) if h else rx.el.th("") for h in headers])),
                rx.el.tbody(rx.foreach(rows, row)),
                class_name="table",
                id=table_id,
            ),
            class_name="table-scroll",
        ),
    )


def cells(*keys: str) -> Callable[[rx.Var], rx.Component]:
    return lambda item: rx.el.tr(*[rx.el.td(item[k]) for k in keys])


def intent_options(choices: rx.Var) -> list[rx.Component]:
    """The placeholder, then every intent label named in both languages (`choices`: {value, label})."""
    return [
        rx.el.option(t("bot_label_as"), value=""),
        rx.foreach(choices, lambda o: rx.el.option(o["label"], value=o["value"])),
    ]


def review_row(
    item: rx.Var, choices: rx.Var, label: Callable[..., Any], dismiss: Callable[..., Any]
) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item["text"], class_name="review-text"),
        rx.el.td(rx.el.a("#", item["number"], href="/agent/t/" + item["ticket_id"])),
        rx.el.td(item["intent"]),
        rx.el.td(item["language"]),
        rx.el.td(
            rx.cond(
                item["corrected"] != "",
                rx.el.span(item["corrected"], class_name="pill"),
                rx.el.select(
                    *intent_options(choices),
                    on_change=lambda value: label(item["turn_id"], value),
                    class_name="input",
                    aria_label=t("bot_label_as"),
                ),
            )
        ),
        rx.el.td(
            rx.cond(
                item["corrected"] == "",
                rx.el.button(t("bot_dismiss"), on_click=dismiss(item["turn_id"]), class_name="link-button"),
            )
        ),
        key=item["turn_id"],
    )


def version_row(version: rx.Var, state: Any) -> rx.Component:
    return rx.el.tr(
        rx.el.td(
            rx.el.strong(version["label"]),
            rx.cond(version["active"] != "", rx.el.span(t("bot_active"), class_name="pill status-open")),
        ),
        rx.el.td(
            version["status_label"],
            rx.cond(version["error"] != "", rx.el.div(version["error"], class_name="small job-error")),
        ),
        rx.el.td(
            rx.cond(
                version["status"] == "training",
                rx.el.div(
                    rx.el.progress(value=version["progress_value"], max="100"),
                    rx.el.span(version["progress"], " ", version["note"], class_name="small muted"),
                ),
                version["progress"],
            )
        ),
        rx.el.td(version["accuracy"]),
        rx.el.td(version["share"]),
        rx.el.td(version["created"], class_name="nowrap"),
        rx.el.td(
            rx.el.button(
                t("bot_report"), on_click=state.show_report(version["label"]), class_name="link-button"
            ),
            rx.cond(
                (version["status"] == "ready") & (version["active"] == ""),
                rx.fragment(
                    rx.el.button(
                        t("bot_activate"), on_click=state.activate(version["id"]), class_name="link-button"
                    ),
                    rx.el.button(
                        t("bot_ab_start"),
                        " 10%",
                        on_click=state.start_ab(version["id"], "10"),
                        class_name="link-button",
                    ),
                    rx.el.button(
                        t("bot_ab_start"),
                        " 50%",
                        on_click=state.start_ab(version["id"], "50"),
                        class_name="link-button",
                    ),
                ),
            ),
            class_name="nowrap",
        ),
        key=version["id"],
    )


def evaluation(state: Any) -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("bot_evaluation"), " — ", state.report_label),
        rx.cond(
            state.report_overall == "",
            rx.el.p(t("bot_no_data"), class_name="empty"),
            rx.fragment(
                rx.el.div(
                    stat("bot_overall", state.report_overall),
                    rx.foreach(
                        state.report_languages,
                        lambda lang: rx.el.div(
                            rx.el.div(lang["accuracy"], class_name="stat-value"),
                            rx.el.div(lang["language"], " (", lang["n"], ")", class_name="muted small"),
                            class_name="card stat",
                        ),
                    ),
                    class_name="stat-row",
                ),
                table(
                    ["bot_intent", "bot_f1", "bot_precision", "bot_recall", "bot_support"],
                    state.report_intents,
                    cells("intent", "f1", "precision", "recall", "support"),
                    "bot-intent-f1",
                ),
                rx.cond(
                    state.confusion_src != "",
                    rx.el.figure(
                        rx.el.img(
                            src=state.confusion_src, alt=t("bot_confusion"), class_name="confusion-picture"
                        ),
                        rx.el.figcaption(t("bot_confusion"), class_name="muted small"),
                    ),
                ),
            ),
        ),
        id="bot-evaluation",
    )
