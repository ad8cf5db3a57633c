"""Twilio's webhooks replayed from recorded fixtures (tests/peers/twilio/fixtures), signed like
Twilio signs them: inbound SMS/MMS, keywords, forgeries, replays, threading, status callbacks sent
by the LOCAL Twilio peer for a message the product sent through it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, func, select

from backend.channels.base import OutboundMessage
from backend.channels.sms import get_sms_channel
from backend.db import Actor, read_session, transaction
from backend.models import AuditEvent, Customer, InboundEvent, Message, Notification, Ticket
from backend.models.base import utcnow
from backend.models.enums import NotificationStatus
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from tests.channels.sms.conftest import PUBLIC_BASE_URL, fixture_form, post_signed
from tests.peers.twilio.server import TwilioPeer, new_sid
from tests.support.factories import make_agent

SMS = "/api/webhooks/twilio/sms"
STATUS = "/api/webhooks/twilio/status"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def _counts() -> dict[str, int]:
    with read_session() as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (InboundEvent, Customer, Ticket, Message, AuditEvent)
        }


def _twiml_message(text: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{text}</Message></Response>'


def _sms(form: dict[str, str], **changes: str) -> dict[str, str]:
    return {**form, **changes}


def _customer(phone: str) -> Customer:
    with read_session() as session:
        customer = session.exec(select(Customer).where(Customer.phone == phone)).one()
        return customer


def _tickets(customer_id: uuid.UUID) -> list[Ticket]:
    with read_session() as session:
        return list(
            session.exec(
                select(Ticket).where(Ticket.customer_id == customer_id).order_by(col(Ticket.created_at))
            )
        )


def _thread(ticket_id: uuid.UUID) -> list[Message]:
    with read_session() as session:
        return list(
            session.exec(
                select(Message).where(Message.ticket_id == ticket_id).order_by(col(Message.created_at))
            )
        )


@pytest.mark.parametrize(
    ("fixture", "phone", "locale", "script", "language"),
    [
        ("inbound_bengali", "+8801711000101", "bn", "bengali", "bn"),
        ("inbound_banglish", "+8801811000102", "en", "banglish", None),
        ("inbound_english", "+8801911000103", "en", "banglish", None),
    ],
)
def test_a_first_sms_from_an_unknown_number_creates_a_customer_and_an_sms_ticket(
    api: TestClient, fixture: str, phone: str, locale: str, script: str, language: str | None
) -> None:
    form = fixture_form(fixture)
    response = post_signed(api, SMS, form)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text == EMPTY_TWIML
    customer = _customer(phone)
    assert (customer.locale, customer.sms_script, customer.sms_opted_out_at) == (locale, script, None)
    [ticket] = _tickets(customer.id)
    assert (ticket.channel, ticket.status, ticket.language) == ("sms", "new", language)
    assert ticket.subject == "SMS: " + form["Body"][:59] + ("…" if len(form["Body"]) > 60 else "")
    [message] = _thread(ticket.id)
    assert (message.body, message.channel, message.direction) == (form["Body"], "sms", "inbound")
    assert message.provider_message_id == form["MessageSid"]
    assert message.attachments == []
    with read_session() as session:
        event = session.exec(select(InboundEvent)).one()
    assert (event.provider, event.external_id, event.error) == ("twilio", form["MessageSid"], None)
    assert event.payload == form
    assert event.processed_at is not None


def test_an_mms_stores_its_media_urls_as_attachments(api: TestClient) -> None:
    form = fixture_form("inbound_mms")
    assert post_signed(api, SMS, form).text == EMPTY_TWIML
    [ticket] = _tickets(_customer("+8801611000104").id)
    [message] = _thread(ticket.id)
    assert message.body == "ভাঙা পণ্যের ছবি পাঠালাম"
    assert message.attachments == [
        {"url": form["MediaUrl0"], "content_type": "image/jpeg", "source": "twilio"},
        {"url": form["MediaUrl1"], "content_type": "image/png", "source": "twilio"},
    ]


def test_a_picture_without_text_gets_a_placeholder_body(api: TestClient) -> None:
    form = fixture_form("inbound_mms")
    form = _sms(form, Body="", NumMedia="1", MessageSid=new_sid("MM"))
    del form["MediaUrl1"], form["MediaContentType1"]
    assert post_signed(api, SMS, form).status_code == 200
    [ticket] = _tickets(_customer(form["From"]).id)
    [message] = _thread(ticket.id)
    assert message.body == "(ছবি বা ফাইল পাঠানো হয়েছে)"
    assert len(message.attachments) == 1


def test_the_same_message_sid_twice_is_a_no_op(api: TestClient) -> None:
    form = fixture_form("inbound_bengali")
    post_signed(api, SMS, form)
    before = _counts()
    again = post_signed(api, SMS, form)
    assert again.status_code == 200
    assert again.text == EMPTY_TWIML
    assert _counts() == before


def test_later_sms_thread_into_the_open_ticket_and_reopen_a_recently_resolved_one(api: TestClient) -> None:
    first = fixture_form("inbound_banglish")
    post_signed(api, SMS, first)
    customer = _customer(first["From"])
    [ticket] = _tickets(customer.id)
    post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="Ar kotokkhon lagbe?"))
    assert [m.body for m in _thread(ticket.id)] == [first["Body"], "Ar kotokkhon lagbe?"]

    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket.id, body="Kal pouchhabe.", then_status="resolved"
        )
    post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="Pai nai ekhono"))
    [same] = _tickets(customer.id)
    assert same.status == "open"
    assert _thread(ticket.id)[-1].body == "Pai nai ekhono"


def test_an_sms_after_an_old_resolution_or_a_closed_ticket_opens_a_new_ticket(api: TestClient) -> None:
    first = fixture_form("inbound_bengali")
    post_signed(api, SMS, first)
    customer = _customer(first["From"])
    [old] = _tickets(customer.id)
    with transaction(Actor.system()) as tx:
        ticket = tx.session.get(Ticket, old.id)
        assert ticket is not None
        ticket.status = "resolved"
        ticket.resolved_at = utcnow() - timedelta(days=8)
        tx.session.add(ticket)
    post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="আবার সমস্যা হচ্ছে"))
    tickets = _tickets(customer.id)
    assert len(tickets) == 2
    assert tickets[0].status == "resolved"
    assert [m.body for m in _thread(tickets[1].id)] == ["আবার সমস্যা হচ্ছে"]
    with transaction(Actor.system()) as tx:
        ticket_service.change_status(tx, ticket_id=tickets[1].id, status="resolved")
        ticket_service.change_status(tx, ticket_id=tickets[1].id, status="closed")
    post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="তৃতীয় বার"))
    assert len(_tickets(customer.id)) == 3


def test_a_web_ticket_is_not_where_an_sms_threads(api: TestClient) -> None:
    from tests.support.factories import make_customer, open_ticket

    customer = make_customer(phone="+8801711000101")
    web = open_ticket(customer).ticket
    post_signed(api, SMS, fixture_form("inbound_bengali"))
    tickets = _tickets(customer.id)
    assert [t.channel for t in tickets] == ["web", "sms"]
    assert len(_thread(web.id)) == 1


@pytest.mark.parametrize(
    ("fixture", "reply"),
    [
        ("inbound_stop", "Seba: Apni ar SMS paben na. Abar pete START likhe pathan."),
        ("inbound_bondho", "সেবা: আর SMS পাবেন না। আবার পেতে চালু লিখে পাঠান।"),
    ],
)
def test_stop_and_bondho_opt_out_and_answer_in_the_senders_script(
    api: TestClient, fixture: str, reply: str
) -> None:
    form = fixture_form(fixture)
    response = post_signed(api, SMS, form)
    assert response.text == _twiml_message(reply)
    customer = _customer(form["From"])
    assert customer.sms_opted_out_at is not None
    assert _tickets(customer.id) == []  # a keyword is not a ticket


def test_start_opts_back_in_and_sends_again(api: TestClient, twilio_peer: TwilioPeer) -> None:
    stop = fixture_form("inbound_bondho")
    post_signed(api, SMS, stop)
    outbound = OutboundMessage(
        notification_id=uuid.uuid4(),
        idempotency_key="k1",
        channel="sms",
        to_address=stop["From"],
        body="সেবা: টিকিট #১ এ নতুন উত্তর এসেছে।",
    )
    with pytest.raises(Exception, match="sms_opted_out"):
        get_sms_channel().send(outbound)
    response = post_signed(api, SMS, _sms(stop, MessageSid=new_sid(), Body="চালু"))
    assert response.text == _twiml_message("সেবা: SMS আবার চালু হলো। বন্ধ করতে বন্ধ লিখে পাঠান।")
    assert _customer(stop["From"]).sms_opted_out_at is None
    assert get_sms_channel().send(outbound).provider == "twilio"
    assert len(twilio_peer.messages) == 1


def test_help_and_status_keywords_answer_in_one_segment(api: TestClient) -> None:
    from backend.channels.sms.segments import count_segments

    first = fixture_form("inbound_banglish")
    post_signed(api, SMS, first)
    [ticket] = _tickets(_customer(first["From"]).id)
    help_reply = post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="HELP"))
    assert help_reply.text == _twiml_message(
        "Seba: SMS likhun, apnar ticket e jabe. STATUS, STOP ba START likheo pathate paren."
    )
    status = post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="status"))
    expected = f"Seba: Ticket #{ticket.number}: notun."
    assert status.text == _twiml_message(expected)
    assert count_segments(expected).segments == 1
    bengali_digits = str(ticket.number).translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    by_number = post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body=f"অবস্থা {bengali_digits}"))
    assert by_number.text == _twiml_message(expected)
    unknown = post_signed(api, SMS, _sms(first, MessageSid=new_sid(), Body="STATUS 9999999"))
    assert unknown.text == _twiml_message("Seba: Ei number e kono ticket pawa jayni.")
    assert len(_thread(ticket.id)) == 1  # keywords never land in the thread


def test_a_non_bangladeshi_sender_is_recorded_and_ignored(api: TestClient) -> None:
    form = fixture_form("inbound_foreign")
    response = post_signed(api, SMS, form)
    assert response.status_code == 200 and response.text == EMPTY_TWIML
    counts = _counts()
    assert (counts["Customer"], counts["Ticket"], counts["InboundEvent"]) == (0, 0, 1)
    with read_session() as session:
        event = session.exec(select(InboundEvent)).one()
    assert (
        event.error == "The sender is not a Bangladeshi mobile number; the message was not added to a ticket."
    )


def _assert_forbidden_and_nothing_stored(response: Any, before: dict[str, int]) -> None:
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "webhook_forbidden"
    assert error["message_bn"] and error["message_en"]
    assert _counts() == before


@pytest.mark.parametrize("path", [SMS, STATUS])
def test_forged_webhooks_are_403_and_store_nothing(api: TestClient, path: str) -> None:
    form = fixture_form("inbound_bengali" if path == SMS else "status_delivered")
    before = _counts()
    # A wrong signature.
    _assert_forbidden_and_nothing_stored(
        post_signed(api, path, form, signature="bm90IGEgc2lnbmF0dXJl"), before
    )
    # No signature header at all.
    _assert_forbidden_and_nothing_stored(api.post(path, data=form), before)
    # Signed with another token.
    _assert_forbidden_and_nothing_stored(post_signed(api, path, form, token="f" * 32), before)
    # A valid signature for another URL (replayed at ours).
    other = "https://attacker.example/api/webhooks/twilio/sms"
    _assert_forbidden_and_nothing_stored(post_signed(api, path, form, signed_url=other), before)
    # The signed body, tampered with afterwards.
    from tests.peers.twilio.server import twilio_signature

    signature = twilio_signature("9c1e5b7a3f2d4e6b8a0c1d2e3f4a5b6c", PUBLIC_BASE_URL + path, form)
    tampered = {**form, "Body": "STOP", "MessageStatus": "failed"}
    _assert_forbidden_and_nothing_stored(
        api.post(path, data=tampered, headers={"X-Twilio-Signature": signature}), before
    )
    # A correctly signed form for another Twilio account.
    _assert_forbidden_and_nothing_stored(
        post_signed(api, path, {**form, "AccountSid": "AC" + "0" * 32}), before
    )


def test_the_signature_covers_the_query_string(api: TestClient) -> None:
    form = fixture_form("inbound_english")
    path = SMS + "?inbox=main"
    assert post_signed(api, path, form, signed_url=PUBLIC_BASE_URL + SMS).status_code == 403
    assert post_signed(api, path, form).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"MessageSid": "", "SmsSid": ""}, "MessageSid"),
        ({"MessageSid": "SM123", "SmsSid": "SM123"}, "MessageSid"),
        ({"From": ""}, "From"),
        ({"NumMedia": "x"}, "NumMedia"),
        ({"NumMedia": "11"}, "NumMedia"),
        ({"NumMedia": "1"}, "MediaUrl0"),
    ],
)
def test_a_malformed_but_signed_form_is_400_with_a_bilingual_error(
    api: TestClient, changes: dict[str, str], field: str
) -> None:
    before = _counts()
    response = post_signed(api, SMS, _sms(fixture_form("inbound_bengali"), **changes))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "sms_webhook_invalid"
    assert error["message_en"] == f"The Twilio request has a missing or invalid field: {field}"
    assert field in error["message_bn"]
    assert _counts() == before


def _sent_notification(twilio_peer: TwilioPeer, to: str = "+8801711000201") -> tuple[uuid.UUID, str]:
    """A notification sent through the product's channel to the local Twilio peer."""
    from tests.support.factories import make_customer

    customer = make_customer(phone=to)
    key = f"reply:{uuid.uuid4()}:sms"
    with transaction(Actor.system()) as tx:
        notification = Notification(
            customer_id=customer.id,
            channel="sms",
            purpose="reply_alert",
            to_address=to,
            body="Seba: Ticket #12 e notun uttor esechhe.",
            idempotency_key=key,
        )
        tx.session.add(notification)
    result = get_sms_channel().send(
        OutboundMessage(notification.id, key, "sms", to, notification.body, purpose="reply_alert")
    )
    with transaction(Actor.system()) as tx:
        stored = tx.session.get(Notification, notification.id)
        assert stored is not None
        stored.status, stored.provider_id = NotificationStatus.sent, result.provider_id
        tx.session.add(stored)
    return notification.id, result.provider_id


