"""Access tokens from the gateway's issuer, checked by the verifier every service runs, and the dependencies."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from shared.auth import (
    AccessDenied,
    AuthError,
    JwksVerifier,
    KeysUnavailable,
    NotVerified,
    OutOfScope,
    Principal,
    Role,
    Unauthenticated,
    UnauthenticatedReason,
    authenticated,
    ensure_in_scope,
    require_roles,
    require_verified,
)
from shared.auth.tokens import KeyRing, SigningKey, TokenIssuer
from shared.auth_messages import MESSAGES
from shared.clock import FixedClock
from shared.i18n import LANGUAGES

ISSUER = "https://gateway.smartmahalla.test"
AUDIENCE = "smart-mahalla"
T0 = 1_764_000_000.0
MAHALLA = "172626601014"


class Clock(FixedClock):
    """A fixed clock counted in epoch seconds, as tokens count time."""

    def __init__(self) -> None:
        super().__init__(datetime.fromtimestamp(T0, UTC))

    def tick(self, seconds: float) -> None:
        self.advance(timedelta(seconds=seconds))


class Gateway:
    """The gateway's side as the verifier sees it: a JWKS endpoint (counting fetches) and revoked sessions."""

    def __init__(self, issuer: TokenIssuer) -> None:
        self.issuer = issuer
        self.fetches = 0
        self.revocation_checks = 0
        self.revoked: set[str] = set()
        self.down = False

    async def fetch_jwks(self) -> dict[str, Any]:
        self.fetches += 1
        if self.down:
            raise ConnectionError("gateway unreachable")
        return self.issuer.jwks()

    async def is_session_revoked(self, session_id: str) -> bool:
        self.revocation_checks += 1
        return session_id in self.revoked


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def issuer(clock: Clock) -> TokenIssuer:
    return TokenIssuer(KeyRing.generate(now=T0), issuer=ISSUER, audience=AUDIENCE, clock=clock)


@pytest.fixture
def gateway(issuer: TokenIssuer) -> Gateway:
    return Gateway(issuer)


@pytest.fixture
def verifier(gateway: Gateway, clock: Clock) -> JwksVerifier:
    return JwksVerifier(
        fetch_jwks=gateway.fetch_jwks,
        is_session_revoked=gateway.is_session_revoked,
        issuer=ISSUER,
        audience=AUDIENCE,
        clock=clock,
    )


def citizen(*, verified: bool = True, session_id: str = "session-1") -> Principal:
    return Principal(
        subject="user-1",
        roles=frozenset({Role.CITIZEN}),
        session_id=session_id,
        verified=verified,
        mahalla_code=MAHALLA if verified else None,
    )


