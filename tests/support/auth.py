"""Tokens for tests: a key ring of the tests' own, and the JWKS fetcher a service under test trusts."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from shared.auth import Principal, Role
from shared.auth.tokens import KeyRing, TokenIssuer

ISSUER = "https://smartmahalla.uz"
AUDIENCE = "smart-mahalla"


class TestTokens:
    """Signs tokens the way the gateway does; pass `jwks_fetcher` to the service's `create_app`."""

    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.issuer = TokenIssuer(KeyRing.generate(now=time.time()), issuer=ISSUER, audience=AUDIENCE)

    def jwks_fetcher(self, runtime: Any = None) -> Callable[[], Awaitable[dict[str, Any]]]:
        async def fetch() -> dict[str, Any]:
            return dict(self.issuer.jwks())

        return fetch

    def token(
        self, subject: str | None = None, roles: Iterable[Role] = (Role.CITIZEN,), scope: Iterable[str] = (),
        verified: bool = True, mahalla_code: str | None = None, session_id: str | None = None,
        identity_digest: str | None = None,
    ) -> str:  # fmt: skip
        """`identity_digest`: the claim `idh` (`shared.auth.identity_digest` of the caller's verified PINFL under
        the service's `identity_digest_key`); None leaves it out, as for an unverified citizen or staff."""
        principal = Principal(
            subject=subject or f"c-{secrets.token_hex(6)}", roles=frozenset(roles),
            session_id=session_id or secrets.token_hex(8), scope=tuple(scope), verified=verified,
            mahalla_code=mahalla_code, identity_digest=identity_digest,
        )  # fmt: skip
        return self.issuer.issue(principal).token

    def headers(self, **claims: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**claims)}"}
