"""Compose the HTTP API mounted into Reflex: backend routers (auth, customer, agent, admin, health)."""

from __future__ import annotations

from fastapi import FastAPI

from backend.api import admin, agent, auth, customer, health
from backend.api.errors import install_error_handlers
from backend.api.limits import BodySizeLimit


def make_api() -> FastAPI:
    """A new FastAPI app each call (Reflex may build the app twice in one process)."""
    api = FastAPI(
        title="Seba API",
        version="1",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    install_error_handlers(api)
    for router in (health.router, auth.router, customer.router, agent.router, admin.router):
        api.include_router(router)
    api.add_middleware(BodySizeLimit)
    return api
