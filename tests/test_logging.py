"""JSON log lines that never carry passwords, one-time codes, tokens or card numbers."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from backend.channels.sms.gateway import DevLogSmsGateway
from backend.i18n.messages import message
from backend.logging_setup import JsonFormatter, redact_text
from tests.support.environment import production_settings

pytestmark = pytest.mark.no_stores

Capture = Callable[[str], "Lines"]


class Lines:
    """What one logger wrote, through the real formatter, one JSON document per line."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.raw.splitlines()]

    def last(self) -> dict[str, Any]:
        return self.all()[-1]


@pytest.fixture
def capture() -> Iterator[Capture]:
    attached: list[tuple[logging.Logger, logging.Handler, int, bool]] = []

    def start(name: str) -> Lines:
        logger = logging.getLogger(name)
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        attached.append((logger, handler, logger.level, logger.propagate))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return Lines(stream)

    yield start
    for logger, handler, level, propagate in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def test_every_line_is_one_json_document_with_the_basics(capture: Capture) -> None:
    lines = capture("seba.test.basics")
    log = logging.getLogger("seba.test.basics")
    log.info("ticket %s opened by %s", 42, "আয়েশা", extra={"ticket_id": "t-1", "count": 3})
    log.warning('quotes " and \\ backslashes\nand a newline')
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("it failed")
    assert len(lines.raw.splitlines()) == 3  # one physical line each, even with a newline inside
    first, second, third = lines.all()
    assert first["msg"] == "ticket 42 opened by আয়েশা" and "আয়েশা" in lines.raw  # not \\u-escaped
    assert first["level"] == "info" and first["logger"] == "seba.test.basics"
    assert first["ticket_id"] == "t-1" and first["count"] == 3
    assert first["ts"].endswith("+00:00")
    assert second["msg"] == 'quotes " and \\ backslashes\nand a newline'
    assert third["level"] == "error" and "ValueError: boom" in third["exc"]


def test_values_of_sensitive_keys_are_redacted(capture: Capture) -> None:
    lines = capture("seba.test.keys")
    secrets = {
        "password": "hunter2-hunter2",
        "new_password": "correct-horse",
        "otp": "123456",
        "code": "654321",
        "token": "tok_abcdef0123456789",
        "session_token": "s3cr3t-session",
        "authorization": "Bearer abc.def.ghi",
        "cookie": "seba_session=zzz",
        "secret_key": "k" * 40,
        "pin": "4321",
    }
    logging.getLogger("seba.test.keys").info("signing in", extra={**secrets, "agent_id": "a-1"})
    entry = lines.last()
    for key, value in secrets.items():
        assert entry[key] == "[redacted]", key
        assert value not in lines.raw, key
    assert entry["agent_id"] == "a-1"


def test_sensitive_keys_inside_a_dict_are_redacted_too(capture: Capture) -> None:
    lines = capture("seba.test.nested")
    logging.getLogger("seba.test.nested").info(
        "webhook", extra={"payload": {"From": "+8801711000000", "auth_token": "twilio-secret", "Body": "hi"}}
    )
    payload = lines.last()["payload"]
    assert payload["auth_token"] == "[redacted]" and payload["Body"] == "hi"
    assert "twilio-secret" not in lines.raw


@pytest.mark.parametrize(
    "card",
    ["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500 0000 0000 0004"],
)
def test_card_numbers_in_messages_are_masked_keeping_the_last_four(capture: Capture, card: str) -> None:
    lines = capture("seba.test.cards")
    logging.getLogger("seba.test.cards").info(
        "customer pasted %s in chat", card, extra={"note": f"card {card}"}
    )
    entry = lines.last()
    last4 = card[-4:]
    assert entry["msg"] == f"customer pasted [card ****{last4}] in chat"
    assert entry["note"] == f"card [card ****{last4}]"
    digits = card.replace(" ", "").replace("-", "")
    assert digits not in lines.raw and card not in lines.raw
    assert digits[:12] not in lines.raw.replace(" ", "").replace("-", "")


def test_short_numbers_are_not_mistaken_for_cards() -> None:
    assert redact_text("order ORD-240117 for 1250 taka, TrxID 9FK3LQ2ZP1") == (
        "order ORD-240117 for 1250 taka, TrxID 9FK3LQ2ZP1"
    )