def _deliver(
    api: TestClient, twilio_peer: TwilioPeer, sid: str, status: str, error: str | None = None
) -> Any:
    url, form, signature = twilio_peer.status_callback(sid, status, error_code=error)
    assert url == PUBLIC_BASE_URL + STATUS
    return api.post(STATUS, data=form, headers={"X-Twilio-Signature": signature})


def _notification(nid: uuid.UUID) -> Notification:
    with read_session() as session:
        notification = session.get(Notification, nid)
        assert notification is not None
        return notification


def test_status_callbacks_from_the_peer_move_a_notification_forward_only(
    api: TestClient, twilio_peer: TwilioPeer
) -> None:
    nid, sid = _sent_notification(twilio_peer)
    assert _deliver(api, twilio_peer, sid, "delivered").status_code == 204
    assert _notification(nid).status == "delivered"
    # Out of order: "sent" and "queued" arrive after "delivered" and change nothing.
    assert _deliver(api, twilio_peer, sid, "sent").status_code == 204
    assert _deliver(api, twilio_peer, sid, "queued").status_code == 204
    assert _notification(nid).status == "delivered"
    # A failure after delivery does not undo it either (both are final).
    _deliver(api, twilio_peer, sid, "undelivered", "30003")
    assert _notification(nid).status == "delivered"
    assert _notification(nid).error is None


