"""Customer home: my tickets (offline-capable, rendered from the phone's IndexedDB)."""

import reflex as rx

from app import routes
from app.shell import page
from components.customer_app import customer_app


@page(routes.CUSTOMER_HOME, title="সেবা · Seba")
def customer_home() -> rx.Component:
    return customer_app("home")
