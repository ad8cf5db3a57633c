"""The agent inbox list."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import error_banner, page_frame
from components.tickets import agent_ticket_row
from state.inbox import InboxState as S


def view_tab(view: str, label_key: str) -> rx.Component:
    return rx.el.button(
        t(label_key),
        on_click=S.show(view),
        class_name=rx.cond(S.view == view, "tab active", "tab"),
        type="button",
        id=f"view-{view}",
    )


def agent_actions() -> tuple:
    return (
        rx.el.span(S.display_name, class_name="muted small who"),
        rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),
    )


@page(routes.AGENT_INBOX, title="ইনবক্স · Inbox", guard="agent", on_load=S.load)
def agent_inbox() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("inbox")),
            rx.cond(
                S.role == "admin",
                rx.el.a(t("agents"), href=routes.ADMIN_AGENTS, class_name="button"),
            ),
            class_name="title-row",
        ),
        rx.el.div(
            view_tab("all", "view_all"),
            view_tab("mine", "view_mine"),
            view_tab("unassigned", "view_unassigned"),
            view_tab("open", "view_open"),
            class_name="tabs",
            role="tablist",
        ),
        error_banner(S.error),
        rx.cond(
            S.loaded,
            rx.cond(
                S.tickets.length() > 0,
                rx.el.ul(rx.foreach(S.tickets, agent_ticket_row), class_name="list", id="inbox-list"),
                rx.el.p(t("inbox_empty"), class_name="empty"),
            ),
            rx.el.p(t("loading"), class_name="muted"),
        ),
        header_actions=agent_actions(),
        home=routes.AGENT_INBOX,
        wide=True,
    )
