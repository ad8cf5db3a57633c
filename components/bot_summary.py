"""The bot's summary card at the top of a ticket (agent console)."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.bot_summary import BotSummaryState as B


def bot_summary_card() -> rx.Component:
    return rx.el.div(
        rx.cond(
            B.shown,
            rx.el.section(
                rx.el.div(
                    rx.el.strong(t("bot_summary_title")),
                    " · ",
                    rx.match(
                        B.status,
                        ("active", t("bot_summary_active")),
                        ("resolved", t("bot_summary_resolved")),
                        t("bot_summary_handed_off"),
                    ),
                    rx.cond(B.reason != "", rx.el.span(": ", B.reason)),
                ),
                rx.el.div(t("bot_intent"), ": ", B.intent, class_name="small"),
                rx.el.div(t("bot_summary_details"), ": ", B.details, class_name="small"),
                rx.el.div(
                    t("bot_language"),
                    ": ",
                    B.language,
                    " · ",
                    t("bot_summary_sentiment"),
                    ": ",
                    B.sentiment,
                    class_name="small muted",
                ),
                class_name="banner notice bot-summary",
                id="bot-summary",
            ),
        ),
        on_mount=B.load,
    )
