"""Verification of the gateway's ES256 access tokens against its JWKS, with a revocation hook.

Claims of an access token: `iss`, `aud`, `sub` (user id), `exp`, `iat`, optional `nbf`, `jti`, `sid` (session
id), `roles` (list), `scope` (list of territory codes), `ver` (identity verified), `mah` (bound mahalla or
null), optional `idh` (the verified PINFL's `shared.auth.identity_digest`; absent: no identity to compare);
header: `alg` ES256, `typ` at+jwt, `kid`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from shared.auth.errors import KeysUnavailable, Unauthenticated, UnauthenticatedReason
from shared.auth.principal import ROLE_VALUES, Principal, Role
from shared.clock import Clock, SystemClock

logger = logging.getLogger(__name__)

ALGORITHM = "ES256"
TOKEN_TYPE = "at+jwt"  # RFC 9068: an access token is not an ID token or any other JWT signed by the same key
MAX_ACCESS_TOKEN_LIFETIME = 15 * 60  # seconds
MAX_TOKEN_LENGTH = 8192


def _invalid() -> Unauthenticated:
    return Unauthenticated(reason=UnauthenticatedReason.INVALID)


JwksFetcher = Callable[[], Awaitable[Mapping[str, Any]]]
RevocationCheck = Callable[[str], Awaitable[bool]]


class TokenVerifier(Protocol):
    """What the dependencies need from `app.state.auth_verifier` (a test may put a fake there)."""

    async def verify(self, token: str) -> Principal: ...


def _b64url_decode(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected a base64url string")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("bad base64url") from error


def public_key_from_jwk(jwk: Mapping[str, Any]) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from its JWK; anything else (other curves, private parts, other algs) is refused."""
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("not a P-256 key")
    if jwk.get("alg", ALGORITHM) != ALGORITHM or jwk.get("use", "sig") != "sig":
        raise ValueError("not an ES256 signing key")
    if "d" in jwk:
        raise ValueError("a published key must not carry its private part")
    x, y = _b64url_decode(jwk.get("x")), _b64url_decode(jwk.get("y"))
    if len(x) != 32 or len(y) != 32:
        raise ValueError("P-256 coordinates are 32 bytes")
    numbers = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1())
    return numbers.public_key()  # raises ValueError for a point off the curve


def keys_from_jwks(document: Mapping[str, Any]) -> dict[str, ec.EllipticCurvePublicKey]:
    keys: dict[str, ec.EllipticCurvePublicKey] = {}
    for jwk in document.get("keys") or ():
        kid = jwk.get("kid") if isinstance(jwk, Mapping) else None
        if not isinstance(kid, str) or not kid:
            continue
        try:
            keys[kid] = public_key_from_jwk(jwk)
        except ValueError as error:
            logger.warning("ignoring unusable key in the JWKS", extra={"kid": kid, "error": str(error)})
    return keys


