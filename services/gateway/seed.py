"""Sandbox accounts for `make run` and the end-to-end tests: `python -m services.gateway.seed`.

Creates (once; a second run changes nothing) an administrator, a dispatcher, an analyst, a verifier and a
school operator, and staff accounts for the officials of a few pilot mahallas, read from the geo service
(their account id is the official's registry id, so appeals routed to an official reach his account).
Every sandbox staff account has the same password and a TOTP secret derived from its login; both are
printed in docs/sandbox.md. Refuses to run outside the sandbox profile.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import sys
from typing import Any

import httpx

from services.gateway.deps import gateway_for
from services.gateway.handlers import staff
from services.gateway.main import create_app
from services.gateway.repository.staff import LoginTaken
from services.gateway.settings import GatewaySettings
from shared.auth import Role
from shared.service import Runtime

logger = logging.getLogger(__name__)

SANDBOX_STAFF_PASSWORD = "Mahalla-2026-sandbox"
PILOT_MAHALLAS = 3
SANDBOX_ADDRESSES = 5
FIXED_ACCOUNTS = [
    ("admin", "Sandbox Administrator", [Role.ADMINISTRATOR], ["17"]),
    ("dispatcher.tashkent", "Dispatcher 102, Tashkent", [Role.DISPATCHER], ["1726"]),
    ("analyst", "Analyst", [Role.ANALYST], ["17"]),
    ("verifier", "Document verifier", [Role.VERIFIER], ["17"]),
]
ROLE_OF_OFFICIAL = {"inspector": Role.INSPECTOR, "sector_head": Role.SECTOR_HEAD, "chairman": Role.CHAIRMAN}


def sandbox_totp_secret(login: str) -> str:
    """Deterministic per login, so the sandbox documentation can give it (never in production)."""
    digest = hashlib.sha256(f"smart-mahalla-sandbox-totp:{login}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


async def ensure_account(runtime: Runtime, login: str, name: str, roles: list[Role], scope: list[str],
                         official_id: str | None = None) -> bool:  # fmt: skip
    gateway = gateway_for(runtime)
    try:
        account = await staff.create_account(
            login=login, display_name=name, roles=roles, scope=scope, password=SANDBOX_STAFF_PASSWORD,
            created_by="sandbox-seed", gateway=gateway, official_id=official_id,
        )  # fmt: skip
    except LoginTaken:
        return False
    enrolled = account.__class__(**{**account.__dict__, "totp_secret": sandbox_totp_secret(login)})
    await gateway.staff.save(enrolled)
    return True


async def pilot_mahalla_codes(client: httpx.AsyncClient) -> list[str]:
    """The first mahallas of Tashkent, and those of the sandbox cadastre's first addresses (so a demo
    citizen living at one of them has an inspector who can sign in)."""
    listing = await client.get("/v1/territory/mahallas", params={"within": "1726", "limit": PILOT_MAHALLAS})
    listing.raise_for_status()
    codes = [item["code"] for item in listing.json()["items"][:PILOT_MAHALLAS]]
    addresses = await client.get("/v1/sandbox/addresses", params={"limit": SANDBOX_ADDRESSES})
    if addresses.status_code == 200:
        body = addresses.json()
        codes += [item["mahalla_code"] for item in (body["items"] if isinstance(body, dict) else body)]
    return list(dict.fromkeys(codes))


async def pilot_officials(geo_url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=geo_url, timeout=30) as client:
        officials: list[dict[str, Any]] = []
        for code in await pilot_mahalla_codes(client):
            card = (await client.get(f"/v1/territory/mahallas/{code}")).json()
            for official in card.get("officials", []):
                unit = code[:9] if official["role"] == "sector_head" else code  # a sector code is 9 digits
                officials.append({**official, "territory_code": official.get("territory_code") or unit})
        return officials


async def seed(settings: GatewaySettings) -> int:
    if settings.profile != "sandbox":
        raise SystemExit("the sandbox seed refuses to run outside the sandbox profile")
    app = create_app(settings, consume=False)
    created = 0
    async with app.router.lifespan_context(app):
        runtime: Runtime = app.state.runtime
        for login, name, roles, scope in FIXED_ACCOUNTS:
            created += await ensure_account(runtime, login, name, roles, scope)
        try:
            officials = await pilot_officials(settings.geo_url)
        except httpx.HTTPError as error:
            logger.warning("the geo service did not answer (%s); officials' accounts are not created", error)
            officials = []
        for official in officials:
            role = ROLE_OF_OFFICIAL.get(official["role"])
            if role is None:
                continue
            login = f"{official['role'].replace('_', '-')}.{official['territory_code']}"
            created += await ensure_account(runtime, login, official["full_name_latn"], [role],
                                            [official["territory_code"]], official_id=official["id"])  # fmt: skip
    return created


def main() -> int:
    created = asyncio.run(seed(GatewaySettings()))
    sys.stderr.write(f"[seed-gateway] {created} sandbox staff accounts created\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
