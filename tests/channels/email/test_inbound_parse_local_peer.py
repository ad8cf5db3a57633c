"""Inbound Parse posts built by the local SendGrid peer from recorded fixtures, replayed through the
HTTP API: exact outcomes for replies, new senders, attachments, auto-replies, bounces and loops."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from backend.channels.email.threading import message_id_for_message, reply_address
from backend.config import Settings
from backend.db import Actor, read_session, transaction
from backend.models import Customer, InboundEvent, Message, Ticket
from backend.services.messages import post_agent_reply
from tests.channels.email.conftest import post_inbound
from tests.support.factories import make_agent


def _ticket(ticket_id: str) -> Ticket:
    with read_session() as session:
        ticket = session.get(Ticket, uuid.UUID(ticket_id))
        assert ticket is not None
        return ticket


def _messages(ticket_id: uuid.UUID) -> list[Message]:
    with read_session() as session:
        return list(
            session.exec(
                select(Message).where(Message.ticket_id == ticket_id).order_by(col(Message.created_at))
            ).all()
        )


def _new_ticket_with_reply(client, settings: Settings) -> tuple[Ticket, Message]:  # type: ignore[no-untyped-def]
    """Ayesha's first email opens a ticket; an agent answers it (the email that she replies to)."""
    first = post_inbound(
        client, "gmail_reply_bn", TO="support@seba.example", NUMBER="1", IN_REPLY_TO="", REFERENCES=""
    )
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "created"
    ticket = _ticket(first.json()["ticket_id"])
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        reply = post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="আপনার অর্ডার পাঠানো হয়েছে।")
    return ticket, reply


def test_unknown_sender_gets_a_customer_and_a_ticket_with_its_attachments(client, settings) -> None:
    response = post_inbound(client, "new_unknown_sender")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "created" and body["reason"] == "new"
    ticket = _ticket(body["ticket_id"])
    assert ticket.channel == "email"
    assert ticket.subject == "ভুল পণ্য এসেছে"  # "Fwd:" dropped
    assert ticket.language == "bn"
    with read_session() as session:
        customer = session.get(Customer, ticket.customer_id)
        assert customer is not None
        assert customer.email == "farhana.akter@yahoo.com"
        assert customer.name == "Farhana Akter"
    [message] = _messages(ticket.id)
    assert message.body == "আমি নীল শাড়ি অর্ডার করেছিলাম, লাল এসেছে। ছবি আর চালান সংযুক্ত করলাম।\n\nফারহানা"
    assert message.provider_message_id == "<1732518000.112233@yahoo.com>"
    files = [a for a in message.attachments if a["kind"] == "file"]
    assert [(f["filename"], f["content_type"]) for f in files] == [
        ("invoice-DK-7781.pdf", "application/pdf"),
        ("saree.jpg", "image/jpeg"),
    ]
    stored = (settings.data_dir / files[0]["path"]).read_bytes()
    assert stored.startswith(b"%PDF-1.4") and len(stored) == files[0]["size"]
    originals = [a for a in message.attachments if a["kind"] == "original_email"]
    assert [o["filename"] for o in originals] == ["original.txt"]
    assert (
        "Message-ID: <1732518000.112233@yahoo.com>" in (settings.data_dir / originals[0]["path"]).read_text()
    )


def test_the_same_email_twice_is_stored_once(client, settings) -> None:
    assert post_inbound(client, "new_unknown_sender").json()["status"] == "created"
    again = post_inbound(client, "new_unknown_sender")
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    with read_session() as session:
        assert len(session.exec(select(Ticket)).all()) == 1
        assert len(session.exec(select(Message)).all()) == 1
        assert len(session.exec(select(InboundEvent)).all()) == 1


def test_gmail_bengali_reply_threads_by_reply_token_and_loses_the_quote(client, settings) -> None:
    ticket, reply = _new_ticket_with_reply(client, settings)
    our_id = message_id_for_message(reply.id, settings)
    response = post_inbound(
        client,
        "gmail_reply_bn",
        TO=reply_address(ticket.id, settings),
        NUMBER=str(ticket.number),
        IN_REPLY_TO=our_id,
        REFERENCES=our_id,
    )
    # The same Message-ID as the first post in the fixture: make it a distinct email.
    assert response.json()["status"] == "duplicate"
    body, content_type = _variant("gmail_reply_bn", "bn-reply-1", "bn-reply-2", ticket, settings, our_id)
    response = client.post(
        "/api/webhooks/sendgrid/inbound/inbound-secret-for-tests-7f3a9c",
        content=body,
        headers={"Content-Type": content_type},
    )
    assert response.json() == {
        "status": "threaded",
        "reason": "token",
        "ticket_id": str(ticket.id),
        "message_id": response.json()["message_id"],
    }
    last = _messages(ticket.id)[-1]
    assert last.body == "ধন্যবাদ, পার্সেলটা আজ পেয়েছি। কিন্তু একটা বোতল ভাঙা ছিল।"
    assert last.direction == "inbound"
    assert [a["filename"] for a in last.attachments] == ["original.txt", "original.html"]
    assert "লিখেছেন:" in (settings.data_dir / last.attachments[0]["path"]).read_text()


