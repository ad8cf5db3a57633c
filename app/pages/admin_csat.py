"""Supervisors and admins: customer satisfaction (CSAT) per agent and per team."""

import reflex as rx

from app import routes
from app.shell import page
from components.automation import figures_table
from components.i18n import t
from components.layout import error_banner, page_frame
from state.admin_csat import AdminCsatState as S


def section(title: str, rows: rx.Var, table_id: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(t(title)),
        rx.cond(
            rows.length() == 0, rx.el.p(t("csat_none"), class_name="empty"), figures_table(rows, table_id)
        ),
    )


@page(routes.ADMIN_CSAT, title="গ্রাহক সন্তুষ্টি · Customer satisfaction", guard="agent", on_load=S.load)
def admin_csat() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("csat_title")),
            rx.el.a(t("inbox"), href=routes.AGENT_INBOX, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("csat_intro"), class_name="muted"),
        error_banner(S.error),
        section("csat_by_agent", S.by_agent, "csat-by-agent"),
        section("csat_by_team", S.by_team, "csat-by-team"),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
