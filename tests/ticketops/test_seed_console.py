"""The demo seed brings canned responses, orders and refunds, and tops up an older demo."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import select

from backend.db import get_engine, read_session
from backend.models import CannedResponse, CommerceOrder, CommerceRefund, Ticket
from backend.queries.customer_panel import customer_panel
from backend.seed.demo import seed_demo
from backend.services.canned import render_canned


def test_the_demo_has_console_data_and_an_older_demo_is_topped_up() -> None:
    assert seed_demo() is True
    with get_engine().begin() as conn:  # a demo seeded before this issue
        conn.execute(sa.delete(CannedResponse))
    assert seed_demo() is False
    with read_session() as session:
        assert len(session.exec(select(CannedResponse)).all()) == 11
        assert len(session.exec(select(CommerceOrder)).all()) == 12
        assert len(session.exec(select(CommerceRefund)).all()) == 3
        ticket = session.exec(select(Ticket).where(Ticket.order_ref == "ORD-240117")).one()
        panel = customer_panel(session, ticket.id)
        assert [o.order_ref for o in panel.orders if o.is_ticket_order] == ["ORD-240117"]
        canned = session.exec(select(CannedResponse).where(CannedResponse.shortcut == "order-status")).one()
        body = render_canned(session, canned.id, ticket.id).body
    assert body.startswith("প্রিয় আয়েশা সিদ্দিকা, আপনার অর্ডার ORD-240117 কুরিয়ারে আছে")
