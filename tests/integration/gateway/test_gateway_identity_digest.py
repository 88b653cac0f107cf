"""A verified citizen's access tokens carry his identity digest (claim `idh`), never his PINFL; others carry none."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from services.gateway.adapters.identity_registry import make_pinfl
from services.gateway.main import create_app
from shared.auth import identity_digest
from tests.integration.gateway.conftest import bearer, new_phone, sign_in_citizen
from tests.support.running import listening

KEY = "identity-digest-key-of-this-test"


@pytest.fixture
async def gateway_with_key(settings_for: Any) -> AsyncIterator[str]:
    async with listening(create_app(settings_for(identity_digest_key=SecretStr(KEY)))) as base_url:
        yield base_url


def claims_of(tokens: dict[str, Any]) -> dict[str, Any]:
    payload = tokens["access_token"].split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


async def verify_identity(client: httpx.AsyncClient, tokens: dict[str, Any], pinfl: str, born: date) -> None:
    headers = bearer(tokens)
    assert (await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)).status_code == 200
    identity = {"pinfl": pinfl, "document_number": "AD7654321", "birth_date": born.isoformat()}
    verified = await client.post("/v1/me/identity", json=identity, headers=headers)
    assert verified.status_code == 200, verified.text


async def test_a_verified_citizens_tokens_carry_his_identity_digest_and_an_unverified_ones_do_not(
    gateway_with_key: str,
) -> None:
    born = date(1980, 3, 3)
    pinfl = make_pinfl(born, "male", area=262, serial=114)
    async with httpx.AsyncClient(base_url=gateway_with_key) as client:
        phone = new_phone()
        unverified = await sign_in_citizen(client, phone, "device-idh-1")
        await verify_identity(client, unverified, pinfl, born)
        refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": unverified["refresh_token"]})
        signed_in_again = await sign_in_citizen(client, phone, "device-idh-2")
        stranger = await sign_in_citizen(client, new_phone(), "device-idh-3")

    assert refreshed.status_code == 200, refreshed.text
    assert "idh" not in claims_of(unverified)
    assert claims_of(unverified)["ver"] is False
    assert claims_of(refreshed.json())["idh"] == identity_digest(pinfl, KEY)
    assert claims_of(refreshed.json())["ver"] is True
    assert claims_of(signed_in_again)["idh"] == identity_digest(pinfl, KEY)
    assert pinfl not in json.dumps(claims_of(signed_in_again))
    assert "idh" not in claims_of(stranger)
