"""SendGrid's Event Webhook: the signature checked before anything is parsed, then each event moves
its Notification (and the reply Message it carried) forward, never back, once per sg_event_id.

Signature (as SendGrid documents it): ECDSA P-256 with SHA-256 over the timestamp header followed by
the raw body; `X-Twilio-Email-Event-Webhook-Signature` is base64 DER, the verification key is the
base64 DER public key shown in SendGrid's settings (SENDGRID_EVENT_WEBHOOK_PUBLIC_KEY). A timestamp
older than SENDGRID_EVENT_MAX_AGE_SECONDS (or as far in the future) is refused as a replay."""

from __future__ import annotations

import binascii
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from sendgrid.helpers.eventwebhook import EventWebhook
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from backend.config import Settings
from backend.db import Actor, Tx, transaction
from backend.errors import SebaError
from backend.models import InboundEvent, Message, Notification
from backend.models.base import utcnow
from backend.models.enums import DeliveryStatus, NotificationStatus

log = logging.getLogger(__name__)

PROVIDER = "sendgrid-event"
SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"
MAX_EVENTS = 5000

# Where each event moves things; None leaves the status alone (recorded only).
_NOTIFICATION_STATUS: dict[str, str | None] = {
    "processed": NotificationStatus.sent,
    "deferred": None,
    "delivered": NotificationStatus.delivered,
    "bounce": NotificationStatus.failed,
    "dropped": NotificationStatus.failed,
    "open": NotificationStatus.delivered,
    "click": NotificationStatus.delivered,
    "spamreport": None,
    "unsubscribe": None,
    "group_unsubscribe": None,
    "group_resubscribe": None,
}
_MESSAGE_STATUS: dict[str, str] = {
    "processed": DeliveryStatus.sent,
    "delivered": DeliveryStatus.delivered,
    "bounce": DeliveryStatus.failed,
    "dropped": DeliveryStatus.failed,
    "open": DeliveryStatus.read,
    "click": DeliveryStatus.read,
}
# Monotonic: a status only moves to a higher rank (a late "processed" never undoes "delivered").
# "sending": the job's provider call may be in flight when the first event arrives.
_RANK = {"queued": 0, "sending": 1, "sent": 2, "failed": 3, "delivered": 4, "read": 5, "suppressed": 6}


class EventsInvalid(SebaError):
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__("email_events_invalid", detail=detail)


def verify_signature(
    settings: Settings, body: bytes, signature: str | None, timestamp: str | None, now: float | None = None
) -> bool:
    """True only for a fresh, correctly signed body; any doubt (no key, bad key, bad base64) is False."""
    key = settings.sendgrid_event_webhook_public_key
    if not key or not signature or not timestamp:
        return False
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - sent_at) > settings.sendgrid_event_max_age_seconds:
        return False
    try:
        verifier = EventWebhook(key)
        return bool(verifier.verify_signature(body.decode("utf-8"), signature, timestamp))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, UnsupportedAlgorithm):
        return False


def parse_events(body: bytes) -> list[dict[str, Any]]:
    try:
        events = json.loads(body)
    except ValueError:
        raise EventsInvalid("the body is not JSON") from None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise EventsInvalid("the body must be a JSON array of event objects")
    if len(events) > MAX_EVENTS:
        raise EventsInvalid(f"at most {MAX_EVENTS} events per post")
    for event in events:
        if not isinstance(event.get("event"), str) or not isinstance(event.get("sg_event_id"), str):
            raise EventsInvalid("every event needs an event name and an sg_event_id")
    return events


@dataclass
class EventsOutcome:
    applied: int = 0
    duplicates: int = 0
    unmatched: int = 0
    statuses: dict[str, str] = field(default_factory=dict)  # notification id -> status after


def _notification_for(tx: Tx, event: dict[str, Any]) -> Notification | None:
    raw_id = event.get("notification_id")
    if isinstance(raw_id, str):
        try:
            found = tx.session.get(Notification, uuid.UUID(raw_id), with_for_update=True)
        except ValueError:
            found = None
        if found is not None:
            return found
    sg_message_id = event.get("sg_message_id")
    if isinstance(sg_message_id, str) and sg_message_id:
        x_message_id = sg_message_id.split(".", 1)[0]
        return tx.session.exec(
            select(Notification).where(Notification.provider_id == x_message_id).with_for_update()
        ).first()
    return None


def _advance(current: str, new: str | None) -> str | None:
    if new is None or _RANK.get(new, -1) <= _RANK.get(current, -1):
        return None
    return new


def _apply_one(tx: Tx, event: dict[str, Any], outcome: EventsOutcome) -> None:
    name = str(event["event"])
    notification = _notification_for(tx, event)
    record = InboundEvent(
        provider=PROVIDER,
        external_id=str(event["sg_event_id"])[:200],
        payload={k: event.get(k) for k in ("event", "email", "timestamp", "sg_message_id", "reason", "type")},
        processed_at=utcnow(),
    )
    tx.session.add(record)
    tx.session.flush()
    if notification is None:
        outcome.unmatched += 1
        record.error = "no notification for this event"
        return
    record.payload = {**record.payload, "notification_id": str(notification.id)}
    new_status = _advance(notification.status, _NOTIFICATION_STATUS.get(name))
    if new_status is not None:
        notification.status = new_status
        if new_status == NotificationStatus.failed:
            notification.error = f"{name}: {event.get('reason') or event.get('response') or ''}"[:1000]
        tx.session.add(notification)
        tx.audit(f"notification.{new_status}", "notification", notification.id, via=f"sendgrid {name}")
    if notification.message_id is not None and name in _MESSAGE_STATUS:
        message = tx.session.get(Message, notification.message_id, with_for_update=True)
        if message is not None:
            moved = _advance(message.delivery_status, _MESSAGE_STATUS[name])
            if moved is not None:
                message.delivery_status = moved
                tx.session.add(message)
    outcome.applied += 1
    outcome.statuses[str(notification.id)] = notification.status


def apply_events(events: list[dict[str, Any]]) -> EventsOutcome:
    """Apply each event in its own savepoint; an sg_event_id seen before is a no-op."""
    outcome = EventsOutcome()
    with transaction(Actor.system()) as tx:
        for event in events:
            seen = tx.session.exec(
                select(InboundEvent.id).where(
                    InboundEvent.provider == PROVIDER,
                    InboundEvent.external_id == str(event["sg_event_id"])[:200],
                )
            ).first()
            if seen is not None:
                outcome.duplicates += 1
                continue
            try:
                with tx.savepoint():
                    _apply_one(tx, event, outcome)
            except IntegrityError:
                outcome.duplicates += 1  # the same event in a concurrent post
    return outcome
