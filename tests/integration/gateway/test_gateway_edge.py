"""The gateway's edge on the real servers: staff sign-in, bad tokens, idempotency keys, limits, forwarding."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pyotp

from services.gateway.main import create_app
from tests.integration.gateway.conftest import bearer, new_phone, sign_in_citizen
from tests.support.running import listening

STAFF_PASSWORD = "Qorako‘l-2026-inspektor"


async def enrolled_staff(client: httpx.AsyncClient, admin_tokens: dict[str, Any], login: str) -> str:
    created = await client.post("/v1/admin/staff", headers=bearer(admin_tokens), json={
        "login": login, "display_name": "Rustam Qodirov", "roles": ["inspector"], "scope": ["172626601014"],
        "password": STAFF_PASSWORD,
    })  # fmt: skip
    assert created.status_code == 201, created.text
    credentials = {"login": login, "password": STAFF_PASSWORD}
    enrolment = await client.post("/v1/auth/staff/totp", json=credentials)
    assert enrolment.status_code == 200, enrolment.text
    secret = enrolment.json()["secret"]
    confirmed = await client.post("/v1/auth/staff/totp/confirm", json={**credentials, "code": pyotp.TOTP(secret).now()})
    assert confirmed.status_code == 204, confirmed.text
    return str(secret)


async def administrator_tokens(client: httpx.AsyncClient, app_runtime: Any) -> dict[str, Any]:
    from services.gateway.deps import gateway_for
    from services.gateway.handlers import staff

    gateway = gateway_for(app_runtime)
    admin = await staff.create_account(
        login="admin.test", display_name="Administrator", roles=["administrator"], scope=["17"],  # type: ignore[list-item]
        password="Sandbox-admin-2026!", created_by="tests", gateway=gateway,
    )  # fmt: skip
    secret = pyotp.random_base32()
    await gateway.staff.save(admin.__class__(**{**admin.__dict__, "totp_secret": secret}))
    signed = await client.post("/v1/auth/staff/sign-in", json={
        "login": "admin.test", "password": "Sandbox-admin-2026!", "totp_code": pyotp.TOTP(secret).now(),
        "device_id": "console-01", "device_name": "console",
    })  # fmt: skip
    assert signed.status_code == 200, signed.text
    body: dict[str, Any] = signed.json()
    return body


async def test_staff_sign_in_needs_the_password_and_a_fresh_totp_code_and_a_replay_is_refused(
    settings_for: Any,
) -> None:
    app = create_app(settings_for())
    async with listening(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        admin = await administrator_tokens(client, app.state.runtime)
        secret = await enrolled_staff(client, admin, "inspector.karimov")
        code = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment spent the current step
        sign_in = {"login": "inspector.karimov", "password": STAFF_PASSWORD, "device_id": "tablet-01",
                   "device_name": "tablet"}  # fmt: skip
        first = await client.post("/v1/auth/staff/sign-in", json={**sign_in, "totp_code": code})
        replay = await client.post("/v1/auth/staff/sign-in", json={**sign_in, "totp_code": code, "device_id": "x-0002"})
        wrong_password = await client.post(
            "/v1/auth/staff/sign-in", json={**sign_in, "password": "not the password", "totp_code": code}
        )
        audit = await client.get("/v1/admin/staff/inspector.karimov/sign-ins", headers=bearer(admin))
        citizen = await sign_in_citizen(client, new_phone(), "device-cit1")
        citizen_as_admin = await client.get("/v1/admin/staff/inspector.karimov/sign-ins", headers=bearer(citizen))

    assert first.status_code == 200, first.text
    claims = json.loads(base64.urlsafe_b64decode(first.json()["access_token"].split(".")[1] + "=="))
    assert claims["roles"] == ["inspector"]
    assert claims["scope"] == ["172626601014"]
    assert replay.status_code == 401
    assert replay.json()["code"] == "gateway.invalid_credentials"
    assert wrong_password.status_code == 401
    assert [entry["outcome"] for entry in audit.json()][:3] == ["wrong_password", "totp_replayed", "succeeded"]
    assert citizen_as_admin.status_code == 403


def forged(header: dict[str, Any], claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}.{base64.urlsafe_b64encode(b'x' * 64).rstrip(b'=').decode()}"


def with_bearer(token: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + token}


async def expired_token_signed_by_the_gateway(app_runtime: Any, subject: str) -> str:
    """A genuine signature from the gateway's own key ring, issued 20 minutes ago (15-minute lifetime)."""
    from datetime import UTC, datetime, timedelta

    from services.gateway.deps import parts_of
    from shared.auth import Principal, Role
    from shared.auth.tokens import TokenIssuer
    from shared.clock import FixedClock

    ring = parts_of(app_runtime).issuer.key_ring
    past = TokenIssuer(ring, issuer="https://smartmahalla.uz", audience="smart-mahalla",
                       clock=FixedClock(datetime.now(UTC) - timedelta(minutes=20)))  # fmt: skip
    principal = Principal(subject=subject, roles=frozenset({Role.CITIZEN}), session_id="old-session")
    return past.issue(principal).token


