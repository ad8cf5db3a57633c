"""The Reflex app object: pages, head tags, stylesheet and the mounted API."""

import reflex as rx

import app.pages
from app.api import make_api
from app.pages.errors import not_found
from app.shell import add_pages

app = rx.App(
    stylesheets=["/seba.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.el.meta(name="theme-color", content="#0f766e"),
    ],
    api_transformer=[make_api()],
)
add_pages(app)
app.add_page(not_found, route="404", title="পাওয়া যায়নি · Not found")
