"""FastAPI dependencies: authenticated, has a role, verified, in territorial scope.

They take Starlette's `HTTPConnection` (FastAPI injects it for HTTP and WebSocket routes alike) and find the
verifier at `connection.app.state.auth_verifier`; the principal is verified once per request and reused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import HTTPConnection

from shared.auth.errors import AccessDenied, NotVerified, OutOfScope, Unauthenticated, UnauthenticatedReason
from shared.auth.principal import Principal, Role
from shared.auth.verifier import TokenVerifier

_PRINCIPAL_SCOPE_KEY = "smart_mahalla.principal"


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(reason=UnauthenticatedReason.MISSING)
    return token.strip()


async def authenticated(connection: HTTPConnection) -> Principal:
    """The caller, verified once per request (HTTP or WebSocket); later dependencies reuse the result."""
    known = connection.scope.get(_PRINCIPAL_SCOPE_KEY)
    if isinstance(known, Principal):
        return known
    verifier: TokenVerifier | None = getattr(connection.app.state, "auth_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.auth_verifier is not set: wire a JwksVerifier in create_app()")
    principal = await verifier.verify(bearer_token(connection.headers.get("authorization")))
    connection.scope[_PRINCIPAL_SCOPE_KEY] = principal
    return principal


def require_roles(*roles: Role) -> Callable[[HTTPConnection], Awaitable[Principal]]:
    """A dependency admitting a caller holding at least one of `roles`."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    wanted = frozenset(roles)

    async def has_role(connection: HTTPConnection) -> Principal:
        principal = await authenticated(connection)
        if not principal.has_any_role(wanted):
            raise AccessDenied(required_roles=", ".join(sorted(wanted)))
        return principal

    return has_role


async def require_verified(connection: HTTPConnection) -> Principal:
    """A dependency admitting a caller whose identity was verified against the registry."""
    principal = await authenticated(connection)
    if not principal.verified:
        raise NotVerified()
    return principal


def ensure_in_scope(principal: Principal, territory_code: str) -> None:
    """Refuse a staff member acting outside his territorial scope."""
    if not principal.covers(territory_code):
        raise OutOfScope(territory_code=territory_code)
