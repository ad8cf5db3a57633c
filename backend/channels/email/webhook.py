"""SendGrid's webhooks over HTTP: Inbound Parse (POST /api/webhooks/sendgrid/inbound/<secret>) and
the Event Webhook (POST /api/webhooks/sendgrid/events).

Inbound Parse signs nothing, so the URL configured in SendGrid carries SENDGRID_INBOUND_SECRET; any
other path (or no secret configured) is 403 before the form is read. Answers: 200 with the outcome
(created, threaded, duplicate, ignored) so that SendGrid never retries a handled email; 400 with a
bilingual error for a malformed form (SendGrid retries for three days, and an operator sees it)."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backend.channels.email.events import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    apply_events,
    parse_events,
    verify_signature,
)
from backend.channels.email.inbound import (
    MAX_ATTACHMENTS,
    EmailFormInvalid,
    InboundEmail,
    parse_parsed_form,
    parse_raw_form,
)
from backend.channels.email.receive import receive_inbound_email
from backend.config import get_settings
from backend.errors import Forbidden

router = APIRouter(prefix="/api/webhooks/sendgrid", tags=["webhooks"])
# Inbound emails are bigger than any other form: the BodySizeLimit override in app/api.py.
INBOUND_PATH_PREFIX = "/api/webhooks/sendgrid/inbound"
_READ_CHUNK = 256 * 1024
_MAX_FIELD_BYTES = 10 * 1024 * 1024


def inbound_body_limit() -> int:
    return get_settings().sendgrid_inbound_max_bytes


async def _read_upload(upload: UploadFile, limit: int) -> tuple[int, bytes | None]:
    """The file's size, and its bytes when within `limit` (an oversized one is read through, not kept)."""
    size = 0
    chunks: list[bytes] = []
    while chunk := await upload.read(_READ_CHUNK):
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        else:
            chunks.clear()
    return size, (b"".join(chunks) if size <= limit else None)


async def _read_form(request: Request) -> InboundEmail:
    settings = get_settings()
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise EmailFormInvalid("expected multipart/form-data")
    try:
        form = await request.form(
            max_files=MAX_ATTACHMENTS + 1, max_fields=100, max_part_size=_MAX_FIELD_BYTES
        )
    except Exception as exc:  # starlette raises its own MultiPartException / HTTPException
        raise EmailFormInvalid(f"unreadable multipart body ({exc})") from None
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, str, int, bytes | None]] = {}
    try:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                size, data = await _read_upload(value, settings.email_attachment_max_bytes)
                files[key] = (value.filename or key, value.content_type or "", size, data)
            else:
                fields[key] = value
    finally:
        await form.close()
    if "email" in fields and "headers" not in fields:
        try:
            return parse_raw_form(fields, settings.email_attachment_max_bytes)
        except EmailFormInvalid:
            raise
        except Exception as exc:
            raise EmailFormInvalid(f"the raw email could not be parsed ({exc})") from None
    return parse_parsed_form(fields, files)


@router.post("/inbound/{secret}")
async def inbound_parse(secret: str, request: Request) -> dict[str, Any]:
    expected = get_settings().sendgrid_inbound_secret
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Forbidden("webhook_forbidden")
    email = await _read_form(request)
    outcome = await run_in_threadpool(receive_inbound_email, email, get_settings())
    return {
        "status": outcome.status,
        "reason": outcome.reason,
        "ticket_id": str(outcome.ticket_id) if outcome.ticket_id else None,
        "message_id": str(outcome.message_id) if outcome.message_id else None,
    }


@router.post("/inbound")
async def inbound_parse_without_secret() -> None:
    raise Forbidden("webhook_forbidden")


@router.post("/events")
async def event_webhook(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not verify_signature(
        get_settings(), body, request.headers.get(SIGNATURE_HEADER), request.headers.get(TIMESTAMP_HEADER)
    ):
        raise Forbidden("webhook_forbidden")
    events = parse_events(body)
    outcome = await run_in_threadpool(apply_events, events)
    return {"applied": outcome.applied, "duplicates": outcome.duplicates, "unmatched": outcome.unmatched}
