"""One ticket's thread for the customer, with a reply box."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import submit_button, text_area
from components.i18n import t
from components.layout import error_banner, page_frame
from components.tickets import message_bubble, status_pill
from state.customer_tickets import CustomerThreadState as S


@page(routes.CUSTOMER_TICKET, title="টিকিট · Ticket", guard="customer", on_load=S.load)
def customer_ticket() -> rx.Component:
    return page_frame(
        rx.el.a(t("back"), href=routes.CUSTOMER_HOME, class_name="back-link"),
        error_banner(S.error),
        rx.cond(
            S.found & (S.ticket.length() > 0),
            rx.el.div(
                rx.el.div(
                    rx.el.span(t("ticket_number"), S.ticket["number"], class_name="muted"),
                    status_pill(S.ticket["status"], S.ticket["status_label"]),
                    class_name="row-top",
                ),
                rx.el.h1(S.ticket["subject"], class_name="thread-title"),
                rx.el.ul(
                    rx.foreach(S.messages, lambda m: message_bubble(m, mine_direction="inbound")),
                    class_name="thread",
                    id="thread",
                ),
                rx.el.form(
                    text_area(t("reply_label"), "body", rows=3, required=True, max_length=5000),
                    submit_button(t("send"), id="send-reply"),
                    on_submit=S.send,
                    reset_on_submit=True,
                    class_name="stack composer",
                ),
            ),
        ),
    )
