"""Console chrome shared by its pages: presence switch, links by role, the shortcut list."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app import routes
from components.i18n import t


def presence_switch(state: Any) -> rx.Component:
    """Online takes new tickets; away keeps the console open without new assignments."""
    return rx.el.button(
        rx.el.span(
            rx.cond(state.presence == "away", t("presence_away"), t("presence_online")),
            class_name=rx.cond(state.presence == "away", "presence away", "presence online"),
        ),
        on_click=state.set_presence(rx.cond(state.presence == "away", "online", "away")),
        title=rx.cond(state.presence == "away", t("go_online"), t("go_away")),
        type="button",
        class_name="link-button presence-toggle",
        id="presence-toggle",
    )


def push_opt_in() -> rx.Component:
    """Web push for this browser; assets/console/console.js asks permission on click, subscribes
    and posts the subscription (hidden once on, or where the browser has no web push)."""
    return rx.el.button(
        "🔔 ",
        t("enable_push"),
        title=t("enable_push_title"),
        type="button",
        class_name="link-button",
        id="enable-push",
    )


def console_actions(state: Any) -> tuple[rx.Component, ...]:
    return (
        presence_switch(state),
        push_opt_in(),
        rx.cond(
            (state.role == "supervisor") | (state.role == "admin"),
            rx.el.a(
                t("supervisor_board"), href=routes.SUPERVISOR_BOARD, class_name="link-button", id="board-link"
            ),
        ),
        rx.el.span(state.display_name, class_name="muted small who"),
        rx.el.button(t("sign_out"), on_click=state.sign_out, class_name="link-button"),
    )


def shortcut_help() -> rx.Component:
    """The list of keyboard shortcuts, toggled with ? (assets/console/console.js)."""
    return rx.el.div(
        rx.el.strong(t("shortcuts")),
        rx.el.p(t("shortcut_list"), class_name="small"),
        id="shortcut-help",
        class_name="shortcut-help",
        hidden=True,
        role="dialog",
    )
