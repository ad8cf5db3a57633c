"""A LOCAL PEER standing in for Twilio's REST API (Messages) in tests: not Twilio, but strict
about the wire format Twilio documents, so the product's real twilio SDK calls are checked.

* POST /2010-04-01/Accounts/{AccountSid}/Messages.json: HTTP Basic auth AccountSid:AuthToken
  (401, code 20003, otherwise), form fields To, From or MessagingServiceSid, Body (or MediaUrl),
  StatusCallback; answers 201 with a Twilio-shaped Message resource (sid "SM" + 32 hex, status
  "queued", num_segments, RFC 2822 dates).
* GET the same path: the list, newest first, filtered by To, From and DateSent / DateSent< /
  DateSent> (a message still queued has no date_sent and so never matches a DateSent filter).
* Error answers as Twilio gives them ({"code", "message", "more_info", "status"}): magic numbers
  +15005550001 (21211 invalid 'To'), +15005550004 (21610 unsubscribed recipient); queued faults
  (`fail_next`) for 429 / 5xx; `drop_next` closes the connection without an answer.
* `status_callback()` builds a status callback signed exactly like Twilio signs webhooks:
  base64(HMAC-SHA1(auth token, URL + each POST param name and value sorted by name)).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
MAGIC_INVALID = "+15005550001"
MAGIC_UNSUBSCRIBED = "+15005550004"
MAX_BODY = 1600


def twilio_signature(auth_token: str, url: str, params: dict[str, str]) -> str:
    """X-Twilio-Signature, computed independently of the twilio SDK (Twilio's documented recipe)."""
    data = url + "".join(key + params[key] for key in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def new_sid(prefix: str = "SM") -> str:
    return prefix + secrets.token_hex(16)


def _segments(body: str) -> int:
    # The peer's own rough count (GSM when ASCII only), enough for a Twilio-shaped num_segments.
    if not body:
        return 1
    single, multi = (160, 153) if all(ord(c) < 128 for c in body) else (70, 67)
    units = len(body.encode("utf-16-le")) // 2 if single == 70 else len(body)
    return 1 if units <= single else -(-units // multi)


@dataclass
class TwilioPeer:
    account_sid: str = field(default_factory=lambda: new_sid("AC"))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    from_number: str = "+8809610001234"
    messages: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, str]] = field(default_factory=list)  # create forms, as posted
    fail_next: list[int] = field(default_factory=list)  # statuses to answer the next creates with
    drop_next: int = 0  # creates to accept and then answer with a closed connection
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> TwilioPeer:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                peer._handle(self, "POST")

            def do_GET(self) -> None:
                peer._handle(self, "GET")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- HTTP ------------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        match = _PATH.match(parts.path)
        if not match:
            return _answer(handler, 404, _error(20404, "The requested resource was not found", 404))
        if not self._authorised(handler.headers.get("Authorization", "")):
            return _answer(handler, 401, _error(20003, "Authenticate", 401))
        if match.group(1) != self.account_sid:
            return _answer(handler, 404, _error(20404, "The requested resource was not found", 404))
        if method == "GET":
            return _answer(handler, 200, self._list(parts.path, parse_qs(parts.query)))
        length = int(handler.headers.get("Content-Length") or 0)
        if not handler.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return _answer(handler, 400, _error(20001, "Content-Type must be form-encoded", 400))
        raw = parse_qs(handler.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        form = {key: values[-1] for key, values in raw.items()}
        self.received.append(form)
        with self._lock:
            if self.fail_next:
                status = self.fail_next.pop(0)
                code = 20500 if status >= 500 else 20429
                return _answer(handler, status, _error(code, "Try again later", status))
        status, payload = self._create(parts.path, form)
        with self._lock:
            if status == 201 and self.drop_next:
                self.drop_next -= 1
                handler.close_connection = True
                return  # the message exists, the client never hears of it (a crash in transit)
        _answer(handler, status, payload)

    def _authorised(self, header: str) -> bool:
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(user, self.account_sid) and hmac.compare_digest(password, self.auth_token)

    def _create(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        to = form.get("To", "")
        body = form.get("Body", "")
        if not to:
            return 400, _error(21604, "A 'To' phone number is required.", 400)
        if to == MAGIC_INVALID or not _E164.match(to):
            return 400, _error(21211, f"The 'To' number {to} is not a valid phone number.", 400)
        if to == MAGIC_UNSUBSCRIBED:
            return 400, _error(21610, "Attempt to send to unsubscribed recipient", 400)
        sender, service = form.get("From"), form.get("MessagingServiceSid")
        if not sender and not service:
            return 400, _error(21603, "A 'From' phone number is required.", 400)
        if sender and sender != self.from_number:
            return 400, _error(21606, f"The From phone number {sender} is not valid.", 400)
        if service and not re.match(r"^MG[0-9a-f]{32}$", service):
            return 400, _error(21701, "The Messaging Service Sid is invalid.", 400)
        if not body and not form.get("MediaUrl"):
            return 400, _error(21602, "Message body is required.", 400)
        if len(body) > MAX_BODY:
            return 400, _error(21617, "The concatenated message body exceeds the 1600 character limit.", 400)
        callback = form.get("StatusCallback")
        if callback is not None and not re.match(r"^https?://", callback):
            return 400, _error(21609, "The StatusCallback URL is not a valid URL.", 400)
        now = datetime.now(UTC)
        sid = new_sid()
        resource = {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": format_datetime(now),
            "date_sent": None,
            "date_updated": format_datetime(now),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender or self.from_number,
            "messaging_service_sid": service,
            "num_media": "0",
            "num_segments": str(_segments(body)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service and not sender else "queued",
            "subresource_uris": {"media": f"{path[:-5]}/{sid}/Media.json"},
            "to": to,
            "uri": f"{path[:-5]}/{sid}.json",
            "_status_callback": callback,
        }
        with self._lock:
            self.messages.append(resource)
        return 201, _public(resource)

    def _list(self, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        def first(name: str) -> str | None:
            values = query.get(name)
            return values[-1] if values else None

        to, sender = first("To"), first("From")
        on, before, after = first("DateSent"), first("DateSent<"), first("DateSent>")
        size = int(first("PageSize") or 50)
        with self._lock:
            found = list(reversed(self.messages))
        if to:
            found = [m for m in found if m["to"] == to]
        if sender:
            found = [m for m in found if m["from"] == sender]
        for bound, test in ((on, "eq"), (before, "le"), (after, "ge")):
            if bound:
                limit = _parse_when(bound)
                found = [m for m in found if m["date_sent"] and _compare(m["date_sent"], limit, test)]
        page = [_public(m) for m in found[:size]]
        uri = f"{path}?PageSize={size}&Page=0"
        return {
            "messages": page,
            "end": max(len(page) - 1, 0),
            "first_page_uri": uri,
            "next_page_uri": None,
            "page": 0,
            "page_size": size,
            "previous_page_uri": None,
            "start": 0,
            "uri": uri,
        }

    # -- helpers for tests ---------------------------------------------------------------------

    def find(self, sid: str) -> dict[str, Any]:
        return next(m for m in self.messages if m["sid"] == sid)

    def advance(self, sid: str, status: str, error_code: str | None = None) -> None:
        """Move a message on at 'Twilio' (sent sets date_sent, as Twilio does)."""
        message = self.find(sid)
        message["status"] = status
        message["error_code"] = int(error_code) if error_code else None
        if status in ("sent", "delivered", "undelivered") and not message["date_sent"]:
            message["date_sent"] = format_datetime(datetime.now(UTC))

    def status_callback(
        self, sid: str, status: str, *, error_code: str | None = None
    ) -> tuple[str, dict[str, str], str]:
        """(URL, form, X-Twilio-Signature) of the status callback Twilio would POST for `sid`."""
        message = self.find(sid)
        url = message["_status_callback"]
        assert url, "the message was sent without a StatusCallback"
        form = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "From": message["from"],
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": message["to"],
        }
        if error_code:
            form["ErrorCode"] = error_code
        return url, form, twilio_signature(self.auth_token, url, form)


def _public(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in resource.items() if not key.startswith("_")}


def _error(code: int, message: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _parse_when(value: str) -> datetime:
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _compare(rfc2822: str, limit: datetime, test: str) -> bool:
    when = parsedate_to_datetime(rfc2822)
    return {"eq": when.date() == limit.date(), "le": when <= limit, "ge": when >= limit}[test]


def _answer(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
