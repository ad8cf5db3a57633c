"""The contract every outbound channel (SMS, email, web push) implements for the delivery jobs.

A send is idempotent end to end: the job records the attempt (with the notification's idempotency
key) before calling the provider, and after a crash it first asks the channel whether that attempt
already went out (`find_sent`) before sending again. Channels never write to the database; the job
(workers/jobs/) records outcomes through services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class OutboundMessage:
    """What to send, already rendered in the customer's language and script."""

    notification_id: uuid.UUID
    idempotency_key: str
    channel: str  # sms | email | push
    to_address: str  # E.164 phone, email address, or push endpoint
    body: str  # plain text (SMS text, email text part, push notification body)
    subject: str = ""
    html: str = ""
    purpose: str = ""  # otp | reply | reply_alert | survey | agent_assignment | ...
    ticket_id: uuid.UUID | None = None
    message_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    # Channel-specific extras: email threading headers and reply address, push keys and TTL/urgency.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    provider: str  # twilio | sendgrid | webpush | dev-log
    provider_id: str  # Twilio's MessageSid, SendGrid's X-Message-Id, the push service's Location
    # Billing facts worth keeping (SMS: encoding, segments, estimated cost in paisa).
    details: dict[str, Any] = field(default_factory=dict)


class SendError(Exception):
    """A send failed. `transient` ones are retried with backoff; the others are final."""

    transient: bool = False

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class TransientSendError(SendError):
    """Timeouts, connection errors, 429 and 5xx answers: try again later."""

    transient = True


class PermanentSendError(SendError):
    """The provider refused this message for good (invalid number, 4xx): do not retry."""


class GoneRecipient(PermanentSendError):
    """The address no longer exists (push subscription answered 404/410): forget it."""


class OutboundChannel(Protocol):
    name: str  # sms | email | push

    def send(self, message: OutboundMessage) -> SendResult:
        """Send once; raise TransientSendError, PermanentSendError or GoneRecipient."""
        ...

    def find_sent(self, message: OutboundMessage) -> SendResult | None:
        """After a crash between the provider call and recording it: did that attempt go out?
        Return its result if the provider has it, None if not (then the job sends)."""
        ...
