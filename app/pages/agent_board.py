"""The supervisor's board of agents: presence, load against capacity, teams and skills."""

import reflex as rx

from app import routes
from app.shell import page
from components.console import console_actions
from components.i18n import t
from components.layout import error_banner, page_frame
from state.board import BoardState as S


def presence_label(presence: rx.Var) -> rx.Component:
    return rx.el.span(
        rx.match(
            presence,
            ("online", t("presence_online")),
            ("away", t("presence_away")),
            t("presence_offline"),
        ),
        class_name="presence " + presence.to(str),
    )


def agent_row(agent: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(agent["name"]),
        rx.el.td(
            presence_label(agent["presence"]),
            rx.cond(
                agent["offline_since"] != "", rx.el.div(agent["offline_since"], class_name="muted small")
            ),
        ),
        rx.el.td(
            agent["load"],
            " / ",
            agent["capacity"],
            rx.el.div(
                rx.el.span(style={"width": agent["load_percent"].to(str) + "%"}),
                class_name=rx.cond(agent["full"] == "1", "load-bar full", "load-bar"),
            ),
            rx.cond(agent["over"] == "1", rx.el.div(t("over_capacity"), class_name="small")),
        ),
        rx.el.td(agent["teams"]),
        rx.el.td(agent["languages"]),
        rx.el.td(agent["skills"], class_name="small"),
        data_agent_id=agent["id"],
    )


@page(routes.SUPERVISOR_BOARD, title="এজেন্টদের অবস্থা · Agent board", guard="agent", on_load=S.load)
def agent_board() -> rx.Component:
    return page_frame(
        rx.el.a(t("back_to_inbox"), href=routes.AGENT_INBOX, class_name="back-link"),
        rx.el.h1(t("supervisor_board")),
        rx.el.a(t("csat_title"), href=routes.ADMIN_CSAT, class_name="button", id="csat-link"),
        rx.el.a(t("kb_admin_title"), href=routes.ADMIN_KB, class_name="button", id="kb-admin-link"),
        error_banner(S.error),
        rx.cond(
            S.loaded,
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("name_label")),
                            rx.el.th(t("presence")),
                            rx.el.th(t("load"), " / ", t("capacity")),
                            rx.el.th(t("teams_label")),
                            rx.el.th(t("languages_label")),
                            rx.el.th(t("skills")),
                        )
                    ),
                    rx.el.tbody(rx.foreach(S.agents, agent_row), id="board-rows"),
                    class_name="table",
                ),
                class_name="table-scroll",
            ),
            rx.el.div(class_name="skeleton"),
        ),
        header_actions=console_actions(S),
        home=routes.AGENT_INBOX,
        wide=True,
    )