def test_an_undelivered_callback_records_twilios_error_code(api: TestClient, twilio_peer: TwilioPeer) -> None:
    nid, sid = _sent_notification(twilio_peer)
    _deliver(api, twilio_peer, sid, "sent")
    assert _notification(nid).status == "sent"
    _deliver(api, twilio_peer, sid, "undelivered", "30003")
    notification = _notification(nid)
    assert (notification.status, notification.error) == ("failed", "twilio 30003")


def test_a_replayed_status_callback_is_a_no_op(api: TestClient, twilio_peer: TwilioPeer) -> None:
    _, sid = _sent_notification(twilio_peer)
    _deliver(api, twilio_peer, sid, "delivered")
    before = _counts()
    assert _deliver(api, twilio_peer, sid, "delivered").status_code == 204
    assert _counts() == before


def test_recorded_status_callbacks_update_an_agents_sms_reply_in_the_thread(api: TestClient) -> None:
    """An SMS ticket's reply goes out as the SMS itself: its message follows Twilio's statuses."""
    post_signed(api, SMS, fixture_form("inbound_bengali"))
    [ticket] = _tickets(_customer("+8801711000101").id)
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        reply = message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="কাল পৌঁছাবে।")
        stored = tx.session.get(Message, reply.id)
        assert stored is not None
        stored.provider_message_id = fixture_form("status_sent")["MessageSid"]
        tx.session.add(stored)
    for name, expected in (
        ("status_sent", "sent"),
        ("status_delivered", "delivered"),
        ("status_undelivered", "delivered"),
    ):
        assert post_signed(api, STATUS, fixture_form(name)).status_code == 204
        assert _thread(ticket.id)[-1].delivery_status == expected


