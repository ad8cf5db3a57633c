"""Inbox pieces: view tabs with counts, quick search, filter bar, rows and "load more"."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.tickets import status_pill
from state.inbox import InboxState as S

STATUS_CHOICES = ("new", "open", "pending", "on_hold", "snoozed", "resolved", "closed")
CHANNEL_CHOICES = ("web", "sms", "email", "whatsapp", "messenger", "voice")
PRIORITY_CHOICES = ("urgent", "high", "normal", "low")


def view_tab(view: str, label_key: str) -> rx.Component:
    return rx.el.button(
        t(label_key),
        rx.el.span(S.counts[view], class_name="count", id=f"count-{view}"),
        on_click=S.show(view),
        class_name=rx.cond(S.view == view, "tab active", "tab"),
        type="button",
        role="tab",
        id=f"view-{view}",
    )


def search_box() -> rx.Component:
    return rx.fragment(
        rx.el.form(
            rx.el.input(
                name="q",
                type="search",
                placeholder=t("search_placeholder"),
                class_name="input",
                max_length=100,
                id="quick-search",
                data_shortcut="/",
                aria_label=t("search"),
            ),
            rx.el.button(t("search"), type="submit", class_name="button"),
            on_submit=S.search,
            class_name="search-form",
        ),
        rx.cond(
            S.searched,
            rx.el.section(
                rx.el.div(
                    rx.el.h2(t("search_results")),
                    rx.el.button(
                        t("clear"), on_click=S.clear_search, type="button", class_name="link-button"
                    ),
                    class_name="title-row",
                ),
                rx.cond(
                    S.search_results.length() > 0,
                    rx.el.ul(rx.foreach(S.search_results, inbox_row), class_name="list", id="search-results"),
                    rx.el.p(t("no_results"), class_name="empty"),
                ),
            ),
        ),
    )


def _choice(name: str, label_key: str, options: list[rx.Component]) -> rx.Component:
    return rx.el.label(
        rx.el.span(t(label_key), class_name="field-label small"),
        rx.el.select(
            rx.el.option(t("any"), value=""),
            *options,
            value=S.filters.get(name, ""),
            on_change=lambda value: S.set_filter(name, value),
            class_name="input",
            id=f"filter-{name}",
        ),
        class_name="field",
    )


def _labelled(values: tuple[str, ...], kind: str) -> list[rx.Component]:
    from backend.i18n.labels import LABELS

    options = []
    for value in values:
        bn, en = LABELS[kind].get(value, (value, value))
        options.append(rx.el.option(rx.cond(S.locale == "en", en, bn), value=value))
    return options


def filter_bar() -> rx.Component:
    status_options = [
        rx.el.option(t("snoozed"), value=s) if s == "snoozed" else _labelled((s,), "status_agent")[0]
        for s in STATUS_CHOICES
    ]
    return rx.el.details(
        rx.el.summary(t("filters"), rx.cond(S.filtering, " •", "")),
        rx.el.div(
            _choice("status", "status", status_options),
            _choice("channel", "channel", _labelled(CHANNEL_CHOICES, "channel")),
            _choice("priority", "priority", _labelled(PRIORITY_CHOICES, "priority")),
            _choice(
                "sla",
                "sla_due",
                [
                    rx.el.option(t("sla_overdue"), value="overdue"),
                    rx.el.option(t("sla_due_1h"), value="due_within:60"),
                    rx.el.option(t("sla_due_4h"), value="due_within:240"),
                    rx.el.option(t("sla_none"), value="none"),
                ],
            ),
            _choice(
                "language",
                "language",
                [
                    rx.el.option("বাংলা", value="bn"),
                    rx.el.option("Banglish", value="banglish"),
                    rx.el.option("English", value="en"),
                ],
            ),
            _choice(
                "intent", "intent", [rx.foreach(S.intent_options, lambda o: rx.el.option(o[1], value=o[0]))]
            ),
            rx.el.form(
                rx.el.label(
                    rx.el.span(t("tag"), class_name="field-label small"),
                    rx.el.input(
                        name="tag",
                        default_value=S.filters.get("tag", ""),
                        class_name="input",
                        max_length=40,
                        id="filter-tag",
                    ),
                    class_name="field",
                ),
                on_submit=S.set_tag_filter,
            ),
            rx.el.label(
                rx.el.span(t("sort"), class_name="field-label small"),
                rx.el.select(
                    rx.el.option(t("sort_sla"), value="sla_due"),
                    rx.el.option(t("sort_activity"), value="last_activity"),
                    value=S.sort,
                    on_change=S.set_sort,
                    class_name="input",
                    id="sort",
                ),
                class_name="field",
            ),
            rx.cond(
                S.filtering,
                rx.el.button(
                    t("clear_filters"), on_click=S.clear_filters, type="button", class_name="link-button"
                ),
            ),
            class_name="toolbar",
        ),
        class_name="filters",
        open=S.filtering,
    )


def inbox_row(ticket: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            rx.el.div(
                rx.el.span("#", ticket["number"], class_name="muted"),
                rx.el.span(ticket["channel_label"], class_name="pill"),
                rx.el.span(
                    ticket["priority_label"], class_name="pill priority-" + ticket["priority"].to(str)
                ),
                status_pill(ticket["status"], ticket["status_label"]),
                rx.cond(
                    ticket["due"] != "",
                    rx.el.span(
                        rx.cond(ticket["due_state"] == "overdue", t("overdue"), t("due")),
                        ": ",
                        ticket["due"],
                        class_name="pill due-" + ticket["due_state"].to(str),
                    ),
                ),
                rx.cond(ticket["intent"] != "", rx.el.span(ticket["intent"], class_name="pill")),
                rx.cond(ticket["tags"] != "", rx.el.span(ticket["tags"], class_name="pill tag-pill")),
                class_name="row-top",
            ),
            rx.el.div(ticket["subject"], class_name="row-title"),
            rx.cond(ticket["preview"] != "", rx.el.div(ticket["preview"], class_name="preview")),
            rx.el.div(
                ticket["customer_name"],
                " · ",
                ticket["customer_phone"],
                " · ",
                rx.cond(ticket["assignee_name"] != "", ticket["assignee_name"], t("unassigned")),
                " · ",
                ticket["last_activity"],
                class_name="muted small",
            ),
            href="/agent/t/" + ticket["id"].to(str),
            class_name="card-link",
            data_inbox_row="1",
        ),
        class_name="card",
    )


def inbox_list() -> rx.Component:
    return rx.cond(
        S.loaded,
        rx.fragment(
            rx.cond(
                S.tickets.length() > 0,
                rx.el.ul(rx.foreach(S.tickets, inbox_row), class_name="list", id="inbox-list"),
                rx.el.p(t("inbox_empty"), class_name="empty", id="inbox-empty"),
            ),
            rx.cond(
                S.next_cursor != "",
                rx.el.div(
                    rx.el.button(
                        rx.cond(S.loading_more, t("loading"), t("load_more")),
                        on_click=S.load_more,
                        disabled=S.loading_more,
                        type="button",
                        class_name="button",
                        id="load-more",
                    ),
                    class_name="loading-row",
                ),
            ),
        ),
        rx.el.div(
            rx.el.div(class_name="skeleton"),
            rx.el.div(class_name="skeleton"),
            rx.el.p(t("loading"), class_name="muted"),
            class_name="stack",
            id="inbox-loading",
        ),
    )
