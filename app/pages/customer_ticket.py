"""One ticket's thread with a reply box, online or offline."""

import reflex as rx

from app import routes
from app.shell import page
from components.customer_app import customer_app


@page(routes.CUSTOMER_TICKET, title="টিকিট · Ticket")
def customer_ticket() -> rx.Component:
    return customer_app("ticket")
