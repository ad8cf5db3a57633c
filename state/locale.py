"""The interface language (Bengali or English), remembered in a cookie the API also reads."""

from __future__ import annotations

import reflex as rx

ONE_YEAR = 365 * 24 * 3600


class LocaleState(rx.State):
    locale: str = rx.Cookie("bn", name="seba_locale", max_age=ONE_YEAR, same_site="lax")

    @rx.event
    def set_locale(self, locale: str) -> None:
        self.locale = "en" if locale == "en" else "bn"

    @rx.event
    def toggle_locale(self) -> None:
        self.locale = "en" if self.locale == "bn" else "bn"
