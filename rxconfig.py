import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from app.pwa.plugin import PwaPlugin

config = rx.Config(
    app_name="app",
    # Only our own stylesheet and plain elements: Radix Themes and Tailwind stay out of the bundle
    # so that the customer pages load fast over 2G/3G.
    plugins=[PwaPlugin()],
    disable_plugins=[SitemapPlugin],
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
