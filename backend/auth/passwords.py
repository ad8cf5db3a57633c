"""Password hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.errors import ValidationFailed

PASSWORD_MIN = 10
_hasher = PasswordHasher()


def check_password_strength(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise ValidationFailed("password_too_short", min=PASSWORD_MIN)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Verified against when the account does not exist, so both paths cost the same time.
DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
