"""The gateway's signing side: ES256 access tokens from a key ring whose retired keys stay published a while.

Only the gateway imports this. The key ring is immutable; `TokenIssuer.rotate()` swaps in a new one and
returns it for the caller to persist (`KeyRing.to_document()`; `generation` serves as a compare-and-set
guard when several gateway instances share one ring). Keys travel as PKCS#8 PEM or as JWK.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from shared.auth.principal import Principal
from shared.auth.verifier import ALGORITHM, MAX_ACCESS_TOKEN_LIFETIME, TOKEN_TYPE, public_key_from_jwk
from shared.clock import Clock, SystemClock

DEFAULT_RETENTION = 3600.0  # seconds a retired key stays in the JWKS: well past the last token it signed


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_int(value: int) -> str:
    return _b64url(value.to_bytes(32, "big"))


@dataclasses.dataclass(frozen=True, eq=False)
class SigningKey:
    """A P-256 private key; its `kid` is the RFC 7638 thumbprint of the public key, so it never drifts."""

    private_key: ec.EllipticCurvePrivateKey
    created_at: float

    def __post_init__(self) -> None:
        if not isinstance(self.private_key.curve, ec.SECP256R1):
            raise ValueError("ES256 needs a P-256 key")

    @classmethod
    def generate(cls, *, created_at: float) -> SigningKey:
        return cls(ec.generate_private_key(ec.SECP256R1()), created_at)

    @classmethod
    def from_pem(cls, pem: str | bytes, *, created_at: float, password: bytes | None = None) -> SigningKey:
        data = pem.encode("ascii") if isinstance(pem, str) else pem
        key = serialization.load_pem_private_key(data, password=password)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("not an EC private key")
        return cls(key, created_at)

    def to_pem(self, password: bytes | None = None) -> str:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
        )
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        ).decode("ascii")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any], *, created_at: float) -> SigningKey:
        public = public_key_from_jwk({key: value for key, value in jwk.items() if key != "d"})
        d = jwk.get("d")
        if not isinstance(d, str):
            raise ValueError("a private JWK carries 'd'")
        private_value = int.from_bytes(base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)), "big")
        private_key = ec.derive_private_key(private_value, ec.SECP256R1())
        if private_key.public_key().public_numbers() != public.public_numbers():
            raise ValueError("'d' does not belong to 'x' and 'y'")
        return cls(private_key, created_at)

    @property
    def kid(self) -> str:
        numbers = self.private_key.public_key().public_numbers()
        canonical = json.dumps(
            {"crv": "P-256", "kty": "EC", "x": _b64url_int(numbers.x), "y": _b64url_int(numbers.y)},
            separators=(",", ":"),
            sort_keys=True,
        )
        return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())

    def public_jwk(self) -> dict[str, str]:
        numbers = self.private_key.public_key().public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64url_int(numbers.x),
            "y": _b64url_int(numbers.y),
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }

    def private_jwk(self) -> dict[str, str]:
        return {**self.public_jwk(), "d": _b64url_int(self.private_key.private_numbers().private_value)}


@dataclasses.dataclass(frozen=True)
class RetiredKey:
    key: SigningKey
    retired_at: float


@dataclasses.dataclass(frozen=True)
class KeyRing:
    """The key that signs now, and retired keys still published so that their tokens keep verifying."""

    current: SigningKey
    retired: tuple[RetiredKey, ...] = ()
    generation: int = 0

    @classmethod
    def generate(cls, *, now: float) -> KeyRing:
        return cls(SigningKey.generate(created_at=now))

    def rotated(
        self, *, now: float, retention: float = DEFAULT_RETENTION, new_key: SigningKey | None = None
    ) -> KeyRing:
        retired = (*self.retired, RetiredKey(self.current, now))
        return KeyRing(
            current=new_key or SigningKey.generate(created_at=now),
            retired=tuple(old for old in retired if now - old.retired_at < retention),
            generation=self.generation + 1,
        )

    def published(self, *, now: float, retention: float = DEFAULT_RETENTION) -> tuple[SigningKey, ...]:
        return (self.current, *(old.key for old in self.retired if now - old.retired_at < retention))

    def to_document(self) -> dict[str, Any]:
        """A plain document (PEM strings, epoch seconds) for the database; encrypt it at rest."""
        return {
            "generation": self.generation,
            "current": {"pem": self.current.to_pem(), "created_at": self.current.created_at},
            "retired": [
                {"pem": old.key.to_pem(), "created_at": old.key.created_at, "retired_at": old.retired_at}
                for old in self.retired
            ],
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> KeyRing:
        current = document["current"]
        return cls(
            current=SigningKey.from_pem(current["pem"], created_at=float(current["created_at"])),
            retired=tuple(
                RetiredKey(
                    SigningKey.from_pem(old["pem"], created_at=float(old["created_at"])),
                    float(old["retired_at"]),
                )
                for old in document.get("retired", ())
            ),
            generation=int(document.get("generation", 0)),
        )


@dataclasses.dataclass(frozen=True)
class AccessToken:
    token: str
    token_id: str
    kid: str
    issued_at: int
    expires_at: int

    @property
    def expires_in(self) -> int:
        return self.expires_at - self.issued_at


class TokenIssuer:
    """Signs access tokens for a `Principal` and publishes the public half of the key ring as JWKS."""

    def __init__(
        self,
        key_ring: KeyRing,
        *,
        issuer: str,
        audience: str,
        access_ttl: int = MAX_ACCESS_TOKEN_LIFETIME,
        retention: float = DEFAULT_RETENTION,
        clock: Clock | None = None,
    ) -> None:
        if not 0 < access_ttl <= MAX_ACCESS_TOKEN_LIFETIME:
            raise ValueError(f"access tokens live at most {MAX_ACCESS_TOKEN_LIFETIME} s")
        if retention <= access_ttl:
            raise ValueError("a retired key must stay published longer than the tokens it signed live")
        self._ring = key_ring
        self._issuer = issuer
        self._audience = audience
        self._access_ttl = access_ttl
        self._retention = retention
        self._clock = clock or SystemClock()

    @property
    def key_ring(self) -> KeyRing:
        return self._ring

    def replace_key_ring(self, key_ring: KeyRing) -> None:
        """Adopt a ring another gateway instance rotated and persisted."""
        self._ring = key_ring

    def rotate(self, new_key: SigningKey | None = None) -> KeyRing:
        self._ring = self._ring.rotated(now=self._clock.now().timestamp(), retention=self._retention, new_key=new_key)
        return self._ring

    def issue(self, principal: Principal) -> AccessToken:
        now = int(self._clock.now().timestamp())
        key = self._ring.current
        token_id = secrets.token_urlsafe(16)
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": principal.subject,
            "iat": now,
            "nbf": now,
            "exp": now + self._access_ttl,
            "jti": token_id,
            "sid": principal.session_id,
            "roles": sorted(principal.roles),
            "scope": list(principal.scope),
            "ver": principal.verified,
            "mah": principal.mahalla_code,
        }
        if principal.identity_digest is not None:
            claims["idh"] = principal.identity_digest
        token = jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": TOKEN_TYPE})
        return AccessToken(token, token_id, key.kid, now, now + self._access_ttl)

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The document for `/.well-known/jwks.json`: public keys only."""
        published = self._ring.published(now=self._clock.now().timestamp(), retention=self._retention)
        return {"keys": [key.public_jwk() for key in published]}
