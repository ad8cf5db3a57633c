"""A local SendGrid peer for tests: the v3 API over real HTTP (http.server in a thread), checking the
wire format SendGrid documents, and the two webhook senders (Event Webhook signed with a test ECDSA
P-256 key, Inbound Parse multipart posts built from fixtures).

POST /v3/mail/send: `Authorization: Bearer <key>`, JSON body validated as documented (personalizations
1..1000 each with 1+ `to`, at most 1000 recipients per personalization, `from.email`, a subject,
`content` non-empty with text/plain before text/html, reserved headers refused, custom_args values
strings); 202 with `X-Message-Id`, or 400 `{"errors": [{"message", "field", "help"}]}`; 401 without the
key. GET /v3/messages?query=...&limit=N: Email Activity search by `unique_args['k']="v"` or
`msg_id="..."`, answering `{"messages": [{"msg_id", "from_email", "subject", "to_email", "status"}]}`.
`fail_next` queues canned answers (429, 500, 400, 403) to test error handling."""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

FIXTURES = Path(__file__).parent / "fixtures"
# SendGrid refuses these in `headers` (its mail send docs): they are set from the body's own fields.
RESERVED_HEADERS = {
    "x-sg-id",
    "x-sg-eid",
    "received",
    "dkim-signature",
    "content-type",
    "content-transfer-encoding",
    "to",
    "from",
    "subject",
    "reply-to",
    "cc",
    "bcc",
}
_UNIQUE_ARG_QUERY = re.compile(r"""^unique_args\['([^']+)'\]="([^"]*)"$""")
_MSG_ID_QUERY = re.compile(r'^msg_id="([^"]*)"$')


@dataclass
class PeerState:
    api_key: str
    sent: list[dict[str, Any]] = field(default_factory=list)  # {"x_message_id", "body", "headers"}
    fail_next: list[int] = field(default_factory=list)
    activity_requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _error(message: str, field_name: str | None, help_text: str | None = None) -> dict[str, Any]:
    return {"message": message, "field": field_name, "help": help_text}


def validate_mail_body(body: Any) -> list[dict[str, Any]]:
    """SendGrid's documented rules for /v3/mail/send, the subset our sends exercise."""
    if not isinstance(body, dict):
        return [_error("Bad Request", None)]
    errors = []
    personalizations = body.get("personalizations")
    if not isinstance(personalizations, list) or not 1 <= len(personalizations) <= 1000:
        errors.append(
            _error(
                "The personalizations field is required and must have at least one personalization.",
                "personalizations",
            )
        )
    else:
        for i, p in enumerate(personalizations):
            to = p.get("to") if isinstance(p, dict) else None
            if not isinstance(to, list) or not to:
                errors.append(
                    _error(
                        "The to array is required for all personalization objects, and must have "
                        "at least one email object with a valid email address.",
                        f"personalizations.{i}.to",
                    )
                )
                continue
            if len(to) + len(p.get("cc") or []) + len(p.get("bcc") or []) > 1000:
                errors.append(
                    _error("The total number of recipients must be less than 1000.", f"personalizations.{i}")
                )
            for j, r in enumerate(to):
                if not isinstance(r, dict) or "@" not in str(r.get("email", "")):
                    errors.append(
                        _error("Does not contain a valid address.", f"personalizations.{i}.to.{j}.email")
                    )
    sender = body.get("from")
    if not isinstance(sender, dict) or "@" not in str(sender.get("email", "")):
        errors.append(_error("The from object must be provided for every email send.", "from.email"))
    if not body.get("subject") and not all(
        isinstance(p, dict) and p.get("subject") for p in personalizations or []
    ):
        errors.append(
            _error(
                "The subject is required. You can get around this requirement if you use a template "
                "with a subject defined or if every personalization has a subject defined.",
                "subject",
            )
        )
    content = body.get("content")
    if not isinstance(content, list) or not content:
        errors.append(
            _error("Unless a valid template_id is provided, the content parameter is required.", "content")
        )
    else:
        types = [c.get("type") if isinstance(c, dict) else None for c in content]
        for k, c in enumerate(content):
            if not isinstance(c, dict) or not c.get("value"):
                errors.append(
                    _error(
                        "The content value must be a string at least one character in length.",
                        f"content.{k}.value",
                    )
                )
        if "text/plain" in types and types.index("text/plain") != 0:
            errors.append(
                _error(
                    "If present, text/plain content must be first, followed by any other content.",
                    "content.0.type",
                )
            )
        if (
            "text/html" in types
            and "text/plain" in types
            and types.index("text/html") < types.index("text/plain")
        ):
            errors.append(
                _error("If present, text/plain and text/html may only be provided in this order.", "content")
            )
    reply_to = body.get("reply_to")
    if reply_to is not None and (not isinstance(reply_to, dict) or "@" not in str(reply_to.get("email", ""))):
        errors.append(_error("The reply_to email does not contain a valid address.", "reply_to.email"))
    for name, value in (body.get("headers") or {}).items():
        if name.lower() in RESERVED_HEADERS:
            errors.append(_error(f"The header {name} is reserved and cannot be set.", f"headers.{name}"))
        if not isinstance(value, str):
            errors.append(_error("Header values must be strings.", f"headers.{name}"))
    for name, value in (body.get("custom_args") or {}).items():
        if not isinstance(value, str):
            errors.append(_error("Custom args values must be strings.", f"custom_args.{name}"))
    categories = body.get("categories") or []
    if len(categories) > 10 or any(not isinstance(c, str) or len(c) > 255 for c in categories):
        errors.append(
            _error(
                "You may not have more than 10 categories per request, each up to 255 characters.",
                "categories",
            )
        )
    return errors


