"""SendGrid Inbound Parse posts, read into one InboundEmail: the parsed mode's fields (headers, from,
to, cc, subject, text, html, envelope, charsets, attachments, attachment-info, attachment1..N) or,
when "POST the raw, full MIME message" is on, the `email` field. Also: is it an auto-reply?"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email import message_from_string, policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import HeaderParser
from email.utils import getaddresses, parseaddr
from typing import Any

from backend.channels.email.channel import LOOP_HEADER
from backend.channels.email.threading import parse_message_ids
from backend.config import Settings
from backend.errors import SebaError

_PRECEDENCE_AUTO = {"bulk", "junk", "list", "auto_reply"}
_DAEMONS = {"mailer-daemon", "postmaster"}
MAX_ATTACHMENTS = 50


class EmailFormInvalid(SebaError):
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__("email_form_invalid", detail=detail)


@dataclass
class InboundAttachment:
    filename: str
    content_type: str
    size: int
    data: bytes | None  # None when it was over the size limit (not kept)


@dataclass
class InboundEmail:
    headers: Message
    from_email: str
    from_name: str
    to: list[str]
    cc: list[str]
    envelope_to: list[str]
    envelope_from: str
    subject: str
    text: str
    html: str
    attachments: list[InboundAttachment] = field(default_factory=list)
    spam_score: str = ""

    def header(self, name: str) -> str:
        value = self.headers.get(name)
        return str(value).strip() if value is not None else ""

    @property
    def message_id(self) -> str:
        ids = parse_message_ids(self.header("Message-ID"))
        return ids[0] if ids else ""

    @property
    def thread_ids(self) -> list[str]:
        """In-Reply-To then References, newest first."""
        replied = parse_message_ids(self.header("In-Reply-To"))
        refs = parse_message_ids(self.header("References"))
        return replied + list(reversed(refs))

    @property
    def dedupe_key(self) -> str:
        """The Message-ID (hashed when long); without one, a hash of what identifies the email."""
        if self.message_id and len(self.message_id) <= 200:
            return self.message_id
        basis = "\n".join(
            [self.message_id, self.from_email, self.subject, self.header("Date"), self.text[:2000]]
        )
        return "sha256:" + hashlib.sha256(basis.encode()).hexdigest()


def _decode_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return value


def _recharset(form: Mapping[str, str], charsets: dict[str, str]) -> dict[str, str]:
    """Starlette falls back to latin-1 for a field that is not UTF-8; re-read it in its declared
    charset (SendGrid's `charsets`)."""
    fixed = dict(form)
    for name, charset in charsets.items():
        value = fixed.get(name)
        if not value or not isinstance(charset, str):
            continue
        if charset.lower().replace("-", "") in ("utf8", "usascii"):
            continue
        with contextlib.suppress(UnicodeError, LookupError):
            fixed[name] = value.encode("latin-1").decode(charset)
    return fixed


def _json_field(form: Mapping[str, str], name: str, default: Any) -> Any:
    raw = form.get(name)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise EmailFormInvalid(f"{name} is not JSON") from None


def parse_parsed_form(
    form: Mapping[str, str], files: Mapping[str, tuple[str, str, int, bytes | None]]
) -> InboundEmail:
    """The parsed mode. `files` maps a form field (attachment1..N) to (filename, type, size, data)."""
    if "headers" not in form or "from" not in form:
        raise EmailFormInvalid("the headers and from fields are required")
    charsets = _json_field(form, "charsets", {})
    if not isinstance(charsets, dict):
        raise EmailFormInvalid("charsets is not a JSON object")
    form = _recharset(form, charsets)
    envelope = _json_field(form, "envelope", {})
    if not isinstance(envelope, dict):
        raise EmailFormInvalid("envelope is not a JSON object")
    info = _json_field(form, "attachment-info", {})
    if not isinstance(info, dict):
        raise EmailFormInvalid("attachment-info is not a JSON object")
    try:
        declared = int(form.get("attachments") or 0)
    except ValueError:
        raise EmailFormInvalid("attachments is not a number") from None
    if declared < 0 or declared > MAX_ATTACHMENTS:
        raise EmailFormInvalid(f"attachments must be between 0 and {MAX_ATTACHMENTS}")
    headers = HeaderParser(policy=policy.compat32).parsestr(form["headers"].replace("\r\n", "\n") + "\n\n")
    name, address = parseaddr(_decode_words(form["from"]))
    attachments = []
    for index in range(1, declared + 1):
        key = f"attachment{index}"
        if key not in files:
            raise EmailFormInvalid(f"{key} is missing (attachments={declared})")
        filename, content_type, size, data = files[key]
        found = info.get(key)
        meta: dict[str, Any] = found if isinstance(found, dict) else {}
        attachments.append(
            InboundAttachment(
                filename=str(meta.get("filename") or filename or key)[:200],
                content_type=str(meta.get("type") or content_type or "application/octet-stream")[:100],
                size=size,
                data=data,
            )
        )
    env_to = envelope.get("to") or []
    return InboundEmail(
        headers=headers,
        from_email=address.strip().lower(),
        from_name=name.strip()[:200],
        to=[form.get("to", "")],
        cc=[form.get("cc", "")],
        envelope_to=[str(a) for a in env_to] if isinstance(env_to, list) else [str(env_to)],
        envelope_from=str(envelope.get("from") or ""),
        subject=_decode_words(form.get("subject", "")),
        text=form.get("text", ""),
        html=form.get("html", ""),
        attachments=attachments,
        spam_score=form.get("spam_score", ""),
    )


def parse_raw_form(form: Mapping[str, str], attachment_limit: int) -> InboundEmail:
    """The raw mode: the whole MIME message in `email`."""
    msg = message_from_string(form["email"], policy=policy.default)
    assert isinstance(msg, EmailMessage)
    envelope = _json_field(form, "envelope", {})
    if not isinstance(envelope, dict):
        raise EmailFormInvalid("envelope is not a JSON object")
    name, address = parseaddr(str(msg.get("From", "")))
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    attachments = []
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True) or b""
        assert isinstance(data, bytes)
        attachments.append(
            InboundAttachment(
                filename=(part.get_filename() or "attachment")[:200],
                content_type=part.get_content_type(),
                size=len(data),
                data=data if len(data) <= attachment_limit else None,
            )
        )
    env_to = envelope.get("to") or []
    return InboundEmail(
        headers=msg,
        from_email=address.strip().lower(),
        from_name=name.strip()[:200],
        to=[str(msg.get("To", ""))],
        cc=[str(msg.get("Cc", ""))],
        envelope_to=[str(a) for a in env_to] if isinstance(env_to, list) else [str(env_to)],
        envelope_from=str(envelope.get("from") or ""),
        subject=str(msg.get("Subject", "")),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else "",
        attachments=attachments,
        spam_score=form.get("spam_score", ""),
    )


def loop_reason(email: InboundEmail, settings: Settings) -> str | None:
    """Why this email must not become a ticket message (an auto-reply, a bounce, our own), or None."""
    auto = email.header("Auto-Submitted").lower()
    if auto and auto.split(";")[0].strip() != "no":
        return "auto_submitted"
    if email.header("Precedence").lower() in _PRECEDENCE_AUTO:
        return "precedence"
    if email.header("X-Autoreply") or email.header("X-Autorespond"):
        return "autoreply_header"
    if email.header(LOOP_HEADER):
        return "own_message"
    local = email.from_email.split("@", 1)[0]
    if local in _DAEMONS or not email.from_email:
        return "mailer_daemon"
    ours = (settings.sendgrid_from_email or "").lower()
    if ours and email.from_email == ours:
        return "own_address"
    return None


def all_recipients(email: InboundEmail) -> list[str]:
    return [a for _n, a in getaddresses(email.to + email.cc + email.envelope_to) if a]


_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|উত্তর)\s*:\s*|\[#\d+\]\s*)+", re.IGNORECASE)


def clean_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", " ".join(subject.split())).strip()
