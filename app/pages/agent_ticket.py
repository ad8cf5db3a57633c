"""One ticket in the agent console: thread, customer panel, reply or internal note, status."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import submit_button, text_area
from components.i18n import t
from components.layout import error_banner, page_frame
from components.tickets import message_bubble, status_pill
from state.agent_ticket import AgentTicketState as S


def customer_panel() -> rx.Component:
    def row(label_key: str, value: rx.Var) -> rx.Component:
        return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(value), class_name="kv")

    return rx.el.aside(
        rx.el.h2(t("customer")),
        rx.el.dl(
            row("name_label", S.customer["name"]),
            row("phone", S.customer["phone"]),
            row("language", S.customer["locale"]),
            row("tier", S.customer["tier"]),
            row("order", S.ticket["order_ref"]),
            row("channel", S.ticket["channel_label"]),
            row("priority", S.ticket["priority_label"]),
            row(
                "assignee",
                rx.cond(S.ticket["assignee_name"] != "", S.ticket["assignee_name"], t("unassigned")),
            ),
        ),
        rx.el.label(
            rx.el.span(t("set_status"), class_name="field-label"),
            rx.el.select(
                rx.foreach(S.status_options, lambda o: rx.el.option(o[1], value=o[0])),
                value=S.ticket["status"],
                on_change=S.change_status,
                class_name="input",
                id="status-select",
            ),
            class_name="field",
        ),
        class_name="panel",
    )


def composer() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.button(
                t("reply_to_customer"),
                type="button",
                on_click=S.set_mode("reply"),
                class_name=rx.cond(S.mode == "reply", "tab active", "tab"),
                id="mode-reply",
            ),
            rx.el.button(
                t("internal_note"),
                type="button",
                on_click=S.set_mode("note"),
                class_name=rx.cond(S.mode == "note", "tab active", "tab"),
                id="mode-note",
            ),
            class_name="tabs",
        ),
        rx.cond(
            S.others_replying.length() > 0,
            rx.el.p(
                t("collision_warning"),
                " ",
                rx.foreach(S.others_replying.values(), lambda name: rx.el.strong(name, " ")),
                class_name="banner warning",
                role="alert",
                id="collision-warning",
            ),
        ),
        text_area(
            rx.cond(S.mode == "note", t("note_hint"), t("reply_to_customer")),
            "body",
            rows=4,
            required=True,
            max_length=5000,
            # While the agent writes: colleagues are warned, a web-chat customer sees "typing".
            on_change=S.agent_typing.throttle(2000),
        ),
        submit_button(rx.cond(S.mode == "note", t("save_note"), t("send_reply")), id="agent-send"),
        on_submit=S.submit,
        reset_on_submit=True,
        class_name=rx.cond(S.mode == "note", "stack composer note-mode", "stack composer"),
    )


@page(routes.AGENT_TICKET, title="টিকিট · Ticket", guard="agent", on_load=S.load)
def agent_ticket() -> rx.Component:
    return page_frame(
        rx.el.a(t("back_to_inbox"), href=routes.AGENT_INBOX, class_name="back-link"),
        error_banner(S.error),
        rx.cond(
            S.found & (S.ticket.length() > 0),
            rx.el.div(
                rx.el.section(
                    rx.el.div(
                        rx.el.span("#", S.ticket["number"], class_name="muted"),
                        status_pill(S.ticket["status"], S.ticket["status_label"]),
                        class_name="row-top",
                    ),
                    rx.el.h1(S.ticket["subject"], class_name="thread-title"),
                    rx.el.ul(
                        rx.foreach(S.messages, lambda m: message_bubble(m, mine_direction="outbound")),
                        class_name="thread",
                        id="thread",
                    ),
                    rx.cond(
                        S.customer_typing,
                        rx.el.p(t("customer_typing"), class_name="typing muted small", id="customer-typing"),
                    ),
                    composer(),
                    class_name="main-column",
                ),
                customer_panel(),
                class_name="split",
            ),
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