def _variant(fixture: str, old: str, new: str, ticket: Ticket, settings: Settings, our_id: str):  # type: ignore[no-untyped-def]
    from tests.peers.sendgrid.server import inbound_post

    body, content_type = inbound_post(
        fixture,
        TO=reply_address(ticket.id, settings),
        NUMBER=str(ticket.number),
        IN_REPLY_TO=our_id,
        REFERENCES=our_id,
    )
    return body.replace(old.encode(), new.encode()), content_type


def test_outlook_reply_threads_by_in_reply_to_without_the_token(client, settings) -> None:
    # Tanvir wrote first (to the plain support address); the agent answered.
    first = post_inbound(client, "outlook_reply_en", TO="support@seba.example", NUMBER="1")
    assert first.json()["status"] == "created"
    ticket = _ticket(first.json()["ticket_id"])
    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        reply = post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="Please send photos.")
    # A second, unrelated active ticket of his, more recent: threading must not fall to "latest".
    from tests.peers.sendgrid.server import inbound_post

    body, ctype = inbound_post("outlook_reply_en", TO="support@seba.example", NUMBER="9")
    body = body.replace(b"AM6PR05MB1234ABCD5678", b"AM6PR05MB9999OTHER")
    body = body.replace(b"Refund for order DK-7781", b"Another question")
    other = client.post(
        "/api/webhooks/sendgrid/inbound/inbound-secret-for-tests-7f3a9c",
        content=body,
        headers={"Content-Type": ctype},
    )
    assert other.json()["status"] == "threaded" and other.json()["reason"] == "sender"
    our_id = message_id_for_message(reply.id, settings)
    body, ctype = inbound_post(
        "outlook_reply_en",
        TO="support@seba.example",
        NUMBER=str(ticket.number),
        IN_REPLY_TO=our_id,
        REFERENCES=our_id,
    )
    body = body.replace(b"AM6PR05MB1234ABCD5678", b"AM6PR05MB1234REPLY2")
    response = client.post(
        "/api/webhooks/sendgrid/inbound/inbound-secret-for-tests-7f3a9c",
        content=body,
        headers={"Content-Type": ctype},
    )
    assert response.json()["status"] == "threaded"
    assert response.json()["reason"] == "in_reply_to"
    assert response.json()["ticket_id"] == str(ticket.id)
    last = _messages(ticket.id)[-1]
    assert (
        last.body == "Thanks, I have sent the photos of the damaged item.\nPlease confirm the refund date."
        "\n\nRegards,\nTanvir"
    )


def test_a_forged_reply_token_does_not_thread(client, settings) -> None:
    ticket, _reply = _new_ticket_with_reply(client, settings)
    forged = reply_address(ticket.id, settings).replace("+t", "+t").split("@")[0]
    forged = forged[:-3] + ("aaa" if not forged.endswith("aaa") else "bbb") + "@reply.seba.example"
    response = post_inbound(client, "new_unknown_sender", TO=forged)
    assert response.json()["status"] == "created"  # a stranger: a new ticket, not Ayesha's
    assert response.json()["ticket_id"] != str(ticket.id)


def test_oversized_attachment_is_noted_in_both_languages_not_stored(client, settings) -> None:
    response = post_inbound(client, "oversized_attachment")
    assert response.status_code == 200, response.text
    [message] = _messages(uuid.UUID(response.json()["ticket_id"]))
    assert message.body == (
        "The fan arrived broken, video attached.\n\n"
        "সংযুক্তি খুব বড়, রাখা হয়নি: fan.mp4 (60000 বাইট)\n"
        "Attachment too large, not kept: fan.mp4 (60000 bytes)"
    )
    kinds = [(a["kind"], a["filename"]) for a in message.attachments]
    assert kinds == [("file", "receipt.txt"), ("rejected", "fan.mp4"), ("original_email", "original.txt")]
    assert not any("sha256" in a for a in message.attachments if a["kind"] == "rejected")


