"""One ticket in the agent console: thread, composer, customer panel and the ticket's tools."""

import reflex as rx

from app import routes
from app.shell import page
from components.bot_summary import bot_summary_card
from components.console import console_actions, shortcut_help
from components.forms import submit_button
from components.i18n import t
from components.kb_suggestions import kb_suggestions_panel
from components.layout import error_banner, notice_banner, page_frame
from components.sla import sla_clocks
from components.ticket_tools import (
    composer_tools,
    customer_panel,
    merge_form,
    snooze_form,
    supervisor_assign_form,
    ticket_properties,
    transfer_form,
)
from components.tickets import message_bubble, status_pill
from state.agent_ticket import AgentTicketState as S
from state.kb_suggestions import KbSuggestionsState as KbSuggestions
from state.ticket_tools import TicketToolsState as Tools


def composer() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.button(
                t("reply_to_customer"),
                type="button",
                on_click=S.set_mode("reply"),
                class_name=rx.cond(S.mode == "reply", "tab active", "tab"),
                id="mode-reply",
                data_shortcut="r",
                data_focus="#body",
            ),
            rx.el.button(
                t("internal_note"),
                type="button",
                on_click=S.set_mode("note"),
                class_name=rx.cond(S.mode == "note", "tab active", "tab"),
                id="mode-note",
                data_shortcut="i",
                data_focus="#body",
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
        composer_tools(),
        rx.el.form(
            rx.el.label(
                rx.el.span(
                    rx.cond(S.mode == "note", t("note_hint"), t("reply_to_customer")),
                    rx.cond(
                        S.mode == "reply",
                        rx.el.span(
                            " · ", t("channel_of_reply"), " ", S.ticket["channel_label"], class_name="muted"
                        ),
                    ),
                    class_name="field-label",
                ),
                rx.el.textarea(
                    name="body",
                    id="body",
                    class_name="input textarea",
                    rows=4,
                    required=True,
                    max_length=5000,
                    data_draft_key=S.draft_key,
                    # While the agent writes: colleagues are warned, a web-chat customer sees "typing".
                    on_change=S.agent_typing.throttle(2000),
                ),
                class_name="field",
            ),
            rx.el.input(type="hidden", name="client_id", id="client-id"),
            submit_button(rx.cond(S.mode == "note", t("save_note"), t("send_reply")), id="agent-send"),
            on_submit=S.submit,
            reset_on_submit=True,
            class_name="stack",
        ),
        class_name=rx.cond(S.mode == "note", "stack composer note-mode", "stack composer"),
    )


def ticket_header() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.span("#", S.ticket["number"], class_name="muted"),
            status_pill(S.ticket["status"], S.ticket["status_label"]),
            rx.el.span(S.ticket["channel_label"], class_name="pill"),
            rx.el.span(
                S.ticket["priority_label"], class_name="pill priority-" + S.ticket["priority"].to(str)
            ),
            rx.cond(
                S.ticket["snoozed_until"] != "",
                rx.el.span(t("snoozed"), class_name="pill", id="snoozed-pill"),
            ),
            rx.cond(
                S.ticket["sla_due"] != "", rx.el.span(t("due"), ": ", S.ticket["sla_due"], class_name="pill")
            ),
            class_name="row-top",
        ),
        rx.el.div(
            rx.el.button(
                t("assign_to_me"),
                on_click=Tools.assign_to_me,
                type="button",
                class_name="button",
                id="assign-to-me",
                data_shortcut="a",
            ),
            rx.el.a(
                t("next_ticket"),
                href="/agent/next?after=" + S.ticket["id"].to(str),
                class_name="button",
                id="next-ticket",
                data_shortcut="n",
            ),
            class_name="thread-actions",
        ),
        class_name="stack",
    )


@page(
    routes.AGENT_TICKET,
    title="টিকিট · Ticket",
    guard="agent",
    on_load=[S.load, Tools.load, KbSuggestions.load],
)
def agent_ticket() -> rx.Component:
    return page_frame(
        rx.el.a(t("back_to_inbox"), href=routes.AGENT_INBOX, class_name="back-link", data_shortcut="u"),
        error_banner(S.error),
        error_banner(Tools.error),
        notice_banner(Tools.notice),
        rx.cond(
            S.loading,
            rx.el.div(rx.el.div(class_name="skeleton"), rx.el.p(t("loading"), class_name="muted")),
            rx.cond(
                S.found & (S.ticket.length() > 0),
                rx.el.div(
                    rx.el.section(
                        ticket_header(),
                        rx.el.h1(S.ticket["subject"], class_name="thread-title"),
                        bot_summary_card(),
                        rx.cond(
                            S.ticket["merged_into"] != "",
                            rx.el.p(
                                rx.el.a(
                                    t("merged_into"),
                                    S.ticket["merged_into"],
                                    href="/agent/t/" + S.ticket["merged_into_id"].to(str),
                                ),
                                class_name="banner notice",
                                id="merged-banner",
                            ),
                        ),
                        rx.el.ul(
                            rx.foreach(
                                S.messages,
                                lambda m: message_bubble(m, mine_direction="outbound", show_channel=True),
                            ),
                            class_name="thread",
                            id="thread",
                        ),
                        rx.cond(
                            S.customer_typing,
                            rx.el.p(
                                t("customer_typing"), class_name="typing muted small", id="customer-typing"
                            ),
                        ),
                        composer(),
                        class_name="main-column",
                    ),
                    rx.el.aside(
                        sla_clocks(S.sla_clocks),
                        customer_panel(),
                        kb_suggestions_panel(),
                        ticket_properties(),
                        transfer_form(),
                        supervisor_assign_form(),
                        merge_form(),
                        snooze_form(),
                        class_name="panel tools",
                    ),
                    class_name="split",
                ),
            ),
        ),
        shortcut_help(),
        header_actions=console_actions(S),
        home=routes.AGENT_INBOX,
        wide=True,
    )
