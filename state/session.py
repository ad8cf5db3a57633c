"""Who is signed in on this browser: the session cookie, the device id, and the page guards."""

from __future__ import annotations

import contextlib
from typing import Any

import redis
import reflex as rx

from backend.auth.principal import Principal
from backend.auth.sessions import resolve_session, revoke_session
from backend.db import Actor, transaction
from backend.errors import SebaError
from backend.models.enums import Role
from backend.presence import set_offline
from state.locale import LocaleState

THIRTY_DAYS = 30 * 24 * 3600


class SessionState(LocaleState):
    """Base of every page state: the session token lives in a cookie so it survives restarts."""

    token: str = rx.Cookie("", name="seba_session", max_age=THIRTY_DAYS, same_site="lax")
    kind: str = ""
    display_name: str = ""
    role: str = ""
    error: str = ""

    def _principal(self) -> Principal | None:
        principal = resolve_session(self.token)
        if principal is None:
            self.kind = self.display_name = self.role = ""
        else:
            self.kind, self.display_name, self.role = (
                principal.kind,
                principal.name,
                principal.role or "",
            )
        return principal

    def _error(self, exc: SebaError) -> None:
        self.error = exc.message(self.locale)

    def _agent(self, minimum: Role = Role.agent) -> Principal | None:
        principal = self._principal()
        if principal is None or not principal.has_role(minimum):
            return None
        return principal

    def _turn_away(self) -> Any:
        """Where a page sends someone it refuses: strangers to sign in, signed-in agents without
        the role to /forbidden."""
        return rx.redirect("/agent/login" if self._principal() is None else "/forbidden")

    @rx.event
    def guard_agent(self):
        self.error = ""
        principal = self._principal()
        if principal is None or not principal.is_agent:
            return rx.redirect("/agent/login")
        return None

    @rx.event
    def guard_admin(self):
        self.error = ""
        principal = self._principal()
        if principal is None or not principal.is_agent:
            return rx.redirect("/agent/login")
        if not principal.has_role(Role.admin):
            return rx.redirect("/forbidden")
        return None

    @rx.event
    def sign_out(self):
        principal = self._principal()
        target = "/agent/login" if principal is not None and principal.is_agent else "/login"
        if principal is not None and principal.is_agent:
            with contextlib.suppress(redis.RedisError):
                set_offline(principal.id)  # no new tickets from now; the grace period starts
        if principal is not None and self.token:
            actor = Actor.agent(principal.id) if principal.is_agent else Actor.customer(principal.id)
            with transaction(actor) as tx:
                revoke_session(tx, token=self.token)
        self.token = ""
        self.kind = self.display_name = self.role = ""
        return rx.redirect(target)
