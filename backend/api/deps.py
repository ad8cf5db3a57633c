"""Request dependencies: who is calling (bearer token or session cookie), in which language."""

from __future__ import annotations

from fastapi import Depends, Request

from backend.auth.principal import Principal, require_agent, require_customer
from backend.auth.sessions import resolve_session
from backend.i18n.messages import locale_from_accept_language, normalise_locale
from backend.models.enums import Role

SESSION_COOKIE = "seba_session"
LOCALE_COOKIE = "seba_locale"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE) or None


def request_locale(request: Request) -> str:
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie:
        return normalise_locale(cookie)
    return locale_from_accept_language(request.headers.get("accept-language"))


def current_principal(request: Request) -> Principal | None:
    principal = getattr(request.state, "principal", None)
    if principal is None:
        principal = resolve_session(bearer_token(request))
        request.state.principal = principal
    return principal


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def customer(principal: Principal | None = Depends(current_principal)) -> Principal:
    return require_customer(principal)


def agent(principal: Principal | None = Depends(current_principal)) -> Principal:
    return require_agent(principal, Role.agent)


def supervisor(principal: Principal | None = Depends(current_principal)) -> Principal:
    return require_agent(principal, Role.supervisor)


def admin(principal: Principal | None = Depends(current_principal)) -> Principal:
    return require_agent(principal, Role.admin)
