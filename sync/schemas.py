"""The sync endpoints' bodies as pydantic models: they document the protocol in OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class MutationIn(BaseModel):
    """One outbox entry. `args` depend on `kind` (see sync/README.md)."""

    device_id: str | None = Field(default=None, max_length=64, description="optional; equals the batch's")
    seq: int = Field(ge=1, description="1, 2, 3 ... per device, no gaps")
    kind: str = Field(
        description="ticket.create | message.send | ticket.update_customer_fields | ticket.reopen | "
        "csat.submit | push.subscribe | push.unsubscribe"
    )
    args: dict[str, Any]
    schema_v: int = Field(description="2 (current) or 1 (previous: text instead of body)")
    client_ts: str | int | None = None


class PushRequest(BaseModel):
    device_id: str = Field(min_length=1, max_length=64)
    mutations: list[MutationIn] = Field(max_length=500)


class Rejection(BaseModel):
    seq: int
    code: str
    detail: str
    message_bn: str
    message_en: str


class PushResponse(BaseModel):
    last_seq: int = Field(description="the device's last applied seq: drop outbox entries <= it")
    rejections: list[Rejection]


class ErrorBody(BaseModel):
    code: str
    message: str
    message_bn: str
    message_en: str


class SeqGapResponse(BaseModel):
    """409: a mutation arrived before an earlier one; those before the gap were applied."""

    error: ErrorBody
    last_seq: int
    expected_seq: int
    rejections: list[Rejection]


class Change(BaseModel):
    server_seq: int
    kind: str = Field(
        description="ticket.created | ticket.updated | message.created | message.updated; on a reset "
        "ticket.snapshot | message.snapshot"
    )
    entity_id: str
    data: dict[str, Any] = Field(description="the entity's full customer-visible snapshot")


class PullResponse(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    last_seq: int
    reset: bool = Field(description="true: replace the synced store with these changes")
