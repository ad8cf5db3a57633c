"""The Event Webhook, posted as the local SendGrid peer signs it (ECDSA P-256 over timestamp + body):
forgeries and stale timestamps are 403 and store nothing; events move status forward only, once."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from backend.channels.email import get_email_channel
from backend.channels.email.outbound import notification_message
from backend.db import Actor, read_session, transaction
from backend.models import InboundEvent, Message, Notification
from tests.channels.email.helpers import email_ticket_with_reply
from tests.peers.sendgrid.server import SendGridPeer, event

URL = "/api/webhooks/sendgrid/events"


def _sent_reply(peer: SendGridPeer) -> tuple[Notification, dict]:  # type: ignore[type-arg]
    _ticket, _reply, notification = email_ticket_with_reply()
    with read_session() as session:
        result = get_email_channel().send(notification_message(session, notification))
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Notification, notification.id)
        assert row is not None
        row.status, row.provider_id = "sent", result.provider_id
        tx.session.add(row)
    return notification, peer.sent[-1]


def _post(client, peer: SendGridPeer, events: list[dict], **sign) -> object:  # type: ignore[no-untyped-def,type-arg]
    body = json.dumps(events).encode()
    return client.post(URL, content=body, headers=peer.sign_events(body, **sign))


def _state(notification: Notification) -> tuple[str, str]:
    with read_session() as session:
        n = session.get(Notification, notification.id)
        assert n is not None and n.message_id is not None
        m = session.get(Message, n.message_id)
        assert m is not None
        return n.status, m.delivery_status


def test_delivered_then_open_move_forward_and_a_late_processed_does_not_go_back(
    client, sendgrid_peer
) -> None:
    notification, sent = _sent_reply(sendgrid_peer)
    response = _post(client, sendgrid_peer, [event("processed", sent), event("delivered", sent)])
    assert response.status_code == 200, response.text
    assert response.json() == {"applied": 2, "duplicates": 0, "unmatched": 0}
    assert _state(notification) == ("delivered", "delivered")
    assert _post(client, sendgrid_peer, [event("open", sent)]).json()["applied"] == 1
    assert _state(notification) == ("delivered", "read")
    assert (
        _post(client, sendgrid_peer, [event("processed", sent), event("deferred", sent)]).status_code == 200
    )
    assert _state(notification) == ("delivered", "read")


def test_events_find_their_notification_by_sg_message_id_without_custom_args(client, sendgrid_peer) -> None:
    notification, sent = _sent_reply(sendgrid_peer)
    bare = event("delivered", sent)
    del bare["notification_id"], bare["idempotency_key"]
    assert _post(client, sendgrid_peer, [bare]).json() == {"applied": 1, "duplicates": 0, "unmatched": 0}
    assert _state(notification) == ("delivered", "delivered")


def test_bounce_fails_the_notification_with_its_reason(client, sendgrid_peer) -> None:
    notification, sent = _sent_reply(sendgrid_peer)
    bounce = event("bounce", sent, reason="550 5.1.1 The email account does not exist", type="bounce")
    _post(client, sendgrid_peer, [event("processed", sent), bounce])
    assert _state(notification) == ("failed", "failed")
    with read_session() as session:
        n = session.get(Notification, notification.id)
        assert n is not None and n.error == "bounce: 550 5.1.1 The email account does not exist"


def test_a_replayed_batch_is_a_no_op(client, sendgrid_peer) -> None:
    _notification, sent = _sent_reply(sendgrid_peer)
    batch = [event("processed", sent), event("delivered", sent)]
    _post(client, sendgrid_peer, batch)
    with read_session() as session:
        count = len(session.exec(select(InboundEvent)).all())
    again = _post(client, sendgrid_peer, batch)
    assert again.json() == {"applied": 0, "duplicates": 2, "unmatched": 0}
    with read_session() as session:
        assert len(session.exec(select(InboundEvent)).all()) == count


def test_forged_missing_and_stale_signatures_are_403_and_store_nothing(client, sendgrid_peer) -> None:
    notification, sent = _sent_reply(sendgrid_peer)
    events = [event("delivered", sent)]
    body = json.dumps(events).encode()
    good = sendgrid_peer.sign_events(body)
    forger = SendGridPeer()  # another key
    tampered = body.replace(b"delivered", b"bounce\x20\x20\x20")
    cases = [
        ({"Content-Type": "application/json"}, body),  # unsigned
        (forger.sign_events(body), body),  # signed with someone else's key
        (good, tampered),  # body changed after signing
        ({**good, "X-Twilio-Email-Event-Webhook-Timestamp": str(int(time.time()) + 1)}, body),
        (sendgrid_peer.sign_events(body, timestamp=int(time.time()) - 601), body),  # too old: replay
        ({**good, "X-Twilio-Email-Event-Webhook-Signature": "bm90IGEgc2lnbmF0dXJl"}, body),
    ]
    for headers, content in cases:
        response = client.post(URL, content=content, headers=headers)
        assert response.status_code == 403, headers
        assert response.json()["error"]["code"] == "webhook_forbidden"
    with read_session() as session:
        assert session.exec(select(InboundEvent)).all() == []
    assert _state(notification) == ("sent", "queued")


def test_a_signed_but_malformed_body_is_400_bilingual(client, sendgrid_peer) -> None:
    for content in (b"{not json", b'{"event": "delivered"}', b'[{"event": "delivered"}]'):
        response = client.post(URL, content=content, headers=sendgrid_peer.sign_events(content))
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "email_events_invalid"
        assert error["message_bn"].startswith("ইমেইল ইভেন্টগুলো সঠিক নয়")


def test_events_for_unknown_messages_are_recorded_as_unmatched(client, sendgrid_peer) -> None:
    stray = {
        "email": "x@example.com",
        "event": "delivered",
        "sg_event_id": "stray-1",
        "sg_message_id": "nope.filter",
    }
    assert _post(client, sendgrid_peer, [stray]).json() == {"applied": 0, "duplicates": 0, "unmatched": 1}
    with read_session() as session:
        row = session.exec(select(InboundEvent).where(InboundEvent.external_id == "stray-1")).one()
        assert row.error == "no notification for this event"


def test_an_event_that_outruns_the_job_moves_a_sending_notification(client, sendgrid_peer) -> None:
    """The webhook can arrive before the job records the send: the custom arg finds the row."""
    notification, sent = _sent_reply(sendgrid_peer)
    with transaction(Actor.system()) as tx:
        row = tx.session.get(Notification, notification.id)
        assert row is not None
        row.status, row.provider_id = "sending", None
        tx.session.add(row)
    assert _post(client, sendgrid_peer, [event("delivered", sent)]).json()["applied"] == 1
    assert _state(notification) == ("delivered", "delivered")