async def test_forged_alg_none_tampered_and_expired_tokens_are_refused_with_a_localised_problem(
    settings_for: Any,
) -> None:
    now = int(time.time())
    claims = {"iss": "https://smartmahalla.uz", "aud": "smart-mahalla", "sub": "c-1", "sid": "s", "iat": now,
              "exp": now + 600, "jti": "j", "roles": ["administrator"], "scope": ["17"], "ver": True}  # fmt: skip
    app = create_app(settings_for())
    async with (
        listening(app) as base_url,
        httpx.AsyncClient(base_url=base_url, headers={"Accept-Language": "ru"}) as client,
    ):
        real = await sign_in_citizen(client, new_phone(), "device-tok1")
        header, payload, signature = real["access_token"].split(".")
        elevated = json.loads(base64.urlsafe_b64decode(payload + "=="))
        elevated["roles"] = ["administrator"]
        tokens = {
            "alg none": forged({"alg": "none", "typ": "at+jwt"}, claims).rsplit(".", 1)[0] + ".",
            "unknown key": forged({"alg": "ES256", "kid": "x", "typ": "at+jwt"}, claims),
            "hs256": forged({"alg": "HS256", "kid": "x", "typ": "at+jwt"}, claims),
            "tampered": ".".join([header, forged({}, elevated).split(".")[1], signature]),
            "expired": await expired_token_signed_by_the_gateway(app.state.runtime, real["user_id"]),
        }
        answers = {name: await client.get("/v1/me", headers=with_bearer(token)) for name, token in tokens.items()}
        answers["missing"] = await client.get("/v1/me")

    for name, answer in answers.items():
        assert answer.status_code == 401, name
        assert answer.headers["content-type"] == "application/problem+json", name
        assert answer.json()["code"] == "auth.unauthenticated", name
        assert any("\u0400" <= char <= "\u04ff" for char in answer.json()["title"]), name


async def test_a_retried_post_with_the_same_idempotency_key_gets_the_first_response(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as client:
        tokens = await sign_in_citizen(client, new_phone(), "device-idem")
        headers = {**bearer(tokens), "Idempotency-Key": "consent-1"}
        first = await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)
        retry = await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)
        other_body = await client.post("/v1/me/consent", json={"version": "2025-01"}, headers=headers)

    assert first.status_code == 200
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert other_body.status_code == 422
    assert other_body.json()["code"] == "idempotency.key_reused"


async def test_limits_answer_429_with_retry_after_but_an_emergency_passes_flagged(settings_for: Any) -> None:
    app = create_app(settings_for(rate_per_address_per_minute=5))
    async with listening(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        answers = [await client.get("/v1/appeals/mine") for _ in range(8)]
        emergency = await client.post("/v1/sos/requests", json={"service": "102"})

    limited = [answer for answer in answers if answer.status_code == 429]
    assert limited, [answer.status_code for answer in answers]
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["code"] == "rate_limited"
    assert emergency.status_code == 200
    assert emergency.json()["headers"]["x-ratelimit-flagged"] == "1"


async def test_bad_bodies_get_problems_and_forwarded_requests_carry_trace_and_correlation(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway, headers={"Accept-Language": "en"}) as client:
        malformed = await client.post(
            "/v1/auth/codes", content=b'{"phone": ', headers={"Content-Type": "application/json"}
        )
        wrong_type = await client.post("/v1/auth/codes", json={"phone": 998901234567})
        oversized = await client.post(
            "/v1/auth/codes", content=b"x" * 1_200_000, headers={"Content-Type": "application/json"}
        )
        forwarded = await client.get(
            "/v1/appeals/mine", headers={"traceparent": "00-" + "a" * 32 + "-" + "b" * 16 + "-01"}
        )
        unknown = await client.get("/v1/nowhere/at-all")

    assert malformed.status_code == 400
    assert malformed.json()["code"] == "malformed_json"
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "phone"
    assert oversized.status_code == 413
    assert oversized.json()["code"] == "payload_too_large"
    echoed = forwarded.json()["headers"]
    assert echoed["traceparent"].startswith("00-" + "a" * 32)
    assert echoed["x-correlation-id"] == forwarded.headers["x-request-id"]
    assert unknown.status_code == 404


async def test_a_photo_upload_streams_through_to_its_service_and_an_oversized_one_is_refused(gateway: str) -> None:
    photo = b"\xff\xd8\xff\xe0" + b"\x00" * 2_000_000
    async with httpx.AsyncClient(base_url=gateway, timeout=60) as client:
        forwarded = await client.post("/v1/appeals/a-1/photos", files={"photo": ("door.jpg", photo, "image/jpeg")})
        too_big = await client.post(
            "/v1/appeals/a-1/photos", files={"photo": ("big.jpg", b"\x00" * 31_000_000, "image/jpeg")}
        )

    assert forwarded.status_code == 200
    assert forwarded.json()["body_size"] > len(photo)
    assert forwarded.json()["headers"]["content-type"].startswith("multipart/form-data")
    assert too_big.status_code == 413
