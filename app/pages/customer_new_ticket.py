"""Open a new ticket, online or offline (queued in the outbox)."""

import reflex as rx

from app import routes
from app.shell import page
from components.customer_app import customer_app


@page(routes.CUSTOMER_NEW_TICKET, title="নতুন টিকিট · New ticket")
def customer_new_ticket() -> rx.Component:
    return customer_app("new")
