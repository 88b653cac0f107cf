"""Steps a person takes through the gateway, shared by the end-to-end scenarios."""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Any

import httpx
import pyotp

from services.gateway.adapters.identity_registry import make_pinfl
from services.gateway.seed import SANDBOX_STAFF_PASSWORD, sandbox_totp_secret


def new_phone() -> str:
    return "+99890" + "".join(random.choice("0123456789") for _ in range(7))


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def sign_in(client: httpx.AsyncClient, phone: str, device_id: str) -> dict[str, Any]:
    assert (await client.post("/v1/auth/codes", json={"phone": phone})).status_code == 202
    text = (await client.get("/v1/sandbox/sms", params={"phone": phone})).json()[0]["text"]
    code = re.search(r"\d{6}", text)
    assert code is not None
    answer = await client.post(
        "/v1/auth/codes/verify",
        json={"phone": phone, "code": code.group(), "device_id": device_id, "device_name": f"Telefon {device_id}"},
    )
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens


async def refresh(client: httpx.AsyncClient, tokens: dict[str, Any]) -> dict[str, Any]:
    answer = await client.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code == 200, answer.text
    refreshed: dict[str, Any] = answer.json()
    return refreshed


async def sandbox_address(geo_url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=geo_url) as client:
        addresses = (await client.get("/v1/sandbox/addresses", params={"limit": 5})).json()
    items = addresses["items"] if isinstance(addresses, dict) else addresses
    first: dict[str, Any] = items[0]
    return first


async def become_resident(
    client: httpx.AsyncClient, tokens: dict[str, Any], address: str, serial: int
) -> dict[str, Any]:
    """Consent, identity from the sandbox registry, residence; returns fresh tokens carrying the mahalla."""
    headers = bearer(tokens)
    assert (await client.post("/v1/me/consent", json={"version": "2026-01"}, headers=headers)).status_code == 200
    born = date(1985, 4, 1 + serial % 27)
    identity = {
        "pinfl": make_pinfl(born, "male", serial=serial),
        "document_number": f"AB{serial:07d}",
        "birth_date": born.isoformat(),
    }
    verified = await client.post("/v1/me/identity", json=identity, headers=headers)
    assert verified.status_code == 200, verified.text
    resident = await client.post("/v1/me/residence", json={"address": address}, headers=headers)
    assert resident.status_code == 200, resident.text
    return await refresh(client, tokens)


async def staff_sign_in(client: httpx.AsyncClient, login: str, device_id: str, step_offset: int = 0) -> dict[str, Any]:
    import time

    code = pyotp.TOTP(sandbox_totp_secret(login)).at(time.time() + 30 * step_offset)
    answer = await client.post(
        "/v1/auth/staff/sign-in",
        json={
            "login": login,
            "password": SANDBOX_STAFF_PASSWORD,
            "totp_code": code,
            "device_id": device_id,
            "device_name": "planshet",
        },
    )
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens
