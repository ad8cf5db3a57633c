"""Ticket and message services on the real database: numbering, status marks, audit, events."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.errors import NotFound, ValidationFailed
from backend.models import AuditEvent, Message, Notification, Ticket
from backend.queue import QueueName, get_queue
from backend.services import messages as message_service
from backend.services import tickets as ticket_service
from tests.support.factories import make_agent, make_customer, open_ticket
from tests.support.jobs import run_queued_jobs


def _ticket(ticket_id: uuid.UUID) -> Ticket:
    with read_session() as session:
        ticket = session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


def test_ticket_numbers_count_up_per_organisation() -> None:
    customer = make_customer()
    numbers = [open_ticket(customer, subject=f"প্রশ্ন {i}").ticket.number for i in range(5)]
    assert numbers == [1, 2, 3, 4, 5]


def test_a_new_ticket_has_its_first_message_and_waits_for_us() -> None:
    customer = make_customer()
    opened = open_ticket(customer, subject="  অর্ডার   কোথায়? ", body="ORD-1 আসেনি", order_ref=" ord-1001 ")
    ticket = _ticket(opened.ticket.id)
    assert ticket.subject == "অর্ডার কোথায়?"
    assert ticket.status == "new" and ticket.channel == "web"
    assert ticket.order_ref == "ORD-1001"
    assert ticket.waiting_since is not None and ticket.first_response_at is None
    with read_session() as session:
        messages = session.exec(select(Message).where(Message.ticket_id == ticket.id)).all()
        audit = session.exec(select(AuditEvent).where(AuditEvent.subject_id == str(ticket.id))).all()
    assert [m.direction for m in messages] == ["inbound"]
    assert [a.action for a in audit] == ["ticket.created"]
    assert audit[0].actor_type == "customer" and audit[0].actor_id == str(customer.id)


@pytest.mark.parametrize(
    ("subject", "body", "order_ref", "code"),
    [
        ("", "body", None, "subject_required"),
        ("x" * 201, "body", None, "subject_too_long"),
        ("ok", "   ", None, "body_required"),
        ("ok", "x" * 5001, None, "body_too_long"),
        ("ok", "body", "ORD 1; DROP", "order_ref_invalid"),
    ],
)
def test_bad_ticket_input_is_refused_and_nothing_is_written(
    subject: str, body: str, order_ref: str | None, code: str
) -> None:
    customer = make_customer()
    with pytest.raises(ValidationFailed) as refused:
        open_ticket(customer, subject=subject, body=body, order_ref=order_ref)
    assert refused.value.code == code
    assert refused.value.message("bn") != refused.value.message("en")
    with read_session() as session:
        assert session.exec(select(Ticket)).all() == []
        assert session.exec(select(Message)).all() == []


def test_a_retry_with_the_same_client_ids_does_not_duplicate() -> None:
    customer = make_customer()
    ticket_id, message_id = uuid.uuid4(), uuid.uuid4()
    first = open_ticket(customer, ticket_id=ticket_id, message_id=message_id)
    again = open_ticket(customer, ticket_id=ticket_id, message_id=message_id)
    assert first.created and not again.created
    assert again.ticket.id == ticket_id and again.first_message.id == message_id
    with read_session() as session:
        assert len(session.exec(select(Ticket)).all()) == 1
        assert len(session.exec(select(Message)).all()) == 1


def test_another_customer_cannot_reuse_a_ticket_id() -> None:
    owner, stranger = make_customer(), make_customer()
    ticket_id = uuid.uuid4()
    open_ticket(owner, ticket_id=ticket_id)
    with pytest.raises(NotFound):
        open_ticket(stranger, ticket_id=ticket_id)


def test_agent_reply_marks_first_response_and_stops_the_wait() -> None:
    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket_id, body="দেখছি, একটু অপেক্ষা করুন"
        )
    ticket = _ticket(ticket_id)
    assert ticket.status == "open"
    assert ticket.first_response_at is not None and ticket.waiting_since is None
    assert ticket.assignee_id == agent.id
    first_response = ticket.first_response_at
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket_id, body="অর্ডার কাল পৌঁছাবে", then_status="pending"
        )
    ticket = _ticket(ticket_id)
    assert ticket.first_response_at == first_response
    assert ticket.status == "pending"


def test_customer_reply_brings_a_waiting_or_resolved_ticket_back() -> None:
    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.post_agent_reply(
            tx, agent_id=agent.id, ticket_id=ticket_id, body="done", then_status="resolved"
        )
    assert _ticket(ticket_id).resolved_at is not None
    with transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(
            tx, customer_id=customer.id, ticket_id=ticket_id, body="আবার সমস্যা"
        )
    ticket = _ticket(ticket_id)
    assert ticket.status == "open" and ticket.resolved_at is None and ticket.waiting_since is not None


def test_a_closed_ticket_takes_no_more_messages() -> None:
    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=ticket_id, status="closed")
    with pytest.raises(ValidationFailed) as refused, transaction(Actor.customer(customer.id)) as tx:
        message_service.post_customer_message(tx, customer_id=customer.id, ticket_id=ticket_id, body="hello?")
    assert refused.value.code == "ticket_closed"
    with read_session() as session:
        assert len(session.exec(select(Message).where(Message.ticket_id == ticket_id)).all()) == 1


def test_customers_cannot_write_in_other_customers_tickets() -> None:
    owner, stranger = make_customer(), make_customer()
    ticket_id = open_ticket(owner).ticket.id
    with pytest.raises(NotFound), transaction(Actor.customer(stranger.id)) as tx:
        message_service.post_customer_message(tx, customer_id=stranger.id, ticket_id=ticket_id, body="hi")


def test_internal_notes_do_not_change_who_waits() -> None:
    customer, agent = make_customer(), make_agent()
    ticket = open_ticket(customer).ticket
    with transaction(Actor.agent(agent.id)) as tx:
        message_service.add_internal_note(tx, agent_id=agent.id, ticket_id=ticket.id, body="courier delayed")
    after = _ticket(ticket.id)
    assert after.status == "new" and after.waiting_since == ticket.waiting_since
    assert after.first_response_at is None


def test_a_refused_status_change_leaves_the_ticket_and_audit_as_they_were() -> None:
    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    with transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=ticket_id, status="closed")
    with pytest.raises(ValidationFailed), transaction(Actor.agent(agent.id)) as tx:
        ticket_service.change_status(tx, ticket_id=ticket_id, status="open")
    with read_session() as session:
        actions = [
            a.action for a in session.exec(select(AuditEvent).where(AuditEvent.subject_id == str(ticket_id)))
        ]
    assert _ticket(ticket_id).status == "closed"
    assert actions.count("ticket.status_changed") == 1


def test_events_are_dispatched_only_after_commit() -> None:
    customer = make_customer()
    high = get_queue(QueueName.high)
    with pytest.raises(RuntimeError), transaction(Actor.customer(customer.id)) as tx:
        ticket_service.open_ticket(tx, customer_id=customer.id, subject="s", body="b")
        raise RuntimeError("crash before commit")
    low = get_queue(QueueName.low)
    assert low.count == 0 and high.count == 0
    open_ticket(customer)
    assert low.count == 1  # the counters job, from the committed TicketCreated


def test_an_agent_reply_enqueues_a_real_job_that_notifies_the_customer() -> None:
    customer, agent = make_customer(), make_agent()
    ticket_id = open_ticket(customer).ticket.id
    with transaction(Actor.agent(agent.id)) as tx:
        reply = message_service.post_agent_reply(tx, agent_id=agent.id, ticket_id=ticket_id, body="answer")
    assert get_queue(QueueName.high).count == 1
    run_queued_jobs()
    run_queued_jobs()
    with read_session() as session:
        notes = session.exec(select(Notification).where(Notification.message_id == reply.id)).all()
    assert len(notes) == 1
    assert notes[0].channel == "in_app" and notes[0].customer_id == customer.id and notes[0].status == "sent"
