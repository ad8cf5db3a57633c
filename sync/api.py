"""The sync HTTP router: POST /api/sync/push, GET /api/sync/pull, GET /api/sync/events (pokes),
GET /api/sync/push-key (the web push applicationServerKey)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from backend.api import deps
from backend.auth.principal import Principal, require_customer
from backend.auth.sessions import resolve_session
from backend.config import get_settings
from backend.errors import Conflict, SebaError
from sync import schemas
from sync.batch import DEVICE_ID_MAX, InvalidBatch, check_device_id, parse_batch
from sync.poke_stream import poke_events, subscribe
from sync.pull import DEFAULT_LIMIT, MAX_LIMIT, pull
from sync.push import push
from sync.typing_signal import customer_typing

router = APIRouter(prefix="/api/sync", tags=["sync"])

SYNC_BODY_LIMIT = 1024 * 1024  # 500 mutations of ~2 KiB each
# The whole batch in one transaction, a SAVEPOINT per mutation (see sync/README.md for the figures).
ONE_TRANSACTION_PER_BATCH = True

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "invalid_batch: the batch cannot be read; nothing was applied"},
    401: {"description": "auth_required"},
    403: {"description": "device_not_yours: the device is registered to another customer"},
    413: {"description": "payload_too_large: the body is over 1 MiB"},
    503: {"description": "service_unavailable: retry after the Retry-After header"},
}


@router.post(
    "/push",
    response_model=schemas.PushResponse,
    responses={**_ERRORS, 409: {"model": schemas.SeqGapResponse, "description": "seq_gap"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
        }
    },
)
async def push_endpoint(request: Request, principal: Principal = Depends(deps.customer)) -> Any:
    """Apply the device's outbox mutations in seq order, each exactly once."""
    batch = parse_batch(await request.body())
    outcome = await run_in_threadpool(push, principal.id, batch, one_transaction=ONE_TRANSACTION_PER_BATCH)
    if outcome.gap is not None:
        seq, expected = outcome.gap
        error = Conflict("seq_gap", seq=seq, expected_seq=expected)
        return JSONResponse(
            {
                "error": error.to_dict(principal.locale),
                "last_seq": outcome.last_seq,
                "expected_seq": expected,
                "rejections": outcome.rejections,
            },
            status_code=409,
        )
    return {"last_seq": outcome.last_seq, "rejections": outcome.rejections}


def _int_param(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SebaError("invalid_cursor", status=400, detail=f"{name} must be an integer") from None


@router.get("/pull", response_model=schemas.PullResponse, responses=_ERRORS)
async def pull_endpoint(
    cursor: str | None = Query(
        default=None, max_length=20, description="last server_seq applied; 0 at first"
    ),
    device_id: str = Query(max_length=DEVICE_ID_MAX),
    limit: str | None = Query(default=None, max_length=6, description=f"1 to {MAX_LIMIT}"),
    principal: Principal = Depends(deps.customer),
) -> Any:
    """The customer's changes after `cursor`, in server_seq order; a snapshot when the cursor is
    unknown (`reset: true`). The cursor also acknowledges delivery of the replies it covers."""
    position = _int_param("cursor", cursor, 0)
    page_size = _int_param("limit", limit, DEFAULT_LIMIT)
    if not 1 <= page_size <= MAX_LIMIT:
        raise SebaError("invalid_cursor", status=400, detail=f"limit must be 1 to {MAX_LIMIT}")
    try:
        check_device_id(device_id)
    except InvalidBatch:
        raise SebaError("invalid_request", status=400, detail="device_id is not valid") from None
    page = await run_in_threadpool(pull, principal.id, device_id, position, page_size)
    return page.as_dict()


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "`event: poke` lines"}},
)
async def events_endpoint(
    request: Request, token: str | None = Query(default=None, max_length=200)
) -> StreamingResponse:
    """Server-sent events: `event: poke` (data: a counter) whenever the customer should pull; a
    comment heartbeat every 20 s. Authenticated by the `seba_session` cookie or `?token=`."""
    principal = require_customer(
        await run_in_threadpool(resolve_session, token or deps.bearer_token(request))
    )
    request.state.principal = principal
    client, pubsub = await subscribe(principal.id)
    return StreamingResponse(
        poke_events(request, client, pubsub),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


class TypingSignal(BaseModel):
    ticket_id: uuid.UUID


@router.post("/typing", status_code=202, responses={404: {"description": "ticket_not_found"}})
async def typing_endpoint(
    body: TypingSignal, principal: Principal = Depends(deps.customer)
) -> dict[str, bool]:
    """The customer is typing in a ticket: agents viewing it see "typing…" (not stored, not synced)."""
    sent = await run_in_threadpool(customer_typing, principal.id, body.ticket_id)
    return {"sent": sent}


class PushKey(BaseModel):
    enabled: bool
    public_key: str | None


@router.get("/push-key", response_model=PushKey)
async def push_key_endpoint() -> PushKey:
    """The VAPID public key, the browser's `applicationServerKey` for pushManager.subscribe();
    `enabled: false` (and no key) while web push is not configured: the app offers no bell then.
    Public on purpose: the key identifies this server to push services and is no secret."""
    settings = get_settings()
    if not settings.webpush_configured:
        return PushKey(enabled=False, public_key=None)
    return PushKey(enabled=True, public_key=settings.vapid_public_key)


def openapi_components() -> dict[str, Any]:
    """Schemas referenced by hand above (the push body is read raw for precise 400s)."""
    schema = schemas.PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.pop("$defs", {})
    components["PushRequest"] = schema
    return components
