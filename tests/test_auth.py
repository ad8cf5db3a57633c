"""Sign-in on the real stores: agent passwords with throttling, sessions, customers' one-time codes."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from backend.auth import otp
from backend.auth.agents import sign_in_agent
from backend.auth.sessions import hash_token, resolve_session, revoke_session
from backend.config import get_settings
from backend.db import Actor, dispose_engines, get_engine, read_session, transaction
from backend.errors import Forbidden, TooManyRequests, Unauthorized, ValidationFailed
from backend.models import AuditEvent, AuthSession, Customer, Notification, OtpChallenge
from backend.models.base import utcnow
from backend.queue import QueueName, get_queue
from backend.redis_store import get_redis, reset_redis_clients
from backend.services import agents as agent_service
from tests.support.factories import PASSWORD, make_agent, make_customer, next_phone
from tests.support.jobs import run_queued_jobs
from tests.support.otp import queued_code

BENGALI_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


def _local(e164: str) -> str:
    """+8801712345678 -> 01712345678, the way people type their number."""
    return "0" + e164.removeprefix("+880")


def _audit_actions() -> list[str]:
    with read_session() as session:
        return [a.action for a in session.exec(select(AuditEvent).order_by(col(AuditEvent.created_at)))]


def _challenges(phone: str) -> list[OtpChallenge]:
    with read_session() as session:
        return list(session.exec(select(OtpChallenge).where(OtpChallenge.phone == phone)))


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


# --- agents: password sign-in ---------------------------------------------------------------


def test_agent_sign_in_opens_a_session_that_resolves_to_the_agent() -> None:
    agent = make_agent(email="nusrat@seba.test", role="supervisor")
    signed = sign_in_agent(email="  Nusrat@Seba.TEST ", password=PASSWORD, client_ip="10.0.0.1")
    assert signed.principal.kind == "agent" and signed.principal.id == agent.id
    assert signed.principal.role == "supervisor"
    resolved = resolve_session(signed.token)
    assert resolved is not None
    assert resolved.id == agent.id and resolved.session_id == signed.principal.session_id
    with read_session() as session:
        stored = session.exec(select(AuthSession)).all()
        refreshed = session.get(type(agent), agent.id)
    # Only the hash of the token is stored.
    assert [s.token_hash for s in stored] == [hash_token(signed.token)]
    assert signed.token not in stored[0].token_hash
    assert refreshed is not None and refreshed.last_login_at is not None
    assert "session.created" in _audit_actions()


@pytest.mark.parametrize("email", ["nusrat@seba.test", "nobody@seba.test"])
def test_wrong_password_and_unknown_email_are_refused_alike(email: str) -> None:
    make_agent(email="nusrat@seba.test")
    with pytest.raises(Unauthorized) as refused:
        sign_in_agent(email=email, password="not-the-password", client_ip="10.0.0.2")
    assert refused.value.code == "invalid_credentials"
    assert refused.value.status == 401
    with read_session() as session:
        assert session.exec(select(AuthSession)).all() == []
    assert "auth.login_failed" in _audit_actions()


def test_empty_credentials_are_refused_without_a_lookup() -> None:
    with pytest.raises(ValidationFailed) as refused:
        sign_in_agent(email="", password="")
    assert refused.value.code == "invalid_credentials"


def test_a_disabled_agent_cannot_sign_in_even_with_the_right_password() -> None:
    agent = make_agent(email="gone@seba.test")
    with transaction(Actor.system()) as tx:
        agent_service.set_agent_active(tx, agent_id=agent.id, active=False)
    with pytest.raises(Forbidden) as refused:
        sign_in_agent(email="gone@seba.test", password=PASSWORD)
    assert refused.value.code == "account_disabled"
    with read_session() as session:
        assert session.exec(select(AuthSession)).all() == []


def test_a_disabled_agents_existing_session_stops_resolving() -> None:
    agent = make_agent()
    token = sign_in_agent(email=agent.email, password=PASSWORD).token
    with transaction(Actor.system()) as tx:
        agent_service.set_agent_active(tx, agent_id=agent.id, active=False)
    assert resolve_session(token) is None


def test_too_many_failures_lock_the_account_even_for_the_right_password() -> None:
    agent = make_agent(email="target@seba.test")
    limit = get_settings().login_failures_per_window
    for _ in range(limit):
        with pytest.raises(Unauthorized):
            sign_in_agent(email=agent.email, password="guess-guess-guess", client_ip="10.0.0.3")
    with pytest.raises(TooManyRequests) as throttled:
        sign_in_agent(email=agent.email, password=PASSWORD, client_ip="10.0.0.4")
    assert throttled.value.code == "too_many_attempts"
    assert 0 < throttled.value.retry_after <= get_settings().login_window_seconds
    assert str(throttled.value.retry_after) in throttled.value.message("en")
    with read_session() as session:
        assert session.exec(select(AuthSession)).all() == []
    # Another account is not locked by this one's failures.
    other = make_agent(email="other@seba.test")
    assert sign_in_agent(email=other.email, password=PASSWORD, client_ip="10.0.0.5").principal.id == other.id


def test_a_successful_sign_in_clears_the_account_failure_counter() -> None:
    agent = make_agent()
    limit = get_settings().login_failures_per_window
    for _ in range(limit - 1):
        with pytest.raises(Unauthorized):
            sign_in_agent(email=agent.email, password="wrong-wrong-wrong", client_ip="10.0.1.1")
    assert get_redis().get(f"seba:throttle:login:acct:{agent.email}") == str(limit - 1).encode()
    sign_in_agent(email=agent.email, password=PASSWORD, client_ip="10.0.1.1")
    assert get_redis().get(f"seba:throttle:login:acct:{agent.email}") is None
    # A fresh window: the same number of failures again is still not a lock-out.
    for _ in range(limit - 1):
        with pytest.raises(Unauthorized):
            sign_in_agent(email=agent.email, password="wrong-wrong-wrong", client_ip="10.0.1.2")
    assert sign_in_agent(email=agent.email, password=PASSWORD, client_ip="10.0.1.2").token


def test_failures_from_one_address_across_accounts_are_throttled() -> None:
    limit = get_settings().login_failures_per_window
    ip_limit = limit * 4
    # Spread over accounts so that no single account reaches its own limit.
    emails = [f"spray-{i}@seba.test" for i in range(ip_limit // (limit - 1) + 1)]
    failures = 0
    for email in emails:
        for _ in range(limit - 1):
            if failures == ip_limit:
                break
            with pytest.raises(Unauthorized):
                sign_in_agent(email=email, password="spray-spray-spray", client_ip="203.0.113.9")
            failures += 1
    agent = make_agent(email="victim@seba.test")
    with pytest.raises(TooManyRequests):
        sign_in_agent(email=agent.email, password=PASSWORD, client_ip="203.0.113.9")
    # The same person from another address is fine.
    assert sign_in_agent(email=agent.email, password=PASSWORD, client_ip="198.51.100.7").token


# --- sessions ---------------------------------------------------------------------------------


def test_unknown_or_absurd_tokens_resolve_to_nobody() -> None:
    assert resolve_session(None) is None
    assert resolve_session("") is None
    assert resolve_session("not-a-token") is None
    assert resolve_session("x" * 500) is None


def test_a_revoked_session_resolves_to_nobody() -> None:
    agent = make_agent()
    token = sign_in_agent(email=agent.email, password=PASSWORD).token
    with transaction(Actor.agent(agent.id)) as tx:
        assert revoke_session(tx, token=token) is True
    assert resolve_session(token) is None
    with transaction(Actor.agent(agent.id)) as tx:
        assert revoke_session(tx, token=token) is False  # revoking twice changes nothing
    assert _audit_actions().count("session.revoked") == 1


def test_an_expired_session_resolves_to_nobody() -> None:
    agent = make_agent()
    token = sign_in_agent(email=agent.email, password=PASSWORD).token
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(AuthSession)
            .where(col(AuthSession.token_hash) == hash_token(token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert resolve_session(token) is None


def test_sessions_live_in_the_database_and_survive_a_web_restart() -> None:
    agent = make_agent()
    customer_phone = next_phone()
    agent_token = sign_in_agent(email=agent.email, password=PASSWORD).token
    otp.request_code(phone=customer_phone, device_id="phone-1")
    customer_token = otp.verify_code(
        phone=customer_phone, code=queued_code(customer_phone), device_id="phone-1"
    ).token
    # What a restarted web process has: no pooled connections, no Redis clients, nothing in memory.
    dispose_engines()
    reset_redis_clients()
    get_redis().flushdb()
    agent_principal = resolve_session(agent_token)
    customer_principal = resolve_session(customer_token)
    assert agent_principal is not None and agent_principal.id == agent.id
    assert customer_principal is not None and customer_principal.device_id == "phone-1"


def test_a_session_is_touched_when_used_after_a_while() -> None:
    agent = make_agent()
    token = sign_in_agent(email=agent.email, password=PASSWORD).token
    long_ago = utcnow() - timedelta(hours=1)
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(AuthSession)
            .where(col(AuthSession.token_hash) == hash_token(token))
            .values(last_seen_at=long_ago)
        )
    assert resolve_session(token) is not None
    with read_session() as session:
        record = session.exec(select(AuthSession)).one()
    assert record.last_seen_at > long_ago + timedelta(minutes=59)


# --- customers: one-time codes -----------------------------------------------------------------


def test_requesting_a_code_writes_a_challenge_and_queues_its_sms_on_the_high_queue() -> None:
    phone = next_phone()
    requested = otp.request_code(phone=_local(phone), device_id="dev-123", locale="en")
    assert requested.phone == phone
    assert requested.expires_in == get_settings().otp_ttl_seconds
    [challenge] = _challenges(phone)
    assert str(challenge.id) == requested.challenge_id
    assert challenge.device_id == "dev-123" and challenge.attempts == 0 and challenge.consumed_at is None
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=get_settings().otp_ttl_seconds)
    with read_session() as session:
        [notification] = session.exec(select(Notification)).all()
    assert notification.purpose == "otp" and notification.channel == "sms"
    assert notification.status == "queued" and notification.to_address == phone
    assert notification.idempotency_key == f"otp:{challenge.id}"
    assert "Seba code" in notification.body  # the requested locale
    high = get_queue(QueueName.high)
    assert high.job_ids == [f"deliver-{notification.id}"]
    job = high.fetch_job(f"deliver-{notification.id}")
    assert job is not None and job.func_name == "workers.jobs.notifications.deliver_notification"
    assert job.args == (str(notification.id),)
    assert "auth.code_requested" in _audit_actions()


def test_the_code_is_stored_only_as_a_keyed_hash() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    code = queued_code(phone)
    [challenge] = _challenges(phone)
    expected = hmac.new(get_settings().secret_key.encode(), f"{phone}:{code}".encode(), hashlib.sha256)
    assert challenge.code_hash == expected.hexdigest()
    assert code not in challenge.code_hash
    # Not a plain (unkeyed) hash either: knowing the phone is not enough to brute-force 10^6 codes.
    assert challenge.code_hash != hashlib.sha256(f"{phone}:{code}".encode()).hexdigest()
    # Once the SMS has gone, no row anywhere holds the six digits.
    run_queued_jobs()
    with get_engine().connect() as conn:
        for table in ("otp_challenge", "notification", "audit_event", "customer", "auth_session"):
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                assert all(code not in str(value) for value in row), (table, row)


def test_the_right_code_creates_the_customer_and_a_session_bound_to_the_device() -> None:
    phone = next_phone()
    otp.request_code(phone=f"+88 {_local(phone)[:5]}-{_local(phone)[5:]}", device_id="pwa-device-7")
    code = queued_code(phone)
    signed = otp.verify_code(phone=_local(phone), code=code, device_id="pwa-device-7", locale="en")
    assert signed.new_customer is True
    assert signed.principal.kind == "customer" and signed.principal.device_id == "pwa-device-7"
    with read_session() as session:
        customer = session.exec(select(Customer)).one()
        record = session.exec(select(AuthSession)).one()
        challenge = session.exec(select(OtpChallenge)).one()
    assert customer.phone == phone and customer.locale == "en"
    assert signed.principal.id == customer.id
    assert record.customer_id == customer.id and record.device_id == "pwa-device-7"
    assert record.principal_type == "customer" and record.agent_id is None
    assert challenge.consumed_at is not None
    resolved = resolve_session(signed.token)
    assert resolved is not None and resolved.id == customer.id and resolved.device_id == "pwa-device-7"


def test_the_device_from_the_request_is_used_when_verify_names_none() -> None:
    phone = next_phone()
    otp.request_code(phone=phone, device_id="asked-from-here")
    signed = otp.verify_code(phone=phone, code=queued_code(phone))
    assert signed.principal.device_id == "asked-from-here"


def test_an_existing_customer_signs_in_without_a_duplicate() -> None:
    customer = make_customer(name="রহিম")
    assert customer.phone is not None
    otp.request_code(phone=customer.phone)
    signed = otp.verify_code(phone=customer.phone, code=queued_code(customer.phone))
    assert signed.new_customer is False and signed.principal.id == customer.id
    assert signed.principal.name == "রহিম"
    with read_session() as session:
        assert len(session.exec(select(Customer)).all()) == 1


def test_a_wrong_code_is_refused_and_the_attempt_is_counted() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    code = queued_code(phone)
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone=phone, code=_wrong(code))
    assert refused.value.code == "otp_invalid"
    # The counter survived the error that followed the commit.
    [challenge] = _challenges(phone)
    assert challenge.attempts == 1 and challenge.consumed_at is None
    assert "auth.code_refused" in _audit_actions()
    with read_session() as session:
        assert session.exec(select(Customer)).all() == []
        assert session.exec(select(AuthSession)).all() == []
    # The right code still works after one mistake.
    assert otp.verify_code(phone=phone, code=code).new_customer


def test_after_too_many_wrong_codes_even_the_right_one_is_refused() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    code = queued_code(phone)
    max_attempts = get_settings().otp_max_attempts
    for _ in range(max_attempts):
        with pytest.raises(ValidationFailed) as refused:
            otp.verify_code(phone=phone, code=_wrong(code))
        assert refused.value.code == "otp_invalid"
    with pytest.raises(ValidationFailed) as locked:
        otp.verify_code(phone=phone, code=code)
    assert locked.value.code == "otp_expired"
    assert _challenges(phone)[0].attempts == max_attempts
    with read_session() as session:
        assert session.exec(select(Customer)).all() == []


def test_an_expired_code_is_refused() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    code = queued_code(phone)
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(OtpChallenge)
            .where(col(OtpChallenge.phone) == phone)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone=phone, code=code)
    assert refused.value.code == "otp_expired"
    with read_session() as session:
        assert session.exec(select(AuthSession)).all() == []


def test_a_code_works_only_once() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    code = queued_code(phone)
    otp.verify_code(phone=phone, code=code)
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone=phone, code=code)
    assert refused.value.code == "otp_expired"
    with read_session() as session:
        assert len(session.exec(select(AuthSession)).all()) == 1


def test_only_the_newest_code_counts() -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    first = queued_code(phone)
    otp.request_code(phone=phone)
    second = queued_code(phone)
    if first != second:
        with pytest.raises(ValidationFailed) as refused:
            otp.verify_code(phone=phone, code=first)
        assert refused.value.code == "otp_invalid"
    assert otp.verify_code(phone=phone, code=second).principal.kind == "customer"


def test_codes_typed_in_bengali_digits_are_accepted() -> None:
    phone = next_phone()
    otp.request_code(phone=_local(phone).translate(BENGALI_DIGITS))
    code = queued_code(phone)
    signed = otp.verify_code(
        phone=_local(phone).translate(BENGALI_DIGITS), code=f" {code.translate(BENGALI_DIGITS)} "
    )
    assert signed.new_customer
    with read_session() as session:
        assert session.exec(select(Customer.phone)).all() == [phone]


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", "", "১২৩৪৫"])
def test_a_code_that_is_not_six_digits_is_refused_without_counting(code: str) -> None:
    phone = next_phone()
    otp.request_code(phone=phone)
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone=phone, code=code)
    assert refused.value.code == "otp_format"
    assert _challenges(phone)[0].attempts == 0


def test_verifying_without_having_asked_for_a_code_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone=next_phone(), code="123456")
    assert refused.value.code == "otp_expired"


def test_too_many_code_requests_for_one_number_are_throttled() -> None:
    phone = next_phone()
    allowed = get_settings().otp_requests_per_window
    for _ in range(allowed):
        otp.request_code(phone=phone)
    with pytest.raises(TooManyRequests) as throttled:
        otp.request_code(phone=phone)
    assert throttled.value.code == "too_many_attempts"
    assert throttled.value.retry_after > 0
    assert len(_challenges(phone)) == allowed
    with read_session() as session:
        assert len(session.exec(select(Notification)).all()) == allowed
    assert get_queue(QueueName.high).count == allowed
    # Another number is not affected.
    otp.request_code(phone=next_phone())


@pytest.mark.parametrize("phone", ["12345", "01112345678", "+14155550123", "০১২৩", "", "abcdefghijk"])
def test_an_invalid_phone_is_refused_and_nothing_is_written(phone: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        otp.request_code(phone=phone, device_id="d", client_ip="10.9.9.9")
    assert refused.value.code == "phone_invalid"
    assert refused.value.message("bn") != refused.value.message("en")
    with read_session() as session:
        assert session.exec(select(OtpChallenge)).all() == []
        assert session.exec(select(Notification)).all() == []
    assert set(_audit_actions()) <= {"organisation.created", "inbox.created"}
    assert get_queue(QueueName.high).count == 0
    assert get_redis().keys("seba:throttle:*") == []


def test_an_invalid_phone_on_verify_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        otp.verify_code(phone="0123", code="123456")
    assert refused.value.code == "phone_invalid"


def test_a_customer_session_id_is_a_uuid_and_distinct_per_sign_in() -> None:
    phone = next_phone()
    sessions = set()
    for device in ("a", "b"):
        otp.request_code(phone=phone, device_id=device)
        signed = otp.verify_code(phone=phone, code=queued_code(phone), device_id=device)
        assert isinstance(signed.principal.session_id, uuid.UUID)
        sessions.add(signed.principal.session_id)
    assert len(sessions) == 2
