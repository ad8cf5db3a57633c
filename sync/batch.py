"""The push request's envelope: parsed and checked whole before anything is written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from backend.errors import SebaError

MAX_MUTATIONS = 500
DEVICE_ID_MAX = 64
_DEVICE_ID = re.compile(r"^[\x21-\x7e]{1,64}$")  # printable ASCII, no spaces


class InvalidBatch(SebaError):
    """400: the batch cannot be read; nothing in it was applied."""

    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__("invalid_batch", detail=detail)


@dataclass(frozen=True)
class Mutation:
    seq: int
    kind: str
    args: Any  # checked per kind: a non-object is a rejection, not a 400
    schema_v: int
    client_ts: str | int | None = None


@dataclass(frozen=True)
class PushBatch:
    device_id: str
    mutations: list[Mutation]  # sorted by seq, no duplicates


def check_device_id(value: Any, where: str = "device_id") -> str:
    if not isinstance(value, str) or not _DEVICE_ID.match(value):
        raise InvalidBatch(f"{where} must be 1 to {DEVICE_ID_MAX} printable ASCII characters without spaces")
    return value


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def parse_batch(raw: bytes) -> PushBatch:
    """Read `{"device_id", "mutations": [...]}` or raise `InvalidBatch` with a precise detail."""
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidBatch(f"the body is not JSON ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(body, dict):
        raise InvalidBatch(f"the body must be a JSON object, got {type(body).__name__}")
    if "device_id" not in body:
        raise InvalidBatch("device_id is missing")
    device_id = check_device_id(body["device_id"])
    raw_mutations = body.get("mutations")
    if not isinstance(raw_mutations, list):
        raise InvalidBatch("mutations must be a list")
    if len(raw_mutations) > MAX_MUTATIONS:
        raise InvalidBatch(f"at most {MAX_MUTATIONS} mutations per batch, got {len(raw_mutations)}")
    mutations: list[Mutation] = []
    seen: set[int] = set()
    for index, item in enumerate(raw_mutations):
        where = f"mutations[{index}]"
        if not isinstance(item, dict):
            raise InvalidBatch(f"{where} must be an object")
        if "device_id" in item and item["device_id"] != device_id:
            raise InvalidBatch(f"{where}.device_id differs from the batch's device_id")
        seq: Any = item.get("seq")
        if not _positive_int(seq):
            raise InvalidBatch(f"{where}.seq must be a positive integer, got {seq!r}")
        if seq in seen:
            raise InvalidBatch(f"seq {seq} appears twice in the batch")
        seen.add(seq)
        kind = item.get("kind")
        if not isinstance(kind, str) or not 1 <= len(kind) <= 60:
            raise InvalidBatch(f"{where}.kind must be a string of 1 to 60 characters")
        schema_v = item.get("schema_v")
        if not isinstance(schema_v, int) or isinstance(schema_v, bool):
            raise InvalidBatch(f"{where}.schema_v must be an integer, got {schema_v!r}")
        client_ts = item.get("client_ts")
        if client_ts is not None and (
            isinstance(client_ts, bool) or not isinstance(client_ts, str | int) or len(str(client_ts)) > 40
        ):
            raise InvalidBatch(f"{where}.client_ts must be a string or an integer")
        mutations.append(Mutation(seq, kind, item.get("args"), schema_v, client_ts))
    mutations.sort(key=lambda m: m.seq)
    return PushBatch(device_id, mutations)
