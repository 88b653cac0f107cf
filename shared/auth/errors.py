"""Access errors, one root under `DomainError`; their texts live in `shared.auth_messages`."""

from __future__ import annotations

import enum

from shared.errors import DomainError


class UnauthenticatedReason(enum.StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    INVALID = "invalid"
    REVOKED = "revoked"


class AuthError(DomainError):
    """The root of access errors; each service maps it like any other domain error."""


class Unauthenticated(AuthError):
    code = "auth.unauthenticated"
    status = 401

    def __init__(self, *, reason: UnauthenticatedReason) -> None:
        super().__init__(reason=reason.value)
        self.reason = reason

    @property
    def headers(self) -> dict[str, str]:
        """The RFC 6750 challenge; `shared.problems` sends an error's `headers` with the response."""
        if self.reason is UnauthenticatedReason.MISSING:
            return {"WWW-Authenticate": "Bearer"}
        return {"WWW-Authenticate": f'Bearer error="invalid_token", error_description="{self.reason.value}"'}


class AccessDenied(AuthError):
    code = "auth.forbidden"
    status = 403


class NotVerified(AuthError):
    code = "auth.not_verified"
    status = 403


class OutOfScope(AuthError):
    code = "auth.out_of_scope"
    status = 403


class KeysUnavailable(AuthError):
    """The gateway's JWKS could not be fetched: our fault, not the caller's — never a 401."""

    code = "auth.keys_unavailable"
    status = 503
