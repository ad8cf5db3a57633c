"""Outbound SMS through Twilio's own SDK against the LOCAL Twilio peer (tests/peers/twilio): the
form Twilio documents, segments and cost, error mapping, STOP honoured, find_sent after a crash."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from backend.channels.base import OutboundMessage, PermanentSendError, TransientSendError
from backend.channels.sms import DevLogSmsChannel, SmsNotConfigured, TwilioSmsChannel, get_sms_channel
from backend.config import Settings, get_settings
from backend.db import Actor, transaction
from backend.services.sms_inbound import set_sms_opt_out
from tests.channels.sms.conftest import FROM_NUMBER, PUBLIC_BASE_URL
from tests.peers.twilio.server import MAGIC_INVALID, MAGIC_UNSUBSCRIBED, TwilioPeer
from tests.support.factories import make_customer

TO = "+8801711000201"


def _message(
    body: str = "Seba: Ticket #1234567 e notun uttor esechhe.", to: str = TO, **extra: object
) -> OutboundMessage:
    return OutboundMessage(
        notification_id=uuid.uuid4(),
        idempotency_key=f"reply:{uuid.uuid4()}:sms",
        channel="sms",
        to_address=to,
        body=body,
        purpose="reply_alert",
        extra=dict(extra),
    )


def test_send_posts_twilios_documented_form_to_the_local_peer(twilio_peer: TwilioPeer) -> None:
    channel = get_sms_channel()
    assert isinstance(channel, TwilioSmsChannel)
    body = "সেবা: টিকিট #১২৩৪৫৬৭ এ নতুন উত্তর এসেছে। অ্যাপে দেখুন বা এখানে লিখুন।"
    result = channel.send(_message(body))
    assert twilio_peer.received == [
        {
            "To": TO,
            "From": FROM_NUMBER,
            "Body": body,
            "StatusCallback": f"{PUBLIC_BASE_URL}/api/webhooks/twilio/status",
        }
    ]
    stored = twilio_peer.messages[0]
    assert result.provider == "twilio"
    assert result.provider_id == stored["sid"]
    assert result.provider_id.startswith("SM") and len(result.provider_id) == 34
    assert result.details["encoding"] == "ucs2"
    assert result.details["segments"] == 1
    assert result.details["characters"] == 69
    assert result.details["cost_paisa"] == get_settings().sms_cost_paisa_per_segment_ucs2
    assert result.details["provider_status"] == "queued"
    assert result.details["provider_segments"] == 1


def test_a_long_banglish_text_is_counted_and_costed_before_sending(
    twilio_peer: TwilioPeer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMS_COST_PAISA_PER_SEGMENT_GSM7", "25")
    from backend.config import reset_settings_cache

    reset_settings_cache()
    result = get_sms_channel().send(_message("a" * 300 + "[]"))
    assert (result.details["encoding"], result.details["segments"], result.details["characters"]) == (
        "gsm7",
        2,
        304,
    )
    assert result.details["cost_paisa"] == 50


def test_a_messaging_service_replaces_from(twilio_peer: TwilioPeer) -> None:
    service = "MG" + "ab" * 16
    settings = get_settings().model_copy(update={"twilio_messaging_service_sid": service})
    result = TwilioSmsChannel(settings).send(_message())
    assert twilio_peer.received[0]["MessagingServiceSid"] == service
    assert "From" not in twilio_peer.received[0]
    assert result.details["provider_status"] == "accepted"


@pytest.mark.parametrize(("to", "code"), [(MAGIC_INVALID, "21211"), (MAGIC_UNSUBSCRIBED, "21610")])
def test_twilio_refusals_are_permanent(twilio_peer: TwilioPeer, to: str, code: str) -> None:
    with pytest.raises(PermanentSendError) as refused:
        get_sms_channel().send(_message(to=to))
    assert not refused.value.transient
    assert refused.value.status == 400
    assert f"twilio {code}" in refused.value.reason


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limits_and_outages_are_transient(twilio_peer: TwilioPeer, status: int) -> None:
    twilio_peer.fail_next.append(status)
    with pytest.raises(TransientSendError) as failed:
        get_sms_channel().send(_message())
    assert failed.value.status == status
    assert twilio_peer.messages == []
    # The retry goes through.
    assert get_sms_channel().send(_message()).provider_id == twilio_peer.messages[0]["sid"]


def test_an_unreachable_twilio_is_transient(twilio_peer: TwilioPeer) -> None:
    settings = get_settings().model_copy(update={"twilio_api_base_url": "http://127.0.0.1:9"})
    with pytest.raises(TransientSendError, match="unreachable"):
        TwilioSmsChannel(settings).send(_message())


def test_wrong_credentials_are_refused_by_the_peer(twilio_peer: TwilioPeer) -> None:
    settings = get_settings().model_copy(update={"twilio_auth_token": "not-the-token"})
    with pytest.raises(PermanentSendError, match="twilio 20003"):
        TwilioSmsChannel(settings).send(_message())
    assert twilio_peer.messages == []


def test_an_opted_out_number_is_refused_before_twilio_is_called(twilio_peer: TwilioPeer) -> None:
    customer = make_customer(phone=TO)
    with transaction(Actor.system()) as tx:
        set_sms_opt_out(tx, tx.session.merge(customer), opted_out=True)
    for purpose in ("reply_alert", "otp"):
        message = _message()
        message = OutboundMessage(**{**message.__dict__, "purpose": purpose})
        with pytest.raises(PermanentSendError, match="sms_opted_out"):
            get_sms_channel().send(message)
    with pytest.raises(PermanentSendError, match="sms_opted_out"):
        DevLogSmsChannel().send(_message())
    assert twilio_peer.received == []
    with transaction(Actor.system()) as tx:
        set_sms_opt_out(tx, tx.session.merge(customer), opted_out=False)
    assert get_sms_channel().send(_message()).provider == "twilio"


def test_an_empty_body_is_refused(twilio_peer: TwilioPeer) -> None:
    with pytest.raises(PermanentSendError, match="empty"):
        get_sms_channel().send(_message("  "))
    assert twilio_peer.received == []


def test_find_sent_recovers_a_send_whose_answer_was_lost(twilio_peer: TwilioPeer) -> None:
    """A worker dies after Twilio accepted the message: find_sent finds it, so no second SMS."""
    started = datetime.now(UTC)
    message = _message(attempt_started_at=started.isoformat())
    twilio_peer.drop_next = 1
    with pytest.raises(TransientSendError):
        get_sms_channel().send(message)
    assert len(twilio_peer.messages) == 1  # it did go out
    found = get_sms_channel().find_sent(message)
    assert found is not None
    assert found.provider_id == twilio_peer.messages[0]["sid"]
    assert found.details["provider_status"] == "queued"
    assert found.details["segments"] == 1


def test_find_sent_ignores_other_bodies_numbers_and_older_identical_sms(
    twilio_peer: TwilioPeer,
) -> None:
    channel = get_sms_channel()
    old = _message("Seba: Ticket #7 e notun uttor esechhe.")
    channel.send(old)
    channel.send(_message("something else"))
    channel.send(_message("Seba: Ticket #7 e notun uttor esechhe.", to="+8801811000999"))
    later = _message(
        "Seba: Ticket #7 e notun uttor esechhe.",
        attempt_started_at=(datetime.now(UTC) + timedelta(minutes=5)).isoformat(),
    )
    assert channel.find_sent(later) is None
    assert channel.find_sent(_message("never sent")) is None
    found = channel.find_sent(old)  # no attempt time: the last 24 hours
    assert found is not None and found.provider_id == twilio_peer.messages[0]["sid"]


def test_the_peer_lists_by_date_sent_like_twilio(twilio_peer: TwilioPeer) -> None:
    """DateSent> filters on date_sent, which a queued message does not have yet."""
    from twilio.rest import Client

    settings = get_settings()
    client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
    client.api.base_url = twilio_peer.base_url
    sid = get_sms_channel().send(_message()).provider_id
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert client.messages.list(to=TO, date_sent_after=since) == []
    twilio_peer.advance(sid, "sent")
    assert [m.sid for m in client.messages.list(to=TO, date_sent_after=since)] == [sid]


def test_without_credentials_development_logs_and_production_refuses() -> None:
    assert isinstance(get_sms_channel(Settings()), DevLogSmsChannel)
    production = Settings(
        seba_env="production", secret_key="x" * 40, database_url="sqlite://", redis_url="redis://x"
    )
    with pytest.raises(SmsNotConfigured) as refused:
        get_sms_channel(production)
    assert isinstance(refused.value, PermanentSendError)


def test_the_dev_log_channel_writes_the_body_and_counts_segments(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="seba.dev_sms"):
        result = DevLogSmsChannel().send(_message("Apnar Seba code 123456."))
    assert result.provider == "dev-log"
    assert result.details["segments"] == 1
    assert "DEVELOPMENT SMS (not sent) to +8801711000201: Apnar Seba code 123456." in caplog.text
