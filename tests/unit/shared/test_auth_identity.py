"""The identity digest: a keyed blind index of a PINFL, carried in a verified citizen's token as claim `idh`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest

from shared.auth import JwksVerifier, Principal, Role, Unauthenticated, identity_digest, same_identity
from shared.auth.tokens import KeyRing, TokenIssuer
from shared.clock import FixedClock

ISSUER = "https://gateway.smartmahalla.test"
AUDIENCE = "smart-mahalla"
T0 = 1_764_000_000.0
PINFL = "30206852621111"
KEY = "identity-digest-key-of-the-test"


def issuer_and_verifier() -> tuple[TokenIssuer, JwksVerifier]:
    clock = FixedClock(datetime.fromtimestamp(T0, UTC))
    issuer = TokenIssuer(KeyRing.generate(now=T0), issuer=ISSUER, audience=AUDIENCE, clock=clock)

    async def fetch_jwks() -> dict[str, Any]:
        return dict(issuer.jwks())

    async def never_revoked(session_id: str) -> bool:
        return False

    verifier = JwksVerifier(fetch_jwks=fetch_jwks, is_session_revoked=never_revoked, issuer=ISSUER,
                            audience=AUDIENCE, clock=clock)  # fmt: skip
    return issuer, verifier


def citizen(*, verified: bool = True, digest: str | None = None) -> Principal:
    return Principal(subject="c-1", roles=frozenset({Role.CITIZEN}), session_id="s-1", verified=verified,
                     identity_digest=digest)  # fmt: skip


def payload_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return decoded


# --- the digest ------------------------------------------------------------------------------------
def test_the_identity_digest_is_the_hex_hmac_sha256_of_the_pinfl_under_the_key() -> None:
    expected = hmac.new(KEY.encode(), PINFL.encode(), hashlib.sha256).hexdigest()

    assert identity_digest(PINFL, KEY) == expected
    assert len(identity_digest(PINFL, KEY)) == 64


def test_the_same_person_digests_the_same_and_another_person_or_another_key_differently() -> None:
    assert identity_digest(PINFL, KEY) == identity_digest(PINFL, KEY)
    assert identity_digest(PINFL, KEY) != identity_digest("41901882621121", KEY)
    assert identity_digest(PINFL, KEY) != identity_digest(PINFL, "another-deployment-key")


def test_the_digest_does_not_reveal_the_pinfl_to_someone_without_the_key() -> None:
    digest = identity_digest(PINFL, KEY)

    assert PINFL not in digest
    assert digest != hashlib.sha256(PINFL.encode()).hexdigest()


def test_a_digest_without_a_key_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        identity_digest(PINFL, "")


def test_two_digests_name_the_same_person_only_when_both_are_present_and_equal() -> None:
    digest = identity_digest(PINFL, KEY)

    assert same_identity(digest, identity_digest(PINFL, KEY))
    assert not same_identity(digest, identity_digest("41901882621121", KEY))
    assert not same_identity(None, digest)
    assert not same_identity(digest, None)
    assert not same_identity(None, None)


# --- the token -------------------------------------------------------------------------------------
async def test_a_verified_citizens_digest_travels_in_the_token_as_idh_and_back_into_the_principal() -> None:
    issuer, verifier = issuer_and_verifier()
    principal = citizen(digest=identity_digest(PINFL, KEY))

    token = issuer.issue(principal).token

    assert payload_of(token)["idh"] == identity_digest(PINFL, KEY)
    assert PINFL not in json.dumps(payload_of(token))
    assert await verifier.verify(token) == principal


async def test_a_token_without_a_digest_has_no_idh_claim_and_still_verifies() -> None:
    issuer, verifier = issuer_and_verifier()

    token = issuer.issue(citizen()).token

    assert "idh" not in payload_of(token)
    assert (await verifier.verify(token)).identity_digest is None


async def test_a_token_whose_idh_is_not_text_is_refused() -> None:
    issuer, verifier = issuer_and_verifier()
    key = issuer.key_ring.current
    claims = {**payload_of(issuer.issue(citizen()).token), "idh": 42}
    forged = jwt.encode(claims, key.private_key, algorithm="ES256", headers={"kid": key.kid, "typ": "at+jwt"})

    with pytest.raises(Unauthenticated):
        await verifier.verify(forged)


def test_only_a_verified_principal_carries_an_identity_digest() -> None:
    with pytest.raises(ValueError, match="identity digest"):
        citizen(verified=False, digest=identity_digest(PINFL, KEY))
    with pytest.raises(ValueError, match="identity digest"):
        citizen(digest="")
