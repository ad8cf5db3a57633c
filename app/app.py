"""The Reflex app object: pages, head tags, stylesheet and the mounted API."""

import reflex as rx

import app.pages  # registers every page
from app.api import make_api
from app.pages.errors import not_found
from app.pwa.headers import cache_headers
from app.shell import add_pages
from components.layout import connection_indicator

app = rx.App(
    stylesheets=["/seba.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.el.meta(name="theme-color", content="#0f766e"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="icon", href="/icons/icon-192.png", type="image/png"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon-180.png"),
        rx.el.script(src="/pwa/register.js", defer=True),
    ],
    api_transformer=[make_api(), cache_headers],
    toaster=None,
)
# Reflex's "cannot connect" toast alarms customers on 2G; a calm pill replaces it (the customer
# app shows its own offline line), and without the toast the toast library stays out of the bundle.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_indicator() if stateful else None
add_pages(app)
app.add_page(not_found, route="404", title="পাওয়া যায়নি · Not found")
