"""Ticket-page panels: the customer (profile, past tickets, orders) and the ticket's tools (tags,
priority, intent, transfer, merge, snooze). Pure render functions over the states' vars."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.tickets import status_pill
from state.agent_ticket import AgentTicketState as T
from state.ticket_tools import TicketToolsState as S


def _kv(label_key: str, value: rx.Var | str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(value), class_name="kv")


def _options(options: rx.Var, *, placeholder: str = "choose") -> list[rx.Component]:
    return [
        rx.el.option(t(placeholder), value=""),
        rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0])),
    ]


def customer_panel() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("customer_panel")),
        rx.cond(
            S.panel_loaded,
            rx.fragment(
                rx.el.dl(
                    _kv("name_label", T.customer["name"]),
                    _kv("phone", T.customer["phone"]),
                    _kv("email", T.customer["email"]),
                    _kv("language", T.customer["locale"]),
                    _kv("tier", T.customer["tier"]),
                    _kv("order", T.ticket["order_ref"]),
                ),
                rx.el.h3(t("orders"), class_name="small"),
                rx.cond(
                    S.orders.length() > 0,
                    rx.el.ul(rx.foreach(S.orders, _order_row), class_name="mini-list", id="panel-orders"),
                    rx.el.p(t("no_orders"), class_name="muted small"),
                ),
                rx.el.h3(t("past_tickets"), class_name="small"),
                rx.cond(
                    S.past_tickets.length() > 0,
                    rx.el.ul(
                        rx.foreach(S.past_tickets, _past_ticket), class_name="mini-list", id="past-tickets"
                    ),
                    rx.el.p(t("no_past_tickets"), class_name="muted small"),
                ),
            ),
            rx.el.div(class_name="skeleton"),
        ),
        id="customer-panel",
    )


def _order_row(order: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.strong(order["ref"]),
            " · ",
            order["status"],
            " · ",
            order["total"],
            class_name=rx.cond(order["this"] == "1", "row-title", ""),
        ),
        rx.el.div(order["items"], class_name="muted small"),
        rx.el.div(order["payment"], " ", order["courier"], class_name="muted small"),
        rx.cond(order["expected"] != "", rx.el.div(t("due"), ": ", order["expected"], class_name="small")),
        rx.cond(order["refunds"] != "", rx.el.div(t("refunds"), ": ", order["refunds"], class_name="small")),
    )


def _past_ticket(ticket: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.a("#", ticket["number"], " ", ticket["subject"], href="/agent/t/" + ticket["id"].to(str)),
        " ",
        status_pill(ticket["status"], ticket["status_label"]),
        rx.el.div(ticket["when"], class_name="muted small"),
    )


def _select(
    label_key: str, options: rx.Var, value: rx.Var, on_change: rx.EventHandler, id_: str
) -> rx.Component:
    return rx.el.label(
        rx.el.span(t(label_key), class_name="field-label"),
        rx.el.select(*_options(options), value=value, on_change=on_change, class_name="input", id=id_),
        class_name="field",
    )


def tags_editor() -> rx.Component:
    return rx.el.div(
        rx.el.span(t("tags"), class_name="field-label"),
        rx.el.ul(
            rx.foreach(
                T.tags,
                lambda tag: rx.el.li(
                    rx.el.span(
                        tag,
                        rx.el.button("×", on_click=S.remove_tag(tag), type="button", title=t("remove_tag")),
                        class_name="pill tag-pill",
                    )
                ),
            ),
            class_name="tag-list",
            id="ticket-tags",
        ),
        rx.el.form(
            rx.el.input(
                name="tag", placeholder=t("add_tag"), class_name="input", max_length=40, id="tag-input"
            ),
            rx.el.button(t("save"), type="submit", class_name="button"),
            on_submit=S.add_tag,
            reset_on_submit=True,
            class_name="inline-form",
        ),
    )


def ticket_properties() -> rx.Component:
    return rx.el.section(
        rx.el.label(
            rx.el.span(t("set_status"), class_name="field-label"),
            rx.el.select(
                rx.foreach(T.status_options, lambda o: rx.el.option(o[1], value=o[0])),
                value=T.ticket["status"],
                on_change=T.change_status,
                class_name="input",
                id="status-select",
            ),
            class_name="field",
        ),
        # Mounted once their options are loaded, so that the browser selects the current value.
        rx.cond(
            S.panel_loaded,
            rx.fragment(
                _select(
                    "priority", S.priority_options, T.ticket["priority"], S.set_priority, "priority-select"
                ),
                _select("intent", S.intent_options, T.ticket["intent"], S.set_intent, "intent-select"),
            ),
        ),
        tags_editor(),
        class_name="tools",
    )


def transfer_form() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("transfer")),
        rx.el.form(
            rx.el.select(
                *_options(S.team_options), name="team_id", class_name="input", aria_label=t("to_team")
            ),
            rx.el.select(
                *_options(S.agent_options), name="agent_id", class_name="input", aria_label=t("to_agent")
            ),
            rx.el.input(name="note", placeholder=t("note_hint"), class_name="input", max_length=500),
            rx.el.button(t("transfer"), type="submit", class_name="button", id="transfer-submit"),
            on_submit=S.transfer,
            reset_on_submit=True,
            class_name="inline-form",
            id="transfer-form",
        ),
    )


def merge_form() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("merge")),
        rx.el.form(
            rx.el.input(
                name="target_number",
                placeholder=t("merge_hint"),
                class_name="input",
                input_mode="numeric",
                max_length=12,
                id="merge-target",
            ),
            rx.el.button(t("merge"), type="submit", class_name="button", id="merge-submit"),
            on_submit=S.merge,
            reset_on_submit=True,
            class_name="inline-form",
        ),
    )


def snooze_form() -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("snooze")),
        rx.cond(
            T.ticket["snoozed_until"] != "",
            rx.el.div(
                rx.el.span(t("snoozed_until"), " ", T.ticket["snoozed_until"], class_name="small"),
                rx.el.button(
                    t("unsnooze"), on_click=S.unsnooze, type="button", class_name="button", id="unsnooze"
                ),
                class_name="inline-form",
            ),
        ),
        rx.el.form(
            rx.el.input(
                name="until", type="datetime-local", class_name="input", required=True, id="snooze-until"
            ),
            rx.el.button(t("snooze"), type="submit", class_name="button", id="snooze-submit"),
            on_submit=S.snooze,
            class_name="inline-form",
        ),
    )


def composer_tools() -> rx.Component:
    """Canned responses for replies, mentions for notes: each inserts at the cursor."""
    return rx.el.div(
        rx.cond(
            T.mode == "reply",
            rx.el.select(
                *_options(S.canned_options, placeholder="canned_choose"),
                value="",
                on_change=S.insert_canned,
                class_name="input",
                aria_label=t("canned"),
                id="canned-select",
                data_shortcut="c",
            ),
            rx.el.select(
                *_options(S.mention_options, placeholder="mention_choose"),
                value="",
                on_change=S.insert_mention,
                class_name="input",
                aria_label=t("mention"),
                id="mention-select",
            ),
        ),
        class_name="composer-tools",
    )


def supervisor_assign_form() -> rx.Component:
    """Supervisors assign to any agent, seeing presence and load (routing is overridden)."""
    return rx.cond(
        S.is_supervisor,
        rx.el.details(
            rx.el.summary(t("reassign")),
            rx.el.form(
                rx.el.select(*_options(S.board_options), name="agent_id", class_name="input", required=True),
                rx.el.button(t("apply"), type="submit", class_name="button", id="override-submit"),
                on_submit=S.override_assign,
                class_name="inline-form",
                id="override-form",
            ),
        ),
    )
