"""Outbound email through the sendgrid SDK to the local SendGrid peer: the v3 body as SendGrid
documents it (checked by the peer), both languages, threading headers, errors, reconciliation."""

from __future__ import annotations

import dataclasses
import socket

import pytest

from backend.channels.base import PermanentSendError, TransientSendError
from backend.channels.email import get_email_channel
from backend.channels.email.outbound import agent_reply_message, notification_message
from backend.channels.email.threading import message_id_for_message, reply_address, ticket_from_reply_address
from backend.db import read_session
from tests.channels.email.helpers import email_ticket_with_reply


def _render(notification):  # type: ignore[no-untyped-def]
    with read_session() as session:
        return notification_message(session, notification)


def test_agent_reply_in_bengali_reaches_the_peer_as_documented(sendgrid_peer, settings) -> None:
    ticket, reply, notification = email_ticket_with_reply(locale="bn")
    result = get_email_channel().send(_render(notification))
    [sent] = sendgrid_peer.sent
    assert result.provider == "sendgrid" and result.provider_id == sent["x_message_id"]
    assert sent["headers"]["Authorization"] == f"Bearer {sendgrid_peer.api_key}"
    body = sent["body"]
    assert body["personalizations"][0]["to"][0]["email"].endswith("@example.com")
    assert body["from"] == {"email": "support@seba.example", "name": "Seba"}
    assert body["reply_to"]["email"] == reply_address(ticket.id, settings)
    assert ticket_from_reply_address(body["reply_to"]["email"], settings) == ticket.id
    assert body["subject"] == f"Re: [#{ticket.number}] অর্ডার কোথায়?"
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    text, html = body["content"][0]["value"], body["content"][1]["value"]
    assert "আপনার অর্ডার পাঠানো হয়েছে।" in text and "— এই লাইনের উপরে উত্তর লিখুন —" in text
    assert f"টিকিট #{ticket.number}" in text
    assert "> আমার অর্ডার কোথায়?" in text  # the customer's last message, quoted
    assert '<html lang="bn">' in html and "<p>আপনার অর্ডার পাঠানো হয়েছে।</p>" in html
    first_id = f"<CAJ7u-first-{ticket.customer_id.hex[-12:]}@mail.gmail.com>"
    assert body["headers"] == {
        "X-Seba-Notification": str(notification.id),
        "Message-ID": message_id_for_message(reply.id, settings),
        "In-Reply-To": first_id,
        "References": first_id,
    }
    assert body["custom_args"] == {
        "notification_id": str(notification.id),
        "idempotency_key": notification.idempotency_key,
    }
    assert body["categories"] == ["seba-reply"]


def test_agent_reply_in_english_and_references_grow_with_the_thread(sendgrid_peer, settings) -> None:
    ticket, reply, notification = email_ticket_with_reply(locale="en", reply="Your order is on its way.")
    get_email_channel().send(_render(notification))
    body = sendgrid_peer.sent[0]["body"]
    text = body["content"][0]["value"]
    assert "— Reply above this line —" in text and "Your order is on its way." in text
    assert f"Ticket #{ticket.number}" in text and "Reply to this email to add to your ticket." in text
    assert '<html lang="en">' in body["content"][1]["value"]
    # A second reply: In-Reply-To stays the customer's email, References add our first reply.
    from backend.db import Actor, transaction
    from backend.services.messages import post_agent_reply
    from tests.support.factories import make_agent

    agent = make_agent()
    with transaction(Actor.agent(agent.id)) as tx:
        second = post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket.id, body="Tracking: DK-1")
    with read_session() as session:
        message = agent_reply_message(
            session, second.id, notification_id=notification.id, idempotency_key="k2", settings=settings
        )
    first_id = f"<CAJ7u-first-{ticket.customer_id.hex[-12:]}@mail.gmail.com>"
    assert message.extra["In-Reply-To"] == first_id
    assert message.extra["References"] == f"{first_id} {message_id_for_message(reply.id, settings)}"


