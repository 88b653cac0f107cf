"""The root of every domain error: a stable code, an HTTP status and parameters for the localised text.

Domains raise these without knowing about HTTP or languages; `shared.problems` turns them into
RFC 9457 problem+json, looking the code up in the message catalogue (`shared.i18n`).
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A rule of the domain said no. Subclass once per service, then once per reason."""

    code: ClassVar[str] = "internal"
    status: ClassVar[int] = 400

    def __init__(self, **params: Any) -> None:
        super().__init__(f"{self.code} {params}" if params else self.code)
        self.params = params


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


class Unprocessable(DomainError):
    code = "unprocessable"
    status = 422
