"""The page decorator: registers a page with its title, guard (role) and on_load once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from state.session import SessionState

GUARDS = {
    None: None,
    "agent": SessionState.guard_agent,
    "admin": SessionState.guard_admin,
}


@dataclass
class PageSpec:
    route: str
    title: str
    render: Callable[[], rx.Component]
    on_load: list[Any] = field(default_factory=list)


PAGES: list[PageSpec] = []


def page(route: str, *, title: str, guard: str | None = None, on_load: Any = None) -> Callable:
    """Register a page; the guard runs before the page's own on_load and redirects strangers."""

    def register(render: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        own = on_load if isinstance(on_load, list | tuple) else [on_load]
        handlers = [h for h in (GUARDS[guard], *own) if h is not None]
        PAGES.append(PageSpec(route=route, title=title, render=render, on_load=handlers))
        return render

    return register


def add_pages(app: rx.App) -> None:
    for spec in PAGES:
        app.add_page(spec.render, route=spec.route, title=spec.title, on_load=spec.on_load or None)