def test_reply_alert_and_survey_templates_in_both_languages(sendgrid_peer, settings) -> None:
    for locale, words in (("bn", "নতুন উত্তর"), ("en", "A new reply")):
        _ticket, _reply, notification = email_ticket_with_reply(locale=locale)
        alert = notification.model_copy(update={"purpose": "reply_alert"})
        message = _render(alert)
        assert words in message.subject and message.subject.startswith(f"[#{_ticket.number}]")
        assert f"/t/{_ticket.id}" in message.body and 'href="http' in message.html
        survey = _render(notification.model_copy(update={"purpose": "survey"}))
        # Five signed score links (backend/csat/tokens.py), 1 to 5, in text and HTML.
        assert survey.body.count("/api/csat/") == 5 and "?score=5" in survey.body
        assert survey.html.count('href="http') == 5
        get_email_channel().send(message)
        assert sendgrid_peer.sent[-1]["body"]["headers"]["Auto-Submitted"] == "auto-generated"


def test_find_sent_reconciles_through_email_activity(sendgrid_peer, settings) -> None:
    _ticket, _reply, notification = email_ticket_with_reply()
    message = _render(notification)
    channel = get_email_channel()
    assert channel.find_sent(message) is None
    result = channel.send(message)
    found = channel.find_sent(message)
    assert found is not None and found.provider_id == result.provider_id
    assert sendgrid_peer.state.activity_requests[-1] == (
        f"unique_args['idempotency_key']=\"{notification.idempotency_key}\""
    )
    sendgrid_peer.fail_next(403)  # no Email Activity add-on: send again (same Message-ID)
    assert channel.find_sent(message) is None
    sendgrid_peer.fail_next(429)
    with pytest.raises(TransientSendError):
        channel.find_sent(message)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limits_and_server_errors_are_transient(sendgrid_peer, settings, status) -> None:
    _ticket, _reply, notification = email_ticket_with_reply()
    sendgrid_peer.fail_next(status)
    with pytest.raises(TransientSendError) as caught:
        get_email_channel().send(_render(notification))
    assert caught.value.status == status
    assert sendgrid_peer.sent == []
    assert (
        get_email_channel().send(_render(notification)).provider_id == sendgrid_peer.sent[0]["x_message_id"]
    )


@pytest.mark.parametrize("status", [400, 403])
def test_refusals_are_permanent(sendgrid_peer, settings, status) -> None:
    _ticket, _reply, notification = email_ticket_with_reply()
    sendgrid_peer.fail_next(status)
    with pytest.raises(PermanentSendError) as caught:
        get_email_channel().send(_render(notification))
    assert caught.value.status == status and not caught.value.transient


def test_an_invalid_body_is_refused_by_the_peer_with_sendgrid_errors(sendgrid_peer, settings) -> None:
    _ticket, _reply, notification = email_ticket_with_reply()
    bad = dataclasses.replace(_render(notification), to_address="not-an-address")
    with pytest.raises(PermanentSendError) as caught:
        get_email_channel().send(bad)
    assert caught.value.status == 400
    assert "personalizations.0.to.0.email: Does not contain a valid address." in caught.value.reason


def test_wrong_api_key_is_permanent(sendgrid_peer, settings, monkeypatch) -> None:
    from backend.channels.email.channel import SendGridEmailChannel

    _ticket, _reply, notification = email_ticket_with_reply()
    wrong = settings.model_copy(update={"sendgrid_api_key": "SG.wrong"})
    with pytest.raises(PermanentSendError) as caught:
        SendGridEmailChannel(wrong).send(_render(notification))
    assert caught.value.status == 401


def test_unreachable_sendgrid_is_transient(sendgrid_peer, settings) -> None:
    from backend.channels.email.channel import SendGridEmailChannel

    _ticket, _reply, notification = email_ticket_with_reply()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    nowhere = settings.model_copy(update={"sendgrid_api_base_url": f"http://127.0.0.1:{closed_port}"})
    with pytest.raises(TransientSendError):
        SendGridEmailChannel(nowhere).send(_render(notification))


def test_not_configured_is_permanent(settings) -> None:
    from backend.channels.email.channel import EmailNotConfigured, SendGridEmailChannel

    _ticket, _reply, notification = email_ticket_with_reply()
    with pytest.raises(EmailNotConfigured):
        SendGridEmailChannel(settings.model_copy(update={"sendgrid_api_key": None})).send(
            _render(notification)
        )
