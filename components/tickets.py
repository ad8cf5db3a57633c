"""Ticket list rows, status pills and message bubbles (customer and agent views)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t


def status_pill(status: rx.Var, text: rx.Var) -> rx.Component:
    return rx.el.span(text, class_name="pill status-" + status.to(str))


def customer_ticket_row(ticket: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            rx.el.div(
                rx.el.span(t("ticket_number"), ticket["number"], class_name="muted"),
                status_pill(ticket["status"], ticket["status_label"]),
                class_name="row-top",
            ),
            rx.el.div(ticket["subject"], class_name="row-title"),
            rx.el.div(t("last_activity"), ": ", ticket["last_activity"], class_name="muted small"),
            href="/t/" + ticket["id"].to(str),
            class_name="card-link",
        ),
        class_name="card",
    )


def agent_ticket_row(ticket: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a(
            rx.el.div(
                rx.el.span("#", ticket["number"], class_name="muted"),
                rx.el.span(ticket["channel_label"], class_name="pill"),
                rx.el.span(
                    ticket["priority_label"],
                    class_name="pill priority-" + ticket["priority"].to(str),
                ),
                status_pill(ticket["status"], ticket["status_label"]),
                class_name="row-top",
            ),
            rx.el.div(ticket["subject"], class_name="row-title"),
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
        ),
        class_name="card",
    )


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
