"""Bad sync requests get a precise bilingual error and write nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import func, select

from backend.db import read_session
from backend.models import SyncDevice, Ticket
from sync.api import SYNC_BODY_LIMIT
from tests.support.sync_client import SyncCustomer, ticket_create


def _error(response: Any, status: int, code: str) -> dict[str, str]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message_bn"] and error["message_en"] and error["message"]
    return error


def _nothing_written() -> None:
    with read_session() as session:
        assert session.exec(select(func.count()).select_from(Ticket)).one() == 0
        assert session.exec(select(func.count()).select_from(SyncDevice)).one() == 0


def _good(seq: int = 1) -> dict[str, Any]:
    return {"seq": seq, "kind": "ticket.create", "args": ticket_create(), "schema_v": 2, "client_ts": 1}


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"{not json", "the body is not JSON"),
        (b"\xff\xfe", "the body is not JSON"),
        (b"[]", "the body must be a JSON object, got list"),
        (b'"text"', "the body must be a JSON object, got str"),
        (b'{"mutations": []}', "device_id is missing"),
        (b'{"device_id": "", "mutations": []}', "device_id must be 1 to 64"),
        (b'{"device_id": "has space", "mutations": []}', "device_id must be 1 to 64"),
        (json.dumps({"device_id": "d" * 65, "mutations": []}).encode(), "device_id must be 1 to 64"),
        (b'{"device_id": 7, "mutations": []}', "device_id must be 1 to 64"),
        (b'{"device_id": "d1"}', "mutations must be a list"),
        (b'{"device_id": "d1", "mutations": {"seq": 1}}', "mutations must be a list"),
        (b'{"device_id": "d1", "mutations": [5]}', "mutations[0] must be an object"),
    ],
)
def test_an_unreadable_batch_is_400_invalid_batch(customer: SyncCustomer, body: bytes, detail: str) -> None:
    response = customer.client.post(
        "/api/sync/push", content=body, headers={**customer.headers, "content-type": "application/json"}
    )
    error = _error(response, 400, "invalid_batch")
    assert detail in error["message_en"]
    _nothing_written()


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"seq": 0}, "mutations[1].seq must be a positive integer, got 0"),
        ({"seq": -3}, "mutations[1].seq must be a positive integer, got -3"),
        ({"seq": "2"}, "mutations[1].seq must be a positive integer, got '2'"),
        ({"seq": 2.0}, "mutations[1].seq must be a positive integer, got 2.0"),
        ({"seq": True}, "mutations[1].seq must be a positive integer, got True"),
        ({"seq": 1}, "seq 1 appears twice in the batch"),
        ({"kind": None}, "mutations[1].kind must be a string"),
        ({"schema_v": "2"}, "mutations[1].schema_v must be an integer"),
        ({"client_ts": {"t": 1}}, "mutations[1].client_ts must be a string or an integer"),
        ({"device_id": "someone-else"}, "mutations[1].device_id differs from the batch's device_id"),
    ],
)
def test_a_bad_mutation_envelope_refuses_the_whole_batch(
    customer: SyncCustomer, change: dict[str, Any], detail: str
) -> None:
    response = customer.push(_good(1), _good(2) | change)
    error = _error(response, 400, "invalid_batch")
    assert detail in error["message_en"], error
    _nothing_written()


def test_more_than_500_mutations_is_400(customer: SyncCustomer) -> None:
    response = customer.push(*[_good(seq) | {"args": {}} for seq in range(1, 502)])
    assert "at most 500 mutations per batch, got 501" in _error(response, 400, "invalid_batch")["message_en"]
    _nothing_written()


def test_a_body_over_the_sync_limit_is_413_and_the_sync_limit_is_its_own(customer: SyncCustomer) -> None:
    big = {
        "device_id": customer.device_id,
        "mutations": [_good(1) | {"args": {"pad": "x" * SYNC_BODY_LIMIT}}],
    }
    error = _error(
        customer.client.post("/api/sync/push", json=big, headers=customer.headers), 413, "payload_too_large"
    )
    assert str(SYNC_BODY_LIMIT) in error["message_en"]
    # 300 KiB is over the general API limit (256 KiB) but fine for a sync batch.
    padded = [_good(seq) | {"args": {"pad": "x" * 3000}} for seq in range(1, 101)]
    response = customer.push(*padded)
    assert response.status_code == 200 and response.json()["last_seq"] == 100
    assert {r["code"] for r in response.json()["rejections"]} == {"invalid_args"}


def test_no_or_a_bad_token_is_401_and_an_agent_is_403(client: Any) -> None:
    body = {"device_id": "d1", "mutations": []}
    assert _error(client.post("/api/sync/push", json=body), 401, "auth_required")
    bad = {"Authorization": "Bearer nope"}
    assert _error(client.post("/api/sync/push", json=body, headers=bad), 401, "auth_required")
    assert _error(client.get("/api/sync/pull", params={"device_id": "d1"}), 401, "auth_required")
    from tests.support.factories import PASSWORD, make_agent

    agent = make_agent()
    token = client.post("/api/auth/login", json={"email": agent.email, "password": PASSWORD}).json()["token"]
    _error(
        client.post("/api/sync/push", json=body, headers={"Authorization": f"Bearer {token}"}),
        403,
        "forbidden_role",
    )
    _nothing_written()


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"cursor": "abc", "device_id": "d1"}, 400, "invalid_cursor"),
        ({"cursor": "1.5", "device_id": "d1"}, 400, "invalid_cursor"),
        ({"cursor": "0", "device_id": "d1", "limit": "0"}, 400, "invalid_cursor"),
        ({"cursor": "0", "device_id": "d1", "limit": "1001"}, 400, "invalid_cursor"),
        ({"cursor": "0", "device_id": "has space"}, 400, "invalid_request"),
        ({"cursor": "0"}, 422, "invalid_request"),
    ],
)
def test_a_bad_pull_is_refused_precisely(
    customer: SyncCustomer, params: dict[str, str], status: int, code: str
) -> None:
    response = customer.client.get("/api/sync/pull", params=params, headers=customer.headers)
    _error(response, status, code)
    _nothing_written()


def test_a_device_id_reused_by_another_customer_on_pull_is_403(
    customer: SyncCustomer, other_customer: SyncCustomer
) -> None:
    assert customer.pull(0).status_code == 200
    _error(other_customer.pull(0, device_id=customer.device_id), 403, "device_not_yours")
