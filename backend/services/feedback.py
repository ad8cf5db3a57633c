"""Writes about customer feedback: one satisfaction (CSAT) score per resolved or closed ticket."""

from __future__ import annotations

import uuid

from sqlmodel import select

from backend.db import Tx
from backend.errors import ValidationFailed
from backend.models import CsatResponse, CsatSurvey
from backend.models.base import utcnow
from backend.services.activity import add_activity
from backend.services.tickets import customer_ticket_for_update
from backend.ticket_status import DONE
from backend.validation import clean_text

COMMENT_MAX = 1000


def submit_csat(
    tx: Tx, *, customer_id: uuid.UUID, ticket_id: uuid.UUID, score: int, comment: str | None = None
) -> CsatResponse:
    """Store the customer's score (1-5) once; a second answer for the same ticket is refused."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed("invalid_args", detail=f"score must be an integer from 1 to 5, got {score!r}")
    text = clean_text(comment)
    if len(text) > COMMENT_MAX:
        raise ValidationFailed("invalid_args", detail=f"comment is longer than {COMMENT_MAX} characters")
    ticket = customer_ticket_for_update(tx, customer_id=customer_id, ticket_id=ticket_id)
    if ticket.status not in DONE:
        raise ValidationFailed("csat_not_allowed", ticket_status=str(ticket.status))
    if tx.session.exec(select(CsatResponse.id).where(CsatResponse.ticket_id == ticket.id)).first():
        raise ValidationFailed("csat_already_submitted")
    response = CsatResponse(ticket_id=ticket.id, customer_id=customer_id, score=score, comment=text)
    tx.session.add(response)
    tx.session.flush()
    tx.audit("csat.submitted", "ticket", ticket.id, score=score)
    # The survey sent after resolution (backend/csat/), if any, is answered now, whichever way.
    survey = tx.session.exec(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket.id)).first()
    if survey is not None:
        survey.status, survey.answered_at = "answered", utcnow()
        tx.session.add(survey)
    add_activity(tx, ticket, "activity_survey_answered", score=score)
    return response
