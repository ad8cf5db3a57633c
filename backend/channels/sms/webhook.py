"""Twilio's webhooks: inbound SMS/MMS (POST /api/webhooks/twilio/sms, answered with TwiML) and
message status callbacks (POST /api/webhooks/twilio/status).

The X-Twilio-Signature header is checked before anything else, with TWILIO_AUTH_TOKEN, against
the URL Twilio called: PUBLIC_BASE_URL + path + query (behind a proxy the URL the app sees is
not the one Twilio signed; without PUBLIC_BASE_URL the request's own URL is used, which is right
only when nothing rewrites it). A missing or wrong signature, or a form for another account, is
a 403 and nothing is stored."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from backend.channels.sms.inbound import parse_inbound, parse_status
from backend.config import Settings, get_settings
from backend.db import Actor, transaction
from backend.errors import Forbidden
from backend.services import sms_inbound

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/webhooks/twilio", tags=["webhooks"])
TWIML = "text/xml"


def signed_url(request: Request, settings: Settings) -> str:
    """The URL Twilio signed: the configured public URL + this request's path and query."""
    query = request.url.query
    if settings.public_base_url:
        base = settings.public_base_url.rstrip("/") + request.url.path
    else:
        base = str(request.url.replace(query=""))
    return f"{base}?{query}" if query else base


async def verified_form(request: Request) -> dict[str, str]:
    """The form Twilio posted, after its signature and account are checked (403 otherwise)."""
    from twilio.request_validator import RequestValidator

    settings = get_settings()
    signature = request.headers.get("X-Twilio-Signature", "")
    token = settings.twilio_auth_token
    if not signature or not token:
        raise Forbidden("webhook_forbidden")
    form = await request.form()
    params = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    if not RequestValidator(token).validate(signed_url(request, settings), params, signature):
        log.warning("twilio webhook with a bad signature", extra={"path": request.url.path})
        raise Forbidden("webhook_forbidden")
    if params.get("AccountSid") != settings.twilio_account_sid:
        raise Forbidden("webhook_forbidden")
    return params


def twiml(reply: str | None) -> Response:
    from twilio.twiml.messaging_response import MessagingResponse

    response = MessagingResponse()
    if reply:
        response.message(reply)
    return Response(content=str(response), media_type=TWIML)


@router.post("/sms", response_class=Response, responses={200: {"content": {TWIML: {}}}})
async def inbound_sms(request: Request) -> Response:
    """An SMS or MMS to our number: a ticket, a message in the open ticket, or a keyword answer."""
    form = await verified_form(request)
    sms = parse_inbound(form)

    def write() -> str | None:
        # Twilio does not retry a failed inbound webhook, so a lost race (two first texts from one
        # new number both creating the customer) is retried here once; the retry finds it.
        for attempt in (1, 2):
            try:
                with transaction(Actor.system()) as tx:
                    outcome = sms_inbound.receive_sms(tx, sms, payload=form)
                return outcome.reply
            except IntegrityError:
                if attempt == 2:
                    raise
        return None

    return twiml(await run_in_threadpool(write))


@router.post("/status", status_code=204, response_class=Response)
async def status_callback(request: Request) -> Response:
    """Twilio's message status callback: the notification's / message's delivery status moves on."""
    form = await verified_form(request)
    callback = parse_status(form)

    def write() -> str:
        with transaction(Actor.system()) as tx:
            return sms_inbound.apply_status_callback(tx, callback, payload=form)

    await run_in_threadpool(write)
    return Response(status_code=204)
