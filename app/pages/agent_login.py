"""Agent and admin sign-in."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import field, submit_button
from components.i18n import t
from components.layout import error_banner, page_frame
from state.agent_login import AgentLoginState as S


@page(routes.AGENT_LOGIN, title="সেবা কনসোল · Seba console", on_load=S.start)
def agent_login() -> rx.Component:
    return page_frame(
        rx.el.h1(t("agent_login_title")),
        error_banner(S.error),
        rx.el.form(
            field(
                t("email_label"),
                "email",
                input_type="email",
                auto_complete="username",
                required=True,
            ),
            field(
                t("password_label"),
                "password",
                input_type="password",
                auto_complete="current-password",
                required=True,
            ),
            submit_button(t("login_title"), id="agent-sign-in"),
            on_submit=S.sign_in,
            reset_on_submit=False,
            class_name="stack",
        ),
        home=routes.AGENT_LOGIN,
    )
