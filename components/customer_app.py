"""The offline customer app (assets/pwa/customer-app.js) as a Reflex component."""

from __future__ import annotations

import reflex as rx


class CustomerApp(rx.Component):
    """Renders one view of the customer app from the phone's own IndexedDB."""

    library = "$/public/pwa/customer-app.js"
    tag = "CustomerApp"
    view: rx.Var[str]


def customer_app(view: str) -> rx.Component:
    return CustomerApp.create(view=view)
