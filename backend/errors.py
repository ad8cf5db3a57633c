"""The error taxonomy: every refusal carries a code, an HTTP status and words in Bengali and English."""

from __future__ import annotations

from typing import Any

from backend.i18n.messages import message


class SebaError(Exception):
    """A refusal a person can understand; `code` keys the bilingual message catalog."""

    status: int = 400

    def __init__(self, code: str, *, status: int | None = None, **params: Any) -> None:
        self.code = code
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(self.message("en"))

    def message(self, locale: str) -> str:
        return message(self.code, locale, **self.params)

    def to_dict(self, locale: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message(locale),
            "message_bn": self.message("bn"),
            "message_en": self.message("en"),
        }


class ValidationFailed(SebaError):
    status = 422


class NotFound(SebaError):
    status = 404


class Forbidden(SebaError):
    status = 403


class Unauthorized(SebaError):
    status = 401


class Conflict(SebaError):
    status = 409


class TooManyRequests(SebaError):
    status = 429

    def __init__(self, code: str, *, retry_after: int, **params: Any) -> None:
        self.retry_after = retry_after
        super().__init__(code, retry_after=retry_after, **params)


class TransientFailure(SebaError):
    """Something we depend on is briefly unavailable; the caller should retry."""

    status = 503
