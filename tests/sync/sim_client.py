"""A simulated offline client for the sync state machine: outbox, synced store, cursor, faulty network."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from backend.db import read_session
from backend.models import SyncDevice


@dataclass
class SimDevice:
    """One app install: its IndexedDB (outbox, synced store, cursor) survives crashes."""

    device_id: str
    next_seq: int = 1
    outbox: dict[int, dict[str, Any]] = field(default_factory=dict)
    committed: dict[int, dict[str, Any]] = field(default_factory=dict)
    store: dict[str, dict[str, Any]] = field(default_factory=dict)
    cursor: int = 0
    known_tickets: list[str] = field(default_factory=list)
    rejected: dict[int, str] = field(default_factory=dict)
    # (seq -> expected code) for mutations that must be rejected whatever the server state is.
    poison: dict[int, str] = field(default_factory=dict)

    def write(self, kind: str, args: dict[str, Any], *, schema_v: int = 2, poison: str | None = None) -> int:
        """The local row and the outbox entry in one IndexedDB transaction: both or neither."""
        seq = self.next_seq
        self.next_seq += 1
        entry = {"seq": seq, "kind": kind, "args": args, "schema_v": schema_v, "client_ts": seq}
        self.outbox[seq] = entry
        self.committed[seq] = entry
        if poison:
            self.poison[seq] = poison
        return seq

    def batch(self, start: int = 0, size: int | None = None) -> dict[str, Any]:
        entries = [self.outbox[s] for s in sorted(self.outbox)][start:]
        if size is not None:
            entries = entries[:size]
        return {"device_id": self.device_id, "mutations": entries}

    def on_push_answer(self, response: Any, batch: dict[str, Any]) -> None:
        if response.status_code == 503:
            from tests.sync import test_sync_state_machine

            test_sync_state_machine.SEEN["503 transient"] += 1
            assert response.headers.get("retry-after"), "503 without Retry-After"
            return
        assert response.status_code in (200, 409), response.text
        body = response.json()
        if response.status_code == 409:
            assert body["error"]["code"] == "seq_gap"
            from hypothesis import event

            event("a push hit a seq gap (409)")
            from tests.sync import test_sync_state_machine

            test_sync_state_machine.SEEN["409 seq gaps"] += 1
        last_seq = body["last_seq"]
        server_last = server_last_seq(self.device_id)
        # The answer settles the seqs from the batch's first one to last_seq (rejections included).
        first = batch["mutations"][0]["seq"] if batch["mutations"] else last_seq + 1
        for seq in sorted(self.outbox):
            if first <= seq <= last_seq:
                # Property 3: an entry is deleted only when the server has acknowledged it.
                assert seq <= server_last, (seq, server_last)
                del self.outbox[seq]
        for rejection in body["rejections"]:
            assert rejection["message_bn"] and rejection["message_en"]
            self.rejected[rejection["seq"]] = rejection["code"]

    def apply_pull(self, page: dict[str, Any]) -> None:
        """Apply a page and store the cursor (one IndexedDB transaction)."""
        if page["reset"]:
            self.store = {c["entity_id"]: c["data"] for c in page["changes"]}
        else:
            for change in page["changes"]:
                self.store[change["entity_id"]] = change["data"]
        for change in page["changes"]:
            data = change["data"]
            if "number" in data and data["id"] not in self.known_tickets:
                self.known_tickets.append(data["id"])
        self.cursor = page["next_cursor"]

    def check_and_apply_pull(self, page: dict[str, Any], *, twice: bool) -> None:
        if not page["reset"]:
            # Property 5: a page is exactly the changes after the cursor, with no gap.
            seqs = [c["server_seq"] for c in page["changes"]]
            assert seqs == list(range(self.cursor + 1, self.cursor + 1 + len(seqs))), (self.cursor, seqs)
            assert page["next_cursor"] == (seqs[-1] if seqs else self.cursor)
        self.apply_pull(page)
        if twice:
            # Property 6: applying the same answer again changes nothing.
            before = (copy.deepcopy(self.store), self.cursor)
            self.apply_pull(page)
            assert (self.store, self.cursor) == before


def server_last_seq(device_id: str) -> int:
    with read_session() as session:
        device = session.get(SyncDevice, device_id)
        return device.last_seq if device else 0


def new_id() -> str:
    from backend.models.base import uuid7

    return str(uuid7())


def device_name() -> str:
    return f"sim-{uuid.uuid4().hex[:16]}"
