"""VAPID (RFC 8292) key pairs: made by `seba vapid-keys`, loaded once per worker for signing."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeyPair:
    """`public_key`: the uncompressed P-256 point, base64url (the browser's applicationServerKey);
    `private_key`: the raw 32-byte private scalar, base64url (what pywebpush/py_vapid accept)."""

    public_key: str
    private_key: str

    def env_lines(self) -> str:
        return f"VAPID_PUBLIC_KEY={self.public_key}\nVAPID_PRIVATE_KEY={self.private_key}\n"


def generate_vapid_keys() -> VapidKeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    return key_pair_of(key)


def key_pair_of(key: ec.EllipticCurvePrivateKey) -> VapidKeyPair:
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return VapidKeyPair(public_key=b64url_encode(public), private_key=b64url_encode(private))


def public_key_of(private_key: str) -> str:
    """The public key belonging to a base64url raw private key (to check a configured pair)."""
    value = int.from_bytes(b64url_decode(private_key), "big")
    return key_pair_of(ec.derive_private_key(value, ec.SECP256R1())).public_key