def _number(claims: Mapping[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid()
    return float(value)


def _text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value:
        raise _invalid()
    return value


class JwksVerifier:
    """Verifies ES256 access tokens against the gateway's JWKS and the revocation list.

    Keys are cached; a token naming an unknown `kid` triggers a refetch, at most once per
    `refetch_interval` seconds, so a flood of forged kids cannot hammer the gateway. Keys older than
    `max_key_age` are refreshed on the next use; if that refresh fails the cached keys keep serving.
    """

    def __init__(
        self,
        *,
        fetch_jwks: JwksFetcher,
        is_session_revoked: RevocationCheck,
        issuer: str,
        audience: str,
        clock: Clock | None = None,
        leeway: float = 10.0,
        refetch_interval: float = 30.0,
        max_key_age: float = 3600.0,
    ) -> None:
        self._fetch_jwks = fetch_jwks
        self._is_session_revoked = is_session_revoked
        self._issuer = issuer
        self._audience = audience
        self._clock = clock or SystemClock()
        self._leeway = leeway
        self._refetch_interval = refetch_interval
        self._max_key_age = max_key_age
        self._keys: dict[str, ec.EllipticCurvePublicKey] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()
        self._jws = jwt.PyJWS()

    def _now(self) -> float:
        return self._clock.now().timestamp()

    async def verify(self, token: str) -> Principal:
        if not token:
            raise Unauthenticated(reason=UnauthenticatedReason.MISSING)
        if len(token) > MAX_TOKEN_LENGTH:
            raise _invalid()
        kid = self._kid_of(token)
        key = await self._key_for(kid)
        try:
            signed = self._jws.decode_complete(token, key=key, algorithms=[ALGORITHM])
            claims = json.loads(signed["payload"])
        except (jwt.PyJWTError, ValueError) as error:
            raise _invalid() from error
        if not isinstance(claims, dict):
            raise _invalid()
        principal = self._principal_from(claims)
        if await self._is_session_revoked(principal.session_id):
            raise Unauthenticated(reason=UnauthenticatedReason.REVOKED)
        return principal

    @staticmethod
    def _kid_of(token: str) -> str:
        """The key id the token names, read from its header alone: PyJWT's own reader would decode the
        whole token, which `decode_complete` then does again with the signature checked."""
        segment = token.split(".", 1)[0]
        try:
            header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
        except (ValueError, binascii.Error) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise _invalid() from error
        if not isinstance(header, dict):
            raise _invalid()
        # The algorithm is ours to choose, never the token's (alg "none", HS256 keyed by the public key …).
        if header.get("alg") != ALGORITHM or header.get("typ") != TOKEN_TYPE or "crit" in header:
            raise _invalid()
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise _invalid()
        return kid

    async def _key_for(self, kid: str) -> ec.EllipticCurvePublicKey:
        now = self._now()
        stale = self._fetched_at is not None and now - self._fetched_at >= self._max_key_age
        key = self._keys.get(kid)
        if key is not None and not stale:
            return key
        async with self._lock:
            now = self._now()
            if self._fetched_at is None or now - self._fetched_at >= min(self._refetch_interval, self._max_key_age):
                await self._refresh(now, keep_on_failure=key is not None)
            key = self._keys.get(kid)
        if key is None:
            if not self._keys:
                raise KeysUnavailable()
            raise _invalid()
        return key

    async def _refresh(self, now: float, *, keep_on_failure: bool) -> None:
        self._fetched_at = now  # a failed attempt counts too: a dead gateway is not hammered either
        try:
            document = await self._fetch_jwks()
        except Exception as error:
            if keep_on_failure:
                logger.warning("JWKS refresh failed; keeping the cached keys", exc_info=True)
                return
            raise KeysUnavailable() from error
        # Replace, not merge: a key the gateway stopped publishing is no longer trusted.
        self._keys = keys_from_jwks(document)

    def _principal_from(self, claims: Mapping[str, Any]) -> Principal:
        now = self._now()
        if claims.get("iss") != self._issuer:
            raise _invalid()
        audience = claims.get("aud")
        if not (audience == self._audience or (isinstance(audience, list) and self._audience in audience)):
            raise _invalid()
        expires, issued = _number(claims, "exp"), _number(claims, "iat")
        if "nbf" in claims and _number(claims, "nbf") > now + self._leeway:
            raise _invalid()
        if issued > now + self._leeway or expires - issued > MAX_ACCESS_TOKEN_LIFETIME:
            raise _invalid()
        if now >= expires + self._leeway:
            raise Unauthenticated(reason=UnauthenticatedReason.EXPIRED)
        _text(claims, "jti")
        roles, scope, verified, mahalla, identity = (
            claims.get("roles"),
            claims.get("scope"),
            claims.get("ver"),
            claims.get("mah"),
            claims.get("idh"),
        )
        if not isinstance(roles, list) or not isinstance(scope, list) or not isinstance(verified, bool):
            raise _invalid()
        if not all(isinstance(code, str) for code in scope):
            raise _invalid()
        if not all(value is None or isinstance(value, str) for value in (mahalla, identity)):
            raise _invalid()
        # A role this service does not know yet is dropped, not trusted: fewer rights, never more.
        known = frozenset(Role(role) for role in roles if isinstance(role, str) and role in ROLE_VALUES)
        try:
            return Principal(
                subject=_text(claims, "sub"),
                roles=known,
                session_id=_text(claims, "sid"),
                scope=tuple(scope),
                verified=verified,
                mahalla_code=mahalla,
                identity_digest=identity,
            )
        except (TypeError, ValueError) as error:
            raise _invalid() from error
