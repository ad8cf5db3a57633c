"""The push engine: apply a device's mutations exactly once, in seq order, acknowledged atomically.

For each mutation, under the device row lock: `seq <= last_seq` is already applied (skipped);
`seq > last_seq + 1` is a gap (processing stops, the answer is 409 seq_gap); otherwise it is
applied and `last_seq = seq` is written in the same transaction. A permanent refusal is recorded in
`sync_rejection` and still advances `last_seq`; a transient failure rolls everything back (503).

Two ways to group the work, chosen by `one_transaction` (see sync/README.md for the figures):
the whole batch in one transaction with a SAVEPOINT per mutation (default), or one transaction
per mutation. Either way `last_seq` only ever moves in the transaction that applied the mutation,
and the caller answers only after the commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import redis
import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.config import get_settings
from backend.db import Actor, Tx, is_postgres, read_session, transaction
from backend.errors import SebaError, TransientFailure, ValidationFailed
from backend.i18n.messages import message
from backend.models import SyncRejection
from backend.services.message_batches import NewCustomerMessage, post_customer_messages
from sync.batch import Mutation, PushBatch
from sync.devices import lock_device, set_last_seq
from sync.mutations import Caller, apply_mutation, message_send_item

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2
# Failures that a retry can cure: the database or Redis briefly unavailable, a serialization
# failure or deadlock, a lock timeout, or a unique client id inserted by a racing request (the retry
# then finds it and does nothing).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.IntegrityError,
    redis.RedisError,
    TransientFailure,
)


@dataclass
class PushOutcome:
    last_seq: int
    rejections: list[dict[str, Any]] = field(default_factory=list)
    gap: tuple[int, int] | None = None  # (seq that arrived, seq expected)


@dataclass
class _Run:
    last_seq: int
    first_last_seq: int = 0  # last_seq when the run started
    applied: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    gap: tuple[int, int] | None = None
    schema_v: int | None = None


def push(customer_id: uuid.UUID, batch: PushBatch, *, one_transaction: bool = True) -> PushOutcome:
    """Apply `batch` for the signed-in customer; raises `TransientFailure` (503) to be retried."""
    caller = Caller(customer_id, batch.device_id)
    try:
        if one_transaction:
            return _push_in_one_transaction(caller, batch.mutations)
        return _push_one_transaction_each(caller, batch.mutations)
    except TRANSIENT_ERRORS as exc:
        log.warning(
            "sync push failed transiently; the client will retry",
            extra={"device_id": batch.device_id, "error": exc.__class__.__name__},
        )
        raise TransientFailure("service_unavailable", seconds=RETRY_AFTER_SECONDS) from exc


def _begin(tx: Tx, caller: Caller) -> int:
    if is_postgres(tx.session):
        # A device row held by a stuck request must not hold this one forever: fail, answer 503.
        timeout_ms = int(get_settings().sync_lock_timeout_ms)
        tx.session.execute(sa.text(f"SET LOCAL lock_timeout = {timeout_ms}"))
    return lock_device(tx, device_id=caller.device_id, customer_id=caller.customer_id).last_seq


def _push_in_one_transaction(caller: Caller, mutations: Sequence[Mutation]) -> PushOutcome:
    with transaction(Actor.customer(caller.customer_id)) as tx:
        run = _apply_run(tx, caller, _begin(tx, caller), mutations)
        _finish(tx, caller, run)
        settled = _acknowledged(mutations, run.last_seq)
        if settled and settled.start > run.first_last_seq and not run.rejected:
            rejections: list[dict[str, Any]] = []  # all new and all applied: nothing to read back
        else:
            rejections = rejections_for(tx.session, caller.device_id, settled)
    return PushOutcome(run.last_seq, rejections, run.gap)


def _push_one_transaction_each(caller: Caller, mutations: Sequence[Mutation]) -> PushOutcome:
    last_seq, gap = 0, None
    groups = [[m] for m in mutations] or [[]]  # an empty batch still registers the device
    for group in groups:
        with transaction(Actor.customer(caller.customer_id)) as tx:
            run = _apply_run(tx, caller, _begin(tx, caller), group)
            _finish(tx, caller, run)
        last_seq, gap = run.last_seq, run.gap
        if gap is not None:
            break
    with read_session() as session:
        rejections = rejections_for(session, caller.device_id, _acknowledged(mutations, last_seq))
    return PushOutcome(last_seq, rejections, gap)


def _acknowledged(mutations: Sequence[Mutation], last_seq: int) -> range:
    """The seqs this answer settles for the client: from the batch's first seq to last_seq.

    Also those between that were not in this batch: a batch delayed in the network may be answered
    after a later one was applied, and the client deletes every outbox entry in this range.
    """
    if not mutations:
        return range(0)
    return range(mutations[0].seq, last_seq + 1)


def _apply_run(tx: Tx, caller: Caller, last_seq: int, mutations: Sequence[Mutation]) -> _Run:
    run = _Run(last_seq=last_seq, first_last_seq=last_seq)
    i = 0
    while i < len(mutations):
        mutation = mutations[i]
        if mutation.seq <= run.last_seq:
            i += 1
            continue  # applied before (a retry, a duplicate, or the other worker of a race)
        if mutation.seq > run.last_seq + 1:
            run.gap = (mutation.seq, run.last_seq + 1)
            break
        messages = _message_run(mutations, i)
        if messages and _apply_messages(tx, caller, messages, run):
            i += len(messages)
            continue
        _settle(tx, caller, mutation, _apply_one(tx, caller, mutation), run)
        i += 1
    return run


def _settle(tx: Tx, caller: Caller, mutation: Mutation, refusal: SebaError | None, run: _Run) -> None:
    if refusal is None:
        run.applied.append(mutation.seq)
    else:
        _record_rejection(tx, caller.device_id, mutation, refusal)
        run.rejected.append(mutation.seq)
    run.last_seq = mutation.seq
    run.schema_v = mutation.schema_v


def _message_run(mutations: Sequence[Mutation], start: int) -> list[Mutation]:
    """The consecutive `message.send` mutations from `start` on (seqs without gaps)."""
    run: list[Mutation] = []
    for mutation in mutations[start:]:
        if mutation.kind != "message.send" or (run and mutation.seq != run[-1].seq + 1):
            break
        run.append(mutation)
    return run


def _apply_messages(tx: Tx, caller: Caller, mutations: list[Mutation], run: _Run) -> bool:
    """A run of `message.send` in one bulk write (the outbox's common case); False to fall back to
    one SAVEPOINT per mutation if anything unexpected happens."""
    items: list[tuple[Mutation, NewCustomerMessage | SebaError]] = []
    for mutation in mutations:
        try:
            items.append((mutation, message_send_item(mutation)))
        except SebaError as refusal:
            items.append((mutation, refusal))
    wanted = [item for _, item in items if isinstance(item, NewCustomerMessage)]
    try:
        with tx.savepoint():
            outcomes = iter(post_customer_messages(tx, customer_id=caller.customer_id, items=wanted))
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        log.exception("batched message write failed; applying one by one")
        return False
    for mutation, item in items:
        _settle(tx, caller, mutation, item if isinstance(item, SebaError) else next(outcomes), run)
    return True


def _apply_one(tx: Tx, caller: Caller, mutation: Mutation) -> SebaError | None:
    """Apply inside a SAVEPOINT; a permanent refusal is returned (its writes undone), never raised."""
    try:
        with tx.savepoint():
            apply_mutation(tx, caller, mutation)
    except TRANSIENT_ERRORS:
        raise
    except SebaError as refusal:
        return refusal
    except sa.exc.DataError:
        return ValidationFailed("invalid_args", detail="a value does not fit its field")
    except Exception:
        # A bug on one mutation must not block the device's queue forever: log it, reject it.
        log.exception("sync mutation failed", extra={"kind": mutation.kind, "seq": mutation.seq})
        return SebaError("internal_error", status=500)
    return None


def _record_rejection(tx: Tx, device_id: str, mutation: Mutation, refusal: SebaError) -> None:
    params = {k: v if isinstance(v, int | float | str | bool) else str(v) for k, v in refusal.params.items()}
    tx.session.add(
        SyncRejection(
            device_id=device_id,
            seq=mutation.seq,
            kind=mutation.kind[:60],
            code=refusal.code,
            detail=str(params.get("detail") or refusal.message("en")),
            params=params,
        )
    )


def _finish(tx: Tx, caller: Caller, run: _Run) -> None:
    if not run.applied and not run.rejected:
        return  # nothing new: no write beyond the device registration
    set_last_seq(tx, caller.device_id, run.last_seq, run.schema_v)
    tx.audit(
        "sync.pushed",
        "customer",
        caller.customer_id,
        device_id=caller.device_id,
        applied=run.applied,
        rejected=run.rejected,
        last_seq=run.last_seq,
    )


def rejections_for(session: Session, device_id: str, seqs: range) -> list[dict[str, Any]]:
    """Every recorded rejection with a seq in `seqs`: a retried batch reports them again."""
    if not seqs:
        return []
    rows = session.exec(
        select(SyncRejection)
        .where(
            SyncRejection.device_id == device_id,
            col(SyncRejection.seq) >= seqs.start,
            col(SyncRejection.seq) < seqs.stop,
        )
        .order_by(col(SyncRejection.seq))
    ).all()
    return [
        {
            "seq": row.seq,
            "code": row.code,
            "detail": row.detail,
            "message_bn": message(row.code, "bn", **row.params),
            "message_en": message(row.code, "en", **row.params),
        }
        for row in rows
    ]
