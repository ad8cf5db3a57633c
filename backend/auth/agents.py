"""Agents and admins sign in with email and password; failures are throttled per account and address."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import select

from backend.auth import throttle
from backend.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from backend.auth.principal import Principal
from backend.auth.sessions import create_session, resolve_session
from backend.config import get_settings
from backend.db import Actor, transaction
from backend.errors import Forbidden, Unauthorized, ValidationFailed
from backend.models import Agent
from backend.models.base import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    token: str
    principal: Principal


def sign_in_agent(*, email: str, password: str, client_ip: str = "", user_agent: str = "") -> SignedIn:
    settings = get_settings()
    email = (email or "").strip().lower()
    if not email or not password:
        raise ValidationFailed("invalid_credentials")
    limit, window = settings.login_failures_per_window, settings.login_window_seconds
    account_key, ip_key = f"login:acct:{email}", f"login:ip:{client_ip}"
    throttle.check(account_key, limit=limit)
    throttle.check(ip_key, limit=limit * 4)
    with transaction(Actor.system()) as tx:
        agent = tx.session.exec(select(Agent).where(Agent.email == email)).first()
        valid = verify_password(agent.password_hash if agent else DUMMY_HASH, password)
        if agent is None or not valid:
            tx.audit("auth.login_failed", "agent", agent.id if agent else email)
        elif not agent.is_active:
            raise Forbidden("account_disabled")
        else:
            if needs_rehash(agent.password_hash):
                agent.password_hash = hash_password(password)
            agent.last_login_at = utcnow()
            tx.session.add(agent)
            tx.actor = Actor.agent(agent.id)
            token = create_session(tx, agent_id=agent.id, user_agent=user_agent)
    if agent is None or not valid:
        throttle.hit(account_key, limit=limit, window_seconds=window)
        throttle.hit(ip_key, limit=limit * 4, window_seconds=window)
        log.info("agent sign-in refused", extra={"client_ip": client_ip})
        raise Unauthorized("invalid_credentials")
    throttle.clear(account_key)
    principal = resolve_session(token)
    assert principal is not None
    log.info("agent signed in", extra={"agent_id": str(agent.id)})
    return SignedIn(token, principal)
