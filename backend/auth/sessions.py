"""Sessions stored in the database (they survive a web restart); tokens are kept only as hashes."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from backend.auth.principal import Principal
from backend.config import get_settings
from backend.db import Tx, get_engine, read_session
from backend.models import Agent, AuthSession, Customer
from backend.models.base import utcnow

_TOUCH_EVERY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(
    tx: Tx,
    *,
    agent_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
    device_id: str | None = None,
    user_agent: str = "",
) -> str:
    """Start a session and return its bearer token (shown once, never stored in clear)."""
    if (agent_id is None) == (customer_id is None):
        raise ValueError("a session belongs to exactly one agent or one customer")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    record = AuthSession(
        token_hash=hash_token(token),
        principal_type="agent" if agent_id else "customer",
        agent_id=agent_id,
        customer_id=customer_id,
        device_id=device_id,
        user_agent=user_agent[:300],
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(days=get_settings().session_days),
    )
    tx.session.add(record)
    tx.session.flush()
    tx.audit("session.created", record.principal_type, agent_id or customer_id, session=record.id)
    return token


def resolve_session(token: str | None) -> Principal | None:
    """The principal behind a bearer token, or None when unknown, expired or revoked."""
    if not token or len(token) > 200:
        return None
    now = utcnow()
    with read_session() as session:
        record = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
        if record is None or record.revoked_at is not None or record.expires_at <= now:
            return None
        principal: Principal | None = None
        if record.agent_id is not None:
            agent = session.get(Agent, record.agent_id)
            if agent is not None and agent.is_active:
                principal = Principal(
                    kind="agent",
                    id=agent.id,
                    session_id=record.id,
                    name=agent.name,
                    locale=agent.locale,
                    role=agent.role,
                )
        elif record.customer_id is not None:
            customer = session.get(Customer, record.customer_id)
            if customer is not None:
                principal = Principal(
                    kind="customer",
                    id=customer.id,
                    session_id=record.id,
                    name=customer.name,
                    locale=customer.locale,
                    device_id=record.device_id,
                )
        last_seen = record.last_seen_at
    if principal is not None and now - last_seen > _TOUCH_EVERY:
        _touch(record.id)
    return principal


def _touch(session_id: uuid.UUID) -> None:
    # A bookkeeping write, not a domain change: no audit event.
    with get_engine().begin() as conn:
        conn.execute(
            sa.update(AuthSession).where(col(AuthSession.id) == session_id).values(last_seen_at=utcnow())
        )


def revoke_session(tx: Tx, *, token: str) -> bool:
    record = tx.session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if record is None or record.revoked_at is not None:
        return False
    record.revoked_at = utcnow()
    tx.session.add(record)
    tx.audit("session.revoked", record.principal_type, record.agent_id or record.customer_id)
    return True
