"""Not found and not allowed pages."""

import reflex as rx

from app import routes
from app.shell import page
from components.i18n import t
from components.layout import page_frame


def message_page(title_key: str, body_key: str) -> rx.Component:
    return page_frame(
        rx.el.h1(t(title_key)),
        rx.el.p(t(body_key)),
        rx.el.a(t("go_home"), href=routes.CUSTOMER_HOME, class_name="button"),
    )


@page(routes.FORBIDDEN, title="অনুমতি নেই · Not allowed")
def forbidden() -> rx.Component:
    return message_page("forbidden_title", "forbidden_body")


def not_found() -> rx.Component:
    return message_page("not_found_title", "not_found_body")
