"""The agent inbox: views with counts, quick search, filters, sort and the live list."""

import reflex as rx

from app import routes
from app.shell import page
from components.console import console_actions, shortcut_help
from components.i18n import t
from components.inbox import filter_bar, inbox_list, search_box, view_tab
from components.layout import error_banner, page_frame
from state.inbox import InboxState as S


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
        search_box(),
        rx.el.div(
            view_tab("mine", "view_mine"),
            view_tab("unassigned", "view_unassigned"),
            view_tab("my_teams", "view_my_teams"),
            view_tab("all", "view_all"),
            class_name="tabs",
            role="tablist",
        ),
        filter_bar(),
        error_banner(S.error),
        inbox_list(),
        shortcut_help(),
        header_actions=console_actions(S),
        home=routes.AGENT_INBOX,
        wide=True,
    )