@pytest.mark.parametrize(
    ("text", "secret", "expected"),
    [
        ("customer typed code 123456 twice", "123456", "customer typed code [redacted] twice"),
        ("password: hunter2", "hunter2", "password: [redacted]"),
        ("Password=hunter2 was wrong", "hunter2", "Password=[redacted] was wrong"),
        ("your OTP is 987654", "987654", "your OTP is [redacted]"),
        ("token abc.def.ghi expired", "abc.def.ghi", "token [redacted] expired"),
        ("পাসওয়ার্ড: hunter2 দিয়েছে", "hunter2", "পাসওয়ার্ড: [redacted] দিয়েছে"),
        ("গ্রাহকের ওটিপি ১২৩৪৫৬ এসেছে", "১২৩৪৫৬", "গ্রাহকের ওটিপি [redacted] এসেছে"),
        (
            "Your Seba code is 246810. Do not share it.",
            "246810",
            "Your Seba code is [redacted] Do not share it.",
        ),
    ],
)
def test_secrets_written_in_free_text_are_redacted(
    capture: Capture, text: str, secret: str, expected: str
) -> None:
    lines = capture("seba.test.inline")
    logging.getLogger("seba.test.inline").warning(text)
    assert lines.last()["msg"] == expected
    assert secret not in lines.raw


def test_a_bengali_code_sms_is_redacted_outside_the_dev_sms_log(capture: Capture) -> None:
    lines = capture("seba.test.bengali")
    body = message("otp_sms", "bn", code="135790", minutes=5)
    logging.getLogger("seba.test.bengali").info("sending %s", body)
    assert "135790" not in lines.raw
    assert "কোড" in lines.last()["msg"]


def test_exceptions_are_redacted(capture: Capture) -> None:
    lines = capture("seba.test.exc")
    try:
        raise RuntimeError("login failed, password: hunter2, card 4111 1111 1111 1111")
    except RuntimeError:
        logging.getLogger("seba.test.exc").exception("unexpected")
    assert "hunter2" not in lines.raw and "4111 1111" not in lines.raw
    assert "[card ****1111]" in lines.last()["exc"]


def _send_dev_sms(code: str, locale: str) -> None:
    DevLogSmsGateway().send(
        to="+8801711000001", body=message("otp_sms", locale, code=code, minutes=5), idempotency_key="otp:x"
    )


@pytest.mark.parametrize("locale", ["bn", "en"])
def test_the_dev_sms_log_shows_the_code_in_development(capture: Capture, locale: str) -> None:
    lines = capture("seba.dev_sms")
    _send_dev_sms("314159", locale)
    entry = lines.last()
    assert entry["logger"] == "seba.dev_sms"
    assert entry["msg"] == (
        "DEVELOPMENT SMS (not sent) to +8801711000001: "
        + message("otp_sms", locale, code="314159", minutes=5)
    )


@pytest.mark.parametrize("locale", ["bn", "en"])
def test_the_dev_sms_log_is_redacted_in_production(
    capture: Capture, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    lines = capture("seba.dev_sms")
    with production_settings(monkeypatch):
        _send_dev_sms("271828", locale)
    entry = lines.last()
    assert "271828" not in lines.raw
    assert entry["msg"].startswith("DEVELOPMENT SMS (not sent) to ")


def test_another_logger_cannot_borrow_the_dev_sms_exemption(capture: Capture) -> None:
    lines = capture("seba.dev_sms_not")
    logging.getLogger("seba.dev_sms_not").warning("code 161803")
    assert "161803" not in lines.raw


def test_bangladeshi_mobile_numbers_are_not_mistaken_for_cards() -> None:
    assert redact_text("sms from +8801711000001 and 8801911234567") == (
        "sms from +8801711000001 and 8801911234567"
    )


@pytest.mark.parametrize(
    ("key", "redacted"),
    [
        ("auth_token", True),
        ("password", True),
        ("otp", True),
        ("code", True),
        ("pin", True),
        ("status_code", False),
        ("shipping", False),
        ("opinion", False),
        ("error_code", False),
    ],
)
def test_secret_keys_are_matched_on_whole_words(key: str, redacted: bool) -> None:
    from backend.logging_setup import redact_value

    assert (redact_value(key, "value") == "[redacted]") is redacted
