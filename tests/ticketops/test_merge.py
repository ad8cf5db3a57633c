"""Merging two tickets: who may be merged into what, the thread, tags, the link, the audit, the feed."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, ValidationFailed
from backend.models import ChangeLog, TicketTag
from backend.models.enums import MessageDirection
from backend.services import messages as message_service
from backend.services import ticket_ops
from backend.services.tickets import change_status
from tests.support.factories import make_agent, make_customer, open_ticket
from tests.ticketops.conftest import as_agent, audit_actions, thread, ticket


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return make_agent()


def _two_tickets(agent, customer=None):  # type: ignore[no-untyped-def]
    customer = customer or make_customer()
    a = open_ticket(customer, subject="অর্ডার আসেনি", body="প্রথম বার্তা").ticket
    b = open_ticket(customer, subject="order kothay", body="dwitiyo barta").ticket
    return customer, a, b


def test_merge_moves_the_whole_thread_in_order_and_closes_the_source(agent) -> None:  # type: ignore[no-untyped-def]
    customer, source, target = _two_tickets(agent)
    with transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(
            tx, customer_id=customer.id, ticket_id=source.id, body="আরেকটি কথা"
        )
    as_agent(agent.id, message_service.add_internal_note, agent_id=agent.id, ticket_id=source.id, body="note")
    as_agent(agent.id, ticket_ops.add_tags, ticket_id=source.id, tags=["delivery", "ভাঙা"])
    as_agent(agent.id, ticket_ops.add_tags, ticket_id=target.id, tags=["delivery", "vip"])
    before = {m.id for m in thread(source.id)} | {m.id for m in thread(target.id)}

    result = as_agent(agent.id, ticket_ops.merge_tickets, source_id=source.id, target_id=target.id)

    assert result.id == target.id
    merged = thread(target.id)
    assert before <= {m.id for m in merged}
    times = [m.created_at for m in merged]
    assert times == sorted(times)
    bodies = [m.body for m in merged if m.direction != MessageDirection.activity]
    assert bodies == ["প্রথম বার্তা", "dwitiyo barta", "আরেকটি কথা", "note"]
    assert merged[-1].direction == MessageDirection.activity and f"#{source.number}" in merged[-1].body
    left = thread(source.id)
    assert [m.direction for m in left] == [MessageDirection.activity]
    assert f"#{target.number}" in left[0].body

    src, tgt = ticket(source.id), ticket(target.id)
    assert src.status == "closed" and src.closed_at is not None
    assert src.merged_into_id == target.id and src.waiting_since is None
    assert tgt.tags == ["delivery", "vip", "ভাঙা"]
    with read_session() as session:
        rows = session.exec(select(TicketTag.tag).where(TicketTag.ticket_id == target.id)).all()
    assert sorted(rows) == sorted(tgt.tags)
    assert (
        "ticket.merged",
        {"into": str(target.id), "into_number": target.number, "moved": 3},
    ) in audit_actions(source.id)
    assert any(a == "ticket.status_changed" and d["reason"] == "merge" for a, d in audit_actions(source.id))
    assert any(a == "ticket.merge_received" for a, _ in audit_actions(target.id))


def test_the_customers_feed_moves_the_messages_and_closes_the_source(agent) -> None:  # type: ignore[no-untyped-def]
    customer, source, target = _two_tickets(agent)
    with read_session() as session:
        last_before = max(session.exec(select(ChangeLog.server_seq)).all())
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=source.id, target_id=target.id)
    with read_session() as session:
        changes = session.exec(
            select(ChangeLog).where(ChangeLog.server_seq > last_before).order_by(col(ChangeLog.server_seq))
        ).all()
    assert all(c.customer_id == customer.id for c in changes)
    moved = [c for c in changes if c.kind == "message.updated"]
    assert [c.payload["body"] for c in moved] == ["প্রথম বার্তা"]
    assert all(c.payload["ticket_id"] == str(target.id) for c in moved)
    closed = [c for c in changes if c.kind == "ticket.updated" and c.entity_id == str(source.id)]
    assert closed and closed[-1].payload["status"] == "closed"
    # Notes and activity lines never reach the customer.
    assert not [c for c in changes if c.payload.get("direction") in ("note", "activity")]


def test_only_tickets_of_one_customer_merge(agent) -> None:  # type: ignore[no-untyped-def]
    a = open_ticket(make_customer()).ticket
    b = open_ticket(make_customer()).ticket
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    assert refused.value.code == "merge_other_customer"
    assert "ভিন্ন গ্রাহকের" in refused.value.message("bn")
    assert "different customers" in refused.value.message("en")
    assert ticket(a.id).merged_into_id is None


def test_not_into_itself_nor_a_missing_ticket(agent) -> None:  # type: ignore[no-untyped-def]
    _, a, _ = _two_tickets(agent)
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=a.id)
    assert refused.value.code == "merge_into_itself"
    import uuid

    with pytest.raises(NotFound):
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=uuid.uuid4())


def test_merging_again_into_the_same_target_is_a_no_op_and_into_another_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    customer, a, b = _two_tickets(agent)
    c = open_ticket(customer).ticket
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    count = len(thread(b.id))
    again = as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    assert again.id == b.id and len(thread(b.id)) == count
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=c.id)
    assert refused.value.code == "merge_already_merged"


def test_never_into_a_merged_or_closed_ticket(agent) -> None:  # type: ignore[no-untyped-def]
    customer, a, b = _two_tickets(agent)
    c = open_ticket(customer).ticket
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=c.id, target_id=a.id)
    assert refused.value.code == "merge_target_merged"
    as_agent(agent.id, change_status, ticket_id=c.id, status="resolved")
    as_agent(agent.id, change_status, ticket_id=c.id, status="closed")
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=b.id, target_id=c.id)
    assert refused.value.code == "merge_target_closed"
    with pytest.raises(ValidationFailed) as refused:
        as_agent(agent.id, ticket_ops.merge_tickets, source_id=c.id, target_id=b.id)
    assert refused.value.code == "merge_source_closed"


def test_a_chain_resolves_forward(agent) -> None:  # type: ignore[no-untyped-def]
    """A → B, then B → C is allowed: everything ends in C and A's link leads there."""
    customer, a, b = _two_tickets(agent)
    c = open_ticket(customer, body="তৃতীয়").ticket
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=b.id, target_id=c.id)
    with read_session() as session:
        assert ticket_ops.resolve_merged(session, a.id) == c.id
        assert ticket_ops.resolve_merged(session, c.id) == c.id
    bodies = [m.body for m in thread(c.id) if m.direction != MessageDirection.activity]
    assert sorted(bodies) == sorted(["প্রথম বার্তা", "dwitiyo barta", "তৃতীয়"])
    assert ticket(b.id).status == "closed" and ticket(b.id).merged_into_id == c.id


def test_an_open_source_is_closed_by_the_documented_merge_rule(agent) -> None:  # type: ignore[no-untyped-def]
    """open → closed is not in the transition table; a merge closes the duplicate in one step."""
    _, a, b = _two_tickets(agent)
    as_agent(agent.id, change_status, ticket_id=a.id, status="pending")
    as_agent(agent.id, ticket_ops.merge_tickets, source_id=a.id, target_id=b.id)
    assert ticket(a.id).status == "closed" and ticket(a.id).resolved_at is None
