"""The page frame: header with the language switch, content column, error and notice banners."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.locale import LocaleState


def language_switch() -> rx.Component:
    return rx.el.button(
        t("switch_language"),
        on_click=LocaleState.toggle_locale,
        class_name="link-button",
        type="button",
        id="language-switch",
    )


def header(*right: rx.Component, home: str = "/") -> rx.Component:
    return rx.el.header(
        rx.el.a(rx.el.span(t("app_name"), class_name="brand"), href=home, class_name="brand-link"),
        rx.el.nav(*right, language_switch(), class_name="header-actions"),
        class_name="app-header",
    )


def page_frame(
    *children: rx.Component, header_actions: tuple = (), home: str = "/", wide: bool = False
) -> rx.Component:
    return rx.el.div(
        header(*header_actions, home=home),
        rx.el.main(*children, class_name="content wide" if wide else "content"),
        class_name="app",
        lang=LocaleState.locale,
    )


def connection_indicator() -> rx.Component:
    """Shown while the console's live connection is down (it reconnects by itself)."""
    from reflex_components_core.core.banner import has_too_many_connection_errors

    # Customer pages have their own offline line (the customer app works offline); this pill is
    # for the agent console and admin pages, which need the live connection.
    on_console = rx.Var(
        "(typeof window !== 'undefined' && /^\\/(agent|admin)(\\/|$)/.test(window.location.pathname))"
    ).to(bool)
    return rx.cond(
        has_too_many_connection_errors & on_console,
        rx.el.div(t("reconnecting"), class_name="connection-lost", role="status", id="connection-lost"),
    )


def error_banner(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.el.p(message, class_name="banner error", role="alert", id="error"),
    )


def notice_banner(message: rx.Var) -> rx.Component:
    return rx.cond(message != "", rx.el.p(message, class_name="banner notice", role="status"))
