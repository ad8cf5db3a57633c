"""Supervisors and admins: the bot's channels, monitoring (containment, hand-offs, accuracy on
corrected messages), messages to label, model versions (retrain, activate, roll back, A/B) and the
evaluation of a version."""

import reflex as rx

from app import routes
from app.shell import page
from components.bot_admin import evaluation, review_row, stat, table, version_row
from components.i18n import t
from components.layout import error_banner, notice_banner, page_frame
from state.admin_bot import AdminBotState as S


def channels() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("bot_channels")),
        rx.el.div(
            rx.foreach(
                S.channels,
                lambda c: rx.el.div(
                    rx.el.strong(c["channel"]),
                    " ",
                    rx.cond(
                        c["on"] != "",
                        rx.fragment(
                            rx.el.span(t("bot_channel_on"), class_name="pill status-open"),
                            rx.el.button(
                                t("bot_turn_off"),
                                on_click=S.toggle_channel(c["channel"], False),
                                class_name="link-button",
                            ),
                        ),
                        rx.fragment(
                            rx.el.span(t("bot_channel_off"), class_name="pill status-closed"),
                            rx.el.button(
                                t("bot_turn_on"),
                                on_click=S.toggle_channel(c["channel"], True),
                                class_name="link-button",
                            ),
                        ),
                    ),
                    class_name="card stat",
                ),
            ),
            class_name="stat-row",
        ),
        id="bot-channels",
    )


def monitoring() -> rx.Component:
    return rx.el.section(
        rx.el.h2(t("bot_monitoring")),
        rx.el.div(
            stat("bot_containment", S.summary["containment"], "bot_containment_help"),
            stat("bot_handoff_rate", S.summary["handoff"]),
            stat("bot_conversations", S.summary["conversations"]),
            stat("bot_active_now", S.summary["active"]),
            class_name="stat-row",
            id="bot-stats",
        ),
        rx.el.h3(t("bot_handoffs_by_reason")),
        table(
            ["bot_reason", "bot_count"],
            S.reasons,
            lambda r: rx.el.tr(rx.el.td(r["reason"]), rx.el.td(r["count"])),
            "bot-reasons",
        ),
        rx.el.h3(t("bot_containment_by_version")),
        table(
            ["bot_version", "bot_share", "bot_conversations", "bot_containment", "bot_handoff_rate"],
            S.by_version,
            lambda v: rx.el.tr(
                rx.el.td(v["label"], rx.cond(v["active"] != "", rx.el.span(" ✓"))),
                rx.el.td(v["share"]),
                rx.el.td(v["conversations"]),
                rx.el.td(v["containment"]),
                rx.el.td(v["handoff"]),
            ),
            "bot-by-version",
        ),
        rx.el.h3(t("bot_accuracy_labelled")),
        rx.el.div(
            rx.el.div(
                rx.el.h4(t("bot_by_day")),
                table(
                    ["bot_period", "bot_labelled", "bot_correct", "bot_accuracy"],
                    S.by_day,
                    _point_row,
                    "bot-accuracy-day",
                ),
            ),
            rx.el.div(
                rx.el.h4(t("bot_by_week")),
                table(
                    ["bot_period", "bot_labelled", "bot_correct", "bot_accuracy"],
                    S.by_week,
                    _point_row,
                    "bot-accuracy-week",
                ),
            ),
            class_name="two-columns",
        ),
        id="bot-monitoring",
    )


def _point_row(p: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(p["period"]), rx.el.td(p["labelled"]), rx.el.td(p["correct"]), rx.el.td(p["accuracy"])
    )


def review() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2(t("bot_review")),
            rx.el.label(
                rx.el.input(type="checkbox", checked=S.show_labelled, on_change=S.toggle_labelled),
                " ",
                t("bot_show_labelled"),
            ),
            class_name="title-row",
        ),
        rx.el.p(t("bot_review_help"), class_name="muted small"),
        rx.cond(
            S.review.length() == 0,
            rx.el.p(t("bot_nothing_to_review"), class_name="empty", id="bot-review-empty"),
            rx.el.div(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("bot_message")),
                            rx.el.th(t("bot_ticket")),
                            rx.el.th(t("bot_understood_as")),
                            rx.el.th(t("bot_language")),
                            rx.el.th(t("bot_intent")),
                            rx.el.th(""),
                        )
                    ),
                    rx.el.tbody(
                        rx.foreach(
                            S.review, lambda item: review_row(item, S.intent_choices, S.label, S.dismiss)
                        )
                    ),
                    class_name="table",
                    id="bot-review",
                ),
                class_name="table-scroll",
            ),
        ),
    )


def versions() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2(t("bot_versions")),
            rx.el.button(
                t("bot_retrain"),
                on_click=S.retrain,
                class_name="button primary",
                disabled=S.training,
                id="bot-retrain",
            ),
            rx.el.button(t("bot_rollback"), on_click=S.rollback, class_name="button", id="bot-rollback"),
            rx.el.button(t("bot_ab_stop"), on_click=S.stop_ab, class_name="button", id="bot-ab-stop"),
            class_name="title-row",
        ),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(t(k))
                            for k in (
                                "bot_version",
                                "bot_status",
                                "bot_progress",
                                "bot_accuracy",
                                "bot_share",
                                "bot_created",
                            )
                        ],
                        rx.el.th(""),
                    )
                ),
                rx.el.tbody(rx.foreach(S.versions, lambda v: version_row(v, S))),
                class_name="table",
                id="bot-versions",
            ),
            class_name="table-scroll",
        ),
    )


@page(routes.ADMIN_BOT, title="বট · Bot", guard="agent", on_load=S.load)
def admin_bot() -> rx.Component:
    return page_frame(
        rx.el.div(
            rx.el.h1(t("bot_admin_title")),
            rx.el.a(t("inbox"), href=routes.AGENT_INBOX, class_name="button"),
            class_name="title-row",
        ),
        rx.el.p(t("bot_admin_intro"), class_name="muted"),
        error_banner(S.error),
        rx.cond(
            S.notice != "",
            notice_banner(rx.cond(S.notice == "bot_retrain_queued", t("bot_retrain_queued"), t("bot_saved"))),
        ),
        channels(),
        monitoring(),
        review(),
        versions(),
        evaluation(S),
        header_actions=(rx.el.button(t("sign_out"), on_click=S.sign_out, class_name="link-button"),),
        home=routes.AGENT_INBOX,
        wide=True,
    )
