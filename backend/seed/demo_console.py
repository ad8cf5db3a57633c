"""The console's demo data: canned responses and the commerce adapter's orders and refunds.

Idempotent (matched by shortcut and order reference), so it also tops up a demo seeded before
these existed."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from backend.db import Tx
from backend.models import CannedResponse, CommerceOrder, CommerceRefund, Customer, Team
from backend.models.base import utcnow
from backend.seed.demo_content import CANNED_RESPONSES, CUSTOMERS, DEMO_ORDERS, DEMO_REFUNDS
from backend.services import canned as canned_service


def seed_console_demo(tx: Tx) -> int:
    """Add the missing canned responses, orders and refunds; returns how many rows were added."""
    added = 0
    teams = {t.slug: t.id for t in tx.session.exec(select(Team))}
    shortcuts = set(tx.session.exec(select(CannedResponse.shortcut)).all())
    for c in CANNED_RESPONSES:
        if c["shortcut"] in shortcuts:
            continue
        canned_service.create_canned(
            tx,
            shortcut=c["shortcut"],
            title=c["title"],
            body_bn=c["body_bn"],
            body_en=c["body_en"],
            team_id=teams.get(c["team"]) if c["team"] else None,
        )
        added += 1
    phones = [c["phone"] for c in CUSTOMERS]
    by_phone = {c.phone: c.id for c in tx.session.exec(select(Customer).where(Customer.phone.in_(phones)))}  # type: ignore[union-attr]
    existing = set(tx.session.exec(select(CommerceOrder.order_ref)).all())
    owner = {}
    now = utcnow()
    for o in DEMO_ORDERS:
        customer_id = by_phone.get(CUSTOMERS[o["customer"]]["phone"])
        if customer_id is None:
            continue
        owner[o["order_ref"]] = customer_id
        if o["order_ref"] in existing:
            continue
        placed = now - timedelta(days=o["days_ago"], hours=3)
        delivered = now - timedelta(days=o["delivered_days_ago"]) if "delivered_days_ago" in o else None
        tx.session.add(
            CommerceOrder(
                order_ref=o["order_ref"],
                customer_id=customer_id,
                status=o["status"],
                items=o["items"],
                total_paisa=o["total_taka"] * 100,
                payment_method=o["payment_method"],
                payment_status=o["payment_status"],
                delivery_area=o["area"],
                courier=o.get("courier", ""),
                tracking_code=o.get("tracking", ""),
                placed_at=placed,
                shipped_at=placed + timedelta(days=1) if o.get("courier") else None,
                expected_delivery_at=now + timedelta(days=o["eta_days"]) if "eta_days" in o else delivered,
                delivered_at=delivered,
            )
        )
        added += 1
    refunded_orders = set(tx.session.exec(select(CommerceRefund.order_ref)).all())
    for r in DEMO_REFUNDS:
        if r["order_ref"] in refunded_orders or r["order_ref"] not in owner:
            continue
        tx.session.add(
            CommerceRefund(
                order_ref=r["order_ref"],
                customer_id=owner[r["order_ref"]],
                amount_paisa=r["amount_taka"] * 100,
                method=r["method"],
                status=r["status"],
                reference=r["reference"],
                requested_at=now - timedelta(days=r["days_ago"]),
                refunded_at=now - timedelta(days=r["refunded_days_ago"])
                if "refunded_days_ago" in r
                else None,
            )
        )
        added += 1
    if added:
        tx.audit("demo.console_seeded", "organisation", "demo", added=added)
    return added
