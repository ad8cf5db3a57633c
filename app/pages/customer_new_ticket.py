"""Open a new ticket."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import field, submit_button, text_area
from components.i18n import t
from components.layout import error_banner, page_frame
from state.customer_tickets import NewTicketState as S


@page(routes.CUSTOMER_NEW_TICKET, title="নতুন টিকিট · New ticket", guard="customer")
def customer_new_ticket() -> rx.Component:
    return page_frame(
        rx.el.a(t("back"), href=routes.CUSTOMER_HOME, class_name="back-link"),
        rx.el.h1(t("new_ticket")),
        error_banner(S.error),
        rx.el.form(
            field(
                t("subject_label"),
                "subject",
                placeholder=t("subject_hint"),
                required=True,
                max_length=200,
            ),
            text_area(t("body_label"), "body", required=True, rows=5, max_length=5000),
            field(t("order_ref_label"), "order_ref", max_length=40),
            submit_button(t("submit_ticket"), id="submit-ticket"),
            on_submit=S.submit,
            reset_on_submit=False,
            class_name="stack",
        ),
    )
