"""The bot's own domain events (dispatched after commit like every other, see backend/events.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class BotRetrainRequested:
    """An admin asked for a new model version: the retraining job fills this version row."""

    version_id: uuid.UUID


@dataclass(frozen=True)
class BotHandedOff:
    """The bot stopped on a ticket: routing should find it an agent now."""

    ticket_id: uuid.UUID
    reason: str