def inspector(*scope: str) -> Principal:
    return Principal(
        subject="staff-7", roles=frozenset({Role.INSPECTOR}), session_id="session-7", scope=scope, verified=True
    )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segments(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    pad = lambda part: part + "=" * (-len(part) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def signed_by(key: SigningKey, claims: dict[str, Any], **header: Any) -> str:
    return jwt.encode(claims, key.private_key, algorithm="ES256", headers={"kid": key.kid, "typ": "at+jwt", **header})


def claims_of(issuer: TokenIssuer, principal: Principal) -> dict[str, Any]:
    return segments(issuer.issue(principal).token)[1]


async def reason_for(verifier: JwksVerifier, token: str) -> UnauthenticatedReason:
    with pytest.raises(Unauthenticated) as refused:
        await verifier.verify(token)
    return refused.value.reason


# --- the verifier ----------------------------------------------------------------------------------
async def test_a_token_from_the_issuer_verifies_into_the_same_principal(issuer, verifier) -> None:
    principal = inspector("1726266", "1718")

    assert await verifier.verify(issuer.issue(principal).token) == principal


async def test_a_verified_citizen_keeps_his_mahalla_and_verification_through_the_token(issuer, verifier) -> None:
    principal = await verifier.verify(issuer.issue(citizen()).token)

    assert principal.verified
    assert principal.mahalla_code == MAHALLA
    assert principal.roles == {Role.CITIZEN}


async def test_an_access_token_lives_fifteen_minutes_at_most(issuer) -> None:
    issued = issuer.issue(citizen())

    assert issued.expires_in == 15 * 60
    with pytest.raises(ValueError, match="at most"):
        TokenIssuer(issuer.key_ring, issuer=ISSUER, audience=AUDIENCE, access_ttl=16 * 60)


async def test_an_expired_token_is_refused_as_expired(issuer, verifier, clock) -> None:
    token = issuer.issue(citizen()).token
    clock.tick(16 * 60)

    assert await reason_for(verifier, token) is UnauthenticatedReason.EXPIRED


async def test_a_token_with_a_lifetime_beyond_fifteen_minutes_is_refused(issuer, verifier) -> None:
    claims = claims_of(issuer, citizen())
    claims["exp"] = claims["iat"] + 3600

    token = signed_by(issuer.key_ring.current, claims)

    assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID


async def test_a_token_not_yet_valid_is_refused(issuer, verifier) -> None:
    claims = claims_of(issuer, citizen())
    claims["nbf"] = claims["iat"] = int(T0) + 600
    claims["exp"] = claims["iat"] + 300

    assert await reason_for(verifier, signed_by(issuer.key_ring.current, claims)) is UnauthenticatedReason.INVALID


async def test_a_token_signed_by_a_key_the_gateway_never_published_is_refused(issuer, verifier) -> None:
    stranger = SigningKey.generate(created_at=T0)

    token = signed_by(stranger, claims_of(issuer, citizen()))

    assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID


async def test_a_token_naming_a_published_kid_but_signed_by_another_key_is_refused(issuer, verifier) -> None:
    stranger = SigningKey.generate(created_at=T0)

    token = signed_by(stranger, claims_of(issuer, citizen()), kid=issuer.key_ring.current.kid)

    assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID


async def test_an_unsigned_alg_none_token_is_refused(issuer, verifier) -> None:
    header = {"alg": "none", "typ": "at+jwt", "kid": issuer.key_ring.current.kid}
    claims = claims_of(issuer, inspector("17"))
    token = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."

    assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID


async def test_an_hs256_token_keyed_with_the_published_public_key_is_refused(issuer, verifier) -> None:
    public_jwk = json.dumps(issuer.jwks()["keys"][0]).encode()
    header = {"alg": "HS256", "typ": "at+jwt", "kid": issuer.key_ring.current.kid}
    claims = claims_of(issuer, inspector("17"))
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    mac = hmac.new(public_jwk, signing_input.encode(), hashlib.sha256).digest()

    assert await reason_for(verifier, f"{signing_input}.{b64(mac)}") is UnauthenticatedReason.INVALID


async def test_a_token_whose_payload_was_altered_after_signing_is_refused(issuer, verifier) -> None:
    header, claims, signature = issuer.issue(citizen()).token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    forged["roles"] = ["administrator"]
    forged["scope"] = ["17"]

    token = f"{header}.{b64(json.dumps(forged).encode())}.{signature}"

    assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID


@pytest.mark.parametrize(("claim", "value"), [("aud", "another-system"), ("iss", "https://evil.example")])
async def test_a_token_for_another_audience_or_from_another_issuer_is_refused(issuer, verifier, claim, value) -> None:
    claims = claims_of(issuer, citizen())
    claims[claim] = value

    assert await reason_for(verifier, signed_by(issuer.key_ring.current, claims)) is UnauthenticatedReason.INVALID


@pytest.mark.parametrize("claim", ["sub", "sid", "jti", "exp", "iat", "roles", "scope", "ver"])
async def test_a_token_missing_a_required_claim_is_refused(issuer, verifier, claim) -> None:
    claims = claims_of(issuer, citizen())
    del claims[claim]

    assert await reason_for(verifier, signed_by(issuer.key_ring.current, claims)) is UnauthenticatedReason.INVALID


async def test_a_token_with_a_malformed_scope_is_refused_rather_than_covering_everything(issuer, verifier) -> None:
    claims = claims_of(issuer, inspector("1726"))
    claims["scope"] = [""]

    assert await reason_for(verifier, signed_by(issuer.key_ring.current, claims)) is UnauthenticatedReason.INVALID


async def test_a_role_unknown_to_the_service_is_dropped_not_trusted(issuer, verifier) -> None:
    claims = claims_of(issuer, inspector("1726"))
    claims["roles"] = ["inspector", "superuser"]

    principal = await verifier.verify(signed_by(issuer.key_ring.current, claims))

    assert principal.roles == {Role.INSPECTOR}


async def test_a_token_of_a_revoked_session_is_refused_as_revoked(issuer, verifier, gateway) -> None:
    token = issuer.issue(citizen(session_id="lost-phone")).token
    gateway.revoked.add("lost-phone")

    assert await reason_for(verifier, token) is UnauthenticatedReason.REVOKED


async def test_garbage_is_refused_as_invalid_and_an_empty_token_as_missing(verifier) -> None:
    assert await reason_for(verifier, "not.a.token") is UnauthenticatedReason.INVALID
    assert await reason_for(verifier, "x" * 10_000) is UnauthenticatedReason.INVALID
    assert await reason_for(verifier, "") is UnauthenticatedReason.MISSING


async def test_a_token_whose_header_is_not_a_json_object_is_refused_as_invalid(issuer, verifier) -> None:
    _, payload, signature = issuer.issue(citizen()).token.split(".")
    for header in (b"[1, 2]", b"\xff\xfe", b"{not json", b'"ES256"'):
        segment = base64.urlsafe_b64encode(header).rstrip(b"=").decode()
        assert await reason_for(verifier, f"{segment}.{payload}.{signature}") is UnauthenticatedReason.INVALID
    assert await reason_for(verifier, f"@@@.{payload}.{signature}") is UnauthenticatedReason.INVALID


async def test_keys_are_fetched_once_and_then_served_from_the_cache(issuer, verifier, gateway) -> None:
    for _ in range(5):
        await verifier.verify(issuer.issue(citizen()).token)

    assert gateway.fetches == 1


async def test_an_unknown_kid_after_rotation_triggers_one_refetch_and_old_tokens_keep_working(
    issuer, verifier, gateway, clock
) -> None:
    old_token = issuer.issue(citizen()).token
    await verifier.verify(old_token)
    clock.tick(60)
    issuer.rotate()

    await verifier.verify(issuer.issue(citizen()).token)
    await verifier.verify(old_token)

    assert gateway.fetches == 2


async def test_unknown_kids_cannot_make_the_verifier_refetch_more_than_once_per_interval(
    issuer, verifier, gateway, clock
) -> None:
    await verifier.verify(issuer.issue(citizen()).token)
    clock.tick(60)
    forged = [signed_by(SigningKey.generate(created_at=T0), claims_of(issuer, citizen())) for _ in range(5)]

    for token in forged:
        assert await reason_for(verifier, token) is UnauthenticatedReason.INVALID
    assert gateway.fetches == 2

    clock.tick(31)
    await reason_for(verifier, forged[0])
    assert gateway.fetches == 3


async def test_a_key_the_gateway_stopped_publishing_is_no_longer_trusted(issuer, verifier, clock) -> None:
    retired_key = issuer.key_ring.current
    await verifier.verify(issuer.issue(citizen()).token)
    issuer.rotate()
    clock.tick(2 * 3600)  # past the retention of the retired key
    issuer.rotate()

    claims = claims_of(issuer, citizen())

    assert await reason_for(verifier, signed_by(retired_key, claims)) is UnauthenticatedReason.INVALID


async def test_an_unreachable_gateway_is_a_server_problem_not_a_sign_out(issuer, verifier, gateway) -> None:
    gateway.down = True

    with pytest.raises(KeysUnavailable) as failure:
        await verifier.verify(issuer.issue(citizen()).token)
    assert failure.value.status == 503


async def test_stale_keys_keep_serving_while_the_gateway_is_unreachable(issuer, verifier, gateway, clock) -> None:
    await verifier.verify(issuer.issue(citizen()).token)
    gateway.down = True
    clock.tick(2 * 3600)

    assert await verifier.verify(issuer.issue(citizen()).token) == citizen()
    assert gateway.fetches == 2


async def test_a_published_key_carrying_its_private_part_is_ignored(issuer, clock) -> None:
    leaked = {"keys": [issuer.key_ring.current.private_jwk()]}

    async def fetch() -> dict[str, Any]:
        return leaked

    async def never_revoked(_: str) -> bool:
        return False

    verifier = JwksVerifier(
        fetch_jwks=fetch, is_session_revoked=never_revoked, issuer=ISSUER, audience=AUDIENCE, clock=clock
    )

    with pytest.raises(KeysUnavailable):
        await verifier.verify(issuer.issue(citizen()).token)


# --- keys ------------------------------------------------------------------------------------------
def test_a_key_ring_survives_persistence_with_its_kids_and_generation(issuer) -> None:
    issuer.rotate()
    ring = issuer.key_ring

    restored = KeyRing.from_document(json.loads(json.dumps(ring.to_document())))

    assert restored.generation == ring.generation == 1
    assert restored.current.kid == ring.current.kid
    assert [old.key.kid for old in restored.retired] == [old.key.kid for old in ring.retired]


def test_a_signing_key_round_trips_through_pem_encrypted_pem_and_jwk() -> None:
    key = SigningKey.generate(created_at=T0)

    assert SigningKey.from_pem(key.to_pem(), created_at=T0).kid == key.kid
    assert SigningKey.from_pem(key.to_pem(b"secret"), created_at=T0, password=b"secret").kid == key.kid
    assert SigningKey.from_jwk(key.private_jwk(), created_at=T0).kid == key.kid
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key.kid)


def test_the_jwks_publishes_public_keys_only(issuer) -> None:
    issuer.rotate()

    keys = issuer.jwks()["keys"]

    assert len(keys) == 2
    assert all("d" not in key and key["alg"] == "ES256" and key["use"] == "sig" for key in keys)


# --- territorial scope -----------------------------------------------------------------------------
def test_a_district_scope_covers_its_sectors_and_mahallas_but_not_its_neighbours() -> None:
    staff = inspector("1726266")

    assert staff.covers("1726266")
    assert staff.covers("172626601")
    assert staff.covers("172626601014")
    assert not staff.covers("1726264")
    assert not staff.covers("172626401014")
    assert not staff.covers("1726")  # the wider region is not his


def test_malformed_territory_codes_are_never_covered() -> None:
    staff = inspector("17")

    for code in ["", "17", "1726x", "17262", "1726266010145", "٢٧٢٦", "1826266"]:
        assert staff.covers(code) is (code == "17")


def test_a_principal_refuses_a_scope_that_is_not_a_territory_code() -> None:
    with pytest.raises(ValueError, match="territory code"):
        inspector("")


def test_a_citizen_has_no_territorial_scope_even_over_his_own_mahalla() -> None:
    assert not citizen().covers(MAHALLA)
    with pytest.raises(OutOfScope):
        ensure_in_scope(citizen(), MAHALLA)


scope_codes = st.sampled_from(["1726", "1718", "1726266", "1718401", "172626601", "171840102"])


@given(scope=scope_codes, tail=st.text(alphabet="0123456789", max_size=8))
def test_every_territory_below_a_scope_is_covered_and_no_territory_elsewhere(scope: str, tail: str) -> None:
    code = scope + tail
    staff = inspector(scope)

    is_a_territory = len(code) in (4, 7, 9, 12)
    assert staff.covers(code) is is_a_territory
    sibling = code[:3] + ("9" if code[3] != "9" else "8") + code[4:]
    assert not staff.covers(sibling)


# --- FastAPI dependencies --------------------------------------------------------------------------
def make_app(verifier: JwksVerifier) -> FastAPI:
    app = FastAPI()
    app.state.auth_verifier = verifier

    @app.exception_handler(AuthError)
    async def problem(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, AuthError)
        headers = getattr(error, "headers", None)
        return JSONResponse({"code": error.code, **error.params}, status_code=error.status, headers=headers)

    @app.get("/me")
    async def me(principal: Principal = Depends(authenticated)) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/inspections")
    async def inspections(
        principal: Principal = Depends(require_roles(Role.INSPECTOR, Role.SECTOR_HEAD)),
        again: Principal = Depends(authenticated),
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.post("/appeals")
    async def appeal(principal: Principal = Depends(require_verified)) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/mahallas/{code}/appeals")
    async def appeals_of(code: str, principal: Principal = Depends(require_roles(Role.INSPECTOR))) -> dict[str, str]:
        ensure_in_scope(principal, code)
        return {"code": code}

    return app


@pytest.fixture
def client(verifier: JwksVerifier) -> TestClient:
    return TestClient(make_app(verifier))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_request_without_a_token_is_answered_401_missing(client) -> None:
    response = client.get("/me")

    assert response.status_code == 401
    assert response.json() == {"code": "auth.unauthenticated", "reason": "missing"}
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_request_with_a_forged_token_is_answered_401_invalid(client) -> None:
    response = client.get("/me", headers=bearer("eyJhbGciOiJub25lIn0.e30."))

    assert response.status_code == 401
    assert response.json()["reason"] == "invalid"
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_request_of_a_revoked_session_is_answered_401_revoked(client, issuer, gateway) -> None:
    token = issuer.issue(citizen()).token
    gateway.revoked.add("session-1")

    response = client.get("/me", headers=bearer(token))

    assert (response.status_code, response.json()["reason"]) == (401, "revoked")


def test_a_signed_in_citizen_reaches_an_authenticated_route(client, issuer) -> None:
    response = client.get("/me", headers=bearer(issuer.issue(citizen()).token))

    assert response.status_code == 200
    assert response.json() == {"subject": "user-1"}


def test_a_citizen_is_refused_a_route_for_inspectors(client, issuer) -> None:
    response = client.get("/inspections", headers=bearer(issuer.issue(citizen()).token))

    assert response.status_code == 403
    assert response.json()["code"] == AccessDenied.code


def test_an_inspector_reaches_his_route_with_the_token_checked_once(client, issuer, gateway) -> None:
    response = client.get("/inspections", headers=bearer(issuer.issue(inspector("1726")).token))

    assert response.status_code == 200
    assert gateway.revocation_checks == 1


def test_an_unverified_citizen_cannot_appeal_and_a_verified_one_can(client, issuer) -> None:
    refused = client.post("/appeals", headers=bearer(issuer.issue(citizen(verified=False)).token))
    accepted = client.post("/appeals", headers=bearer(issuer.issue(citizen()).token))

    assert (refused.status_code, refused.json()["code"]) == (403, NotVerified.code)
    assert accepted.status_code == 200


def test_an_inspector_is_refused_a_mahalla_outside_his_district(client, issuer) -> None:
    token = issuer.issue(inspector("1726266")).token

    inside = client.get("/mahallas/172626601014/appeals", headers=bearer(token))
    outside = client.get("/mahallas/171840102003/appeals", headers=bearer(token))

    assert inside.status_code == 200
    assert (outside.status_code, outside.json()["code"]) == (403, OutOfScope.code)


def test_a_service_without_a_verifier_fails_loudly_instead_of_letting_callers_in() -> None:
    app = FastAPI()

    @app.get("/me")
    async def me(principal: Principal = Depends(authenticated)) -> dict[str, str]:
        return {"subject": principal.subject}

    with pytest.raises(RuntimeError, match="auth_verifier"):
        TestClient(app).get("/me", headers=bearer("x.y.z"))


# --- texts -----------------------------------------------------------------------------------------
def test_every_access_error_has_a_text_in_all_four_languages() -> None:
    codes = {error.code for error in (Unauthenticated, AccessDenied, NotVerified, OutOfScope, KeysUnavailable)}

    assert codes <= MESSAGES.keys()
    for code in codes:
        assert all(MESSAGES[code].in_language(language).strip() for language in LANGUAGES)


def test_the_uzbek_cyrillic_texts_are_written_in_cyrillic() -> None:
    for text in MESSAGES.values():
        assert re.search("[а-яўқғҳ]", text.uz_cyrl, re.IGNORECASE)
        assert not re.search("[a-z]", text.uz_cyrl, re.IGNORECASE)
