"""The vocabularies of the support domain, stored as plain strings."""

from __future__ import annotations

import enum


class ChannelKind(enum.StrEnum):
    web = "web"
    sms = "sms"
    email = "email"
    whatsapp = "whatsapp"
    messenger = "messenger"
    voice = "voice"


class Role(enum.StrEnum):
    admin = "admin"
    supervisor = "supervisor"
    agent = "agent"


class Locale(enum.StrEnum):
    bn = "bn"
    en = "en"


class SmsScript(enum.StrEnum):
    """How a customer wants their SMS written: Bengali script (UCS-2) or Banglish (GSM-7)."""

    bengali = "bengali"
    banglish = "banglish"


class CustomerTier(enum.StrEnum):
    standard = "standard"
    vip = "vip"


class Gender(enum.StrEnum):
    female = "female"
    male = "male"
    unspecified = "unspecified"


class TicketStatus(enum.StrEnum):
    new = "new"
    open = "open"
    pending = "pending"  # waiting on the customer
    on_hold = "on_hold"  # waiting on a third party (courier, seller, payment provider)
    resolved = "resolved"
    closed = "closed"


class TicketPriority(enum.StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class MessageDirection(enum.StrEnum):
    inbound = "inbound"
    outbound = "outbound"
    note = "note"
    activity = "activity"


class AuthorType(enum.StrEnum):
    customer = "customer"
    agent = "agent"
    bot = "bot"
    system = "system"


class DeliveryStatus(enum.StrEnum):
    received = "received"  # inbound messages
    queued = "queued"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"


class ActorType(enum.StrEnum):
    customer = "customer"
    agent = "agent"
    system = "system"
    bot = "bot"


class NotificationStatus(enum.StrEnum):
    queued = "queued"
    sending = "sending"  # the provider call may have happened; a retry asks find_sent() first
    sent = "sent"
    delivered = "delivered"
    failed = "failed"
    suppressed = "suppressed"
