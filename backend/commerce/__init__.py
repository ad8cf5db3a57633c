"""The commerce adapter: Seba's window on the marketplace's orders and refunds.

`get_commerce_adapter(session)` returns the adapter named by the COMMERCE_ADAPTER setting
("demo": the local `commerce_order` / `commerce_refund` tables). A real order system gets its own
module implementing `CommerceAdapter` and a line in `ADAPTERS`; the setting refuses any other
name when Seba starts (`backend.config`).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from backend.commerce.base import CommerceAdapter, OrderInfo, RefundInfo
from backend.commerce.demo import DemoCommerceAdapter
from backend.config import COMMERCE_ADAPTERS, get_settings

ADAPTERS: dict[str, Callable[[Session], CommerceAdapter]] = {"demo": DemoCommerceAdapter}
assert set(ADAPTERS) == set(COMMERCE_ADAPTERS), "keep backend.config.COMMERCE_ADAPTERS in step"


def get_commerce_adapter(session: Session, name: str | None = None) -> CommerceAdapter:
    """The configured adapter (or `name`), reading through `session` where it uses Seba's database."""
    chosen = name or get_settings().commerce_adapter
    factory = ADAPTERS.get(chosen)
    if factory is None:
        raise ValueError(f"COMMERCE_ADAPTER must be one of {sorted(ADAPTERS)}, got {chosen!r}")
    return factory(session)


__all__ = ["ADAPTERS", "CommerceAdapter", "OrderInfo", "RefundInfo", "get_commerce_adapter"]