class _Handler(BaseHTTPRequestHandler):
    state: PeerState

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {self.state.api_key}":
            self._answer(
                401,
                {
                    "errors": [
                        _error("The provided authorization grant is invalid, expired, or revoked", None)
                    ]
                },
            )
            return False
        return True

    def _canned_failure(self) -> bool:
        with self.state.lock:
            status = self.state.fail_next.pop(0) if self.state.fail_next else None
        if status is None:
            return False
        self._answer(status, {"errors": [_error(f"canned failure {status}", None)]})
        return True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if urlparse(self.path).path != "/v3/mail/send":
            self._answer(404, {"errors": [_error("not found", None)]})
            return
        if not self._authorised() or self._canned_failure():
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            self._answer(400, {"errors": [_error("Content-Type should be application/json.", None)]})
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._answer(
                400,
                {
                    "errors": [
                        _error(
                            "Bad Request",
                            None,
                            "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.parsing",
                        )
                    ]
                },
            )
            return
        errors = validate_mail_body(body)
        if errors:
            self._answer(400, {"errors": errors})
            return
        x_message_id = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
        with self.state.lock:
            self.state.sent.append(
                {"x_message_id": x_message_id, "body": body, "headers": dict(self.headers)}
            )
        self._answer(202, None, {"X-Message-Id": x_message_id})

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path != "/v3/messages":
            self._answer(404, {"errors": [_error("not found", None)]})
            return
        if not self._authorised() or self._canned_failure():
            return
        params = parse_qs(url.query)
        query = (params.get("query") or [""])[0]
        limit = int((params.get("limit") or ["10"])[0])
        with self.state.lock:
            self.state.activity_requests.append(query)
            sent = list(self.state.sent)
        if match := _UNIQUE_ARG_QUERY.match(query):
            key, value = match.groups()
            found = [s for s in sent if (s["body"].get("custom_args") or {}).get(key) == value]
        elif match := _MSG_ID_QUERY.match(query):
            found = [s for s in sent if f"{s['x_message_id']}.filter0001" == match.group(1)]
        else:
            self._answer(400, {"errors": [_error("invalid query", "query")]})
            return
        messages = [
            {
                "from_email": s["body"]["from"]["email"],
                "msg_id": f"{s['x_message_id']}.filter0001p1las1-1-{uuid.uuid4().hex[:8]}.0",
                "subject": s["body"]["subject"],
                "to_email": s["body"]["personalizations"][0]["to"][0]["email"],
                "status": "delivered",
                "opens_count": 0,
                "clicks_count": 0,
                "last_event_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            for s in found[:limit]
        ]
        self._answer(200, {"messages": messages})


class SendGridPeer:
    """Start with `with SendGridPeer() as peer:`; `peer.base_url` goes into SENDGRID_API_BASE_URL."""

    def __init__(self, api_key: str = "SG.local-peer-key") -> None:
        self.state = PeerState(api_key=api_key)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        # The Event Webhook signing key; its public half is what SendGrid shows in its settings.
        self.signing_key = ec.generate_private_key(ec.SECP256R1())

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_key(self) -> str:
        return self.state.api_key

    @property
    def sent(self) -> list[dict[str, Any]]:
        return self.state.sent

    def fail_next(self, *statuses: int) -> None:
        self.state.fail_next.extend(statuses)

    def __enter__(self) -> SendGridPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- the Event Webhook ---
    @property
    def public_key_b64(self) -> str:
        der = self.signing_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode()

    def sign_events(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = self.signing_key.sign(ts.encode() + body, ec.ECDSA(hashes.SHA256()))
        return {
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": ts,
        }


def event(name: str, sent: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One Event Webhook event the way SendGrid posts it for a message the peer accepted."""
    body = sent["body"]
    return {
        "email": body["personalizations"][0]["to"][0]["email"],
        "timestamp": int(time.time()),
        "smtp-id": body.get("headers", {}).get("Message-ID", ""),
        "event": name,
        "category": body.get("categories", []),
        "sg_event_id": extra.pop("sg_event_id", base64.urlsafe_b64encode(secrets.token_bytes(15)).decode()),
        "sg_message_id": f"{sent['x_message_id']}.filter0001p1las1-16816-5A023E36-1.0",
        **(body.get("custom_args") or {}),
        **extra,
    }


def multipart_body(fields: dict[str, str], files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    """An Inbound Parse post as SendGrid sends it: multipart/form-data, text fields then files
    (field name, filename, content type, bytes). Returns (body, Content-Type header)."""
    boundary = "xYzZY" + secrets.token_hex(8)
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        out += value.encode("utf-8") + b"\r\n"
    for name, filename, content_type, data in files:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def inbound_post(fixture: str, **replace: str) -> tuple[bytes, str]:
    """An Inbound Parse post from fixtures/<fixture>.json: {"fields": {...}, "files": [{"field",
    "filename", "type", "text" | "repeat": [chunk, count]}]}; `{{KEY}}` in any field becomes replace[KEY]."""
    spec = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    fields = {}
    for name, value in spec["fields"].items():
        for key, new in replace.items():
            value = value.replace("{{" + key + "}}", new)
        fields[name] = value
    files = []
    for f in spec.get("files", []):
        data = f["text"].encode() if "text" in f else f["repeat"][0].encode() * int(f["repeat"][1])
        files.append((f["field"], f["filename"], f["type"], data))
    return multipart_body(fields, files)
