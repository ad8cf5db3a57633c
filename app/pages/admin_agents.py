"""Admin: list of agents, add one, enable or disable."""

import reflex as rx

from app import routes
from app.shell import page
from components.forms import field, submit_button
from components.i18n import t
from components.layout import error_banner, notice_banner, page_frame
from state.admin_agents import AdminAgentsState as S


def agent_row(agent: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(agent["name"], rx.el.div(agent["email"], class_name="muted small")),
        rx.el.td(agent["role"]),
        rx.el.td(agent["teams"]),
        rx.el.td(agent["languages"]),
        rx.el.td(agent["capacity"]),
        rx.el.td(agent["last_login"]),
        rx.el.td(
            rx.cond(
                agent["active"] != "",
                rx.el.button(
                    t("disable"),
                    on_click=S.toggle_active(agent["id"], False),
                    class_name="link-button",
                ),
                rx.el.button(
                    t("enable"),
                    on_click=S.toggle_active(agent["id"], True),
                    class_name="link-button",
                ),
            )
        ),
    )


@page(routes.ADMIN_AGENTS, title="এজেন্ট · Agents", guard="admin", on_load=S.load)
def admin_agents() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("agents")),
            rx.el.a(t("inbox"), href=routes.AGENT_INBOX, class_name="button"),
            rx.el.a(t("failed_jobs"), href=routes.ADMIN_JOBS, class_name="button", id="failed-jobs-link"),
            rx.el.a(t("rules_title"), href=routes.ADMIN_RULES, class_name="button", id="rules-link"),
            class_name="title-row",
        ),
        error_banner(S.error),
        rx.cond(S.notice != "", notice_banner(S.notice)),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(t("name_label")),
                        rx.el.th(t("role_label")),
                        rx.el.th(t("teams_label")),
                        rx.el.th(t("languages_label")),
                        rx.el.th(t("capacity_label")),
                        rx.el.th(t("last_login")),
                        rx.el.th(""),
                    )
                ),
                rx.el.tbody(rx.foreach(S.agents, agent_row)),
                class_name="table",
                id="agents-table",
            ),
            class_name="table-scroll",
        ),
        rx.el.h2(t("add_agent")),
        rx.el.form(
            field(t("name_label"), "name", required=True),
            field(t("email_label"), "email", input_type="email", required=True),
            field(
                t("password_label"),
                "password",
                input_type="password",
                required=True,
                auto_complete="new-password",
            ),
            rx.el.label(
                rx.el.span(t("role_label"), class_name="field-label"),
                rx.el.select(
                    rx.el.option(t("role_agent"), value="agent"),
                    rx.el.option(t("role_supervisor"), value="supervisor"),
                    rx.el.option(t("role_admin"), value="admin"),
                    name="role",
                    class_name="input",
                ),
                class_name="field",
            ),
            field(
                t("capacity_label"),
                "capacity",
                input_type="number",
                min=0,
                max=50,
                default_value="5",
            ),
            submit_button(t("create")),
            on_submit=S.create,
            reset_on_submit=True,
            class_name="stack narrow",
        ),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
