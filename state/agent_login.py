"""Agent and admin sign-in with email and password."""

from __future__ import annotations

import reflex as rx

from backend.auth.agents import sign_in_agent
from backend.errors import SebaError
from state.session import SessionState


class AgentLoginState(SessionState):
    email: str = ""

    @rx.event
    def start(self):
        self.error = ""
        principal = self._principal()
        if principal is not None and principal.is_agent:
            return rx.redirect("/agent")
        return None

    @rx.event
    def sign_in(self, form: dict):
        self.error = ""
        self.email = form.get("email", "")
        ip = self.router.session.client_ip
        try:
            signed = sign_in_agent(
                email=self.email,
                password=form.get("password", ""),
                client_ip=ip,
                user_agent=self.router.headers.user_agent,
            )
        except SebaError as exc:
            self._error(exc)
            return None
        self.token = signed.token
        self._principal()
        return rx.redirect("/admin/agents" if signed.principal.role == "admin" else "/agent")
