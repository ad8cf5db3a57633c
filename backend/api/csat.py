"""The survey email's links: GET /api/csat/<token>?score=N records the score once and answers with
a small bilingual page (thanks, already rated, expired or not valid)."""

from __future__ import annotations

import html

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from backend.csat.surveys import answer_by_link
from backend.csat.tokens import CSAT_PATH, read_token
from backend.db import Actor, transaction
from backend.errors import SebaError
from backend.i18n.formatting import ascii_digits, format_number
from backend.i18n.messages import message
from backend.models.base import utcnow

router = APIRouter(tags=["csat"])


def _page(status: int, code: str, first_locale: str = "bn", **params: object) -> HTMLResponse:
    """Both languages, the customer's first (the page cannot know a stranger's language)."""
    locales = [first_locale, "en" if first_locale == "bn" else "bn"]
    texts = {loc: message(code, loc, **{k: _shown(v, loc) for k, v in params.items()}) for loc in locales}
    paragraphs = "".join(f'<p lang="{loc}">{html.escape(text)}</p>' for loc, text in texts.items())
    title = " · ".join(message("csat_page_title", loc) for loc in locales)
    body = (
        f'<!doctype html><html lang="{locales[0]}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head>"
        '<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">'
        f'<h1 style="font-size:1.3rem">{html.escape(title)}</h1><div id="csat-outcome" data-code="{code}">'
        f"{paragraphs}</div></body></html>"
    )
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _shown(value: object, locale: str) -> object:
    return format_number(value, locale) if isinstance(value, int) else value


def _score(raw: str | None) -> int | None:
    text = ascii_digits((raw or "").strip())
    return int(text) if text.isdigit() and len(text) == 1 else None


def _answer(token: str, raw_score: str | None) -> HTMLResponse:
    try:
        link = read_token(token, now=utcnow())
    except SebaError as exc:
        return _page(exc.status, exc.code)
    score = _score(raw_score)
    if score is None or not 1 <= score <= 5:
        return _page(422, "csat_score_invalid")
    try:
        with transaction(Actor.system()) as tx:
            answer = answer_by_link(tx, ticket_id=link.ticket_id, score=score)
    except SebaError as exc:
        return _page(exc.status, exc.code)
    if answer.outcome == "already":
        return _page(200, "csat_already_submitted", answer.locale)
    return _page(200, "csat_thanks", answer.locale, score=score)


@router.get(CSAT_PATH + "/{token}", response_class=HTMLResponse, include_in_schema=True)
async def csat_link(token: str, score: str | None = Query(default=None, max_length=4)) -> HTMLResponse:
    """Record the score (1-5) a survey email's link carries; the token is HMAC-signed and expires."""
    return await run_in_threadpool(_answer, token, score)
