"""Customer sign-in with a one-time code (needs the network; the rest of the app does not)."""

import reflex as rx

from app import routes
from app.shell import page
from components.customer_app import customer_app


@page(routes.CUSTOMER_LOGIN, title="সাইন ইন · Sign in")
def customer_login() -> rx.Component:
    return customer_app("login")
