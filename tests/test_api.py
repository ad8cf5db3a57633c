"""The HTTP API (FastAPI, as mounted into Reflex) on the real stores, through an in-process client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.api import make_api
from backend.api.limits import DEFAULT_BODY_LIMIT
from backend.db import read_session
from backend.i18n.messages import message
from backend.models import AuthSession, Customer, Message, Ticket
from tests.support.factories import PASSWORD, make_agent, make_customer, next_phone, open_ticket
from tests.support.otp import queued_code

with warnings.catch_warnings():
    # Starlette prefers httpx2 for its test client; httpx is what is installed and works.
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


def _as_reflex_mounts_it() -> FastAPI:
    """The API the way Reflex serves it: its own backend (and the pages) mounted at "" after our routes."""
    api = make_api()

    async def reflex_backend(request: Request) -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>Seba</title>", status_code=200)

    api.mount(
        "",
        Starlette(
            routes=[Route("/{path:path}", reflex_backend, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])]
        ),
    )
    return api


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(_as_reflex_mounts_it()) as test_client:
        yield test_client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _error(response: Any) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "message_bn", "message_en"} <= set(error)
    return error


def _agent_token(client: TestClient, role: str = "agent", **extra: Any) -> str:
    agent = make_agent(role=role, **extra)
    response = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def _customer_token(client: TestClient, phone: str | None = None, device_id: str = "test-device") -> str:
    phone = phone or next_phone()
    asked = client.post("/api/auth/otp/request", json={"phone": phone, "device_id": device_id})
    assert asked.status_code == 202, asked.text
    verified = client.post(
        "/api/auth/otp/verify",
        json={"phone": phone, "code": queued_code(asked.json()["phone"]), "device_id": device_id},
    )
    assert verified.status_code == 200, verified.text
    return str(verified.json()["token"])


def _counts() -> tuple[int, int]:
    with read_session() as session:
        return len(session.exec(select(Ticket)).all()), len(session.exec(select(Message)).all())


# --- health -----------------------------------------------------------------------------------


def test_healthz_reports_the_stores_and_a_missing_worker_as_degraded(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True and body["redis"]["ok"] is True
    assert body["worker"]["ok"] is False
    assert "no worker" in body["worker"]["detail"]
    assert body["status"] == "degraded"


def test_healthz_is_ok_when_a_worker_sends_heartbeats(client: TestClient) -> None:
    from rq import SimpleWorker

    from backend.queue import get_queue
    from backend.redis_store import get_redis

    worker = SimpleWorker([get_queue()], connection=get_redis())
    worker.register_birth()
    try:
        body = client.get("/healthz").json()
        assert body["worker"]["ok"] is True and body["status"] == "ok"
    finally:
        worker.register_death()
    assert client.get("/healthz").json()["status"] == "degraded"


# --- agent sign-in, me, logout ----------------------------------------------------------------


def test_agent_login_returns_a_bearer_token_for_me(client: TestClient) -> None:
    agent = make_agent(email="tania@seba.test", name="Tania Akter", role="supervisor")
    response = client.post("/api/auth/login", json={"email": "TANIA@seba.test", "password": PASSWORD})
    assert response.status_code == 200
    session = response.json()
    assert session["kind"] == "agent" and session["id"] == str(agent.id)
    assert session["name"] == "Tania Akter" and session["role"] == "supervisor"
    me = client.get("/api/auth/me", headers=_bearer(session["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "kind": "agent",
        "id": str(agent.id),
        "name": "Tania Akter",
        "locale": "bn",
        "role": "supervisor",
        "device_id": None,
    }


def test_the_session_cookie_works_like_the_bearer_header(client: TestClient) -> None:
    token = _agent_token(client)
    client.cookies.set("seba_session", token)
    try:
        assert client.get("/api/auth/me").json()["kind"] == "agent"
    finally:
        client.cookies.clear()


def test_me_without_a_token_or_with_a_bad_one_is_401(client: TestClient) -> None:
    assert _error(client.get("/api/auth/me"))["code"] == "auth_required"
    response = client.get("/api/auth/me", headers=_bearer("made-up"))
    assert response.status_code == 401 and _error(response)["code"] == "auth_required"


def test_a_wrong_password_is_401_invalid_credentials(client: TestClient) -> None:
    agent = make_agent()
    response = client.post("/api/auth/login", json={"email": agent.email, "password": "nope-nope-nope"})
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_credentials"


def test_repeated_failures_answer_429_with_retry_after(client: TestClient) -> None:
    from backend.config import get_settings

    agent = make_agent()
    for _ in range(get_settings().login_failures_per_window):
        client.post("/api/auth/login", json={"email": agent.email, "password": "nope-nope-nope"})
    response = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD})
    assert response.status_code == 429
    assert _error(response)["code"] == "too_many_attempts"
    assert int(response.headers["Retry-After"]) > 0


def test_logout_revokes_the_token(client: TestClient) -> None:
    token = _agent_token(client)
    assert client.get("/api/auth/me", headers=_bearer(token)).status_code == 200
    response = client.post("/api/auth/logout", headers=_bearer(token))
    assert response.status_code == 204
    assert client.get("/api/auth/me", headers=_bearer(token)).status_code == 401
    assert client.get("/api/agent/inbox", headers=_bearer(token)).status_code == 401
    assert client.post("/api/auth/logout", headers=_bearer(token)).status_code == 401
    with read_session() as session:
        assert session.exec(select(AuthSession)).one().revoked_at is not None


def test_logout_revokes_only_its_own_session(client: TestClient) -> None:
    agent = make_agent()
    tokens = [
        client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD}).json()["token"]
        for _ in range(2)
    ]
    assert client.post("/api/auth/logout", headers=_bearer(tokens[0])).status_code == 204
    assert client.get("/api/auth/me", headers=_bearer(tokens[0])).status_code == 401
    assert client.get("/api/auth/me", headers=_bearer(tokens[1])).status_code == 200


# --- role guards ------------------------------------------------------------------------------


def test_role_guards(client: TestClient) -> None:
    customer = _customer_token(client)
    agent = _agent_token(client, role="agent")
    supervisor = _agent_token(client, role="supervisor")
    admin = _agent_token(client, role="admin")

    assert client.get("/api/agent/inbox").status_code == 401
    refused = client.get("/api/agent/inbox", headers=_bearer(customer))
    assert refused.status_code == 403 and _error(refused)["code"] == "forbidden_role"
    assert client.get("/api/agent/inbox", headers=_bearer(agent)).status_code == 200

    assert client.get("/api/admin/agents").status_code == 401
    assert client.get("/api/admin/agents", headers=_bearer(customer)).status_code == 403
    assert client.get("/api/admin/agents", headers=_bearer(agent)).status_code == 403
    assert client.get("/api/admin/agents", headers=_bearer(supervisor)).status_code == 403
    listed = client.get("/api/admin/agents", headers=_bearer(admin))
    assert listed.status_code == 200
    assert sorted(a["role"] for a in listed.json()) == ["admin", "agent", "supervisor"]

    # Agents are not customers either.
    assert client.get("/api/customer/tickets", headers=_bearer(agent)).status_code == 403
    assert client.get("/api/customer/tickets").status_code == 401


def test_an_admin_creates_and_disables_an_agent(client: TestClient) -> None:
    admin = _agent_token(client, role="admin")
    created = client.post(
        "/api/admin/agents",
        headers=_bearer(admin),
        json={"email": "New.Agent@seba.test", "name": "Rahim Uddin", "password": "long-enough-pw"},
    )
    assert created.status_code == 201, created.text
    agent = created.json()
    assert agent["email"] == "new.agent@seba.test" and agent["is_active"] is True
    login = client.post(
        "/api/auth/login", json={"email": "new.agent@seba.test", "password": "long-enough-pw"}
    )
    assert login.status_code == 200
    disabled = client.post(
        f"/api/admin/agents/{agent['id']}/active", headers=_bearer(admin), json={"active": False}
    )
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    assert client.get("/api/auth/me", headers=_bearer(login.json()["token"])).status_code == 401
    again = client.post(
        "/api/auth/login", json={"email": "new.agent@seba.test", "password": "long-enough-pw"}
    )
    assert again.status_code == 403 and _error(again)["code"] == "account_disabled"


def test_an_admin_cannot_create_an_agent_with_a_short_password(client: TestClient) -> None:
    admin = _agent_token(client, role="admin")
    response = client.post(
        "/api/admin/agents",
        headers=_bearer(admin),
        json={"email": "short@seba.test", "name": "Short", "password": "short"},
    )
    assert response.status_code == 422 and _error(response)["code"] == "password_too_short"
    assert len(client.get("/api/admin/agents", headers=_bearer(admin)).json()) == 1


# --- customers --------------------------------------------------------------------------------


def test_a_customer_signs_in_with_a_code_and_works_with_tickets(client: TestClient) -> None:
    phone = next_phone()
    local = "0" + phone.removeprefix("+880")
    asked = client.post(
        "/api/auth/otp/request",
        json={"phone": local, "device_id": "pwa-1"},
        headers={"Accept-Language": "en"},
    )
    assert asked.status_code == 202
    assert asked.json() == {"phone": phone, "expires_in": 300}
    verified = client.post(
        "/api/auth/otp/verify",
        json={"phone": local, "code": queued_code(phone)},
        headers={"Accept-Language": "en"},
    )
    assert verified.status_code == 200
    session = verified.json()
    assert session["kind"] == "customer" and session["role"] is None
    auth = _bearer(session["token"])
    me = client.get("/api/auth/me", headers=auth).json()
    assert me["kind"] == "customer" and me["device_id"] == "pwa-1" and me["locale"] == "en"

    created = client.post(
        "/api/customer/tickets",
        headers=auth,
        json={"subject": "পেমেন্ট কেটে নিয়েছে", "body": "bKash e taka kete nise", "order_ref": "ord-77"},
    )
    assert created.status_code == 201, created.text
    detail = created.json()
    ticket_id = detail["ticket"]["id"]
    assert detail["ticket"]["status"] == "new" and detail["ticket"]["number"] == 1
    assert detail["order_ref"] == "ORD-77"
    assert detail["customer"]["phone"] == phone
    assert [m["direction"] for m in detail["messages"]] == ["inbound"]

    listed = client.get("/api/customer/tickets", headers=auth)
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [ticket_id]

    one = client.get(f"/api/customer/tickets/{ticket_id}", headers=auth)
    assert one.status_code == 200 and one.json()["ticket"]["subject"] == "পেমেন্ট কেটে নিয়েছে"

    written = client.post(
        f"/api/customer/tickets/{ticket_id}/messages", headers=auth, json={"body": "TrxID 9FK3"}
    )
    assert written.status_code == 201
    assert written.json()["direction"] == "inbound" and written.json()["body"] == "TrxID 9FK3"
    thread = client.get(f"/api/customer/tickets/{ticket_id}", headers=auth).json()["messages"]
    assert [m["body"] for m in thread] == ["bKash e taka kete nise", "TrxID 9FK3"]
    with read_session() as session:
        assert session.exec(select(Customer.phone)).all() == [phone]


def test_a_customer_cannot_read_or_write_another_customers_ticket(client: TestClient) -> None:
    owner = make_customer()
    ticket_id = open_ticket(owner).ticket.id
    stranger = _bearer(_customer_token(client))
    response = client.get(f"/api/customer/tickets/{ticket_id}", headers=stranger)
    assert response.status_code == 404 and _error(response)["code"] == "ticket_not_found"
    written = client.post(
        f"/api/customer/tickets/{ticket_id}/messages", headers=stranger, json={"body": "hi"}
    )
    assert written.status_code == 404
    assert client.get("/api/customer/tickets", headers=stranger).json() == []
    assert _counts() == (1, 1)


def test_a_rejected_ticket_leaves_no_rows(client: TestClient) -> None:
    auth = _bearer(_customer_token(client))
    for payload, code in (
        ({"subject": "", "body": "কিছু একটা"}, "subject_required"),
        ({"subject": "   ", "body": "কিছু একটা"}, "subject_required"),
        ({"subject": "ঠিক আছে", "body": ""}, "body_required"),
        ({"subject": "ঠিক আছে", "body": "b", "order_ref": "ORD 1; DROP"}, "order_ref_invalid"),
    ):
        response = client.post("/api/customer/tickets", headers=auth, json=payload)
        assert response.status_code == 422, payload
        assert _error(response)["code"] == code
    assert _counts() == (0, 0)


def test_a_wrong_code_over_http_is_422_and_counted(client: TestClient) -> None:
    phone = next_phone()
    client.post("/api/auth/otp/request", json={"phone": phone})
    code = queued_code(phone)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post("/api/auth/otp/verify", json={"phone": phone, "code": wrong})
    assert response.status_code == 422 and _error(response)["code"] == "otp_invalid"
    assert client.post("/api/auth/otp/verify", json={"phone": phone, "code": code}).status_code == 200


def test_an_invalid_phone_over_http_is_422_phone_invalid(client: TestClient) -> None:
    response = client.post("/api/auth/otp/request", json={"phone": "01112345678"})
    assert response.status_code == 422 and _error(response)["code"] == "phone_invalid"


# --- agent console ----------------------------------------------------------------------------


def test_an_agent_replies_notes_and_changes_status(client: TestClient) -> None:
    customer_auth = _bearer(_customer_token(client))
    ticket_id = client.post(
        "/api/customer/tickets", headers=customer_auth, json={"subject": "Wrong size", "body": "XL not M"}
    ).json()["ticket"]["id"]
    agent_auth = _bearer(_agent_token(client, name="Nusrat Jahan"))

    inbox = client.get("/api/agent/inbox", headers=agent_auth, params={"view": "unassigned"})
    assert [t["id"] for t in inbox.json()["tickets"]] == [ticket_id]

    replied = client.post(
        f"/api/agent/tickets/{ticket_id}/reply", headers=agent_auth, json={"body": "Exchange booked."}
    )
    assert replied.status_code == 201
    assert replied.json()["ticket"]["status"] == "open"
    assert replied.json()["ticket"]["assignee_name"] == "Nusrat Jahan"

    noted = client.post(
        f"/api/agent/tickets/{ticket_id}/notes", headers=agent_auth, json={"body": "courier slow today"}
    )
    assert noted.status_code == 201
    assert [m["direction"] for m in noted.json()["messages"]] == ["inbound", "outbound", "note"]

    changed = client.post(
        f"/api/agent/tickets/{ticket_id}/status", headers=agent_auth, json={"status": "pending"}
    )
    assert changed.status_code == 200 and changed.json()["ticket"]["status"] == "pending"

    # The customer sees the reply but never the internal note.
    seen = client.get(f"/api/customer/tickets/{ticket_id}", headers=customer_auth).json()
    assert [m["direction"] for m in seen["messages"]] == ["inbound", "outbound"]
    assert seen["ticket"]["status"] == "pending"
    assert (
        client.get("/api/agent/inbox", headers=agent_auth, params={"view": "mine"}).json()["tickets"][0]["id"]
        == ticket_id
    )


def test_an_invalid_status_transition_is_422_transition_refused(client: TestClient) -> None:
    ticket_id = open_ticket(make_customer()).ticket.id
    auth = _bearer(_agent_token(client))
    assert (
        client.post(
            f"/api/agent/tickets/{ticket_id}/status", headers=auth, json={"status": "closed"}
        ).status_code
        == 200
    )
    refused = client.post(
        f"/api/agent/tickets/{ticket_id}/status",
        headers={**auth, "Accept-Language": "en"},
        json={"status": "open"},
    )
    assert refused.status_code == 422
    error = _error(refused)
    assert error["code"] == "transition_refused"
    assert error["message_en"] == "A ticket cannot go from 'closed' to 'open'."
    unknown = client.post(f"/api/agent/tickets/{ticket_id}/status", headers=auth, json={"status": "done"})
    assert unknown.status_code == 422 and _error(unknown)["code"] == "status_unknown"
    with read_session() as session:
        ticket = session.get(Ticket, ticket_id)
    assert ticket is not None and ticket.status == "closed"


def test_an_unknown_ticket_is_404_for_agents(client: TestClient) -> None:
    auth = _bearer(_agent_token(client))
    missing = "0190a000-0000-7000-8000-000000000000"
    response = client.get(f"/api/agent/tickets/{missing}", headers=auth)
    assert response.status_code == 404 and _error(response)["code"] == "ticket_not_found"
    not_a_uuid = client.get("/api/agent/tickets/not-a-uuid", headers=auth)
    assert not_a_uuid.status_code == 422 and _error(not_a_uuid)["code"] == "invalid_request"


# --- errors: one shape, two languages ---------------------------------------------------------


def test_errors_speak_the_requested_language_and_carry_both(client: TestClient) -> None:
    agent = make_agent()
    wrong = {"email": agent.email, "password": "nope-nope-nope"}
    bn = _error(client.post("/api/auth/login", json=wrong, headers={"Accept-Language": "bn"}))
    en = _error(client.post("/api/auth/login", json=wrong, headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert bn["message"] == message("invalid_credentials", "bn") == "ইমেইল বা পাসওয়ার্ড সঠিক নয়।"
    assert en["message"] == message("invalid_credentials", "en") == "The email or password is not correct."
    for error in (bn, en):
        assert error["message_bn"] == message("invalid_credentials", "bn")
        assert error["message_en"] == message("invalid_credentials", "en")
    # Without a preference the customers' language, Bengali, is used.
    assert _error(client.post("/api/auth/login", json=wrong))["message"] == bn["message"]
    # The locale cookie wins over the header.
    client.cookies.set("seba_locale", "en")
    try:
        cookie = _error(client.post("/api/auth/login", json=wrong, headers={"Accept-Language": "bn"}))
    finally:
        client.cookies.clear()
    assert cookie["message"] == en["message"]


def test_a_signed_in_callers_errors_use_their_own_locale(client: TestClient) -> None:
    auth = _bearer(_agent_token(client, locale="en"))
    ticket_id = open_ticket(make_customer()).ticket.id
    client.post(f"/api/agent/tickets/{ticket_id}/status", headers=auth, json={"status": "closed"})
    error = _error(
        client.post(
            f"/api/agent/tickets/{ticket_id}/status",
            headers={**auth, "Accept-Language": "bn"},
            json={"status": "open"},
        )
    )
    assert error["message"] == error["message_en"]


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "someone@seba.test"},  # missing field
        {"email": ["someone@seba.test"], "password": "x"},  # wrong type
        {"email": "someone@seba.test", "password": 12345},  # wrong type
    ],
)
def test_validation_errors_are_422_invalid_request(client: TestClient, payload: dict[str, Any]) -> None:
    response = client.post("/api/auth/login", json=payload, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid_request"
    assert error["message"].startswith("The request is not valid:")
    assert error["message_bn"].startswith("অনুরোধটি সঠিক নয়:")


def test_a_body_that_is_not_json_is_422_invalid_request(client: TestClient) -> None:
    response = client.post(
        "/api/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and _error(response)["code"] == "invalid_request"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_an_unknown_api_route_is_a_json_404(client: TestClient, method: str) -> None:
    response = client.request(method, "/api/no/such/route", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    error = _error(response)
    assert error["code"] == "route_not_found"
    assert error["message"] == "There is nothing at this address."


def test_a_wrong_method_on_a_known_route_is_a_json_405(client: TestClient) -> None:
    response = client.delete("/api/auth/me")
    assert response.status_code == 405 and _error(response)["code"] == "invalid_request"


def test_paths_outside_the_api_still_reach_the_pages(client: TestClient) -> None:
    response = client.get("/customer/tickets")
    assert response.status_code == 200 and response.text.startswith("<!doctype html>")


def test_a_body_over_256_kb_is_413_and_nothing_is_written(client: TestClient) -> None:
    auth = _bearer(_customer_token(client))
    huge = {"subject": "বড়", "body": "x" * (DEFAULT_BODY_LIMIT + 10)}
    response = client.post("/api/customer/tickets", headers={**auth, "Accept-Language": "en"}, json=huge)
    assert response.status_code == 413
    error = _error(response)
    assert error["code"] == "payload_too_large"
    assert error["message"] == error["message_en"] and str(DEFAULT_BODY_LIMIT) in error["message"]
    assert error["message_bn"] != error["message_en"]
    assert _counts() == (0, 0)


def test_a_streamed_body_over_256_kb_without_a_length_is_413_too(client: TestClient) -> None:
    auth = _bearer(_customer_token(client))

    def chunks() -> Iterator[bytes]:
        yield b'{"subject": "chunked", "body": "'
        for _ in range(DEFAULT_BODY_LIMIT // 8192 + 2):
            yield b"y" * 8192
        yield b'"}'

    response = client.post(
        "/api/customer/tickets",
        headers={**auth, "content-type": "application/json", "Accept-Language": "bn"},
        content=chunks(),
    )
    assert response.status_code == 413
    error = _error(response)
    assert error["code"] == "payload_too_large" and error["message"] == error["message_bn"]
    assert _counts() == (0, 0)


def test_a_body_under_the_limit_is_read_in_full(client: TestClient) -> None:
    auth = _bearer(_customer_token(client))
    padded = {"subject": "ঠিক আছে", "body": "ছোট বার্তা", "padding": "x" * (DEFAULT_BODY_LIMIT - 1024)}
    response = client.post("/api/customer/tickets", headers=auth, json=padded)
    assert response.status_code == 201, response.text
    assert _counts() == (1, 1)


def test_the_api_documents_itself_without_the_catch_all(client: TestClient) -> None:
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/auth/login" in paths and "/api/customer/tickets" in paths
    assert not any("{path}" in p for p in paths)
    assert client.get("/api/docs").status_code == 200
