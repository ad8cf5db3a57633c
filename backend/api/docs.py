"""The API's description for people: Swagger UI at /api/docs, served from local files (offline)."""

from __future__ import annotations

from typing import Any

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

DOCS_URL = "/api/docs"
STATIC_URL = "/api/docs/static"
OPENAPI_URL = "/api/openapi.json"
# swagger-ui-bundle ships Swagger UI 4, which renders OpenAPI 3.0 documents (not 3.1).
OPENAPI_VERSION = "3.0.3"


def install_docs(api: FastAPI, extra_schemas: dict[str, Any] | None = None) -> None:
    """Serve /api/docs and its assets from the swagger-ui-bundle package: no CDN, works offline."""
    api.mount(STATIC_URL, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-ui")

    @api.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL,
            title=f"{api.title} - API",
            swagger_js_url=f"{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{STATIC_URL}/favicon-32x32.png",
        )

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = get_openapi(
                title=api.title,
                version=api.version,
                openapi_version=OPENAPI_VERSION,
                routes=api.routes,
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(extra_schemas or {})
            api.openapi_schema = schema
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
