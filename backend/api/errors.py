"""Every error answer has one shape: {"error": {code, message, message_bn, message_en}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.api.deps import request_locale
from backend.errors import SebaError, TooManyRequests, TransientFailure

log = logging.getLogger(__name__)


def error_response(request: Request, error: SebaError, headers: dict[str, str] | None = None) -> JSONResponse:
    locale = request_locale(request)
    principal = getattr(request.state, "principal", None)
    if principal is not None:
        locale = principal.locale
    return JSONResponse({"error": error.to_dict(locale)}, status_code=error.status, headers=headers)


def _describe_validation(errors: list[Any]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'body'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SebaError)
    async def _seba_error(request: Request, exc: SebaError) -> JSONResponse:
        headers = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, TransientFailure):
            headers = {"Retry-After": str(exc.params.get("seconds", 5))}
        return error_response(request, exc, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _describe_validation(list(exc.errors()))
        return error_response(request, SebaError("invalid_request", status=422, detail=detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(request, SebaError("route_not_found", status=404))
        if exc.status_code == 405:
            return error_response(
                request, SebaError("invalid_request", status=405, detail="method not allowed")
            )
        return error_response(
            request, SebaError("invalid_request", status=exc.status_code, detail=str(exc.detail))
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return error_response(request, SebaError("internal_error", status=500))
