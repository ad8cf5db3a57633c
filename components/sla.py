"""SLA render functions: a ticket's clocks (due time in Dhaka time, remaining or overdue, paused) and
the rows of the SLA policies admin page. Pure: the rows arrive as dicts of strings from the state."""

from __future__ import annotations

import reflex as rx

from components.i18n import t


def _state_line(clock: rx.Var) -> rx.Component:
    state = clock["state"]
    return rx.match(
        state,
        (
            "running",
            rx.cond(
                clock["overdue"] != "",
                rx.el.span(t("sla_overdue"), " ", clock["remaining"], class_name="sla-remaining"),
                rx.el.span(clock["remaining"], " ", t("sla_left"), class_name="sla-remaining"),
            ),
        ),
        ("paused", rx.el.span(t("sla_paused"), " · ", clock["remaining"], " ", t("sla_left"))),
        ("met", rx.cond(clock["breached"] != "", rx.el.span(t("sla_met_late")), rx.el.span(t("sla_met")))),
        rx.el.span(t("sla_stopped")),
    )


def sla_clock(clock: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.match(
                clock["metric"],
                ("first_response", t("sla_metric_first_response")),
                ("next_response", t("sla_metric_next_response")),
                t("sla_metric_resolution"),
            ),
            class_name="sla-metric",
        ),
        rx.cond(
            clock["due"] != "",
            rx.el.div(
                t("sla_due_by"),
                ": ",
                rx.el.time(clock["due"], date_time=clock["due_iso"]),
                class_name="small",
            ),
        ),
        rx.el.div(_state_line(clock), class_name="small"),
        rx.cond(clock["wall_clock"] != "", rx.el.div(t("sla_wall_clock"), class_name="muted small")),
        class_name="sla-clock sla-" + clock["tone"].to(str),
        data_metric=clock["metric"],
    )


def sla_clocks(clocks: rx.Var) -> rx.Component:
    """The ticket page's SLA panel (one line per clock)."""
    return rx.el.section(
        rx.el.h2(t("sla_clocks"), class_name="panel-title"),
        rx.cond(
            clocks.length() > 0,
            rx.el.ul(rx.foreach(clocks, sla_clock), class_name="sla-clocks"),
            rx.el.p(t("sla_no_clocks"), class_name="muted small"),
        ),
        class_name="panel-section",
        id="sla-clocks",
    )
