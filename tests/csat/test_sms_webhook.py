"""The SMS survey end to end through Twilio's wire format: the survey goes to the local Twilio peer,
the customer's signed "৪" webhook is recorded as the score and answered with TwiML, not threaded."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.models import CsatResponse, Customer, Message, Ticket
from backend.services.tickets import change_status
from tests.channels.sms.conftest import fixture_form, post_signed
from tests.peers.twilio.server import TwilioPeer, new_sid
from tests.support.factories import make_agent
from tests.support.jobs import run_queued_jobs

SMS = "/api/webhooks/twilio/sms"


def test_sms_survey_out_through_twilio_and_a_bengali_digit_back(
    api: TestClient, twilio_peer: TwilioPeer
) -> None:
    form = fixture_form("inbound_bengali")
    assert post_signed(api, SMS, form).status_code == 200
    with read_session() as session:
        customer = session.exec(select(Customer).where(Customer.phone == form["From"])).one()
        ticket = session.exec(select(Ticket).where(Ticket.customer_id == customer.id)).one()
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        change_status(tx, ticket_id=ticket.id, status="resolved")
    run_queued_jobs()
    surveys = [m for m in twilio_peer.messages if "১-৫ লিখে উত্তর দিন" in m["body"]]
    assert len(surveys) == 1 and surveys[0]["to"] == form["From"]

    answer = {**form, "MessageSid": new_sid(), "Body": "৪"}
    response = post_signed(api, SMS, answer)
    assert response.status_code == 200 and "<Message>" in response.text and "৪/৫" in response.text
    with read_session() as session:
        assert session.exec(select(CsatResponse.score)).all() == [4]
        threaded = session.exec(select(Message.body).where(Message.ticket_id == ticket.id)).all()
        assert "৪" not in threaded and session.get(Ticket, ticket.id).status == "resolved"  # type: ignore[union-attr]
    replay = post_signed(api, SMS, answer)  # Twilio retrying the same webhook: nothing changes
    assert replay.status_code == 200
    with read_session() as session:
        assert session.exec(select(CsatResponse.score)).all() == [4]
