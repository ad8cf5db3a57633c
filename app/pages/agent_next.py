"""/agent/next: opens the next ticket to work on (the "n" shortcut), or says there is none."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import page_frame
from state.next_ticket import NextTicketState as S


@page(routes.AGENT_NEXT_TICKET, title="পরের টিকিট · Next ticket", guard="agent", on_load=S.go)
def agent_next() -> rx.Component:
    return page_frame(
        rx.el.a(t("back_to_inbox"), href=routes.AGENT_INBOX, class_name="back-link"),
        rx.cond(
            S.nothing_left,
            rx.el.p(t("inbox_empty"), class_name="empty", id="nothing-left"),
            rx.el.p(t("loading"), class_name="muted"),
        ),
        home=routes.AGENT_INBOX,
        wide=True,
    )
