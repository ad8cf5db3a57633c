"""A signed-in customer talking to /api/sync, and mutation builders, for the sync tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from backend.auth.sessions import create_session
from backend.db import Actor, transaction
from backend.models.base import uuid7
from backend.services import customers as customer_service
from tests.support.factories import next_phone


@dataclass
class SyncCustomer:
    client: Any  # a TestClient or an httpx.Client on the composed API
    customer_id: uuid.UUID
    token: str
    device_id: str
    next_seq: int = 1
    sent: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def mutation(self, kind: str, args: dict[str, Any], *, schema_v: int = 2) -> dict[str, Any]:
        """The next outbox entry of this device (seq 1, 2, 3 ...)."""
        entry = {"seq": self.next_seq, "kind": kind, "args": args, "schema_v": schema_v, "client_ts": 0}
        self.next_seq += 1
        self.sent.append(entry)
        return entry

    def push(self, *mutations: dict[str, Any], device_id: str | None = None) -> Any:
        body = {"device_id": device_id or self.device_id, "mutations": list(mutations)}
        return self.client.post("/api/sync/push", json=body, headers=self.headers)

    def pull(self, cursor: int = 0, *, limit: int | None = None, device_id: str | None = None) -> Any:
        params: dict[str, Any] = {"cursor": cursor, "device_id": device_id or self.device_id}
        if limit is not None:
            params["limit"] = limit
        return self.client.get("/api/sync/pull", params=params, headers=self.headers)

    def pull_all(self, cursor: int = 0) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull(cursor).json()
            changes += page["changes"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes, cursor


def customer_token(*, phone: str | None = None, device_id: str | None = None) -> tuple[uuid.UUID, str]:
    with transaction(Actor.system()) as tx:
        customer, _ = customer_service.find_or_create_by_phone(tx, phone=phone or next_phone())
        token = create_session(tx, customer_id=customer.id, device_id=device_id)
    return customer.id, token


def new_sync_customer(client: Any, *, device_id: str | None = None) -> SyncCustomer:
    device_id = device_id or f"dev-{uuid.uuid4().hex[:12]}"
    customer_id, token = customer_token(device_id=device_id)
    return SyncCustomer(client, customer_id, token, device_id)


def ticket_create(**overrides: Any) -> dict[str, Any]:
    args = {"ticket_id": str(uuid7()), "subject": "অর্ডার আসেনি", "body": "আমার অর্ডার কোথায়?"}
    args.update(overrides)
    return args


def message_send(ticket_id: str, body: str = "আর কতদিন?", **overrides: Any) -> dict[str, Any]:
    args = {"message_id": str(uuid7()), "ticket_id": ticket_id, "body": body}
    args.update(overrides)
    return args
