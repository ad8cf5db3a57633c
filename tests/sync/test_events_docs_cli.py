"""The poke stream (server-sent events), the offline API description and `seba dev customer-token`."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from sqlmodel import select

from app.api import make_api
from backend import logging_setup
from backend.auth.sessions import resolve_session
from backend.cli.main import cli
from backend.config import reset_settings_cache
from backend.db import read_session
from backend.models import Customer
from backend.realtime import poke_customer
from tests.support.async_runner import run_async
from tests.support.environment import production_settings
from tests.support.sync_client import SyncCustomer


async def _open_stream(
    app: Any, query: bytes, cookie: str | None = None
) -> tuple[asyncio.Task[None], list[dict[str, Any]], asyncio.Event]:
    sent: list[dict[str, Any]] = []
    disconnect = asyncio.Event()

    async def receive() -> dict[str, Any]:
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"host", b"test")]
    if cookie:
        headers.append((b"cookie", f"seba_session={cookie}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/api/sync/events",
        "raw_path": b"/api/sync/events",
        "query_string": query,
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("test", 80),
        "root_path": "",
    }
    task = asyncio.create_task(app(scope, receive, send))
    return task, sent, disconnect


def _body(sent: list[dict[str, Any]]) -> str:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()


async def _until(predicate: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.fixture
def quick_heartbeat(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SYNC_HEARTBEAT_SECONDS", "0.3")
    reset_settings_cache()
    yield
    monkeypatch.delenv("SYNC_HEARTBEAT_SECONDS")
    reset_settings_cache()


def test_the_event_stream_pokes_beats_and_ends_on_disconnect(
    customer: SyncCustomer, quick_heartbeat: None
) -> None:
    async def scenario() -> str:
        app = make_api()
        task, sent, disconnect = await _open_stream(app, f"token={customer.token}".encode())
        await _until(lambda: ": connected" in _body(sent))
        start = next(m for m in sent if m["type"] == "http.response.start")
        assert start["status"] == 200
        assert (b"content-type", b"text/event-stream; charset=utf-8") in start["headers"]
        await asyncio.to_thread(poke_customer, customer.customer_id)
        await _until(lambda: "event: poke\ndata: 1\n\n" in _body(sent))
        await asyncio.to_thread(poke_customer, customer.customer_id)
        await _until(lambda: "event: poke\ndata: 2\n\n" in _body(sent))
        await _until(lambda: ": heartbeat" in _body(sent), timeout=3)
        disconnect.set()
        await asyncio.wait_for(task, 5)  # ends cleanly, no exception
        return _body(sent)

    body = run_async(scenario())
    assert re.findall(r"event: poke\ndata: (\d+)", body) == ["1", "2"]


def test_the_event_stream_takes_the_session_cookie_and_refuses_without_one(customer: SyncCustomer) -> None:
    async def scenario(query: bytes, cookie: str | None) -> tuple[int, str]:
        task, sent, disconnect = await _open_stream(make_api(), query, cookie)
        await _until(lambda: any(m["type"] == "http.response.start" for m in sent))
        status = next(m for m in sent if m["type"] == "http.response.start")["status"]
        if status == 200:
            await _until(lambda: ": connected" in _body(sent))
        disconnect.set()
        await asyncio.wait_for(task, 5)
        return status, _body(sent)

    assert run_async(scenario(b"", customer.token))[0] == 200
    status, body = run_async(scenario(b"token=wrong", None))
    assert status == 401 and '"auth_required"' in body


def test_api_docs_work_offline(client: Any) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.text
    assert "cdn" not in html.lower() and "https://" not in html.split("<body>")[0]
    for asset in re.findall(r'(?:href|src)="(/api/docs/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset
    assert "/api/docs/static/swagger-ui-bundle.js" in html
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.0")
    assert {"/api/sync/push", "/api/sync/pull", "/api/sync/events"} <= set(spec["paths"])
    push = spec["paths"]["/api/sync/push"]["post"]
    assert (
        push["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        == "#/components/schemas/PushRequest"
    )
    schemas = spec["components"]["schemas"]
    assert {"PushRequest", "MutationIn", "PushResponse", "PullResponse", "SeqGapResponse"} <= set(schemas)
    assert "409" in push["responses"]


@pytest.fixture
def keep_test_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level, configured = root.handlers[:], root.level, logging_setup._configured
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging_setup._configured = configured


def test_dev_customer_token_prints_a_working_token(client: Any, keep_test_logging: None) -> None:
    result = CliRunner().invoke(
        cli, ["dev", "customer-token", "--phone", "01711000777", "--device-id", "cli-dev"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    principal = resolve_session(token)
    assert principal is not None and principal.is_customer and principal.device_id == "cli-dev"
    with read_session() as session:
        customer = session.exec(select(Customer)).one()
    assert customer.phone == "+8801711000777" and principal.id == customer.id
    response = client.post(
        "/api/sync/push",
        json={"device_id": "cli-dev", "mutations": []},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json() == {"last_seq": 0, "rejections": []}
    again = CliRunner().invoke(cli, ["dev", "customer-token", "--phone", "+8801711000777"])
    assert again.exit_code == 0 and again.output.strip() != token
    with read_session() as session:
        assert len(session.exec(select(Customer)).all()) == 1


def test_dev_customer_token_refuses_a_bad_number_and_production(
    monkeypatch: pytest.MonkeyPatch, keep_test_logging: None
) -> None:
    bad = CliRunner().invoke(cli, ["dev", "customer-token", "--phone", "12345"])
    assert bad.exit_code != 0 and "The mobile number is not valid" in bad.output
    with production_settings(monkeypatch):
        refused = CliRunner().invoke(cli, ["dev", "customer-token", "--phone", "01711000778"])
    assert refused.exit_code != 0
    assert "only works when SEBA_ENV=development" in refused.output
    with read_session() as session:
        assert session.exec(select(Customer)).all() == []


def test_the_event_stream_answers_503_when_redis_is_down(
    customer: SyncCustomer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.live_server import free_port

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    reset_settings_cache()
    try:

        async def scenario() -> tuple[int, dict[bytes, bytes], str]:
            task, sent, _disconnect = await _open_stream(make_api(), f"token={customer.token}".encode())
            await asyncio.wait_for(task, 10)
            start = next(m for m in sent if m["type"] == "http.response.start")
            return start["status"], dict(start["headers"]), _body(sent)

        status, headers, body = run_async(scenario())
    finally:
        monkeypatch.undo()
        reset_settings_cache()
    assert status == 503 and headers[b"retry-after"] == b"5"
    assert '"service_unavailable"' in body