def test_a_callback_for_an_unknown_message_is_accepted_and_recorded(api: TestClient) -> None:
    response = post_signed(api, STATUS, fixture_form("status_delivered"))
    assert response.status_code == 204
    with read_session() as session:
        event = session.exec(select(InboundEvent)).one()
    assert (event.provider, event.error) == ("twilio_status", "unknown MessageSid")


def _concurrently(api: TestClient, forms: list[dict[str, str]]) -> list[int]:
    import threading

    barrier = threading.Barrier(len(forms))
    statuses: list[int] = []

    def post(form: dict[str, str]) -> None:
        barrier.wait()
        statuses.append(post_signed(api, SMS, form).status_code)

    threads = [threading.Thread(target=post, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_deliveries_of_one_message_sid_store_it_once(api: TestClient) -> None:
    form = fixture_form("inbound_bengali")
    assert _concurrently(api, [form] * 4) == [200] * 4
    counts = _counts()
    assert (counts["InboundEvent"], counts["Customer"], counts["Ticket"], counts["Message"]) == (1, 1, 1, 1)


def test_concurrent_first_texts_from_one_new_number_make_one_customer_and_one_ticket(api: TestClient) -> None:
    first = fixture_form("inbound_banglish")
    forms = [_sms(first, MessageSid=new_sid(), Body=f"message {n}") for n in range(4)]
    assert _concurrently(api, forms) == [200] * 4
    customer = _customer(first["From"])
    [ticket] = _tickets(customer.id)
    assert sorted(m.body for m in _thread(ticket.id)) == [f"message {n}" for n in range(4)]


def test_callbacks_that_outrun_the_job_are_applied_when_it_records_the_send(
    api: TestClient, twilio_peer: TwilioPeer
) -> None:
    from backend.services.sms_inbound import apply_early_status_callbacks

    nid, sid = _sent_notification(twilio_peer)
    with transaction(Actor.system()) as tx:  # as if the job had not recorded the provider id yet
        stored = tx.session.get(Notification, nid)
        assert stored is not None
        stored.status, stored.provider_id = "sending", None
        tx.session.add(stored)
    _deliver(api, twilio_peer, sid, "delivered")
    _deliver(api, twilio_peer, sid, "sent")
    assert _notification(nid).status == "sending"
    with transaction(Actor.system()) as tx:  # what the job's record_sent does, plus the hook
        stored = tx.session.get(Notification, nid)
        assert stored is not None
        stored.status, stored.provider_id = "sent", sid
        tx.session.add(stored)
        assert apply_early_status_callbacks(tx, sid) == 2
    assert _notification(nid).status == "delivered"
    with transaction(Actor.system()) as tx:
        assert apply_early_status_callbacks(tx, sid) == 0
