"""Poke a customer's online devices (Redis pub/sub) when their change feed advanced."""

from __future__ import annotations

from backend.events import CustomerFeedAdvanced, listens_to
from backend.realtime import poke_customer


@listens_to(CustomerFeedAdvanced)
def poke_customer_devices(event: CustomerFeedAdvanced) -> None:
    poke_customer(event.customer_id)
