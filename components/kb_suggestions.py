"""The agent ticket view's help-article suggestions: one click inserts a link or an excerpt."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.kb_suggestions import KbSuggestionsState as S


def _suggestion(item: rx.Var, index: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(item["title"], href=item["link"], target="_blank", class_name="kb-title"),
        rx.el.p(item["excerpt"], class_name="muted small"),
        rx.el.div(
            rx.el.button(
                t("kb_insert_link"), type="button", class_name="link-button", on_click=S.insert_link(index)
            ),
            rx.el.button(
                t("kb_insert_excerpt"),
                type="button",
                class_name="link-button",
                on_click=S.insert_excerpt(index),
            ),
            class_name="row-top",
        ),
        class_name="kb-suggestion",
    )


def kb_suggestions_panel() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("kb_suggestions")),
        rx.el.form(
            rx.el.input(
                name="q",
                class_name="input",
                placeholder="লেখা খুঁজুন… / Search articles…",
                aria_label=t("kb_search"),
                id="kb-search",
            ),
            rx.el.button(t("kb_search"), type="submit", class_name="button"),
            on_submit=S.search,
            class_name="inline-form",
        ),
        rx.cond(
            S.suggestions.length() == 0,
            rx.el.p(t("kb_suggestions_none"), class_name="empty small"),
            rx.el.ul(rx.foreach(S.suggestions, _suggestion), class_name="stack", id="kb-suggestions"),
        ),
        open=True,
        class_name="kb-panel",
    )
