"""Satisfaction surveys: sent once after resolution through the ticket's channel; answered by an SMS
of 1-5 (Bengali digits too), by the signed email link, or in the app; one answer per ticket; the
figures per agent and per team."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from app.api import make_api
from backend.channels.sms.inbound import InboundSms
from backend.csat.tokens import make_token, score_urls
from backend.db import Actor, read_session, transaction
from backend.models import CsatResponse, CsatSurvey, Customer, Message, Notification, Ticket
from backend.models.base import utcnow
from backend.queries.csat import csat_by_agent, csat_by_team
from backend.services.feedback import submit_csat
from backend.services.sms_inbound import receive_sms
from backend.services.tickets import change_status
from backend.services.tickets import open_ticket as open_ticket_service
from tests.support.factories import make_agent, make_customer, make_team, open_ticket
from tests.support.jobs import run_queued_jobs

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


def _resolve(ticket_id: uuid.UUID, agent_id: uuid.UUID | None = None) -> None:
    agent_id = agent_id or make_agent().id
    with transaction(Actor.agent(agent_id)) as tx:
        change_status(tx, ticket_id=ticket_id, status="resolved")
    run_queued_jobs()


def _survey(ticket_id: uuid.UUID) -> CsatSurvey:
    with read_session() as session:
        return session.exec(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket_id)).one()


def _answers() -> list[tuple[uuid.UUID, int]]:
    with read_session() as session:
        return [(r.ticket_id, r.score) for r in session.exec(select(CsatResponse)).all()]


def _sms_ticket(script: str = "bengali") -> tuple[Customer, Ticket]:
    customer = make_customer()
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Customer, customer.id)
        assert row is not None
        row.sms_script = script
        opened = open_ticket_service(tx, customer_id=customer.id, subject="SMS", body="hi", channel="sms")
    return customer, opened.ticket


def _text(customer: Customer, body: str):  # type: ignore[no-untyped-def]
    sms = InboundSms(
        sid=f"SM{uuid.uuid4().hex}",
        account_sid="AC1",
        from_number=customer.phone or "",
        to_number="+1",
        body=body,
    )
    with transaction(Actor.system()) as tx:
        return receive_sms(tx, sms, payload={"Body": body})


def test_sms_survey_once_in_the_customers_script_then_answered_by_a_bengali_digit() -> None:
    customer, t = _sms_ticket("bengali")
    _resolve(t.id)
    with transaction(Actor.system()) as tx:  # resolving again (closing) sends nothing more
        change_status(tx, ticket_id=t.id, status="closed")
    run_queued_jobs()
    survey = _survey(t.id)
    assert (survey.channel, survey.status) == ("sms", "sent")
    with read_session() as session:
        sent = session.exec(select(Notification).where(Notification.purpose == "survey")).all()
    assert len(sent) == 1 and sent[0].channel == "sms" and "১-৫ লিখে উত্তর দিন" in sent[0].body
    outcome = _text(customer, " ৫ ")
    assert outcome.outcome == "csat" and "৫/৫" in (outcome.reply or "")
    assert _answers() == [(t.id, 5)] and _survey(t.id).status == "answered"
    again = _text(customer, "2")  # a second answer is refused politely, nothing changes
    assert again.outcome == "csat" and "agei" not in (again.reply or "") and "আগেই" in (again.reply or "")
    assert _answers() == [(t.id, 5)]


def test_banglish_survey_ascii_digit_and_out_of_range_is_a_normal_message() -> None:
    customer, t = _sms_ticket("banglish")
    _resolve(t.id)
    seven = _text(customer, "7")
    assert seven.outcome == "message_added" and _answers() == []  # threaded (and reopens, as before)
    customer2, t2 = _sms_ticket("banglish")
    _resolve(t2.id)
    answer = _text(customer2, "4")
    assert (
        answer.outcome == "csat"
        and answer.reply == f"Seba: Dhonnobad! Ticket #{t2.number} e apnar rating 4/5 peyechhi."
    )
    assert _answers() == [(t2.id, 4)]


def test_a_digit_outside_the_survey_window_or_without_a_survey_is_a_normal_message() -> None:
    customer, t = _sms_ticket()
    no_survey = _text(customer, "5")  # open ticket, no survey: an ordinary message
    assert no_survey.outcome == "message_added"
    _resolve(t.id)
    with transaction(Actor.system()) as tx:
        survey = tx.session.exec(select(CsatSurvey).where(CsatSurvey.ticket_id == t.id)).one()
        survey.sent_at = utcnow() - timedelta(days=10)
        survey.expires_at = utcnow() - timedelta(days=7)
    late = _text(customer, "5")
    assert late.outcome == "message_added" and _answers() == []


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(make_api()) as test_client:
        yield test_client


def _email_ticket() -> Ticket:
    customer = make_customer(locale="en")
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Customer, customer.id)
        row.email = f"{uuid.uuid4().hex[:8]}@example.com"  # type: ignore[union-attr]
        opened = open_ticket_service(
            tx, customer_id=customer.id, subject="Mail", body="hello", channel="email"
        )
    return opened.ticket


def test_email_survey_link_valid_repeated_forged_and_expired(client: TestClient) -> None:
    t = _email_ticket()
    _resolve(t.id)
    survey = _survey(t.id)
    assert survey.channel == "email"
    with read_session() as session:
        assert session.exec(select(Notification.channel).where(Notification.purpose == "survey")).all() == [
            "email"
        ]
    urls = score_urls(make_token(t.id, survey.expires_at))
    path = urls[3].split("localhost:3000", 1)[-1]
    first = client.get(path)
    assert first.status_code == 200 and "Thank you! We have your rating (4/5)." in first.text
    assert "ধন্যবাদ" in first.text and _answers() == [(t.id, 4)]
    repeated = client.get(urls[0].split("localhost:3000", 1)[-1])
    assert repeated.status_code == 200 and 'data-code="csat_already_submitted"' in repeated.text
    assert _answers() == [(t.id, 4)]
    token = path.split("/")[3].split("?")[0]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/api/csat/{forged}?score=5").status_code == 403
    other = _email_ticket()
    _resolve(other.id)
    expired = make_token(other.id, utcnow() - timedelta(seconds=1))
    response = client.get(f"/api/csat/{expired}?score=5")
    assert response.status_code == 410 and 'data-code="csat_link_expired"' in response.text
    assert (
        client.get(f"/api/csat/{make_token(other.id, utcnow() + timedelta(days=1))}?score=9").status_code
        == 422
    )
    assert _answers() == [(t.id, 4)]


def test_in_app_survey_message_for_web_tickets_answered_through_the_app_mutation() -> None:
    customer = make_customer(locale="bn")
    opened = open_ticket(customer)
    _resolve(opened.ticket.id)
    survey = _survey(opened.ticket.id)
    assert survey.channel == "in_app" and survey.message_id is not None
    with read_session() as session:
        prompt = session.get(Message, survey.message_id)
    assert prompt is not None and prompt.direction == "outbound" and prompt.author_type == "system"
    assert prompt.attachments == [{"kind": "csat_survey"}] and "১ থেকে ৫" in prompt.body
    with transaction(Actor.customer(customer.id)) as tx:
        submit_csat(tx, customer_id=customer.id, ticket_id=opened.ticket.id, score=3)
    assert _survey(opened.ticket.id).status == "answered" and _answers() == [(opened.ticket.id, 3)]


def test_reports_per_agent_and_team() -> None:
    care = make_team(slug="care", name="Customer care")
    rina = make_agent(name="Rina", team_ids=[care.id])
    karim = make_agent(name="Karim", team_ids=[care.id])
    scores = {rina.id: [5, 4, 2], karim.id: [3]}
    for agent_id, values in scores.items():
        for score in values:
            customer = make_customer()
            opened = open_ticket(customer)
            with transaction(Actor.system()) as tx:
                row = tx.session.get(Ticket, opened.ticket.id)
                row.assignee_id, row.team_id = agent_id, care.id  # type: ignore[union-attr]
            _resolve(opened.ticket.id, agent_id)
            with transaction(Actor.customer(customer.id)) as tx:
                submit_csat(tx, customer_id=customer.id, ticket_id=opened.ticket.id, score=score)
    with read_session() as session:
        agents = {f.name: (f.answers, f.average, f.satisfied_pct) for f in csat_by_agent(session)}
        teams = [(f.name, f.answers, f.average, f.satisfied_pct) for f in csat_by_team(session)]
    assert agents == {"Rina": (3, 3.67, 66.7), "Karim": (1, 3.0, 0.0)}
    assert teams == [("Customer care", 4, 3.5, 50.0)]
