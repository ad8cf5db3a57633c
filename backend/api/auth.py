"""Sign-in routes: agents by password, customers by one-time code; sign-out; who am I."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from backend.api.deps import bearer_token, client_ip, current_principal, request_locale
from backend.auth import agents as agent_auth
from backend.auth import otp
from backend.auth.principal import Principal
from backend.auth.sessions import revoke_session
from backend.db import Actor, transaction
from backend.errors import Unauthorized

router = APIRouter(prefix="/api/auth", tags=["auth"])


class AgentLogin(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=200)


class CodeRequest(BaseModel):
    phone: str = Field(min_length=10, max_length=20)
    device_id: str | None = Field(default=None, max_length=64)


class CodeVerify(BaseModel):
    phone: str = Field(min_length=10, max_length=20)
    code: str = Field(min_length=1, max_length=12)
    device_id: str | None = Field(default=None, max_length=64)


class SessionOut(BaseModel):
    token: str
    kind: str
    id: str
    name: str
    role: str | None = None


class Me(BaseModel):
    kind: str
    id: str
    name: str
    locale: str
    role: str | None = None
    device_id: str | None = None


def _session_out(token: str, principal: Principal) -> SessionOut:
    return SessionOut(
        token=token,
        kind=principal.kind,
        id=str(principal.id),
        name=principal.name,
        role=principal.role,
    )


@router.post("/login", response_model=SessionOut)
async def agent_login(body: AgentLogin, request: Request) -> SessionOut:
    signed = await run_in_threadpool(
        agent_auth.sign_in_agent,
        email=body.email,
        password=body.password,
        client_ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    return _session_out(signed.token, signed.principal)


@router.post("/otp/request", status_code=202)
async def request_code(body: CodeRequest, request: Request) -> dict[str, object]:
    result = await run_in_threadpool(
        otp.request_code,
        phone=body.phone,
        device_id=body.device_id,
        locale=request_locale(request),
        client_ip=client_ip(request),
    )
    return {"phone": result.phone, "expires_in": result.expires_in}


@router.post("/otp/verify", response_model=SessionOut)
async def verify_code(body: CodeVerify, request: Request) -> SessionOut:
    signed = await run_in_threadpool(
        otp.verify_code,
        phone=body.phone,
        code=body.code,
        device_id=body.device_id,
        locale=request_locale(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    return _session_out(signed.token, signed.principal)


@router.post("/logout", status_code=204)
async def logout(request: Request, principal: Principal | None = Depends(current_principal)) -> None:
    token = bearer_token(request)
    if principal is None or token is None:
        raise Unauthorized("auth_required")

    def revoke() -> None:
        actor = Actor.agent(principal.id) if principal.is_agent else Actor.customer(principal.id)
        with transaction(actor) as tx:
            revoke_session(tx, token=token)

    await run_in_threadpool(revoke)


@router.get("/me", response_model=Me)
async def me(principal: Principal | None = Depends(current_principal)) -> Me:
    if principal is None:
        raise Unauthorized("auth_required")
    return Me(
        kind=principal.kind,
        id=str(principal.id),
        name=principal.name,
        locale=principal.locale,
        role=principal.role,
        device_id=principal.device_id,
    )
