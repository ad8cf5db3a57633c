"""A LOCAL PEER standing in for a browser push service (RFC 8030), for tests and benchmarks.

It speaks the wire format a real push service accepts and checks it the way one must:
* `POST /push/<subscription>` with `TTL` (required), `Urgency` and `Topic` (optional, RFC 8030 §5),
  `Content-Encoding: aes128gcm`, and `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): the
  JWT is verified with ES256 against `k`, `aud` must be the endpoint's origin, `exp` in the future
  and at most 24 hours away, `sub` present (mailto: or https:);
* the body is DECRYPTED as the user agent would (RFC 8291 + RFC 8188): ECDH between the
  subscriber's private key and the sender's key from the header, HKDF with the auth secret and
  "WebPush: info\\0" || ua_public || as_public, then aes128gcm records with the salt/rs/idlen header;
* a message with the Topic of one still held replaces it (RFC 8030 §5.4), as real services do;
* answers 201 Created with a `Location` for the message; can be told to answer 404/410/429/500 for a
  subscription, and to hold its answer for a while (so a test can kill the sender mid-request).

The subscriber's key pair and auth secret are made here with `cryptography` (what a browser does)."""

from __future__ import annotations

import base64
import json
import os
import random
import struct
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


class PushRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass
class Subscriber:
    """A browser's side of one subscription: its ECDH key pair and auth secret."""

    id: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )


def decrypt_aes128gcm(body: bytes, subscriber: Subscriber) -> bytes:
    """RFC 8291 §3.4 key derivation and RFC 8188 §2 record decryption, written out."""
    if len(body) < 21:
        raise PushRejected(400, "body shorter than the aes128gcm header")
    salt, rs, idlen = body[:16], struct.unpack("!I", body[16:20])[0], body[20]
    keyid, ciphertext = body[21 : 21 + idlen], body[21 + idlen :]
    if idlen != 65 or keyid[0] != 4:
        raise PushRejected(400, "keyid must be the sender's uncompressed P-256 key (65 bytes)")
    if rs < 18:
        raise PushRejected(400, f"record size {rs} too small")
    as_public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), keyid)
    ecdh_secret = subscriber.private_key.exchange(ec.ECDH(), as_public)
    key_info = b"WebPush: info\x00" + subscriber.public_bytes + keyid
    ikm = _hkdf(subscriber.auth, ecdh_secret, key_info, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    records = [ciphertext[i : i + rs] for i in range(0, len(ciphertext), rs)] or [b""]
    plaintext = b""
    for seq, record in enumerate(records):
        iv = (int.from_bytes(nonce, "big") ^ seq).to_bytes(12, "big")
        try:
            padded = AESGCM(cek).decrypt(iv, record, None)
        except InvalidTag as exc:
            raise PushRejected(400, "aes128gcm authentication failed (wrong keys or corrupted body)") from exc
        stripped = padded.rstrip(b"\x00")
        last = seq == len(records) - 1
        if not stripped or stripped[-1] != (2 if last else 1):
            raise PushRejected(400, "bad aes128gcm padding delimiter")
        plaintext += stripped[:-1]
    return plaintext


def verify_vapid(header: str, endpoint_origin: str) -> dict[str, Any]:
    """RFC 8292: `vapid t=<JWT>, k=<key>`; ES256 over header.payload with the key in `k`."""
    if not header.lower().startswith("vapid "):
        raise PushRejected(401, "Authorization must use the vapid scheme")
    params = dict(part.strip().split("=", 1) for part in header[6:].split(",") if "=" in part)
    token, key = params.get("t", ""), params.get("k", "")
    try:
        head_b64, claims_b64, sig_b64 = token.split(".")
        jwt_header = json.loads(unb64u(head_b64))
        claims = json.loads(unb64u(claims_b64))
        signature = unb64u(sig_b64)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(key))
    except (ValueError, TypeError) as exc:
        raise PushRejected(401, f"malformed VAPID token or key: {exc}") from exc
    if jwt_header.get("alg") != "ES256" or len(signature) != 64:
        raise PushRejected(401, "VAPID JWT must be ES256 with a 64-byte signature")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise PushRejected(403, "VAPID signature does not verify with k") from exc
    now = time.time()
    if claims.get("aud") != endpoint_origin:
        raise PushRejected(403, f"aud {claims.get('aud')!r} is not {endpoint_origin!r}")
    exp = claims.get("exp")
    if not isinstance(exp, int) or exp <= now or exp > now + 24 * 3600:
        raise PushRejected(403, "exp must be in the future and at most 24 hours away")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.startswith(("mailto:", "https:")):
        raise PushRejected(403, "sub must be a mailto: or https: contact")
    claims["k"] = key
    return claims


