"""The Reflex app object: pages, head tags, stylesheet and the mounted API."""

import reflex as rx

import app.pages  # registers every page
from app.api import make_api
from app.pages.errors import not_found
from app.pwa.headers import cache_headers
from app.shell import add_pages
from backend.config import get_settings
from backend.logging_setup import configure_logging
from components.error_boundary import SebaErrorBoundary
from components.layout import connection_indicator

configure_logging(get_settings().log_level)


def structured_logs_in_web_workers() -> None:
    """Each web worker process sets up its logging after importing the app: redo ours then."""
    configure_logging(get_settings().log_level, force=True)


# The customer app keeps its data in IndexedDB and talks to /api/sync: Reflex's state websocket
# (a connection, a hydrate payload, reconnect attempts on every 2G hiccup) buys it nothing. Reflex
# skips the websocket while the `backend-enabled=false` cookie is set, so it is set before any
# module runs on customer pages and cleared on the console's pages, which need the socket. Console
# pages also load the console's script (shortcuts, drafts) and styles, which customers never download.
CUSTOMER_PAGES_STAY_OFF_THE_WEBSOCKET = """(function(){
var c=/^\\/(agent|admin|forbidden)(\\/|$)/.test(location.pathname);
function set(){document.cookie='backend-enabled='+(c?'true':'false')+';path=/;SameSite=Lax';}
set();if(c){addEventListener('focus',set);addEventListener('visibilitychange',set);
var k=document.createElement('script');k.src='/console/console.js';k.defer=true;document.head.appendChild(k);
var l=document.createElement('link');l.rel='stylesheet';l.href='/console/console.css';
document.head.appendChild(l);}
})();"""

app = rx.App(
    stylesheets=["/seba.css"],
    head_components=[
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1"),
        rx.el.meta(name="theme-color", content="#0f766e"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="icon", href="/icons/icon-192.png", type="image/png"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon-180.png"),
        rx.el.script(src="/pwa/register.js", defer=True),
        rx.el.script(CUSTOMER_PAGES_STAY_OFF_THE_WEBSOCKET),
    ],
    api_transformer=[make_api(), cache_headers],
    toaster=None,
)
# Reflex's "cannot connect" toast alarms customers on 2G; a calm pill replaces it (the customer
# app shows its own offline line), and without the toast the toast library stays out of the bundle.
app.app_wraps[(5, "Overlay")] = lambda stateful: connection_indicator() if stateful else None
app.app_wraps[(55, "ErrorBoundary")] = lambda stateful: SebaErrorBoundary.create()
add_pages(app)
app.register_lifespan_task(structured_logs_in_web_workers)
app.add_page(not_found, route="404", title="পাওয়া যায়নি · Not found")
