"""Who is calling and what he may touch: every service verifies tokens and enforces access itself.

Wiring, once per service in `create_app()` (the lifespan):

    app.state.auth_verifier = JwksVerifier(
        fetch_jwks=<async callable returning the gateway's /.well-known/jwks.json document>,
        is_session_revoked=<async callable: session id -> bool, backed by Redis>,
        issuer=settings.token_issuer, audience=settings.token_audience,
    )
    shared.i18n.register(shared.auth_messages.MESSAGES)

Routes ask for a `Principal` through the dependencies; they find the verifier at
`request.app.state.auth_verifier` (a missing one is a wiring bug and raises `RuntimeError`):

    @router.get("/v1/appeals/{appeal_id}")
    async def read(appeal_id: str, principal: Principal = Depends(require_roles(Role.INSPECTOR))):
        appeal = ...
        ensure_in_scope(principal, appeal.mahalla_code)

Failures are `AuthError`s (`DomainError`, `auth.*` codes), so `shared.problems` answers them as
problem+json; a 401 also carries `WWW-Authenticate` (`Unauthenticated.headers`). Nothing here imports FastAPI (only
Starlette's `HTTPConnection`), so domain code may use `Principal`, `Role` and the territory functions.
The gateway signs tokens with `shared.auth.tokens.TokenIssuer` (not re-exported: no other service signs).
A verified citizen's token carries `identity_digest(pinfl, settings.identity_digest_key)` (claim `idh`): a
service that must know whether a PINFL is the caller's digests it with the same key and compares (`same_identity`).
"""

from shared.auth.dependencies import (
    authenticated,
    bearer_token,
    ensure_in_scope,
    require_roles,
    require_verified,
)
from shared.auth.errors import (
    AccessDenied,
    AuthError,
    KeysUnavailable,
    NotVerified,
    OutOfScope,
    Unauthenticated,
    UnauthenticatedReason,
)
from shared.auth.identity import identity_digest, same_identity
from shared.auth.principal import (
    CITIZEN_ROLES,
    REPUBLIC_CODE,
    STAFF_ROLES,
    Principal,
    Role,
    TerritoryLevel,
    contains,
    is_mahalla_code,
    territory_level,
)
from shared.auth.verifier import ALGORITHM, MAX_ACCESS_TOKEN_LIFETIME, TOKEN_TYPE, JwksVerifier, TokenVerifier

__all__ = [
    "ALGORITHM",
    "CITIZEN_ROLES",
    "MAX_ACCESS_TOKEN_LIFETIME",
    "REPUBLIC_CODE",
    "STAFF_ROLES",
    "TOKEN_TYPE",
    "AccessDenied",
    "AuthError",
    "JwksVerifier",
    "KeysUnavailable",
    "NotVerified",
    "OutOfScope",
    "Principal",
    "Role",
    "TerritoryLevel",
    "TokenVerifier",
    "Unauthenticated",
    "UnauthenticatedReason",
    "authenticated",
    "bearer_token",
    "contains",
    "ensure_in_scope",
    "identity_digest",
    "is_mahalla_code",
    "require_roles",
    "require_verified",
    "same_identity",
    "territory_level",
]