@dataclass
class Received:
    subscription: str
    payload: dict[str, Any]
    ttl: int
    urgency: str
    topic: str | None
    claims: dict[str, Any]
    location: str
    replaced: bool = False  # a later message with the same Topic took its place


@dataclass
class PushPeer:
    host: str = "127.0.0.1"
    port: int = 0
    subscribers: dict[str, Subscriber] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    forced: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    gone: set[str] = field(default_factory=set)
    hold_seconds: tuple[float, float] = (0.0, 0.0)  # answer after a random pause in this range
    lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def new_subscription(self) -> dict[str, Any]:
        """What a browser's PushSubscription.toJSON() gives the app: endpoint and keys."""
        sub = Subscriber(uuid.uuid4().hex, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.subscribers[sub.id] = sub
        return {
            "endpoint": f"{self.base_url}/push/{sub.id}",
            "keys": {"p256dh": b64u(sub.public_bytes), "auth": b64u(sub.auth)},
        }

    def answer(self, endpoint: str, *statuses: int) -> None:
        """The next requests to `endpoint` are answered with these statuses, in order."""
        self.forced[endpoint.rsplit("/", 1)[-1]].extend(statuses)

    def unsubscribe(self, endpoint: str) -> None:
        """The browser dropped the subscription: every request gets 410 Gone."""
        self.gone.add(endpoint.rsplit("/", 1)[-1])

    def delivered(self) -> list[Received]:
        """Messages the user agent would get (those replaced under the same Topic excluded)."""
        with self.lock:
            return [r for r in self.received if not r.replaced]

    def handle(self, sub_id: str, headers: Any, body: bytes) -> tuple[int, dict[str, str]]:
        with self.lock:
            if sub_id in self.gone:
                return 410, {}
            if self.forced.get(sub_id):
                return self.forced[sub_id].pop(0), {}
        subscriber = self.subscribers.get(sub_id)
        if subscriber is None:
            return 404, {}
        ttl = headers.get("TTL")
        if ttl is None or not ttl.isdigit():
            raise PushRejected(400, "TTL header is required (RFC 8030 §5.2)")
        urgency = headers.get("Urgency", "normal")
        if urgency not in ("very-low", "low", "normal", "high"):
            raise PushRejected(400, f"bad Urgency {urgency!r}")
        topic = headers.get("Topic")
        if topic is not None and (len(topic) > 32 or not all(c.isalnum() or c in "-_" for c in topic)):
            raise PushRejected(400, "Topic must be at most 32 base64url characters")
        if headers.get("Content-Encoding") != "aes128gcm":
            raise PushRejected(415, "Content-Encoding must be aes128gcm (RFC 8291)")
        claims = verify_vapid(headers.get("Authorization", ""), self.base_url)
        payload = json.loads(decrypt_aes128gcm(body, subscriber))
        location = f"{self.base_url}/m/{uuid.uuid4().hex}"
        with self.lock:
            if topic:
                for earlier in self.received:
                    if earlier.subscription == sub_id and earlier.topic == topic and not earlier.replaced:
                        earlier.replaced = True
            self.received.append(Received(sub_id, payload, int(ttl), urgency, topic, claims, location))
        return 201, {"Location": location}

    def start(self) -> PushPeer:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parts = urlsplit(self.path).path.strip("/").split("/")
                try:
                    if len(parts) != 2 or parts[0] != "push":
                        raise PushRejected(404, "no such push resource")
                    status, extra = peer.handle(parts[1], self.headers, body)
                except PushRejected as exc:
                    with peer.lock:
                        peer.rejected.append((self.path, exc.status, exc.reason))
                    status, extra = exc.status, {}
                low, high = peer.hold_seconds
                if high > 0:
                    time.sleep(random.uniform(low, high))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="push-peer", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
