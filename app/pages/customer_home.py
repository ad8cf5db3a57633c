"""Customer home: my tickets and a way to open a new one."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import error_banner, page_frame
from components.tickets import customer_ticket_row
from state.customer_tickets import CustomerTicketsState as S


@page(routes.CUSTOMER_HOME, title="সেবা · Seba", guard="customer", on_load=S.load)
def customer_home() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("my_tickets")),
            rx.el.a(
                t("new_ticket"),
                href=routes.CUSTOMER_NEW_TICKET,
                class_name="button primary",
                id="new-ticket",
            ),
            class_name="title-row",
        ),
        error_banner(S.error),
        rx.cond(
            S.loaded,
            rx.cond(
                S.tickets.length() > 0,
                rx.el.ul(rx.foreach(S.tickets, customer_ticket_row), class_name="list", id="ticket-list"),
                rx.el.p(t("no_tickets"), class_name="empty"),
            ),
            rx.el.p(t("loading"), class_name="muted"),
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
    )
