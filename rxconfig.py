import reflex as rx

config = rx.Config(
    app_name="app",
    # Only our own stylesheet and plain elements: Radix Themes and Tailwind stay out of the bundle
    # so that the customer pages load fast over 2G/3G.
    plugins=[],
    disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"],
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
