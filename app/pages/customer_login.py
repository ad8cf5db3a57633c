"""Customer sign-in: phone number, then the code."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import field, submit_button
from components.i18n import t
from components.layout import error_banner, page_frame
from state.customer_login import CustomerLoginState as S


@page(routes.CUSTOMER_LOGIN, title="সেবা · Seba", on_load=S.start)
def customer_login() -> rx.Component:
    return page_frame(
        rx.el.h1(t("login_title")),
        rx.el.p(t("login_intro"), class_name="muted"),
        error_banner(S.error),
        rx.cond(
            S.code_sent,
            rx.el.form(
                rx.el.p(t("code_sent_to"), " ", rx.el.strong(S.phone), class_name="muted"),
                field(
                    t("code_label"),
                    "code",
                    input_type="text",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    max_length=6,
                    required=True,
                    auto_focus=True,
                ),
                submit_button(t("verify"), id="verify-code"),
                rx.el.button(
                    t("change_number"),
                    type="button",
                    class_name="link-button",
                    on_click=S.change_number,
                ),
                on_submit=S.verify_code,
                reset_on_submit=False,
                class_name="stack",
            ),
            rx.el.form(
                field(
                    t("phone_label"),
                    "phone",
                    input_type="tel",
                    input_mode="tel",
                    auto_complete="tel",
                    placeholder="01XXXXXXXXX",
                    required=True,
                    auto_focus=True,
                ),
                submit_button(t("send_code"), id="send-code"),
                on_submit=S.request_code,
                class_name="stack",
            ),
        ),
    )
