"""The customer chooses how our SMS are written, Bengali script or Banglish: by SMS keyword
(BANGLA/বাংলা, BANGLISH) through Twilio's webhook (signed by the local Twilio peer's rules) or from
the app through the sync protocol; later SMS follow the choice and still fit one segment."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.channels.sms.segments import count_segments
from backend.channels.sms.templates import reply_alert
from backend.db import read_session
from backend.models import AuditEvent, Customer
from tests.channels.sms.conftest import fixture_form, post_signed
from tests.peers.twilio.server import new_sid
from tests.support.sync_client import new_sync_customer

SMS = "/api/webhooks/twilio/sms"


def _twiml(text: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{text}</Message></Response>'


def _script(phone: str) -> str:
    with read_session() as session:
        return session.exec(select(Customer.sms_script).where(Customer.phone == phone)).one()


@pytest.mark.parametrize(
    ("body", "script", "answer"),
    [
        (
            "BANGLISH",
            "banglish",
            "Seba: Ekhon theke SMS Banglish e paben. Bangla okkhore pete BANGLA likhun.",
        ),
        ("বাংলা।", "bengali", "সেবা: এখন থেকে SMS বাংলায় পাবেন। ইংরেজি অক্ষরে পেতে BANGLISH লিখুন।"),
        (" bangla ", "bengali", "সেবা: এখন থেকে SMS বাংলায় পাবেন। ইংরেজি অক্ষরে পেতে BANGLISH লিখুন।"),
    ],
)
def test_a_keyword_sets_the_script_and_answers_in_it(
    api: TestClient, body: str, script: str, answer: str
) -> None:
    first = fixture_form("inbound_banglish" if script == "bengali" else "inbound_bengali")
    post_signed(api, SMS, first)  # the customer exists, with the script of their first text
    response = post_signed(api, SMS, {**first, "MessageSid": new_sid(), "Body": body})
    assert response.text == _twiml(answer)
    assert count_segments(answer).segments == 1
    assert _script(first["From"]) == script
    # The ladder's reply alert now uses that script.
    alert = reply_alert(_script(first["From"]), 1234567)
    assert alert.startswith("Seba:" if script == "banglish" else "সেবা:")
    assert count_segments(alert).segments == 1
    with read_session() as session:
        changed = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.sms_script_changed")
        ).all()
    assert len(changed) == 1


def test_the_app_sets_the_script_through_sync_and_bad_values_are_refused(api: TestClient) -> None:
    customer = new_sync_customer(api)
    ok = customer.push(customer.mutation("customer.set_sms_script", {"sms_script": "banglish"}))
    assert ok.status_code == 200 and ok.json()["rejections"] == []
    with read_session() as session:
        stored = session.get(Customer, customer.customer_id)
    assert stored is not None and stored.sms_script == "banglish"
    bad = customer.push(customer.mutation("customer.set_sms_script", {"sms_script": "klingon"}))
    [rejection] = bad.json()["rejections"]
    assert rejection["code"] == "sms_script_unknown"
    assert "banglish" in rejection["message_en"] and "বাংলা" in rejection["message_bn"]
    with read_session() as session:
        unchanged = session.get(Customer, customer.customer_id)
    assert unchanged is not None and unchanged.sms_script == "banglish"
