"""Email threading: per-ticket reply addresses and our Message-IDs, made and recognised again.

The reply address `<local>+t<token>@<EMAIL_REPLY_DOMAIN>` carries the ticket's id (26 base32
characters) and an HMAC of it under SECRET_KEY (10 base32 characters), so it cannot be guessed and
needs no column. Our Message-IDs are `<seba.m.<message uuid>@domain>` (an agent's reply) and
`<seba.n.<notification uuid>@domain>` (an alert): deterministic, so a resend after a crash carries
the same id and mail clients show it once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from email.utils import getaddresses

from backend.config import Settings

_TOKEN_ID_LEN = 26
_TOKEN_MAC_LEN = 10
_REPLY_LOCAL = re.compile(rf"\+t([a-z2-7]{{{_TOKEN_ID_LEN}}})([a-z2-7]{{{_TOKEN_MAC_LEN}}})$")
_OUR_ID = re.compile(r"<?seba\.([mn])\.([0-9a-f\-]{36})@[^>\s]+>?", re.IGNORECASE)
_ANGLE_ID = re.compile(r"<[^<>\s]+>")
MAX_REFERENCES = 20


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def _mac(ticket_id: uuid.UUID, secret: str) -> str:
    digest = hmac.new(secret.encode(), b"email-reply:" + ticket_id.bytes, hashlib.sha256).digest()
    return _b32(digest)[:_TOKEN_MAC_LEN]


def reply_token(ticket_id: uuid.UUID, settings: Settings) -> str:
    return _b32(ticket_id.bytes) + _mac(ticket_id, settings.secret_key)


def reply_domain(settings: Settings) -> str:
    if settings.email_reply_domain:
        return settings.email_reply_domain.lower()
    sender = settings.sendgrid_from_email or "support@seba.invalid"
    return sender.rsplit("@", 1)[-1].lower()


def _from_local(settings: Settings) -> str:
    sender = settings.sendgrid_from_email or "support@seba.invalid"
    return sender.split("@", 1)[0].split("+", 1)[0].lower()


def reply_address(ticket_id: uuid.UUID, settings: Settings) -> str:
    """The address a customer's reply on this ticket goes to."""
    return f"{_from_local(settings)}+t{reply_token(ticket_id, settings)}@{reply_domain(settings)}"


def ticket_from_reply_address(address: str, settings: Settings) -> uuid.UUID | None:
    """The ticket a reply address names, or None when it is not ours or its HMAC does not match."""
    local, _, domain = address.strip().lower().rpartition("@")
    if domain != reply_domain(settings):
        return None
    match = _REPLY_LOCAL.search(local)
    if match is None:
        return None
    id_part, mac_part = match.groups()
    try:
        raw = base64.b32decode(id_part.upper() + "======")
        ticket_id = uuid.UUID(bytes=raw[:16])
    except (ValueError, TypeError):
        return None
    if not hmac.compare_digest(mac_part, _mac(ticket_id, settings.secret_key)):
        return None
    return ticket_id


def ticket_from_addresses(header_values: list[str], settings: Settings) -> uuid.UUID | None:
    """The first valid reply token among To / Cc / envelope recipients."""
    for _name, address in getaddresses(header_values):
        ticket_id = ticket_from_reply_address(address, settings)
        if ticket_id is not None:
            return ticket_id
    return None


def message_id_for_message(message_id: uuid.UUID, settings: Settings) -> str:
    return f"<seba.m.{message_id}@{reply_domain(settings)}>"


def message_id_for_notification(notification_id: uuid.UUID, settings: Settings) -> str:
    return f"<seba.n.{notification_id}@{reply_domain(settings)}>"


def parse_message_ids(value: str | None) -> list[str]:
    """Every `<id>` in a Message-ID / In-Reply-To / References header, in order."""
    if not value:
        return []
    return _ANGLE_ID.findall(value)


def our_ids(ids: list[str]) -> list[tuple[str, uuid.UUID]]:
    """Which of these ids we made: ("m", message id) or ("n", notification id), newest last."""
    found = []
    for value in ids:
        match = _OUR_ID.fullmatch(value.strip())
        if match:
            found.append((match.group(1).lower(), uuid.UUID(match.group(2))))
    return found


def references_header(ids: list[str]) -> str:
    """RFC 5322 References: the chain, oldest first, the last MAX_REFERENCES kept."""
    unique: list[str] = []
    for value in ids:
        if value and value not in unique:
            unique.append(value)
    return " ".join(unique[-MAX_REFERENCES:])
