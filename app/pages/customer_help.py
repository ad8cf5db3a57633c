"""The help centre in the customer app: topics and search, and one article (readable offline)."""

import reflex as rx

from app import routes
from app.shell import page
from components.customer_app import customer_app


@page(routes.CUSTOMER_HELP, title="সাহায্য কেন্দ্র · Help centre")
def customer_help() -> rx.Component:
    return customer_app("help")


@page(routes.CUSTOMER_HELP_ARTICLE, title="সাহায্য · Help")
def customer_help_article() -> rx.Component:
    return customer_app("article")
