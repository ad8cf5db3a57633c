"""Compose the HTTP API mounted into Reflex: backend routers (auth, customer, agent, admin, health),
the sync router (push, pull, pokes) and the offline API description."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.routing import Match

from backend.api import admin, agent, agent_push, auth, customer, health, inbox, supervisor, ticket_ops
from backend.api import csat as csat_api  # survey email links (issue 6, automation part)
from backend.api import knowledge as knowledge_api  # help centre (issue 8)
from backend.api.docs import OPENAPI_URL, install_docs
from backend.api.errors import install_error_handlers
from backend.api.limits import BodySizeLimit
from backend.channels.email import webhook as email_webhook
from backend.channels.sms import webhook as twilio_webhooks
from backend.errors import NotFound
from sync import api as sync_api

_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def make_api() -> FastAPI:
    """A new FastAPI app each call (Reflex may build the app twice in one process)."""
    api = FastAPI(
        title="Seba API",
        version="1",
        docs_url=None,
        openapi_url=OPENAPI_URL,
        redoc_url=None,
    )
    install_error_handlers(api)
    for router in (
        health.router,
        auth.router,
        customer.router,
        agent.router,
        agent_push.router,
        inbox.router,
        ticket_ops.router,
        admin.router,
        supervisor.router,
        twilio_webhooks.router,
        sync_api.router,
        email_webhook.router,
        csat_api.router,
        knowledge_api.router,
    ):
        api.include_router(router)
    install_docs(api, extra_schemas=sync_api.openapi_components())

    # Reflex mounts its own backend at "" after these routes: without this last route an unknown
    # /api/... path (or a known one with the wrong method) would fall through to it and get HTML.
    @api.api_route("/api/{path:path}", methods=_ALL_METHODS, include_in_schema=False)
    async def api_route_not_found(request: Request, path: str) -> None:
        for route in api.router.routes:
            if getattr(route, "endpoint", None) is api_route_not_found:
                break
            if route.matches(request.scope)[0] is Match.PARTIAL:
                raise StarletteHTTPException(405)
        raise NotFound("route_not_found")

    api.add_middleware(
        BodySizeLimit,
        overrides={
            "/api/sync/": sync_api.SYNC_BODY_LIMIT,
            email_webhook.INBOUND_PATH_PREFIX: email_webhook.inbound_body_limit(),
        },
    )
    return api
