"""Status pills and message bubbles (customer and agent views); inbox rows are components/inbox.py."""

from __future__ import annotations

import reflex as rx

from components.i18n import t


def status_pill(status: rx.Var, text: rx.Var) -> rx.Component:
    return rx.el.span(text, class_name="pill status-" + status.to(str))


def message_bubble(message: rx.Var, *, mine_direction: str, show_channel: bool = False) -> rx.Component:
    """A message; `mine_direction` is the direction shown on the right (the viewer's side).
    Agents see each message's channel: one thread can span the app, SMS and email."""
    return rx.el.li(
        rx.el.div(
            rx.el.span(message["author"], class_name="bubble-author"),
            rx.cond(message["direction"] == "note", rx.el.span(t("note_badge"), class_name="pill note")),
            rx.el.span(message["channel_label"], class_name="pill bubble-channel")
            if show_channel
            else rx.fragment(),
            rx.el.span(message["time"], class_name="muted small"),
            class_name="bubble-meta",
        ),
        rx.el.p(message["body"], class_name="bubble-body"),
        class_name=rx.cond(
            message["direction"] == mine_direction,
            "bubble mine",
            rx.cond(message["direction"] == "note", "bubble note", "bubble theirs"),
        ),
        data_client_id=message["client_id"],
    )