def _ignored(client, fixture: str, settings: Settings, expected_reason: str) -> None:  # type: ignore[no-untyped-def]
    ticket, reply = _new_ticket_with_reply(client, settings)
    before = len(_messages(ticket.id))
    our_id = message_id_for_message(reply.id, settings)
    response = post_inbound(
        client, fixture, TO=reply_address(ticket.id, settings), NUMBER=str(ticket.number), IN_REPLY_TO=our_id
    )
    assert response.status_code == 200
    assert response.json() == {
        "status": "ignored",
        "reason": expected_reason,
        "ticket_id": None,
        "message_id": None,
    }
    assert len(_messages(ticket.id)) == before
    with read_session() as session:
        event = session.exec(
            select(InboundEvent).where(InboundEvent.external_id == f"<{fixture}-1@example.net>")
        ).one()
        assert event.payload["ignored"] == expected_reason
    assert (
        post_inbound(client, fixture, TO=reply_address(ticket.id, settings)).json()["status"] == "duplicate"
    )


def test_auto_reply_is_recorded_and_ignored(client, settings) -> None:
    _ignored(client, "auto_reply", settings, "auto_submitted")


def test_bounce_from_mailer_daemon_is_recorded_and_ignored(client, settings) -> None:
    _ignored(client, "bounce", settings, "mailer_daemon")


def test_our_own_message_looped_back_is_ignored(client, settings) -> None:
    _ignored(client, "own_loop", settings, "own_message")


def test_wrong_or_missing_secret_is_403_and_stores_nothing(client, settings) -> None:
    for secret in ("wrong-secret", ""):
        response = post_inbound(client, "new_unknown_sender", secret=secret)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "webhook_forbidden"
        assert response.json()["error"]["message_en"] == "This webhook request is not authorised."
    with read_session() as session:
        assert session.exec(select(InboundEvent)).all() == []
        assert session.exec(select(Ticket)).all() == []


def test_malformed_form_is_400_bilingual_and_stores_nothing(client, settings) -> None:
    url = "/api/webhooks/sendgrid/inbound/inbound-secret-for-tests-7f3a9c"
    cases = [
        client.post(url, data={"subject": "no headers"}),  # urlencoded, not multipart
        client.post(url, files={"headers": (None, "From: a@b.c\n")}),  # no from field
        client.post(
            url,
            files={
                "headers": (None, "From: a@b.c\n"),
                "from": (None, "a@b.c"),
                "envelope": (None, "{not json"),
            },
        ),
        client.post(
            url,
            files={"headers": (None, "From: a@b.c\n"), "from": (None, "a@b.c"), "attachments": (None, "2")},
        ),
    ]
    for response in cases:
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert error["code"] == "email_form_invalid"
        assert error["message_bn"].startswith("ইমেইলের ফর্মটি সঠিক নয়")
        assert error["message_en"].startswith("The email form is not valid")
    with read_session() as session:
        assert session.exec(select(InboundEvent)).all() == []


def test_raw_mode_email_field_is_parsed_too(client, settings) -> None:
    """SendGrid's "POST the raw, full MIME message" mode: the whole message in the `email` field."""
    from tests.peers.sendgrid.server import multipart_body

    raw = (
        "From: =?UTF-8?B?4Kao4Ka+4Kaw4KeN4KaX4Ka/4Ka4?= <nargis@example.com>\r\n"
        "To: support@seba.example\r\n"
        "Subject: =?UTF-8?B?4Kaq4KeN4Kaw4Kak4Ka/4Kam4Ka+4Kao?=\r\n"
        "Message-ID: <raw-1@example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        '--b1\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        "4Kaf4Ka+4KaV4Ka+IOCmq+Cnh+CmsOCmpCDgpprgpr7gpoc=\r\n"
        '--b1\r\nContent-Type: text/plain; name="note.txt"\r\n'
        'Content-Disposition: attachment; filename="note.txt"\r\n\r\nhello\r\n--b1--\r\n'
    )
    body, ctype = multipart_body(
        {"email": raw, "to": "support@seba.example", "from": "nargis@example.com", "envelope": "{}"}, []
    )
    response = client.post(
        "/api/webhooks/sendgrid/inbound/inbound-secret-for-tests-7f3a9c",
        content=body,
        headers={"Content-Type": ctype},
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "created"
    ticket = _ticket(response.json()["ticket_id"])
    assert ticket.subject == "প্রতিদান"
    [message] = _messages(ticket.id)
    assert message.body == "টাকা ফেরত চাই"
    first = message.attachments[0]
    assert (first["kind"], first["filename"]) == ("file", "note.txt")
    with read_session() as session:
        customer = session.get(Customer, ticket.customer_id)
        assert customer is not None and customer.name == "নার্গিস"
