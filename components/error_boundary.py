"""The app-wide error boundary (assets/pwa/error-boundary.js) as a Reflex component."""

from __future__ import annotations

import reflex as rx


class SebaErrorBoundary(rx.Component):
    """Shows a bilingual "something went wrong, reload" page when rendering fails."""

    library = "$/public/pwa/error-boundary.js"
    tag = "SebaErrorBoundary"
